/**
 * Does a quotation occur in the cited lines? The comparison folds what
 * typography changes and nothing else: Unicode NFKC, every quotation mark to
 * one form, every dash to one form, every run of white space to one space; the
 * first letter's case is free. `…` or `...` is an elision (the parts must occur
 * in order), `[words]` is an editorial insertion (not looked for), and each
 * part must start and end at word boundaries in the source.
 */
import search from 'approx-string-match';

/** Text folded for comparison, with the origin of every folded character. */
export interface Folded {
  text: string;
  /** For each character of `text`, its index in the original string. */
  origin: number[];
}

const QUOTES = /["'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2032\u2033`\u00b4]/u;
const DASHES = /[\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]/u;
const SPACE = /\s/u;

/**
 * Fold a string for comparison.
 * @param s The original text.
 * @returns The folded text and, per folded character, its original index.
 */
export function fold(s: string): Folded {
  let text = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of s) {
    const start = i;
    i += ch.length;
    // ASCII is most of any source; test it by code before the Unicode classes.
    const code = ch.charCodeAt(0);
    const space = code < 128 ? code === 32 || (code >= 9 && code <= 13) : SPACE.test(ch);
    if (space) {
      if (text.length === 0 || text.endsWith(' ')) continue;
      text += ' ';
      origin.push(start);
      continue;
    }
    if (code < 128) {
      text += code === 34 || code === 39 || code === 96 ? '"' : ch;
      origin.push(start);
      continue;
    }
    const mapped = QUOTES.test(ch) ? '"' : DASHES.test(ch) ? '-' : ch.normalize('NFKC');
    text += mapped;
    // One origin per UTF-16 unit, so indexes into `text` stay aligned past astral characters.
    for (let k = 0; k < mapped.length; k++) origin.push(start);
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    origin.pop();
  }
  return { text, origin };
}

/** One span of a source line that a quotation matched, for `<mark>`. */
export interface LineSpan {
  /** 1-based line number. */
  line: number;
  /** Start and end (exclusive) in the line's original text, in UTF-16 units. */
  start: number;
  end: number;
}

export type QuoteResult =
  | { found: true; spans: LineSpan[] }
  | { found: false; part: string; closest?: { text: string; similarity: number; line: number } };

/** The cited text: lines joined, contiguous ones by a space, gaps by a barrier. */
interface Haystack {
  folded: Folded;
  /** For each original character of the joined text, its line and index in the line. */
  where: Array<{ line: number; index: number }>;
}

const BARRIER = '\u0000';

function haystack(lines: ReadonlyArray<{ n: number; text: string }>): Haystack {
  let joined = '';
  const where: Haystack['where'] = [];
  let previous = 0;
  for (const { n, text } of lines) {
    if (joined) {
      const sep = n === previous + 1 ? ' ' : BARRIER;
      joined += sep;
      where.push({ line: previous, index: -1 });
    }
    for (let i = 0; i < text.length; i++) where.push({ line: n, index: i });
    joined += text;
    previous = n;
  }
  return { folded: fold(joined), where };
}

/**
 * Split a quotation into the parts that must occur in order.
 * @param quote The quoted text, without its quotation marks.
 * @returns Non-empty parts, with elisions and insertions removed.
 */
export function quoteParts(quote: string): string[] {
  return quote
    .split(/\[[^\]]*\]|\u2026|\.\s*\.\s*\./u)
    .map((p) => p.trim())
    .filter((p) => /[\p{L}\p{N}]/u.test(p));
}

const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Find `part` in `text` from `from`, at word boundaries, first letter's case free. */
function findPart(text: string, part: string, from: number): number {
  const variants = new Set([part, part.charAt(0).toLowerCase() + part.slice(1), part.charAt(0).toUpperCase() + part.slice(1)]);
  let best = -1;
  for (const v of variants) {
    let at = text.indexOf(v, from);
    while (at !== -1) {
      const startOk = !isWord(v[0]) || !isWord(text[at - 1]);
      const endOk = !isWord(v[v.length - 1]) || !isWord(text[at + v.length]);
      if (startOk && endOk) break;
      at = text.indexOf(v, at + 1);
    }
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  return best;
}

/**
 * Match a quotation against cited lines.
 * @param quote The quoted text, without its quotation marks.
 * @param lines The cited lines with their numbers, in order.
 * @returns Where it matched, or the closest passage if it did not.
 */
export function matchQuote(quote: string, lines: ReadonlyArray<{ n: number; text: string }>): QuoteResult {
  const hay = haystack(lines);
  const attempt = (q: string): QuoteResult => {
    const parts = quoteParts(q).map((p) => fold(p).text);
    const spans: LineSpan[] = [];
    let from = 0;
    for (const part of parts) {
      const at = findPart(hay.folded.text, part, from);
      if (at === -1) return { found: false, part };
      spans.push(...toLineSpans(hay, at, at + part.length));
      from = at + part.length;
    }
    return { found: true, spans };
  };
  let result = attempt(quote);
  // Punctuation that house style puts inside the closing quotation mark
  // ("…capital city.") need not be in the source.
  const trimmed = quote.replace(/[.,;:!?]+\s*$/u, '');
  if (!result.found && trimmed !== quote) {
    const second = attempt(trimmed);
    if (second.found) result = second;
  }
  if (!result.found) {
    const closest = closestPassage(hay, result.part);
    if (closest) return { found: false, part: result.part, closest };
  }
  return result;
}

function toLineSpans(hay: Haystack, start: number, end: number): LineSpan[] {
  const spans: LineSpan[] = [];
  for (let k = start; k < end; k++) {
    const w = hay.where[hay.folded.origin[k]!];
    if (!w || w.index < 0) continue;
    const last = spans[spans.length - 1];
    // Folding maps one original character to one or more folded ones, and
    // collapses white space, so extend to the end of this original character.
    const charEnd = w.index + 1;
    if (last && last.line === w.line && w.index <= last.end + 1) last.end = Math.max(last.end, charEnd);
    else spans.push({ line: w.line, start: w.index, end: charEnd });
  }
  return spans;
}

/** The passage of the cited text most like `part`, and how alike (0-1). */
function closestPassage(hay: Haystack, part: string): { text: string; similarity: number; line: number } | undefined {
  const text = hay.folded.text;
  if (!text || !part) return undefined;
  const max = Math.max(1, Math.ceil(part.length * 0.6));
  const matches = search(text.toLowerCase(), part.toLowerCase(), max);
  if (matches.length === 0) return undefined;
  const best = matches.reduce((a, b) => (b.errors < a.errors || (b.errors === a.errors && b.end - b.start > a.end - a.start) ? b : a));
  let { start, end } = best;
  // Widen to whole words so the message quotes something readable.
  while (start > 0 && isWord(text[start - 1])) start--;
  while (end < text.length && isWord(text[end])) end++;
  const similarity = Math.max(0, 1 - best.errors / part.length);
  const line = hay.where[hay.folded.origin[start]!]?.line ?? 0;
  return { text: text.slice(start, end).replaceAll(BARRIER, ' … '), similarity, line };
}
