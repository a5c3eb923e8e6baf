/**
 * The remark adapter over `lib/`: replaces each citation group with a GFM
 * footnote reference and adds its definition, so citation footnotes and
 * hand-written `[^note]` footnotes share one numbered sequence.
 */
import path from 'node:path';
import type { FootnoteReference, Parent, PhrasingContent, Root, Text } from 'mdast';
import type { VFile } from 'vfile';
import { collectCitations, type CitationOccurrence } from '../lib/briefing-citations.ts';
import { collectClaims } from '../lib/briefing-claims.ts';
import { formatDiagnostic } from '../lib/diagnostics.ts';
import { citationFootnote, type FootnoteOptions } from '../lib/footnote-content.ts';
import type { Source } from '../lib/sources.ts';
import { DEFAULT_RATINGS, type Rating } from '../schemas/rating-scale.ts';
import { attachClaimData } from './claim-props.ts';

export interface RemarkCitationsOptions extends FootnoteOptions {
  /** Project root, for relative paths in messages. */
  root: string;
  /** The current sources; called once per file so a dev server sees edits. */
  getSources: () => ReadonlyMap<string, Source>;
  /** The rating scale `<Claim verdict>` is checked against. @default the default scale */
  ratings?: readonly Rating[];
}

/**
 * Turn `[@key, ll. 12-14]` into numbered footnotes quoting the cited lines.
 * @param options Sources, base path and reference formatter.
 * @returns A unified transformer.
 */
export function remarkCitations(options: RemarkCitationsOptions) {
  return (tree: Root, file: VFile): void => {
    const filePath = file.path ? path.relative(options.root, file.path).split(path.sep).join('/') : 'briefing.mdx';
    const raw = String(file.value);
    const sources = options.getSources();
    const { occurrences, diagnostics } = collectCitations(tree, { file: filePath, raw, sources });
    const claims = collectClaims(tree, { file: filePath, raw, sources, ratings: options.ratings ?? DEFAULT_RATINGS, occurrences });
    const errors = [...diagnostics, ...claims.diagnostics].filter((d) => d.severity === 'error');
    // The build checks every briefing before rendering, so this only fires
    // when the plugin is used on its own (another site, a test).
    if (errors.length) file.fail(errors.map(formatDiagnostic).join('\n'));
    for (const c of claims.claims) attachClaimData(c.node, c.data);
    // One definition per group; a group cited again keeps the quotation marks of every citing place.
    const first = new Map<string, CitationOccurrence>();
    for (const o of occurrences) {
      const seen = first.get(o.id);
      if (!seen) first.set(o.id, o);
      else o.resolved.forEach((r, i) => seen.resolved[i]?.marks.push(...r.marks));
    }
    for (const o of first.values()) tree.children.push(citationFootnote(o.id, o.resolved, options));
    const byNode = new Map<Text, CitationOccurrence[]>();
    for (const o of occurrences) byNode.set(o.node, [...(byNode.get(o.node) ?? []), o]);
    for (const [node, list] of byNode) replaceText(list[0]!.parent, node, list);
  };
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
