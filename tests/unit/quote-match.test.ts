import { describe, expect, test } from 'vitest';
import { fold, matchQuote, quoteParts } from '../../src/lib/quote-match.ts';
import { loadSources } from '../../src/lib/sources.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const sources = loadSources(projectRoot, 'sources').byKey;

/** The cited lines of a seed, as the resolver hands them to the matcher. */
function lines(key: string, from: number, to = from): Array<{ n: number; text: string }> {
  const all = sources.get(key)!.lines;
  return Array.from({ length: to - from + 1 }, (_, i) => ({ n: from + i, text: all[from + i - 1]! }));
}

const RT = '001_08c405c403b49c17';
const SPUTNIK = '000_60ecda00123db810';
const UNNAMED = '003_c8a1084587486314';
const BBABO = '004_7bd650501039e11f';

// Real quotations from the seed sources: each must match.
const genuine: Array<[string, string, Array<{ n: number; text: string }>]> = [
  ['exact words', 'at least 18 police officers and military personnel have died', lines(RT, 31)],
  ['straight quotes for curly ones', 'Yes, we are preparing for Monday,', lines(RT, 15)],
  ['the first letter in another case', 'The situation in the country (Kazakhstan) is gradually improving', lines(UNNAMED, 18)],
  ['lower-cased first letter', 'currently, the units of the peacekeeping forces', lines(UNNAMED, 22)],
  ['an elision with …', 'The Interior Ministry said … 18 police officers and military personnel have died', lines(RT, 31)],
  ['an elision with ...', 'one of their main tasks ... prevent the penetration of bandit formations', lines(BBABO, 11)],
  ['an editorial insertion', 'the capital [Almaty] accepts Russian-led CSTO reinforcements', lines('002_4e4b098dba0c21ca', 4)],
  ['an en dash for a hyphen', 'Russian\u2013led CSTO security bloc', lines(RT, 7)],
  ['an apostrophe folded', "New Year's became increasingly violent", lines(RT, 23)],
  ['extra white space', 'killed  20 Kazakh\nsecurity personnel', lines(UNNAMED, 16)],
  ['across two contiguous cited lines', 'Alma-Ata. The authorities of the republic', lines(BBABO, 27, 29)],
  ['a nested single quote for a double one', 'on the \u2018situation in Kazakhstan and measures to normalize it,\u2019', lines(RT, 17)],
  ['a full stop placed inside the quotation', 'at least 18 police officers and military personnel have died.', lines(RT, 31)],
  ['Peskov', 'Not yet', lines(SPUTNIK, 12)],
];

// Altered quotations: each must be caught.
const altered: Array<[string, string, Array<{ n: number; text: string }>]> = [
  ['a changed word', 'at least 18 police officers and soldiers have died', lines(RT, 31)],
  ['a changed number', 'at least 19 police officers and military personnel have died', lines(RT, 31)],
  ['a dropped negation', 'they will interact with the protesters', lines(BBABO, 35)],
  ['an added negation', 'the Kremlin has not confirmed', lines(RT, 11)],
  ['right words, wrong line', 'killed 20 Kazakh security personnel', lines(RT, 31)],
  ['fragments joined without an ellipsis', 'The Interior Ministry said 18 police officers', lines(RT, 31)],
  ['a partial word at the end', 'real terrorist', lines(BBABO, 27)],
  ['a partial word at the start', 'errorists', lines(RT, 23)],
  ['parts out of order', 'have died … at least 18 police officers', lines(RT, 31)],
  ['a changed name', 'Colonel-General Andrei Serdyukov', lines(UNNAMED, 20)],
  ['a changed city', 'A major riot started in the country\u2019s biggest city of Astana', lines(SPUTNIK, 8)],
];

describe('matchQuote', () => {
  test.each(genuine)('finds %s', (_name, quote, cited) => {
    expect(matchQuote(quote, cited)).toMatchObject({ found: true });
  });

  test.each(altered)('catches %s', (_name, quote, cited) => {
    expect(matchQuote(quote, cited)).toMatchObject({ found: false });
  });

  test('names the closest passage and how alike it is', () => {
    const result = matchQuote('at least 19 police officers and military personnel have died', lines(RT, 31));
    expect(result).toEqual({
      found: false,
      part: 'at least 19 police officers and military personnel have died',
      closest: { text: 'at least 18 police officers and military personnel have died', similarity: expect.closeTo(0.98, 2), line: 31 },
    });
  });

  test('marks the matched words in the original line, across a line break', () => {
    const cited = lines(SPUTNIK, 10, 11);
    const result = matchQuote('Kazan, Russia. The CSTO countries', cited);
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.spans.map((s) => cited.find((l) => l.n === s.line)!.text.slice(s.start, s.end))).toEqual(['Kazan, Russia.', 'The CSTO countries']);
  });

  test('does not match across a gap between cited ranges', () => {
    const cited = [...lines(SPUTNIK, 2), ...lines(SPUTNIK, 5)];
    expect(matchQuote('state of emergency. MOSCOW (Sputnik)', cited)).toMatchObject({ found: false });
    expect(matchQuote('state of emergency … MOSCOW (Sputnik)', cited)).toMatchObject({ found: true });
  });
});

describe('fold and quoteParts', () => {
  test('fold keeps the origin of every character', () => {
    const f = fold('a \u201cb\u201d \u2014  c');
    expect(f.text).toBe('a "b" - c');
    expect(f.origin).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 9]);
  });

  test('quoteParts splits at elisions and insertions', () => {
    expect(quoteParts('one … two ... three [four] five')).toEqual(['one', 'two', 'three', 'five']);
    expect(quoteParts('[It] works')).toEqual(['works']);
  });
});
