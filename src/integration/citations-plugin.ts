/**
 * The Sätteri mdast adapter over `lib/`: replaces each citation group with a
 * GFM footnote reference and adds its definition, so citation footnotes and
 * hand-written `[^note]` footnotes share one numbered sequence.
 *
 * Sätteri is Astro's native Markdown/MDX processor; the checker parses with
 * the same parser (`lib/parse-briefing.ts`), so positions and text agree.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { FootnoteReference, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { defineMdastPlugin, type MdastContent, type MdastPluginDefinition, type MdastPluginEntry, type MdastTarget, type MdastVisitorContext } from 'satteri';
import { collectCitations, firstCitations } from '../lib/briefing-citations.ts';
import { collectClaims, type ClaimFinding } from '../lib/briefing-claims.ts';
import type { BriefingReport } from '../lib/check-project.ts';
import { formatDiagnostic } from '../lib/diagnostics.ts';
import { briefingReferences, briefingReferencesSoon, noteCites, type BriefingReferenceSet } from '../lib/briefing-references.ts';
import { unknownStyle, type CslStyle, type StyleCatalog } from '../lib/csl-styles.ts';
import { citationFootnote } from '../lib/footnote-content.ts';
import { briefingFrontMatter } from '../lib/front-matter-fields.ts';
import { referenceListNode } from '../lib/reference-list.ts';
import type { Source } from '../lib/sources.ts';
import { DEFAULT_RATINGS, type Rating } from '../schemas/rating-scale.ts';
import { withClaimData } from './claim-props.ts';
import { placeCheckedFindings, type PlacedCitation } from './checked-findings.ts';
import { deferReferences, deferredImport, fillCall, listCall, type DeferredReferences } from './deferred-references.ts';
import { asHtmlFragment, expressionFragment } from './html-fragments.ts';

export interface CitationsPluginOptions {
  /** Project root, for relative paths in messages. */
  root: string;
  /** The site's base path, ending in `/`. */
  base: string;
  /** Astro's `site`, for the absolute URLs print shows. */
  site?: string | undefined;
  /** The CSL styles; called once per file so a dev server sees new `.csl` files. */
  getStyles: () => StyleCatalog;
  /** The site's default style; a briefing's `style:` front matter overrides it. */
  style: string;
  /** The styles folder, for messages. @default `styles` */
  stylesDir?: string;
  /** The briefings folder relative to the root, for the slug in export links. @default `briefings` */
  briefings?: string;
  /** The current sources; called once per file so a dev server sees edits. */
  getSources: () => ReadonlyMap<string, Source>;
  /** The rating scale `<Claim verdict>` is checked against. @default the default scale */
  ratings?: readonly Rating[];
  /** Wait for references that `reference-workers.ts` is formatting (the plugin becomes asynchronous). */
  awaitWorkers?: boolean;
  /**
   * The check's report of a briefing, if it checked this very text without
   * errors against the sources `getSources` returns: its citations and claims
   * are then taken instead of found again (`checked-findings.ts`).
   */
  checked?: (file: string, raw: string) => Pick<BriefingReport, 'occurrences' | 'claims'> | undefined;
  /** Emit the notes' excerpts and the reference list as `<Fragment set:html>` blocks (in Astro's `.mdx` files; see `html-fragments.ts`). */
  htmlFragments?: boolean;
  /**
   * Whether the build loaded this text rewritten already (`checked-text.ts`):
   * the plugin then stays out of that file's pipeline.
   */
  rewritten?: (file: string, raw: string) => boolean;
}

/**
 * Turn `[@key, ll. 12-14]` into numbered footnotes quoting the cited lines.
 * @param options Sources, base path and reference formatter.
 * @returns A Sätteri mdast plugin (asynchronous when `awaitWorkers` is set),
 *   or with `rewritten`, a factory that leaves it out for the files it names.
 */
export function citationsPlugin(options: CitationsPluginOptions): MdastPluginEntry {
  const plugin = citationsDefinition(options);
  const rewritten = options.rewritten;
  if (!rewritten) return plugin;
  // Decided before Sätteri parses the file, so it hands no tree to this plugin's
  // hook for a file that needs nothing from it (Astro's MDX keeps an mdast
  // plugin of its own, which visits images only).
  return (ctx) => (rewritten(fileOf(options, ctx.fileURL), ctx.source) ? false : plugin);
}

function citationsDefinition(options: CitationsPluginOptions): MdastPluginDefinition {
  return defineMdastPlugin({
    name: 'attest-citations',
    options: { position: true },
    // A build's workers may be formatting a briefing's references when its
    // page is compiled; elsewhere (tests, another site) the plugin stays synchronous.
    before: options.awaitWorkers
      ? async (root, ctx) => {
          const found = findCitations(options, root, ctx);
          if (!found.notes.length) return rewrite(options, root, ctx, found, undefined);
          // An `.mdx` page fills its references in when it renders; the compile need not wait for them.
          if (fragments(options, ctx)) {
            const id = fileOf(options, ctx.fileURL);
            return rewrite(options, root, ctx, found, deferReferences(id, noteCites(found.notes), found.style, found.lang, { base: options.base, slug: slugOf(options, ctx.fileURL) }));
          }
          rewrite(options, root, ctx, found, await briefingReferencesSoon(noteCites(found.notes), found.style, found.lang, false));
        }
      : (root, ctx) => {
          const found = findCitations(options, root, ctx);
          const references = found.notes.length ? briefingReferences(noteCites(found.notes), found.style, found.lang, fragments(options, ctx)) : undefined;
          rewrite(options, root, ctx, found, references);
        },
  });
}

