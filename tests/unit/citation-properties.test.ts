import fc from 'fast-check';
import { expect, test } from 'vitest';
import { scanCitations } from '../../src/lib/citation-syntax.ts';

test('the scanner never throws, and every offset it reports is inside the text', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('[', ']', '@', ';', ',', ' ', '-', '–', 'l', '.', 's', 'k', '1', '2', '\\', '{', '}', 'é', 'p') , maxLength: 60 }), (text) => {
      const { groups, problems } = scanCitations(text);
      for (const p of problems) expect(p.offset).toBeGreaterThanOrEqual(0), expect(p.offset).toBeLessThanOrEqual(text.length);
      for (const g of groups) expect(text.slice(g.start, g.end)).toBe(g.raw);
    }),
    { numRuns: 3000 },
  );
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => void scanCitations(text)));
});

const key = fc.stringMatching(/^[a-z0-9_][a-z0-9_]{0,6}(?:[-.:][a-z0-9_]{1,6}){0,2}$/);
const range = fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 50 })).map(([a, d]) => ({ start: a, end: a + d }));
const words = fc.stringMatching(/^[a-z]{2,8}(?: [a-z]{2,8}){0,2}$/).filter((w) => !/^(?:l|ll|line|lines|p|pp|page|pages)\b/.test(w));
const cite = fc.record({
  key,
  prefix: fc.option(words, { nil: '' }),
  suffix: fc.option(words, { nil: '' }),
  ranges: fc.array(range, { minLength: 0, maxLength: 3 }),
  label: fc.constantFrom('l.', 'll.', 'line', 'lines'),
  dash: fc.constantFrom('-', '\u2013'),
});

test('every valid form round-trips: written out and read back, it is the same citation', () => {
  fc.assert(
    fc.property(fc.array(cite, { minLength: 1, maxLength: 3 }), (cites) => {
      const written = cites
        .map((c) => {
          const locator = c.ranges.length ? `, ${c.label} ${c.ranges.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}${c.dash}${r.end}`)).join(', ')}` : '';
          const suffix = c.suffix ? `, ${c.suffix}` : '';
          return `${c.prefix ? c.prefix + ' ' : ''}@${c.key}${locator}${suffix}`;
        })
        .join('; ');
      const { groups, problems } = scanCitations(`Text [${written}].`);
      expect(problems).toEqual([]);
      expect(groups).toHaveLength(1);
      expect(groups[0]!.cites.map((c) => ({ key: c.key, prefix: c.prefix, suffix: c.suffix, ranges: c.ranges }))).toEqual(
        cites.map((c) => ({ key: c.key, prefix: c.prefix, suffix: c.suffix, ranges: c.ranges })),
      );
    }),
    { numRuns: 2000 },
  );
});
