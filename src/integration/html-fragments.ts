/**
 * Markup that `lib/` builds as hast inside mdast (`data.hName`, `data.hChildren`:
 * the notes' excerpts, the reference list) goes to MDX as one
 * `<Fragment set:html="…">` per block, with every text node and attribute
 * escaped. Compiled element by element, the same
 * markup was a JSX call per element in each briefing's module, and a virtual
 * node per element for Astro to render: at 1,000 briefings, most of what the
 * build spent on a page beyond plain Markdown.
 *
 * The markup is only ever what `lib/` builds (elements, text, and raw
 * formatted references), so it is printed here, every text and attribute
 * value through html-escaper, as reference lists and source lines are:
 * hast-util-to-html, which handles any tree, took 1.4 s of a build's 1,000
 * briefings. A test holds the two to the same markup.
 */
import type { ElementContent, Properties } from 'hast';
import { escape } from 'html-escaper';
import { find, html } from 'property-information';
import type { RootContent } from 'mdast';
import type { MdxJsxAttributeValueExpression, MdxJsxFlowElement } from 'mdast-util-mdx-jsx';

/**
 * @param node An mdast node.
 * @returns The node's markup, if it carries its whole hast.
 */
export function fragmentHtml(node: RootContent): string | undefined {
  const data = node.data;
  if (!data?.hName || !data.hChildren) return undefined;
  return elementHtml(data.hName, data.hProperties ?? {}, data.hChildren);
}

function elementHtml(tagName: string, properties: Properties, children: readonly ElementContent[]): string {
  let html = `<${tagName}`;
  for (const [name, value] of Object.entries(properties)) {
    if (value === undefined || value === null || value === false) continue;
    html += value === true ? ` ${attributeName(name)}` : ` ${attributeName(name)}="${escape(Array.isArray(value) ? value.join(' ') : String(value))}"`;
  }
  html += '>';
  for (const child of children) {
    if (child.type === 'text') html += escape(child.value);
    else if (child.type === 'element') html += elementHtml(child.tagName, child.properties, child.children);
    // The only raw nodes are formatted references, already safe and serialized (`safeCslHtml`), or placeholders for them.
    else if ((child as { type: string }).type === 'raw') html += (child as unknown as { value: string }).value;
  }
  return `${html}</${tagName}>`;
}

const attributeNames = new Map<string, string>();

/** `className` → `class`, `ariaLabelledBy` → `aria-labelledby`, `dataPrintUrl` → `data-print-url`: as hast-util-to-html names them. */
function attributeName(property: string): string {
  let name = attributeNames.get(property);
  // A handful of names, looked up hundreds of thousands of times in a build.
  if (name === undefined) attributeNames.set(property, (name = find(html, property).attribute));
  return name;
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
