/**
 * The reference list at the end of a briefing, as an mdast node carrying
 * hast (like the footnotes), with links to the briefing's exports; and the
 * same markup as HTML, for a page that fills its list in when it renders.
 */
import type { ElementContent } from 'hast';
import type { RootContent } from 'mdast';
import { sourceHref } from './footnote-content.ts';
import { elementHtml } from './hast-html.ts';
import { EXPORT_FORMATS, EXPORT_LABELS } from './reference-exports.ts';
import type { Source } from './sources.ts';

/**
 * @param list The formatted entries, in the style's order.
 * @param base The site's base path, ending in `/`.
 * @param slug The briefing's slug, for the export links.
 * @returns A `<section class="references">` node.
 */
export function referenceListNode(list: ReadonlyArray<{ source: Pick<Source, 'key'>; nodes: ElementContent[] }>, base: string, slug: string): RootContent {
  const entries: ElementContent[] = list.map(({ source, nodes }) =>
    el('li', { id: `ref-${source.key}`, className: ['reference'], dataSource: source.key }, [
      ...nodes,
      text(' '),
      el('a', { className: ['reference-source'], href: sourceHref(base, source.key) }, [text('Saved text')]),
    ]),
  );
  const downloads: ElementContent[] = [text('Download these references: ')];
  exportLinks(base, slug).forEach((link, i) => {
    if (i > 0) downloads.push(text(', '));
    downloads.push(el('a', { href: link.href, download: link.download }, [text(link.label)]));
  });
  const children: ElementContent[] = [
    el('h2', { id: 'references' }, [text('References')]),
    el('ul', { className: ['references-list'], role: 'list' }, entries),
    el('p', { className: ['reference-exports'] }, downloads),
  ];
  return { type: 'paragraph', children: [], data: { hName: 'section', hProperties: { className: ['references'], ariaLabelledBy: ['references'] }, hChildren: children } };
}

/**
 * `referenceListNode`'s markup as HTML, for entries that are safe HTML
 * already (`safeCslHtml`): a page that fills its list in when it renders
 * (`deferred-references.ts`) builds it here.
 * @param list The entries, in the style's order: source key and entry HTML.
 * @param base The site's base path, ending in `/`.
 * @param slug The briefing's slug, for the export links.
 * @returns The `<section class="references">` element's HTML.
 */
export function referenceListHtml(list: ReadonlyArray<{ key: string; html: string }>, base: string, slug: string): string {
  const entries = list.map(({ key, html }) => ({ source: { key }, nodes: [{ type: 'raw', value: html } as unknown as ElementContent] }));
  const { hName, hProperties, hChildren } = referenceListNode(entries, base, slug).data!;
  return elementHtml(hName!, hProperties!, hChildren!);
}

/** The briefing's downloads: where each is, the file name it saves as, and its label. */
function exportLinks(base: string, slug: string): Array<{ href: string; download: string; label: string }> {
  const exportsBase = `${base}briefings/${slug.split('/').map(encodeURIComponent).join('/')}/references.`;
  const name = slug.split('/').pop();
  return EXPORT_FORMATS.map((f) => ({ href: exportsBase + f, download: `${name}-references.${f}`, label: EXPORT_LABELS[f] }));
}

function el(tagName: string, properties: Record<string, string | string[]>, children: ElementContent[]): ElementContent {
  return { type: 'element', tagName, properties, children };
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}
