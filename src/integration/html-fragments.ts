/**
 * Markup that `lib/` builds as hast inside mdast (`data.hName`, `data.hChildren`:
 * the notes' excerpts, the reference list) goes to MDX as one
 * `<Fragment set:html="…">` per block, printed by `lib/hast-html.ts` with
 * every text node and attribute escaped. Compiled element by element, the
 * same markup was a JSX call per element in each briefing's module, and a
 * virtual node per element for Astro to render: at 1,000 briefings, most of
 * what the build spent on a page beyond plain Markdown.
 */
import type { RootContent } from 'mdast';
import type { MdxJsxAttributeValueExpression, MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import { elementHtml } from '../lib/hast-html.ts';

/**
 * @param node An mdast node.
 * @returns The node's markup, if it carries its whole hast.
 */
export function fragmentHtml(node: RootContent): string | undefined {
  const data = node.data;
  if (!data?.hName || !data.hChildren) return undefined;
  return elementHtml(data.hName, data.hProperties ?? {}, data.hChildren);
}

/**
 * @param node An mdast node.
 * @param code JS to compute the markup at render instead, if it needs that (`deferred-references.ts`).
 * @returns The node as a raw HTML fragment if it carries its whole hast, else the node.
 */
export function asHtmlFragment<T extends RootContent>(node: T, code?: (html: string) => string | undefined): T | MdxJsxFlowElement {
  const html = fragmentHtml(node);
  if (html === undefined) return node;
  const js = code?.(html);
  return js === undefined ? htmlFragment(html) : expressionFragment(js);
}

/**
 * @param js An expression that computes the markup when the page renders (synchronously: Astro's JSX runtime prints a promise as text).
 * @returns `<Fragment set:html={js} />`.
 */
export function expressionFragment(js: string): MdxJsxFlowElement {
  return htmlFragment({ type: 'mdxJsxAttributeValueExpression', value: js });
}

/**
 * @param value The markup, or an expression that computes it.
 * @returns `<Fragment set:html={value} />`.
 */
function htmlFragment(value: string | MdxJsxAttributeValueExpression): MdxJsxFlowElement {
  return { type: 'mdxJsxFlowElement', name: 'Fragment', attributes: [{ type: 'mdxJsxAttribute', name: 'set:html', value }], children: [] };
}
