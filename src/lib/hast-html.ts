/**
 * HTML for the hast that `lib/` builds: elements, text, and raw nodes of
 * formatted references (already safe and serialized, `safeCslHtml`) or
 * placeholders for them. Every text and attribute value goes through
 * html-escaper, as source lines do. hast-util-to-html, which handles any
 * tree, took 1.4 s of a build's 1,000 briefings; tests hold the two to the
 * same markup (`html-fragments.test.ts`, `reference-list.test.ts`).
 */
import type { ElementContent, Properties } from 'hast';
import { escape } from 'html-escaper';
import { find, html } from 'property-information';

/**
 * @param tagName The element's name.
 * @param properties Its hast properties.
 * @param children Its children.
 * @returns The element's HTML.
 */
export function elementHtml(tagName: string, properties: Properties, children: readonly ElementContent[]): string {
  let out = `<${tagName}`;
  for (const [name, value] of Object.entries(properties)) {
    if (value === undefined || value === null || value === false) continue;
    out += value === true ? ` ${attributeName(name)}` : ` ${attributeName(name)}="${escape(Array.isArray(value) ? value.join(' ') : String(value))}"`;
  }
  return `${out}>${nodesHtml(children)}</${tagName}>`;
}

/**
 * @param nodes Elements, text and raw nodes.
 * @returns Their HTML, one after another.
 */
export function nodesHtml(nodes: readonly ElementContent[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += escape(node.value);
    else if (node.type === 'element') out += elementHtml(node.tagName, node.properties, node.children);
    else if ((node as { type: string }).type === 'raw') out += (node as unknown as { value: string }).value;
  }
  return out;
}

const attributeNames = new Map<string, string>();

/** `className` → `class`, `ariaLabelledBy` → `aria-labelledby`, `dataPrintUrl` → `data-print-url`: as hast-util-to-html names them. */
function attributeName(property: string): string {
  let name = attributeNames.get(property);
  // A handful of names, looked up hundreds of thousands of times in a build.
  if (name === undefined) attributeNames.set(property, (name = find(html, property).attribute));
  return name;
}
