/**
 * `patches/citeproc+2.4.63.patch` (applied by `npm install`'s postinstall,
 * patch-package) makes citeproc-js do once what it did on every call, with
 * the same results: compile one regular expression (about a tenth of the time
 * citeproc spends on a briefing), decide whether a locale list cases text as
 * the root locale does, make the collator its sort compares with, and the
 * closure that recorded a test's outcome. Together the last three took 13% of
 * the CPU time of formatting the full bench corpus's references.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CslData } from '../../src/lib/citation-js.ts';
import { loadStyles } from '../../src/lib/csl-styles.ts';
import { computeSourceReference } from '../../src/lib/reference-format.ts';
import { projectRoot } from '../helpers/run-astro.ts';

interface CaseState {
  tmp: { lang_array: unknown };
  opt?: Record<string, unknown>;
}

const CSL = createRequire(import.meta.url)('citeproc') as {
  Util: { FlipFlopper: { toString(): string } };
  toLocaleUpperCase(this: CaseState, s: string): string;
  toLocaleLowerCase(this: CaseState, s: string): string;
  getSortCompare: ((this: CaseState, locale: string) => (a: string, b: string) => number) & { toString(): string };
  tokenExec: { toString(): string };
};

describe('the citeproc-js patch', () => {
  test('is applied: FlipFlopper compiles its apostrophe pattern outside processTags', () => {
    const source = CSL.Util.FlipFlopper.toString();
    const processTags = source.slice(source.indexOf('this.processTags'));
    expect(source).toContain('var _apostropheRex = new RegExp(');
    expect(processTags.slice(0, processTags.indexOf('_doppelString(str)'))).not.toContain('new RegExp');
  });

  test('leaves the output as it was: apostrophes between letters, quotes and italics in titles', () => {
    const apa = loadStyles(path.join(projectRoot, 'tests/fixtures/site'), 'styles').byName.get('apa')!;
    const item = (title: string) => ({ id: 'x', type: 'article-newspaper', title, 'container-title': 'The Steppe’s Wire' }) as CslData;
    // Twice: the shared pattern is global, so a stale lastIndex would show on the second call.
    for (let i = 0; i < 2; i++) {
      expect(computeSourceReference(apa, item('Don’t call it a “coup”: Almaty’s <i>longest</i> week'))).toBe(
        '<div class="csl-entry">Don’t call it a “coup”: Almaty’s <i>longest</i> week. (n.d.). <i>The Steppe’s Wire</i>.</div>',
      );
    }
  });

  test('cases text as the item’s language does: Turkish, Greek, Lithuanian and Azeri their own way, the rest as the root locale', () => {
    const state = (langs: unknown): CaseState => ({ tmp: { lang_array: langs } });
    const cases: Array<[unknown, string, string]> = [
      [['en', 'en-US'], 'i', 'I'],
      [['tr', 'en-US'], 'ı', 'İ'],
      // A three-letter code is canonicalized to its two-letter one first.
      [['tur'], 'ı', 'İ'],
      [['az-Latn'], 'ı', 'İ'],
      // An invalid list: citeproc-js falls back to the root locale.
      [['en_US'], 'i', 'I'],
    ];
    for (const [langs, lower, upper] of cases) {
      expect(CSL.toLocaleLowerCase.call(state(langs), 'I'), String(langs)).toBe(lower);
      expect(CSL.toLocaleUpperCase.call(state(langs), 'i'), String(langs)).toBe(upper);
    }
    // Greek drops the accent of an upper-case vowel; the root locale keeps it.
    expect(CSL.toLocaleUpperCase.call(state(['el']), 'ά')).toBe('Α');
    expect(CSL.toLocaleUpperCase.call(state(['en']), 'ά')).toBe('Ά');
  });

  test('sorts as localeCompare did: base letters, punctuation ignored, numbers by value', () => {
    const compare = CSL.getSortCompare.call({ tmp: { lang_array: ['en-US'] } }, 'en-US');
    const keys = ['Item 10', 'item 2', '“Item 3”', 'Éclair', 'eclair', 'Zebra'];
    const sorted = [...keys].sort(compare);
    expect(sorted).toEqual([...keys].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en-US', { sensitivity: 'base', ignorePunctuation: true, numeric: true })));
    expect(sorted.slice(0, 2)).toEqual(['Éclair', 'eclair']);
    expect(sorted.indexOf('item 2')).toBeLessThan(sorted.indexOf('Item 10'));
  });

  test('is applied: one collator per sort, a locale list’s casing decided once, no closure per token', () => {
    const sortCompare = CSL.getSortCompare.toString();
    expect(sortCompare).toContain('new Intl.Collator(default_locale, strcmp_opts)');
    expect(sortCompare).not.toContain('.localeCompare(');
    expect(CSL.toLocaleLowerCase.toString()).toContain('_casesAsRoot(arr)');
    expect(CSL.tokenExec.toString()).not.toContain('var record');
  });
});
