/**
 * Pandoc's bracketed citation syntax with CSL's `line` locator:
 * `[see @key, ll. 12-14, for the toll; @other, l. 3]`.
 *
 * This module only reads text; it knows nothing of sources or Markdown.
 * Offsets it returns are indexes into the string it was given.
 */
import type { LineRange } from './line-ranges.ts';

export interface Cite {
  /** The source key, without `@`. */
  key: string;
  /** Text before the key, e.g. `see`. */
  prefix: string;
  /** Text after the locator, e.g. `for the toll`. */
  suffix: string;
  /** The locator label as written (`l.`, `ll.`, `line`, `lines`), if any. */
  label?: string;
  /** Cited ranges; empty means the whole source. */
  ranges: LineRange[];
  /** `-@key`: Pandoc's author-suppression mark. */
  suppressAuthor: boolean;
  /** Offset of the `@` in the scanned text. */
  offset: number;
  /** Offset of the locator in the scanned text (or of the key if none). */
  locatorOffset: number;
  /** The locator could not be read (a problem was reported); do not resolve. */
  broken: boolean;
}

export interface CitationGroup {
  /** The whole bracketed text, brackets included. */
  raw: string;
  /** Offset of `[`. */
  start: number;
  /** Offset just past `]`. */
  end: number;
  cites: Cite[];
}

export type SyntaxRule = 'malformed-citation' | 'malformed-range' | 'reversed-range' | 'unsupported-locator';

export interface SyntaxProblem {
  rule: SyntaxRule;
  message: string;
  suggestion?: string;
  /** Offset in the scanned text. */
  offset: number;
}

export interface ScanResult {
  groups: CitationGroup[];
  problems: SyntaxProblem[];
}

// A key starts with a letter, digit or `_`; internal punctuation is allowed
// only when a key character follows, so `@key.` ends before the full stop.
const KEY = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*`;
const KEY_START = new RegExp(String.raw`(^|[\s(\[;])(-?)@(\{[^}]*\}|${KEY})`, 'u');
const LABEL = /^(lines|line|ll\.|l\.)\s*/i;
const RANGE = /^(\d+)(?:\s*[-\u2013\u2014]\s*(\d+))?/;
// Locator terms Pandoc knows that make no sense for a line-numbered text.
const OTHER_LABEL =
  /^(pp?\.|pages?|para\.|paras?|paragraphs?|chap\.|chapters?|sec\.|sections?|§§?|vol\.|volumes?|fig\.|figures?|col\.|columns?|no\.|numbers?|v\.|vv\.|verses?|sub verbo|s\.v\.|art\.|articles?|bk\.|books?|op\.|opus|pt\.|parts?|n\.|notes?|fol\.|folios?)(?=[\s\d]|$)/i;

/**
 * Find every bracketed citation group in a run of text.
 * @param text The text to scan (one Markdown text node, typically).
 * @param isEscaped Tells whether the character at an offset was backslash-escaped
 *   in the original source (Markdown removes the backslash before we see it).
 * @returns The groups found and any syntax problems in them.
 */
export function scanCitations(text: string, isEscaped: (offset: number) => boolean = () => false): ScanResult {
  const groups: CitationGroup[] = [];
  const problems: SyntaxProblem[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('[', i);
    if (open === -1) break;
    if (isEscaped(open) || text[open + 1] === '^') {
      i = open + 1;
      continue;
    }
    const close = matchingBracket(text, open, isEscaped);
    if (close === -1) break;
    const inner = text.slice(open + 1, close);
    if (!KEY_START.test(inner)) {
      i = open + 1;
      continue;
    }
    const parsed = parseGroup(inner, open + 1);
    problems.push(...parsed.problems);
    if (parsed.cites.length > 0) {
      groups.push({ raw: text.slice(open, close + 1), start: open, end: close + 1, cites: parsed.cites });
    }
    i = close + 1;
  }
  return { groups, problems };
}

/**
 * Parse the inside of one bracketed group (without the brackets), or an
 * unbracketed citation such as a claim's `appearance`.
 * @param inner The text between `[` and `]`.
 * @param base Offset of `inner` in the scanned text, added to reported offsets.
 * @returns The cites and the problems found.
 */
export function parseGroup(inner: string, base = 0): { cites: Cite[]; problems: SyntaxProblem[] } {
  const cites: Cite[] = [];
  const problems: SyntaxProblem[] = [];
  let segStart = 0;
  for (const segment of inner.split(';')) {
    const offset = base + segStart;
    segStart += segment.length + 1;
    const m = KEY_START.exec(segment);
    if (!m) {
      problems.push({
        rule: 'malformed-citation',
        message: `\`${segment.trim()}\` has no \`@key\`; each \`;\`-separated part of a citation names a source`,
        offset: offset + leadingSpace(segment),
      });
      continue;
    }
    const at = m.index + m[1]!.length + m[2]!.length;
    let key = m[3]!;
    if (key.startsWith('{')) key = key.slice(1, -1).trim();
    const afterKey = at + 1 + m[3]!.length;
    const locator = parseLocator(segment.slice(afterKey), offset + afterKey);
    problems.push(...locator.problems);
    const cite: Cite = {
      key,
      prefix: segment.slice(0, at - m[2]!.length).trim(),
      suffix: locator.suffix,
      ranges: locator.ranges,
      suppressAuthor: m[2] === '-',
      offset: offset + at,
      locatorOffset: locator.offset ?? offset + at,
      broken: locator.problems.length > 0,
    };
    if (locator.label !== undefined) cite.label = locator.label;
    cites.push(cite);
  }
  return { cites, problems };
}

