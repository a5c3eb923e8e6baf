import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cslEngine, type CslData } from '../../src/lib/citation-js.ts';
import { cachedAmbiguityKeys, cachedDisambiguations } from '../../src/lib/citeproc-disambiguation.ts';
import { loadStyles } from '../../src/lib/csl-styles.ts';
import { citeId, computeBriefingReferences } from '../../src/lib/reference-format.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const root = path.join(projectRoot, 'tests/fixtures/site');
const catalog = loadStyles(root, 'styles');
const bare = (id: string) => ({ id, 'citation-key': id, type: 'article-newspaper' }) as CslData;
const titled = (id: string, container: string) => ({ id, 'citation-key': id, type: 'article-newspaper', title: 'Curfew lifted', 'container-title': container, issued: { 'date-parts': [[2022]] } }) as CslData;
const byAuthor = (id: string) => ({ id, 'citation-key': id, type: 'article-newspaper', author: [{ family: 'Omarova', given: 'Aigerim' }], issued: { 'date-parts': [[2022]] } }) as CslData;

/** A briefing's citations, in the order it cites its items. */
function cites(styleName: string, items: CslData[]): string[] {
  const result = computeBriefingReferences({ style: catalog.byName.get(styleName)!, locale: undefined, items, cites: items.map((i) => ({ key: String(i.id) })) });
  const byId = new Map(result.citations);
  return items.map((i) => byId.get(citeId(String(i.id)))!.html);
}

const kept = (styleName: string) => cachedDisambiguations(cslEngine([], catalog.byName.get(styleName)!.id, undefined));

describe("citeproc-js's disambiguation, kept for groups of alike references", () => {
  test('sources without metadata get year suffixes in order of citation, replayed for another briefing of as many', () => {
    expect(cites('apa', [bare('da-z'), bare('da-m'), bare('da-a')])).toEqual(['(n.d.-a)', '(n.d.-b)', '(n.d.-c)']);
    const before = kept('apa')!;
    expect(cites('apa', [bare('da-b'), bare('da-y'), bare('da-c')])).toEqual(['(n.d.-a)', '(n.d.-b)', '(n.d.-c)']);
    expect(kept('apa')).toBe(before);
    // As many as before or not, each count reads as citeproc-js has it.
    expect(cites('apa', [bare('da-x'), bare('da-d')])).toEqual(['(n.d.-a)', '(n.d.-b)']);
    expect(cites('apa', [bare('da-e')])).toEqual(['(n.d.)']);
  });

  test('references that read alike but differ, or have names, are left to citeproc-js', () => {
    const before = kept('apa')!;
    expect(cites('apa', [titled('da-f', 'The Steppe Wire'), titled('da-g', 'Almaty Daily')])).toEqual(['(“Curfew Lifted,” 2022a)', '(“Curfew Lifted,” 2022b)']);
    expect(cites('apa', [byAuthor('da-h'), byAuthor('da-i')])).toEqual(['(Omarova, 2022a)', '(Omarova, 2022b)']);
    // Neither group was kept: one differs in its outlet, the other has names.
    expect(kept('apa')).toBe(before);
  });

  test('a reference without names alone in its group is not told apart again, and reads as citeproc-js has it', () => {
    const before = kept('apa')!;
    // Each time a new outlet: nothing kept could stand in, so only skipping the pass leaves the count as it was.
    expect(cites('apa', [titled('dc-1', 'Semey Courier'), bare('dc-2')])).toEqual(['(“Curfew Lifted,” 2022)', '(n.d.)']);
    expect(cites('apa', [titled('dc-3', 'Taraz Evening')])).toEqual(['(“Curfew Lifted,” 2022)']);
    expect(kept('apa')).toBe(before);
    // With a second reference that reads alike, the group is told apart as before.
    expect(cites('apa', [titled('dc-4', 'Taraz Evening'), titled('dc-5', 'Kostanay Post')])).toEqual(['(“Curfew Lifted,” 2022a)', '(“Curfew Lifted,” 2022b)']);
  });

  test("an item's ambiguity key is rendered once per metadata, and never for an item with names", () => {
    const keys = () => cachedAmbiguityKeys(cslEngine([], catalog.byName.get('apa')!.id, undefined))!;
    const first = cites('apa', [bare('db-1'), titled('db-2', 'Kazakh Wire'), byAuthor('db-3')]);
    expect(first).toEqual(['(n.d.)', '(“Curfew Lifted,” 2022)', '(Omarova, 2022)']);
    const before = keys();
    expect(cites('apa', [byAuthor('db-4'), titled('db-5', 'Kazakh Wire'), bare('db-6')])).toEqual([first[2], first[1], first[0]]);
    expect(keys()).toBe(before);
    // Registering an author is part of rendering the key: APA then tells two Omarovas apart by initial.
    const dana = { ...byAuthor('db-7'), author: [{ family: 'Omarova', given: 'Dana' }], title: 'Airport reopens' } as CslData;
    expect(cites('apa', [byAuthor('db-8'), dana])).toEqual(['(A. Omarova, 2022)', '(D. Omarova, 2022)']);
  });
});
