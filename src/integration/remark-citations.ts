/**
 * The remark adapter over `lib/`: replaces each citation group with a GFM
 * footnote reference and adds its definition, so citation footnotes and
 * hand-written `[^note]` footnotes share one numbered sequence.
 */
import path from 'node:path';
import type { FootnoteReference, Parent, PhrasingContent, Root, Text } from 'mdast';
import type { VFile } from 'vfile';
import { collectCitations, type CitationOccurrence } from '../lib/briefing-citations.ts';
import { briefingReferences } from '../lib/briefing-references.ts';
import { unknownStyle, type StyleCatalog } from '../lib/csl-styles.ts';
import { formatDiagnostic } from '../lib/diagnostics.ts';
import { citationFootnote } from '../lib/footnote-content.ts';
import { briefingFrontMatter } from '../lib/front-matter-fields.ts';
import { referenceListNode } from '../lib/reference-list.ts';
import type { Source } from '../lib/sources.ts';

export interface RemarkCitationsOptions {
  /** Project root, for relative paths in messages. */
  root: string;
  /** The site's base path, ending in `/`. */
  base: string;
  /** The current sources; called once per file so a dev server sees edits. */
  getSources: () => ReadonlyMap<string, Source>;
  /** The CSL styles; called once per file so a dev server sees new `.csl` files. */
  getStyles: () => StyleCatalog;
  /** The site's default style; a briefing's `style:` front matter overrides it. */
  style: string;
  /** The styles folder, for messages. @default `styles` */
  stylesDir?: string;
  /** The briefings folder relative to the root, for the slug in export links. @default `briefings` */
  briefings?: string;
}

/**
 * Turn `[@key, ll. 12-14]` into numbered footnotes quoting the cited lines.
 * @param options Sources, base path and reference formatter.
 * @returns A unified transformer.
 */
export function remarkCitations(options: RemarkCitationsOptions) {
  return (tree: Root, file: VFile): void => {
    const filePath = file.path ? path.relative(options.root, file.path).split(path.sep).join('/') : 'briefing.mdx';
    const { occurrences, diagnostics } = collectCitations(tree, { file: filePath, raw: String(file.value), sources: options.getSources() });
    const errors = diagnostics.filter((d) => d.severity === 'error');
    // The build checks every briefing before rendering, so this only fires
    // when the plugin is used on its own (another site, a test).
    if (errors.length) file.fail(errors.map(formatDiagnostic).join('\n'));
    // One definition per group; a group cited again keeps the quotation marks of every citing place.
    const first = new Map<string, CitationOccurrence>();
    for (const o of occurrences) {
      const seen = first.get(o.id);
      if (!seen) first.set(o.id, o);
      else o.resolved.forEach((r, i) => seen.resolved[i]?.marks.push(...r.marks));
    }
    if (first.size === 0) return;
    const meta = briefingFrontMatter(tree, file);
    const styleName = meta.style ?? options.style;
    const catalog = options.getStyles();
    const style = catalog.byName.get(styleName);
    if (!style) file.fail(`${filePath}: ${Object.values(unknownStyle(catalog, styleName, options.stylesDir ?? 'styles')).join('; ')} [unknown-style]`);
    const references = briefingReferences([...first.values()].flatMap((o) => o.resolved), style, meta.lang);
    // Pandoc's order: the text, the reference list, then the notes (which remark-rehype appends).
    if (references.list?.length) tree.children.push(referenceListNode(references.list, options.base, slugOf(options, file)));
    for (const o of first.values()) tree.children.push(citationFootnote(o.id, o.resolved, { base: options.base, reference: references.reference }));
    const byNode = new Map<Text, CitationOccurrence[]>();
    for (const o of occurrences) byNode.set(o.node, [...(byNode.get(o.node) ?? []), o]);
    for (const [node, list] of byNode) replaceText(list[0]!.parent, node, list);
  };
}

function slugOf(options: RemarkCitationsOptions, file: VFile): string {
  if (!file.path) return 'briefing';
  const dir = path.resolve(options.root, options.briefings ?? 'briefings');
  return path.relative(dir, file.path).replace(/\.mdx?$/, '').split(path.sep).join('/');
}

function replaceText(parent: Parent, node: Text, list: CitationOccurrence[]): void {
  const parts: PhrasingContent[] = [];
  let last = 0;
  for (const o of list) {
    // Pandoc attaches a note to the preceding word; drop the space before it.
    const before = node.value.slice(last, o.group.start).replace(/\s+$/, '');
    if (before) parts.push({ type: 'text', value: before });
    const ref: FootnoteReference = { type: 'footnoteReference', identifier: o.id, label: o.id };
    parts.push(ref);
    last = o.group.end;
  }
  const after = node.value.slice(last);
  if (after) parts.push({ type: 'text', value: after });
  const index = parent.children.indexOf(node);
  if (index !== -1) parent.children.splice(index, 1, ...(parts as Parent['children']));
}
