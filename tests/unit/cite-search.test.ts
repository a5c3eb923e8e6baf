import { expect, test } from 'vitest';
import { findLines } from '../../src/lib/cite-search.ts';
import { loadSources } from '../../src/lib/sources.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const sources = [...loadSources(projectRoot, 'sources').byKey.values()];
const cites = (q: string) => findLines(sources, q).hits.map((h) => `[@${h.key}, l. ${h.line}]`);

test('finds every line with the phrase, straight quotes matching curly ones', () => {
  expect(cites('"Yes, we are preparing for Monday"')).toEqual(['[@001_08c405c403b49c17, l. 15]', '[@002_4e4b098dba0c21ca, l. 8]']);
});

test('finds words in another order after exact phrases', () => {
  expect(cites('Almaty capital city')).toEqual(['[@003_c8a1084587486314, l. 16]']);
});

test('with no hit, offers the closest lines and how alike they are', () => {
  const { hits, near } = findLines(sources, 'at least 19 police officers');
  expect(hits).toEqual([]);
  expect(near[0]).toMatchObject({ key: '001_08c405c403b49c17', line: 31 });
  expect(near[0]!.score).toBeGreaterThan(0.9);
});
