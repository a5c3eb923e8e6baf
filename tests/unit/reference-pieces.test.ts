import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cslEngine, type CslData } from '../../src/lib/citation-js.ts';
import { loadStyles } from '../../src/lib/csl-styles.ts';
import { citeId, computeBriefingReferences, type CiteRequest } from '../../src/lib/reference-format.ts';
import { keptPieces } from '../../src/lib/reference-pieces.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const root = path.join(projectRoot, 'tests/fixtures/site');
const catalog = loadStyles(root, 'styles');
const bare = (id: string) => ({ id, 'citation-key': id, type: 'article-newspaper' }) as CslData;
const byAuthor = (id: string, title: string) =>
  ({ id, 'citation-key': id, type: 'article-newspaper', title, author: [{ family: 'Omarova', given: 'Aigerim' }], issued: { 'date-parts': [[2022]] } }) as CslData;

/** One briefing's citations (in request order) and entries, with its keys left out: what a reader sees. */
function read(styleName: string, items: CslData[], cites: CiteRequest[]) {
  const result = computeBriefingReferences({ style: catalog.byName.get(styleName)!, locale: undefined, items, cites });
  const citations = new Map(result.citations);
  return { citations: cites.map((c) => citations.get(citeId(c.key, c.locator))!.html), entries: result.bibliography?.map((e) => e.html) };
}

describe('citations and entries kept per item and disambiguation', () => {
  test('sources without metadata in a second briefing read as in the first, from what the first printed', () => {
    const first = read('apa', [bare('pc-1'), bare('pc-2')], [{ key: 'pc-1', locator: '3' }, { key: 'pc-2', locator: '5' }]);
    expect(first.citations).toEqual(['(n.d.-a, Line 3)', '(n.d.-b, Line 5)']);
    const engine = cslEngine([], catalog.byName.get('apa')!.id, undefined);
    const kept = keptPieces(engine);
    const second = read('apa', [bare('pc-3'), bare('pc-4')], [{ key: 'pc-3', locator: '3' }, { key: 'pc-4', locator: '5' }]);
    expect(second).toEqual(first);
    expect(keptPieces(engine)).toBe(kept);
  });

  test('a source alone in a briefing is not given the suffix it had among others', () => {
    expect(read('apa', [bare('pc-5')], [{ key: 'pc-5', locator: '3' }])).toEqual({ citations: ['(n.d., Line 3)'], entries: [expect.stringContaining('(N.d.).')] });
    const harvard = (items: CslData[]) => read('harvard1', items, items.map((i) => ({ key: String(i.id) })));
    const both = harvard([byAuthor('pc-6', 'Curfew lifted'), byAuthor('pc-7', 'Airport reopens')]);
    expect(both.citations).toEqual(['(Omarova, 2022b)', '(Omarova, 2022a)']);
    expect(harvard([byAuthor('pc-8', 'Airport reopens')])).toEqual({ citations: ['(Omarova, 2022)'], entries: [expect.not.stringContaining('2022a')] });
    expect(harvard([byAuthor('pc-9', 'Curfew lifted'), byAuthor('pc-10', 'Airport reopens')])).toEqual(both);
  });

  test('a numbered style keeps nothing: a citation is its place in the briefing', () => {
    const vancouver = catalog.byName.get('vancouver')!;
    read('vancouver', [bare('pc-11'), bare('pc-12')], [{ key: 'pc-11' }, { key: 'pc-12' }]);
    expect(keptPieces(cslEngine([], vancouver.id, undefined))).toBe(0);
    expect(read('vancouver', [bare('pc-13'), bare('pc-12')], [{ key: 'pc-12' }]).citations).toEqual(['(2)']);
  });
});
