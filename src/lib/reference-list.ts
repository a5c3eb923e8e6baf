/**
 * The reference list at the end of a briefing, as an mdast node carrying
 * hast (like the footnotes), with links to the briefing's exports.
 */
import type { ElementContent } from 'hast';
import type { RootContent } from 'mdast';
import { sourceHref } from './footnote-content.ts';
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
  const exportsBase = `${base}briefings/${slug.split('/').map(encodeURIComponent).join('/')}/references.`;
  const downloads: ElementContent[] = [text('Download these references: ')];
  EXPORT_FORMATS.forEach((f, i) => {
    if (i > 0) downloads.push(text(', '));
    downloads.push(el('a', { href: exportsBase + f, download: `${slug.split('/').pop()}-references.${f}` }, [text(EXPORT_LABELS[f])]));
  });
  const children: ElementContent[] = [
    el('h2', { id: 'references' }, [text('References')]),
    el('ul', { className: ['references-list'], role: 'list' }, entries),
    el('p', { className: ['reference-exports'] }, downloads),
  ];
  return { type: 'paragraph', children: [], data: { hName: 'section', hProperties: { className: ['references'], ariaLabelledBy: ['references'] }, hChildren: children } };
}

function el(tagName: string, properties: Record<string, string | string[]>, children: ElementContent[]): ElementContent {
  return { type: 'element', tagName, properties, children };
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}