interface LocatorResult {
  label?: string;
  ranges: LineRange[];
  suffix: string;
  offset?: number;
  problems: SyntaxProblem[];
}

/** Read `, ll. 12-14, suffix` (or `ll. 12-14 suffix`, or `, suffix`). */
function parseLocator(rest: string, base: number): LocatorResult {
  const problems: SyntaxProblem[] = [];
  let pos = leadingSpace(rest);
  const comma = rest[pos] === ',';
  if (comma) pos += 1;
  pos += leadingSpace(rest.slice(pos));
  const body = rest.slice(pos);
  const label = LABEL.exec(body);
  if (!label) {
    if (comma && /^\d/.test(body)) {
      const number = /^\d+(?:\s*[-\u2013]\s*\d+)?/.exec(body)![0];
      problems.push({
        rule: 'malformed-range',
        message: `locator \`${number}\` has no label; Pandoc would read it as a page`,
        suggestion: `write \`${/[-\u2013]/.test(number) ? 'll.' : 'l.'} ${number}\``,
        offset: base + pos,
      });
      return { ranges: [], suffix: '', offset: base + pos, problems };
    }
    const other = comma ? OTHER_LABEL.exec(body) : null;
    if (other) {
      problems.push({
        rule: 'unsupported-locator',
        message: `locator \`${other[0]}\` is not a line; sources are cited by line`,
        suggestion: 'use `l.` or `ll.` with line numbers',
        offset: base + pos,
      });
      return { ranges: [], suffix: '', offset: base + pos, problems };
    }
    return { ranges: [], suffix: (comma ? body : rest).trim(), problems };
  }
  const locOffset = base + pos;
  let at = label[0].length;
  const ranges: LineRange[] = [];
  for (;;) {
    const r = RANGE.exec(body.slice(at));
    if (!r) {
      problems.push({
        rule: 'malformed-range',
        message: `\`${label[1]}\` must be followed by line numbers such as \`12\` or \`12-14\`, not \`${firstWord(body.slice(at))}\``,
        offset: base + pos + at,
      });
      return { label: label[1]!, ranges: [], suffix: '', offset: locOffset, problems };
    }
    const start = Number(r[1]);
    const end = r[2] === undefined ? start : Number(r[2]);
    const rangeOffset = base + pos + at;
    if (start < 1 || end < 1) {
      problems.push({ rule: 'malformed-range', message: 'line numbers start at 1', offset: rangeOffset });
    } else if (end < start) {
      problems.push({
        rule: 'reversed-range',
        message: `range \`${r[0]}\` ends before it starts`,
        suggestion: `write \`${end}-${start}\``,
        offset: rangeOffset,
      });
    } else {
      ranges.push({ start, end });
    }
    at += r[0].length;
    const more = /^\s*,\s*(?=\d)/.exec(body.slice(at));
    if (!more) break;
    at += more[0].length;
  }
  const tail = body.slice(at);
  if (/^[-\u2013\u2014]/.test(tail.trimStart()) || /^[\p{L}\p{N}]/u.test(tail)) {
    problems.push({
      rule: 'malformed-range',
      message: `\`${(label[0] + body.slice(label[0].length, at) + firstWord(tail)).trim()}\` is not a line range`,
      suggestion: 'write a range as `12-14`',
      offset: locOffset,
    });
    return { label: label[1]!, ranges: [], suffix: '', offset: locOffset, problems };
  }
  const suffix = tail.replace(/^\s*,?/, '').trim();
  return { label: label[1]!, ranges, suffix, offset: locOffset, problems };
}

function matchingBracket(text: string, open: number, isEscaped: (offset: number) => boolean): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if ((c === '[' || c === ']') && i !== open && isEscaped(i)) continue;
    if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function leadingSpace(s: string): number {
  return s.length - s.trimStart().length;
}

function firstWord(s: string): string {
  const w = /^\s*(\S+)/.exec(s);
  return w ? w[1]! : '';
}

/**
 * A stable identity for a group, so that citing the same thing twice reuses
 * one footnote.
 * @param group A parsed group.
 * @returns A string equal for groups that cite the same lines the same way.
 */
export function groupIdentity(group: CitationGroup): string {
  return group.cites
    .map((c) => [c.prefix, c.suppressAuthor ? '-' : '', c.key, c.ranges.map((r) => `${r.start}-${r.end}`).join(','), c.suffix].join('\u0000'))
    .join('\u0001');
}
