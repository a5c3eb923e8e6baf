/**
 * Markdown turns `\[` into `[` and `&amp;` into `&` before a plugin sees a
 * text node, and drops blockquote markers and indentation between lines. To
 * report exact columns and to honour `\[@key]` as literal, we align a text
 * node's value with the raw source it came from.
 */
import { decodeNamedCharacterReference } from 'decode-named-character-reference';

export interface TextAlignment {
  /** Source offset of the character at `index` in the value. */
  offsetOf(index: number): number;
  /** Whether the character at `index` was written with a backslash escape. */
  isEscaped(index: number): boolean;
}

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const ENTITY = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));/;

/**
 * Align a text node's value with its raw source slice.
 * @param value The node's value.
 * @param raw The source between the node's start and end offsets.
 * @param base The source offset of `raw`.
 * @returns Offset and escape look-ups by value index.
 */
export function alignText(value: string, raw: string, base: number): TextAlignment {
  if (value === raw) {
    return { offsetOf: (i) => base + i, isEscaped: () => false };
  }
  const offsets = new Array<number>(value.length);
  const escaped = new Set<number>();
  let i = 0;
  let j = 0;
  while (j < value.length && i < raw.length) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length && ASCII_PUNCT.test(raw[i + 1]!) && value[j] === raw[i + 1]) {
      offsets[j] = i;
      escaped.add(j);
      i += 2;
      j += 1;
      continue;
    }
    if (c === '&') {
      const m = ENTITY.exec(raw.slice(i, i + 40));
      const decoded = m ? decodeEntity(m) : undefined;
      if (m && decoded && value.startsWith(decoded, j)) {
        for (let k = 0; k < decoded.length; k++) offsets[j + k] = i;
        i += m[0].length;
        j += decoded.length;
        continue;
      }
    }
    if (c === value[j]) {
      offsets[j] = i;
      i += 1;
      j += 1;
      continue;
    }
    i += 1; // a character Markdown dropped: container marker, indentation
  }
  for (; j < value.length; j++) offsets[j] = Math.max(0, raw.length - 1);
  return { offsetOf: (k) => base + (offsets[k] ?? raw.length), isEscaped: (k) => escaped.has(k) };
}

function decodeEntity(m: RegExpExecArray): string | undefined {
  if (m[1] !== undefined) return safeCodePoint(Number(m[1]));
  if (m[2] !== undefined) return safeCodePoint(Number.parseInt(m[2], 16));
  const named = decodeNamedCharacterReference(m[3]!);
  return named === false ? undefined : named;
}

function safeCodePoint(n: number): string | undefined {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

/**
 * A converter from source offsets to 1-based line and column.
 * @param text The whole file.
 * @returns A function from offset to position.
 */
export function positionFinder(text: string): (offset: number) => { line: number; column: number } {
  // Line starts are found on first use (many files need no position).
  let starts: number[] | undefined;
  return (offset) => {
    const lines = (starts ??= lineStarts(text));
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lines[lo]! + 1 };
  };
}

/**
 * @param text A whole file.
 * @returns The offset at which each line starts, line 1 first.
 */
export function lineStarts(text: string): number[] {
  // By indexOf rather than a loop over every character.
  const found = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) found.push(i + 1);
  return found;
}
