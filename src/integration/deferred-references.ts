/**
 * A build's briefings compile before their references are formatted.
 *
 * The reference workers (`reference-workers.ts`) take most of a first build's
 * CPU. When the Markdown plugin waited for each briefing's references, the
 * bundler waited for the workers, and Astro rendered pages only once both were
 * done, on one core. Instead, the plugin compiles a `.mdx` briefing's notes
 * with a placeholder where each formatted citation goes, and its reference
 * list as a call. When the page renders, its references are filled in: from
 * the store if a worker has formatted them, or else as markers the build
 * fills in once the workers are done (`late-references.ts`), so that Astro's
 * thread never waits for them. Bundling and rendering run alongside the
 * workers (which take the briefings in the order Astro renders them).
 *
 * The plugin (compile) and the pages (render) run in one build process but
 * hold separate copies of this module (the pages' is bundled), so what each
 * briefing asked for is kept process-wide, like the formatted references
 * themselves (`reference-store.ts`).
 */
import { fileURLToPath } from 'node:url';
import type { ElementContent } from 'hast';
import type { RootContent } from 'mdast';
import { briefingRequest, cslLocator } from '../lib/briefing-references.ts';
import type { CslStyle } from '../lib/csl-styles.ts';
import { locatorNodes, type FormattedReference } from '../lib/footnote-content.ts';
import { nodesHtml } from '../lib/hast-html.ts';
import { briefingKey, citeId, formattedBriefing, formattedBriefingSoon, type BriefingReferences, type BriefingRequest } from '../lib/reference-format.ts';
import { storedReference, type FormattedBriefing } from '../lib/reference-store.ts';
import { referenceListHtml } from '../lib/reference-list.ts';
import type { ResolvedCite } from '../lib/resolve.ts';
import { fillsLater, markLater } from './late-references.ts';

/** The names a briefing's module imports this file's functions under. */
const FILL = '__attestFillReferences';
const LIST = '__attestReferenceList';
const NOTE = '__attestNote';
const KEPT = '__attestKept';

/** One briefing's request, and where its citations go in its notes. */
interface Deferred {
  request: BriefingRequest;
  /** Its `briefingKey`. */
  key: string;
  /**
   * The distinct citations, in order of first use; placeholder `n` stands for
   * `citations[n]`, and placeholder `Ln` for the lines its footnote adds if the
   * style leaves them out (`lines`, as HTML).
   */
  citations: Array<{ key: string; locator?: string; lines?: string }>;
  base: string;
  slug: string;
  formatted?: BriefingReferences;
  /** Left for the build to fill in once the workers are done, on this page (`late-references.ts`). */
  late?: string;
  /** What its module prints but does not hold: its notes' markup (`noteCall`) and its claims' data (`keptCall`). */
  kept: string[];
}

/** A briefing whose references are filled in when its page renders. */
export interface DeferredReferences {
  /** The briefing, as the page's calls name it. */
  id: string;
  /** A cite's short reference: a placeholder, and whether the style prints the locator (from the last build's references), or else a placeholder for the lines the footnote adds. */
  reference(cite: ResolvedCite): FormattedReference;
  /** Whether the style prints a reference list. */
  hasList: boolean;
}

const REGISTRY = Symbol.for('attest.deferred-references');
const PLACEHOLDER = /\u0000(L?)(\d+)\u0000/g;

function registry(): Map<string, Deferred> {
  const g = globalThis as { [REGISTRY]?: Map<string, Deferred> };
  return (g[REGISTRY] ??= new Map());
}

/**
 * Defer a briefing's references to its page.
 * @param id The briefing, unique in the build (its path from the project root).
 * @param cites Every resolved cite of its notes, in document order.
 * @param style Its style.
 * @param lang Its language.
 * @param where The site's base path and the briefing's slug, for the reference list's links.
 * @returns Placeholders for the notes.
 */
