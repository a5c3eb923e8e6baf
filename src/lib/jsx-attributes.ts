/**
 * Reading the attributes of an MDX JSX element with exact source offsets, so
 * that a mistake inside an attribute value (a bad line number in
 * `appearance="@key, l. 99"`) is reported at its own column. The parser gives
 * each attribute's name and value but no position, so the opening tag is
 * scanned here, attribute by attribute, in the same order.
 */
import type { MdxJsxAttribute, MdxJsxExpressionAttribute } from 'mdast-util-mdx-jsx';
import { alignText, type TextAlignment } from './text-offsets.ts';

export type AttributeRead = { name: string; offset: number } & (
  | { kind: 'string'; value: string; valueOffset: number; align: TextAlignment }
  | { kind: 'boolean' }
  | { kind: 'expression'; valueOffset: number }
  | { kind: 'spread' }
);

interface Span {
  start: number;
  /** Inside the quotes or braces. */
  value?: { start: number; end: number };
}

/**
 * Read every attribute of an element.
 * @param attributes The element's attributes, as parsed.
 * @param raw The whole file the tree was parsed from.
 * @param elementOffset Where the element's `<` is in `raw`.
 * @returns One read per attribute, in order: string values (also `{"text"}`
 *   and a template without substitutions, as in JSX) with an alignment from
 *   value index to file offset, or what kind of non-string attribute it is.
 */
export function readAttributes(attributes: ReadonlyArray<MdxJsxAttribute | MdxJsxExpressionAttribute>, raw: string, elementOffset: number): AttributeRead[] {
  const spans = scanOpeningTag(raw, elementOffset);
  return attributes.map((attribute, i) => {
    const span = spans[i] ?? { start: elementOffset };
    if (attribute.type === 'mdxJsxExpressionAttribute') return { name: '', offset: span.start, kind: 'spread' };
    const base = { name: attribute.name, offset: span.start };
    const value = attribute.value;
    if (value === null || value === undefined) return { ...base, kind: 'boolean' };
    const inner = span.value ?? { start: span.start, end: span.start };
    if (typeof value === 'string') {
      return { ...base, kind: 'string', value, valueOffset: inner.start, align: alignText(value, raw.slice(inner.start, inner.end), inner.start) };
    }
    const literal = stringLiteral(value.value);
    if (literal === undefined) return { ...base, kind: 'expression', valueOffset: inner.start };
    // Inside `{"…"}`: the text starts after the opening quote.
    const quote = raw.indexOf(literal.quote, inner.start);
    const start = quote === -1 ? inner.start : quote + 1;
    return { ...base, kind: 'string', value: literal.text, valueOffset: start, align: clamped(start, literal.text.length) };
  });
}

/** `"text"`, `'text'` or `` `text` `` (no substitutions), as JS reads them. */
function stringLiteral(expression: string): { text: string; quote: string } | undefined {
  const double = /^\s*"((?:[^"\\\n]|\\.)*)"\s*$/s.exec(expression);
  const single = /^\s*'((?:[^'\\\n]|\\.)*)'\s*$/s.exec(expression);
  const template = /^\s*`([^`\\$]*)`\s*$/.exec(expression);
  if (template) return { text: template[1]!, quote: '`' };
  const body = double?.[1] ?? single?.[1]?.replace(/\\'/g, "'").replace(/"/g, '\\"');
  if (body === undefined) return undefined;
  try {
    // JSON's escapes are JS's, but for a few rare ones (\x, \u{…}): those fall back to "not text".
    return { text: JSON.parse(`"${body}"`) as string, quote: double ? '"' : "'" };
  } catch {
    return undefined;
  }
}

/** JS escapes in a literal make exact columns costly to recover; clamp to the literal. */
function clamped(base: number, length: number): TextAlignment {
  return { offsetOf: (i) => base + Math.min(i, length), isEscaped: () => false };
}

/** Where each attribute of the tag opening at `start` begins, and its value's extent. */
function scanOpeningTag(raw: string, start: number): Span[] {
  const spans: Span[] = [];
  let i = start + 1;
  while (i < raw.length && /[\w.:-]/.test(raw[i]!)) i++;
  for (;;) {
    while (i < raw.length && /\s/.test(raw[i]!)) i++;
    if (i >= raw.length || raw[i] === '>' || raw.startsWith('/>', i)) return spans;
    const at = i;
    if (raw[i] === '{') {
      const end = matchingBrace(raw, i);
      spans.push({ start: at, value: { start: i + 1, end } });
      i = end + 1;
      continue;
    }
    while (i < raw.length && !/[\s=/>{]/.test(raw[i]!)) i++;
    let j = i;
    while (j < raw.length && /\s/.test(raw[j]!)) j++;
    if (raw[j] !== '=') {
      spans.push({ start: at });
      if (i === at) i++; // A stray character: step over it rather than loop.
      continue;
    }
    j++;
    while (j < raw.length && /\s/.test(raw[j]!)) j++;
    const open = raw[j];
    if (open === '"' || open === "'") {
      const close = raw.indexOf(open, j + 1);
      const end = close === -1 ? raw.length : close;
      spans.push({ start: at, value: { start: j + 1, end } });
      i = end + 1;
    } else if (open === '{') {
      const end = matchingBrace(raw, j);
      spans.push({ start: at, value: { start: j + 1, end } });
      i = end + 1;
    } else {
      spans.push({ start: at });
      i = j;
    }
  }
}

/** Index of the `}` closing the `{` at `open`, skipping braces inside JS strings. */
function matchingBrace(raw: string, open: number): number {
  let depth = 0;
  for (let i = open; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < raw.length && raw[i] !== c) i += raw[i] === '\\' ? 2 : 1;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return raw.length;
}
