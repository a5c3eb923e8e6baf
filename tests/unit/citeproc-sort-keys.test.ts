import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cslEngine, type CslData } from '../../src/lib/citation-js.ts';
import { cachedSortKeys } from '../../src/lib/citeproc-sort-keys.ts';
import { loadStyles } from '../../src/lib/csl-styles.ts';
import { computeBriefingReferences } from '../../src/lib/reference-format.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const root = path.join(projectRoot, 'tests/fixtures/site');
const news = (id: string, title?: string, year?: number) =>
  ({ id, 'citation-key': id, type: 'article-newspaper', ...(title ? { title } : {}), ...(year ? { issued: { 'date-parts': [[year]] } } : {}) }) as CslData;

describe("citeproc-js's sort keys, once per engine and item", () => {
  const catalog = loadStyles(root, 'styles');

  test('an APA engine keeps one set of keys per distinct item, whatever its key', () => {
    const apa = catalog.byName.get('apa')!;
    const warm = news('sk-warm', 'Warm-up', 2020);
    computeBriefingReferences({ style: apa, locale: undefined, items: [warm], cites: [{ key: 'sk-warm' }] });
    const engine = cslEngine([], apa.id, undefined);
    const before = cachedSortKeys(engine)!;
    const items = [news('sk-a', 'Zebra crossing closed', 2021), news('sk-b', 'Apple harvest late', 2021), news('sk-bare-1'), news('sk-bare-2')];
    computeBriefingReferences({ style: apa, locale: undefined, items, cites: items.map((i) => ({ key: String(i.id) })) });
    // The two sources without metadata share their keys.
    expect(cachedSortKeys(engine)! - before).toBe(3);
  });

  test('the order is the one citeproc-js computes, also for items met before in another order', () => {
    const apa = catalog.byName.get('apa')!;
    const a = news('sk-c', 'Almaty airport reopens', 2022);
    const m = news('sk-d', 'Mayor resigns', 2022);
    const z = news('sk-e', 'Zhanaozen protests grow', 2022);
    const order = (items: CslData[]) =>
      computeBriefingReferences({ style: apa, locale: undefined, items, cites: items.map((i) => ({ key: String(i.id) })) }).bibliography!.map((e) => e.key);
    expect(order([z, m, a])).toEqual(['sk-c', 'sk-d', 'sk-e']);
    expect(order([m, a])).toEqual(['sk-c', 'sk-d']);
    expect(order([a, z, m])).toEqual(['sk-c', 'sk-d', 'sk-e']);
  });

  test('a style that sorts by citation number or year suffix is left alone', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'attest-sort-'));
    mkdirSync(path.join(dir, 'styles'));
    const xml = readFileSync(path.join(root, 'styles/line-brief.csl'), 'utf8');
    writeFileSync(path.join(dir, 'styles/numbered.csl'), xml.replace('<key macro="who"/>', '<key variable="citation-number"/>').replace('line-brief</id>', 'numbered</id>'));
    writeFileSync(path.join(dir, 'styles/suffixed.csl'), xml.replace('<key macro="year"/>', '<key variable="year-suffix"/>').replace('line-brief</id>', 'suffixed</id>'));
    const styles = loadStyles(dir, 'styles');
    for (const name of ['numbered', 'suffixed']) expect(cachedSortKeys(cslEngine([], styles.byName.get(name)!.id, undefined)), name).toBeUndefined();
    expect(cachedSortKeys(cslEngine([], catalog.byName.get('line-brief')!.id, undefined))).toBeDefined();
    // Harvard sorts by a date macro that prints the year suffix; APA's sort does not print it.
    expect(cachedSortKeys(cslEngine([], catalog.byName.get('harvard1')!.id, undefined))).toBeUndefined();
    expect(cachedSortKeys(cslEngine([], catalog.byName.get('apa')!.id, undefined))).toBeDefined();
  });
});