interface FoundCitations {
  occurrences: PlacedCitation[];
  claims: ClaimFinding[];
  /** One occurrence per citation group (its note), in order. */
  notes: PlacedCitation[];
  style: CslStyle;
  lang: string | undefined;
}

/** The file's path from the project root, as the check names it. */
function fileOf(options: CitationsPluginOptions, fileURL: URL | undefined): string {
  return fileURL ? path.relative(options.root, fileURLToPath(fileURL)).split(path.sep).join('/') : 'briefing.mdx';
}

function findCitations(options: CitationsPluginOptions, root: Readonly<Root>, ctx: MdastVisitorContext): FoundCitations {
  const file = fileOf(options, ctx.fileURL);
  const tree = root as unknown as Root;
  const raw = ctx.source;
  const checked = options.checked?.(file, raw);
  const { occurrences, claims } = (checked && placeCheckedFindings(tree, checked)) ?? checkHere(options, tree, file, raw);
  const meta = briefingFrontMatter(tree, ctx.data);
  const styleName = meta.style ?? options.style;
  const catalog = options.getStyles();
  const style = catalog.byName.get(styleName);
  if (occurrences.length && !style) throw new Error(`${file}: ${Object.values(unknownStyle(catalog, styleName, options.stylesDir ?? 'styles')).join('; ')} [unknown-style]`);
  return { occurrences, claims, notes: firstCitations(occurrences), style: style!, lang: meta.lang };
}

/** Find, resolve and check the citations and claims of a briefing the build did not check (a dev server's edit, a test). */
function checkHere(options: CitationsPluginOptions, tree: Root, file: string, raw: string): { occurrences: PlacedCitation[]; claims: ClaimFinding[] } {
  const sources = options.getSources();
  const { occurrences, diagnostics } = collectCitations(tree, { file, raw, sources });
  const claims = collectClaims(tree, { file, raw, sources, ratings: options.ratings ?? DEFAULT_RATINGS, occurrences });
  const errors = [...diagnostics, ...claims.diagnostics].filter((d) => d.severity === 'error');
  // The build checks every briefing before rendering, so this only fires
  // when the plugin is used on its own (another site, a test) or in dev.
  if (errors.length) throw new Error(errors.map(formatDiagnostic).join('\n'));
  return { occurrences, claims: claims.claims };
}

function rewrite(options: CitationsPluginOptions, root: Readonly<Root>, ctx: MdastVisitorContext, found: FoundCitations, references: BriefingReferenceSet | DeferredReferences | undefined): void {
  if (references) {
    const deferred = 'id' in references ? references : undefined;
    // Pandoc's order: the text, the reference list, then the notes (which GFM appends).
    // Markdown (`.md`) has no JSX to carry a fragment.
    const block = fragments(options, ctx) ? <T extends RootContent>(node: T) => asHtmlFragment(node, deferred && ((html) => fillCall(deferred.id, html))) : <T>(node: T) => node;
    const added: unknown[] = [];
    if ('id' in references) {
      // At the top: appended after the notes, the import left an empty line in the page.
      ctx.prependChild(root, deferredImport() as MdastContent);
      if (references.hasList) added.push(expressionFragment(listCall(references.id)));
    } else if (references.list?.length) added.push(block(referenceListNode(references.list, options.base, slugOf(options, ctx.fileURL))));
    for (const o of found.notes) {
      const note = citationFootnote(o.id, o.resolved, { base: options.base, site: options.site, reference: references.reference });
      added.push({ ...note, children: note.children.map(block) });
    }
    ctx.appendChild(root, added as MdastContent[]);
  }
  const byNode = new Map<Text, PlacedCitation[]>();
  for (const o of found.occurrences) {
    const list = byNode.get(o.node);
    if (list) list.push(o);
    else byNode.set(o.node, [o]);
  }
  for (const [node, list] of byNode) replaceText(ctx, node, list);
  // After the text inside it: the copy keeps the same children, so those edits still apply.
  for (const c of found.claims) ctx.replaceNode(c.node as unknown as MdastTarget, withClaimData(c.node, c.data) as unknown as MdastContent);
}

/** Whether this file's notes and reference list become HTML fragments (see `htmlFragments`). */
function fragments(options: CitationsPluginOptions, ctx: MdastVisitorContext): boolean {
  return Boolean(options.htmlFragments && ctx.fileURL?.pathname.endsWith('.mdx'));
}

function slugOf(options: CitationsPluginOptions, fileURL: URL | undefined): string {
  if (!fileURL) return 'briefing';
  const dir = path.resolve(options.root, options.briefings ?? 'briefings');
  return path.relative(dir, fileURLToPath(fileURL)).replace(/\.mdx?$/, '').split(path.sep).join('/');
}

function replaceText(ctx: MdastVisitorContext, node: Text, list: PlacedCitation[]): void {
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
  ctx.replaceNode(node as unknown as MdastTarget, parts as unknown as MdastContent[]);
}
