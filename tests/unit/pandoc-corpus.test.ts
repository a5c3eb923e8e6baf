/**
 * Our reading of bracketed citations against Pandoc's, on Pandoc's own test
 * document (`../shared/corpus/pandoc-citations/`). Pandoc keeps the locator
 * in the suffix (`p. 30, with suffix`); citeproc later splits it off by the
 * locale's terms. Replacing the page terms by line terms (`p.` → `l.`,
 * `pp.` → `ll.`) turns each located citation into a line citation that we
 * must read with the same key, prefix, locator and remaining suffix.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { scanCitations } from '../../src/lib/citation-syntax.ts';
import { formatRanges } from '../../src/lib/line-ranges.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const dir = path.join(projectRoot, '../shared/corpus/pandoc-citations');
const markdown = readFileSync(path.join(dir, 'markdown-citations.txt'), 'utf8');
const native = readFileSync(path.join(dir, 'markdown-citations.native'), 'utf8');

/** Text of a Pandoc inline list: `Str "a" , Space , Str "b"` → `a b`. */
function inlines(list: string): string {
  const out: string[] = [];
  for (const m of list.matchAll(/Str "((?:[^"\\]|\\.)*)"|Space|SoftBreak/g)) {
    out.push(m[1] === undefined ? ' ' : m[1].replace(/\\(\d+)/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/\\&/g, '').replace(/\u00a0/g, ' '));
  }
  return out.join('').trim();
}

interface PandocCitation {
  id: string;
  prefix: string;
  suffix: string;
  mode: string;
}

const pandoc: PandocCitation[] = [...native.matchAll(/citationId = "([^"]*)"\s*, citationPrefix =\s*([\s\S]*?)\s*, citationSuffix =\s*([\s\S]*?)\s*, citationMode = (\w+)/g)].map((m) => ({
  id: inlines(`Str "${m[1]}"`),
  prefix: inlines(m[2]!),
  suffix: inlines(m[3]!),
  mode: m[4]!,
}));

// Bracketed groups in the source, read by us (markup in a prefix is not ours to read).
const ours = scanCitations(markdown.replace(/\n/g, ' ')).groups.filter((g) => !g.raw.includes('*'));
// Pandoc's bracketed citations (the others are `@key` in running text), without the one with markup.
const bracketed = pandoc.filter((c) => c.mode !== 'AuthorInText' && !(c.prefix === 'see' && c.suffix === 'p. 32'));

test('every bracketed citation is read with the key, prefix and suffix Pandoc reads', () => {
  const key = (c: { id?: string; key?: string; prefix: string; suffix: string }) => `${c.id ?? c.key}|${c.prefix}|${c.suffix}`;
  expect(ours.flatMap((g) => g.cites.map(key)).sort()).toEqual(bracketed.map(key).sort());
  expect(bracketed.length).toBe(14);
});

test('with line terms for page terms, locator and suffix split as citeproc splits them', () => {
  const located = bracketed.filter((c) => /^pp?\. \d/.test(c.suffix));
  expect(located.length).toBe(5);
  const asLines = (s: string) => s.replace(/\bpp\. /g, 'll. ').replace(/\bp\. /g, 'l. ');
  const read = scanCitations(asLines(markdown.replace(/\n/g, ' ').replace(/\u00a0/g, ' '))).groups.flatMap((g) => g.cites);
  for (const c of located) {
    // citeproc: the locator runs while it looks like numbers and ranges; the rest is the suffix.
    const m = /^(pp?\.) ((?:\d+(?:-\d+)?)(?:, \d+(?:-\d+)?)*)(?:,? (.*))?$/.exec(c.suffix)!;
    const match = read.find((r) => r.key === c.id && r.prefix === c.prefix && formatRanges(r.ranges) === m[2]!.replace(/ /g, ''));
    expect(match, `${c.id} ${c.suffix}`).toBeDefined();
    expect(match!.label).toBe(m[1] === 'pp.' ? 'll.' : 'l.');
    expect(match!.suffix).toBe(m[3] ?? '');
  }
});
