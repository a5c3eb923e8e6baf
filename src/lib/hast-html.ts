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
  out += '>';
  for (const child of children) {
    if (child.type === 'text') out += escape(child.value);
    else if (child.type === 'element') out += elementHtml(child.tagName, child.properties, child.children);
    else if ((child as { type: string }).type === 'raw') out += (child as unknown as { value: string }).value;
  }
  return `${out}</${tagName}>`;
}

const attributeNames = new Map<string, string>();

/** `className` → `class`, `ariaLabelledBy` → `aria-labelledby`, `dataPrintUrl` → `data-print-url`: as hast-util-to-html names them. */
function attributeName(property: string): string {
  let name = attributeNames.get(property);
  // A handful of names, looked up hundreds of thousands of times in a build.
  if (name === undefined) attributeNames.set(property, (name = find(html, property).attribute));
  return name;
}
