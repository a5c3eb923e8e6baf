/**
 * citeproc-js HTML output as hast, reduced to the markup a reference needs.
 * Metadata is untrusted and citeproc-js passes some inline tags in it through
 * (`<i>`, `<b>`, `<sup>`…), so only an allow-list survives: formatting
 * elements, and citeproc's own `csl-*` layout classes. Text stays text, which
 * the serializer escapes.
 */
import type { ElementContent, Properties } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';

const INLINE = new Set(['i', 'b', 'em', 'strong', 'sup', 'sub']);

/**
 * @param html What citeproc-js printed in `html` mode, or what `safeCslHtml` made of it.
 * @returns Safe hast nodes.
 */
export function cslHtmlToHast(html: string): ElementContent[] {
  const nodes = clean(fromHtml(html.trim(), { fragment: true }).children as ElementContent[]);
  // citeproc indents its bibliography markup; that white space is layout, not content.
  return nodes.filter((n) => !(n.type === 'text' && n.value.trim() === ''));
}

/**
 * citeproc-js HTML made safe once, where it is formatted, so neither a page
 * nor a rebuild (which reads it from the cache) parses it again.
 * @param html What citeproc-js printed in `html` mode.
 * @returns The HTML of `cslHtmlToHast`'s nodes, serialized by hast-util-to-html.
 */
export function safeCslHtml(html: string): string {
  return toHtml(cslHtmlToHast(html));
}

function clean(nodes: readonly ElementContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push({ type: 'text', value: node.value });
      continue;
    }
    if (node.type !== 'element') continue;
    const children = clean(node.children);
    const tag = node.tagName;
    if (INLINE.has(tag)) {
      out.push({ type: 'element', tagName: tag, properties: {}, children });
      continue;
    }
    const properties = layoutProperties(tag, node.properties);
    if (properties) out.push({ type: 'element', tagName: tag, properties, children });
    else out.push(...children);
  }
  return out;
}

/** citeproc's layout `div`s and style `span`s, reduced to known classes. */
function layoutProperties(tag: string, props: Properties): Properties | undefined {
  if (tag === 'div') {
    const classes = (Array.isArray(props['className']) ? props['className'] : []).map(String).filter((c) => /^csl-[a-z-]+$/.test(c));
    return classes.length ? { className: classes } : undefined;
  }
  if (tag === 'span') {
    // Already made safe (`safeCslHtml`): the classes that replaced citeproc's inline styles.
    const classes = Array.isArray(props['className']) ? props['className'].map(String) : [];
    for (const known of ['csl-small-caps', 'csl-roman']) if (classes.includes(known)) return { className: [known] };
    const style = String(props['style'] ?? '').replace(/\s/g, '');
    if (style.includes('font-variant:small-caps')) return { className: ['csl-small-caps'] };
    if (style.includes('font-style:normal')) return { className: ['csl-roman'] };
  }
  return undefined;
}
