/**
 * Reading the string attributes of an MDX JSX element with exact source
 * offsets, so that a mistake inside an attribute value (a bad line number in
 * `appearance="@key, l. 99"`) is reported at its own column.
 */
import type { MdxJsxAttribute, MdxJsxExpressionAttribute } from 'mdast-util-mdx-jsx';
import { alignText, type TextAlignment } from './text-offsets.ts';

export type AttributeRead =
  | { kind: 'string'; value: string; offset: number; align: TextAlignment }
  | { kind: 'boolean'; offset: number }
  | { kind: 'expression'; offset: number }
  | { kind: 'spread'; offset: number };

/**
 * Read one attribute.
 * @param attribute The mdast attribute node.
 * @param raw The whole file the tree was parsed from.
 * @returns The string value with an alignment from value index to file
 *   offset, or what kind of non-string attribute it is. `{"text"}` (a string
 *   literal in braces) counts as a string, as it does in JSX.
 */
export function readAttribute(attribute: MdxJsxAttribute | MdxJsxExpressionAttribute, raw: string): AttributeRead {
  const start = attribute.position?.start.offset ?? 0;
  if (attribute.type === 'mdxJsxExpressionAttribute') return { kind: 'spread', offset: start };
  const value = attribute.value;
  if (value === null || value === undefined) return { kind: 'boolean', offset: start };
  if (typeof value === 'string') {
    const end = attribute.position?.end.offset ?? raw.length;
    const text = raw.slice(start, end);
    const eq = text.indexOf('=');
    const quote = text.slice(eq + 1).search(/["']/);
    const open = eq + 1 + quote + 1;
    const close = text.lastIndexOf(text[open - 1]!);
    return { kind: 'string', value, offset: start + open, align: alignText(value, text.slice(open, close), start + open) };
  }
  const expression = (value.data?.estree?.body[0] as { expression?: { type: string; value?: unknown; start?: number; quasis?: Array<{ value: { cooked?: string | null } }>; expressions?: unknown[] } } | undefined)?.expression;
  const at = expression?.start ?? start;
  if (expression?.type === 'Literal' && typeof expression.value === 'string') {
    return { kind: 'string', value: expression.value, offset: at + 1, align: approximate(at + 1, expression.value.length, at) };
  }
  if (expression?.type === 'TemplateLiteral' && expression.expressions?.length === 0 && typeof expression.quasis?.[0]?.value.cooked === 'string') {
    const cooked = expression.quasis[0].value.cooked;
    return { kind: 'string', value: cooked, offset: at + 1, align: approximate(at + 1, cooked.length, at) };
  }
  return { kind: 'expression', offset: at };
}

/** JS escapes in a literal make exact columns costly to recover; clamp to the literal. */
function approximate(base: number, length: number, fallback: number): TextAlignment {
  return { offsetOf: (i) => (i <= length ? base + i : fallback), isEscaped: () => false };
}