export function deferReferences(id: string, cites: readonly ResolvedCite[], style: CslStyle, lang: string | undefined, where: { base: string; slug: string }): DeferredReferences {
  const request = briefingRequest(cites, style, lang);
  const deferred: Deferred = { request, key: briefingKey(request), citations: [], kept: [], ...where };
  registry().set(id, deferred);
  // Formatted by the last build: it says whether each citation prints its lines, and no engine need be prepared to ask.
  const stored = new Map(storedReference<FormattedBriefing>(deferred.key)?.citations);
  const placed = new Map<string, number>();
  return {
    id,
    hasList: style.hasBibliography,
    reference(cite) {
      const key = cite.source.key;
      const locator = cite.ranges.length ? cslLocator(cite.ranges) : undefined;
      const slot = citeId(key, locator);
      let n = placed.get(slot);
      if (n === undefined) {
        placed.set(slot, (n = deferred.citations.length));
        deferred.citations.push({ key, ...(locator ? { locator } : {}) });
      }
      const nodes = [raw(`\u0000${n}\u0000`)];
      const shows = stored.get(slot)?.showsLocator;
      if (shows !== undefined || !locator) return { nodes, showsLocator: shows ?? false };
      // Whether the style prints the lines is known once the citation is formatted. Asking
      // the style now took a citeproc-js engine (about 1 s to prepare) on the thread that
      // writes the notes, before the first briefing could compile.
      deferred.citations[n]!.lines ??= nodesHtml(locatorNodes(cite.ranges));
      return { nodes, showsLocator: false, locator: [raw(`\u0000L${n}\u0000`)] };
    },
  };
}

/**
 * The import a deferring briefing's module needs (an `mdxjsEsm` node).
 * @returns The node.
 */
export function deferredImport(): RootContent {
  return { type: 'mdxjsEsm', value: deferredImportCode() } as unknown as RootContent;
}

/**
 * @returns The import a deferring briefing's module needs, as code (`checked-text.ts` writes it into the MDX).
 */
export function deferredImportCode(): string {
  return `import { fillReferences as ${FILL}, referenceList as ${LIST}, note as ${NOTE}, kept as ${KEPT} } from ${JSON.stringify(fileURLToPath(import.meta.url))};`;
}

/**
 * @param id The briefing.
 * @param html A note's markup.
 * @returns JS that fills in its placeholders at render, if it has any.
 */
export function fillCall(id: string, html: string): string | undefined {
  // Source text never holds NUL (sources.ts rejects it; Markdown turns it into U+FFFD), so only placeholders do.
  return html.includes('\u0000') ? `${FILL}(${JSON.stringify(id)}, ${JSON.stringify(html)})` : undefined;
}

/**
 * Keep a block of a note's markup for the page to print, out of the briefing's
 * module. Written into the MDX as a string, a briefing's notes (some 25 KB of
 * quoted lines and links) went through Sätteri's parser and compiler, the
 * bundler and V8's compiler as one long literal after another.
 * @param id The briefing (`deferReferences` was called for it).
 * @param html The block's markup, with placeholders for its citations.
 * @returns JS that prints it at render, its citations filled in.
 */
export function noteCall(id: string, html: string): string {
  const deferred = registry().get(id);
  if (!deferred) throw new Error(`attest: the references of ${id} were not deferred in this build`);
  deferred.kept.push(html);
  return `${NOTE}(${JSON.stringify(id)}, ${deferred.kept.length - 1})`;
}

/**
 * Keep a string the page prints as it is (a claim's data, some 2 KB of JSON
 * each) out of the briefing's module, as `noteCall` keeps its notes.
 * @param id The briefing, if `deferReferences` was called for it.
 * @param value The string.
 * @returns JS that gives it back at render, or undefined if nothing is kept for this briefing.
 */
export function keptCall(id: string, value: string): string | undefined {
  const deferred = registry().get(id);
  if (!deferred) return undefined;
  deferred.kept.push(value);
  return `${KEPT}(${JSON.stringify(id)}, ${deferred.kept.length - 1})`;
}

/**
 * At render: a string kept by `keptCall`.
 * @param id The briefing.
 * @param n Which string.
 * @returns It.
 */
export function kept(id: string, n: number): string {
  const value = registry().get(id)?.kept[n];
  if (value === undefined) throw new Error(`attest: kept string ${n} of ${id} was not kept in this build`);
  return value;
}

/**
 * At render: a block kept by `noteCall`, its citations filled in.
 * @param id The briefing.
 * @param n Which block.
 * @returns Its HTML.
 */
export function note(id: string, n: number): string {
  const html = registry().get(id)?.kept[n];
  if (html === undefined) throw new Error(`attest: note block ${n} of ${id} was not kept in this build`);
  return fillReferences(id, html);
}

/**
 * @param id The briefing.
 * @returns JS that renders its reference list.
 */
export function listCall(id: string): string {
  return `${LIST}(${JSON.stringify(id)})`;
}

/**
 * Before a briefing's page renders its references: its page calls this
 * between `render(entry)` and `<Content />`. The page waits for them, unless
 * a worker is still formatting them and the build fills them in after the
 * pages are written (`late-references.ts`).
 * @param id The briefing's file, from the project root (a content entry's `filePath`).
 * @param page Its page (`Astro.url.pathname`).
 */
export async function deferredReferencesReady(id: string | undefined, page: string): Promise<void> {
  const deferred = id === undefined ? undefined : registry().get(id);
  if (!deferred || deferred.formatted || deferred.late) return;
  if (fillsLater(deferred.key)) deferred.late = page;
  else deferred.formatted = await formattedBriefingSoon(deferred.request, deferred.key);
}

/** The briefing's references: waited for by its page, or else formatted here and now. */
function formatted(id: string): { deferred: Deferred; references: BriefingReferences } {
  const deferred = registry().get(id);
  if (!deferred) throw new Error(`attest: the references of ${id} were not deferred in this build`);
  deferred.formatted ??= formattedBriefing(deferred.request, deferred.key);
  return { deferred, references: deferred.formatted };
}

/**
 * At render: a note with its citations filled in.
 * @param id The briefing.
 * @param html The note, with placeholders.
 * @returns The note's HTML.
 */
export function fillReferences(id: string, html: string): string {
  const page = registry().get(id)?.late;
  return html.replace(PLACEHOLDER, (_, lines: string, n: string) => {
    const fill = () => {
      const { deferred, references } = formatted(id);
      const c = deferred.citations[Number(n)]!;
      const citation = references.citation(c.key, c.locator);
      if (!lines) return citation.html;
      return citation.showsLocator ? '' : (c.lines ?? '');
    };
    return page ? markLater(fill, page) : fill();
  });
}

/**
 * At render: the briefing's reference list, or nothing if it has no entries.
 * @param id The briefing.
 * @returns The list's HTML.
 */
export function referenceList(id: string): string {
  const page = registry().get(id)?.late;
  return page ? markLater(() => listNow(id), page) : listNow(id);
}

function listNow(id: string): string {
  const { deferred, references } = formatted(id);
  const list = references.bibliography;
  if (!list?.length) return '';
  return referenceListHtml(list, deferred.base, deferred.slug);
}

/** A deferred briefing as a build's check thread hands it over (`check-worker.ts`): what its rewrite asked for, before any page renders. */
export type DeferredEntry = Pick<Deferred, 'request' | 'key' | 'citations' | 'base' | 'slug' | 'kept'>;

/**
 * @param id A briefing deferred on this thread.
 * @returns What its page needs, as plain data.
 */
export function deferredEntry(id: string): DeferredEntry | undefined {
  const d = registry().get(id);
  return d && { request: d.request, key: d.key, citations: d.citations, base: d.base, slug: d.slug, kept: d.kept };
}

/**
 * Take over a briefing deferred on another thread: its page fills in its references here.
 * @param id The briefing.
 * @param entry What `deferredEntry` gave there.
 */
export function adoptDeferredReferences(id: string, entry: DeferredEntry): void {
  registry().set(id, { ...entry });
}

/** Let go of every deferred briefing (the pages are written). */
export function forgetDeferredReferences(): void {
  registry().clear();
}

function raw(value: string): ElementContent {
  return { type: 'raw', value } as unknown as ElementContent;
}
