/**
 * Formatting references with citation-js (citeproc-js underneath): the short
 * citation in each footnote, with its `line` locator, and the reference list
 * of a briefing, in the briefing's CSL style.
 *
 * Results are kept in the process-wide store (`reference-store.ts`) under
 * everything they depend on (style, locale, the items in order, the distinct
 * citations), so each is formatted once: here, or ahead of the pages in a
 * worker (`src/integration/reference-workers.ts`), or by the last build.
 */
import { cslEngine, type CiteprocEngine, type CslData } from './citation-js.ts';
import { safeCslHtml } from './csl-html.ts';
import { withoutKey } from './csl-item.ts';
import { referencePieces } from './reference-pieces.ts';
import type { CslStyle } from './csl-styles.ts';
import { pendingReference, referenceKey, storedReference, storeReference, type Formatted, type FormattedBriefing, type FormattedCitation } from './reference-store.ts';

/** One cited source and, if the citation names lines, its locator (`27-29`, `3, 7-9`). */
export interface CiteRequest {
  key: string;
  locator?: string;
}

export type { FormattedCitation };

export interface BriefingReferences {
  /** The citation for a key and locator that were requested. */
  citation(key: string, locator?: string): FormattedCitation;
  /** Reference list entries in the style's order, or undefined if the style has no bibliography. */
  bibliography?: Array<{ key: string; html: string }>;
}

/** Everything a briefing's references depend on: what a worker is sent. */
export interface BriefingRequest {
  style: CslStyle;
  /** A bundled CSL locale, or undefined for the style's default. */
  locale: string | undefined;
  /** The cited sources' CSL items, in order of first citation. */
  items: readonly CslData[];
  /** Every citation of the briefing (duplicates are formatted once). */
  cites: readonly CiteRequest[];
}

/**
 * The store key of a briefing's references.
 * @param request The briefing's style, locale, items and citations.
 * @returns A `referenceKey`.
 */
export function briefingKey(request: BriefingRequest): string {
  const distinct = [...new Set(request.cites.map((c) => citeId(c.key, c.locator)))];
  return referenceKey(['briefing', request.style.id, request.locale ?? '', request.items, distinct]);
}

/**
 * Format the citations and the reference list of one briefing, or find them formatted.
 * @param style The briefing's style.
 * @param locale A bundled CSL locale, or undefined for the style's default.
 * @param items The cited sources' CSL items, in order of first citation.
 * @param cites Every citation of the briefing (duplicates are formatted once).
 * @returns Citations and reference list.
 */
export function formatBriefingReferences(style: CslStyle, locale: string | undefined, items: readonly CslData[], cites: readonly CiteRequest[]): BriefingReferences {
  return formattedBriefing({ style, locale, items, cites });
}

/**
 * `formatBriefingReferences` for a request.
 * @param request The briefing's style, locale, items and citations.
 * @param key Its `briefingKey`, if known.
 * @returns Citations and reference list.
 */
export function formattedBriefing(request: BriefingRequest, key = briefingKey(request)): BriefingReferences {
  return briefingAccess(storedOr(key, () => computeBriefingReferences(request, undefined, storedEntries(request))));
}

/**
 * The "Cite this source" entries already in the store for a briefing's
 * items: each is that item's reference list entry wherever it stands alone
 * (see `computeBriefingReferences`), so citeproc-js need not print it again.
 * @param request The briefing's style, locale, items and citations.
 * @param lookup Where entries are kept, by `sourceKey`: the store, or a worker's own.
 * @returns Entries by item id; empty where they cannot be used.
 */
export function storedEntries({ style, locale, items }: BriefingRequest, lookup: (key: string) => string | undefined = storedReference<string>): Record<string, string> {
  const known: Record<string, string> = {};
  if (!style.entriesStandAlone || locale !== undefined) return known;
  for (const item of items) {
    const html = lookup(sourceKey(style, item));
    if (html !== undefined) known[String(item.id)] = html;
  }
  return known;
}

/**
 * `formattedBriefing`, waiting for a worker that is formatting this briefing.
 * @param request The briefing's style, locale, items and citations.
 * @param key Its `briefingKey`, if known.
 * @returns Citations and reference list.
 */
export async function formattedBriefingSoon(request: BriefingRequest, key = briefingKey(request)): Promise<BriefingReferences> {
  await settled(key);
  return formattedBriefing(request, key);
}

function briefingAccess(found: FormattedBriefing): BriefingReferences {
  const citations = new Map(found.citations);
  const result: BriefingReferences = {
    citation(key, locator) {
      const hit = citations.get(citeId(key, locator));
      if (!hit) throw new Error(`citation ${key} ${locator ?? ''} was not formatted`);
      return hit;
    },
  };
  if (found.bibliography) result.bibliography = found.bibliography;
  return result;
}

/**
 * Run citeproc-js over one briefing. A briefing is one engine pass, because
 * a citation depends on its neighbours: numeric styles number references in
 * order of first citation, and author-date styles add `2022a`/`2022b` when two
 * references would otherwise read alike.
 * @param request The briefing's style, locale, items and citations.
 * @param share Called with each reference list entry that reads as it would
 *   alone (no `2022a`, no number, the style's default locale): that source's
 *   "Cite this source" entry, which then need not be formatted again.
 * @param known The other way round: "Cite this source" entries formatted
 *   already, by item id (`storedEntries`). An item alone in its ambiguity
 *   group takes its entry from here instead of citeproc-js printing it again.
 * @returns Plain data, to store or send between threads.
 */
export function computeBriefingReferences({ style, locale, items, cites }: BriefingRequest, share?: (item: CslData, html: string) => void, known: Readonly<Record<string, string>> = {}): FormattedBriefing {
  const distinct = [...new Map(cites.map((c) => [citeId(c.key, c.locator), c])).values()];
  // Probed before the briefing's engine is prepared: plugin-csl shares one engine per style and locale.
  const prints = new Map(items.map((i) => [String(i.id), printsLocator(style, String(i.type), locale)]));
  const engine = cslEngine([...items], style.id, locale);
  const sorted = engine.updateItems(items.map((i) => String(i.id)));
  const byId = new Map(items.map((i) => [String(i.id), i]));
  const pieces = referencePieces(engine, style);
  const result: FormattedBriefing = { citations: [] };
  for (const c of distinct) {
    const format = () => safeCslHtml(engine.makeCitationCluster([{ id: c.key, ...(c.locator ? { locator: c.locator, label: 'line' } : {}) }]));
    const item = byId.get(c.key);
    const html = pieces && item ? pieces.citation(item, c.locator, format) : format();
    result.citations.push([citeId(c.key, c.locator), { html, showsLocator: Boolean(c.locator) && prints.get(c.key) === true }]);
  }
  if (style.hasBibliography && items.length) {
    const { registry, ambigcites } = engine.registry;
    // Alone in its ambiguity group: no other reference of the briefing made citeproc disambiguate it.
    const alone = (id: string) => {
      const akey = registry[id]?.ambig;
      return akey !== undefined && ambigcites[akey]?.length === 1;
    };
    const standAlone = style.entriesStandAlone && locale === undefined;
    const reusable = standAlone && !excludesEntries(engine);
    // An entry printed before: as the source's "Cite this source" entry, or in another briefing with the same disambiguation.
    const before = (id: string) => (known[id] !== undefined && alone(id) ? known[id] : pieces?.entry(byId.get(id)!));
    const reused = new Map(reusable ? sorted.flatMap((id) => {
      const html = before(id);
      return html === undefined ? [] : [[id, html] as const];
    }) : []);
    // citeproc-js prints only the rest (its documented `exclude` selection), in the same order; none, if every entry is reused.
    const exclude = [...reused.keys()].map((id) => ({ field: 'id', value: id }));
    const bib = reused.size === sorted.length ? ([{ entry_ids: [] }, []] as const) : engine.makeBibliography(reused.size ? { exclude } : undefined);
    if (bib) {
      // Matched by id: a style may leave an item out of its list (`exclude_types`).
      const printed = new Map(bib[0].entry_ids.map((ids, i) => [String(ids[0]), safeCslHtml(bib[1][i]!)]));
      if (pieces && reusable) for (const [id, html] of printed) pieces.keepEntry(byId.get(id)!, html);
      result.bibliography = sorted.flatMap((key) => {
        const html = reused.get(key) ?? printed.get(key);
        return html === undefined ? [] : [{ key, html }];
      });
    }
    if (share && result.bibliography && standAlone) {
      for (const e of result.bibliography) if (!reused.has(e.key) && alone(e.key)) share(byId.get(e.key)!, e.html);
    }
  }
  return result;
}

/** Whether the style leaves some types or fields out of its reference list (a selection of ours would replace that). */
function excludesEntries(engine: CiteprocEngine): boolean {
  const opt = engine.bibliography.opt;
  return Boolean(opt.exclude_types?.length || opt.exclude_with_fields?.length);
}

/**
 * The store key of a source's "Cite this source" entry.
 * @param style The site's style.
 * @param item The source's CSL item.
 * @returns A `referenceKey`.
 */
export function sourceKey(style: CslStyle, item: CslData): string {
  // Sources with the same metadata share one entry: every source without metadata reads "(n.d.)." and is formatted once.
  return referenceKey(['source', style.id, style.printsKey ? item : withoutKey(item)]);
}

/**
 * One source's reference-list entry on its own, for "Cite this source".
 * @param style The site's style.
 * @param item The source's CSL item.
 * @param key Its `sourceKey`, if known.
 * @returns The entry's HTML (see `safeCslHtml`), or its citation's if the style has no bibliography.
 */
export function formatSourceReference(style: CslStyle, item: CslData, key = sourceKey(style, item)): string {
  return storedOr(key, () => computeSourceReference(style, item));
}

/**
 * `formatSourceReference`, waiting for a worker that is formatting this entry.
 * @param style The site's style.
 * @param item The source's CSL item.
 * @param key Its `sourceKey`, if known.
 * @returns The entry's HTML (see `safeCslHtml`).
 */
export async function formatSourceReferenceSoon(style: CslStyle, item: CslData, key = sourceKey(style, item)): Promise<string> {
  await settled(key);
  return formatSourceReference(style, item, key);
}

/** The stored result for a key, or `compute`'s, which is stored. */
function storedOr<T extends Formatted>(key: string, compute: () => T): T {
  let found = storedReference<T>(key);
  if (found === undefined) {
    found = compute();
    storeReference(key, found);
  }
  return found;
}

/** Wait for a worker formatting this key; one that failed leaves it to be formatted here, where its error is reported. */
async function settled(key: string): Promise<void> {
  await pendingReference(key)?.catch(() => undefined);
}

/**
 * Run citeproc-js over one source on its own.
 * @param style The site's style.
 * @param item The source's CSL item.
 * @returns The entry's HTML (see `safeCslHtml`).
 */
export function computeSourceReference(style: CslStyle, item: CslData): string {
  const engine = cslEngine([item], style.id, undefined);
  engine.updateItems([String(item.id)]);
  const bib = style.hasBibliography ? engine.makeBibliography() : false;
  return safeCslHtml(bib ? bib[1].join('') : engine.makeCitationCluster([{ id: String(item.id) }]));
}

/** Answers kept process-wide: a reference worker's arrive through the build's copy of this module. */
const LOCATORS = Symbol.for('attest.prints-locator');
const locatorCache: Map<string, boolean> = ((globalThis as { [LOCATORS]?: Map<string, boolean> })[LOCATORS] ??= new Map());

const locatorKey = (style: CslStyle, type: string, locale: string | undefined) => `${style.id}\u0000${locale ?? ''}\u0000${type}`;

/**
 * Whether a style's citations print a `line` locator for an item type (numeric
 * styles such as Vancouver print only the number). Asked once per style,
 * locale and type, with a stand-in item.
 * @param style A style.
 * @param type A CSL item type.
 * @param locale A bundled CSL locale, or undefined for the style's default.
 * @returns Whether a footnote need not add the lines itself.
 */
export function printsLocator(style: CslStyle, type: string, locale: string | undefined): boolean {
  const key = locatorKey(style, type, locale);
  const hit = locatorCache.get(key);
  if (hit !== undefined) return hit;
  const probe = { id: 'attest-probe', type, title: 'Probe' } as CslData;
  const engine = cslEngine([probe], style.id, locale);
  engine.updateItems([probe.id as string]);
  const prints = engine.makeCitationCluster([{ id: 'attest-probe', locator: '7', label: 'line' }]) !== engine.makeCitationCluster([{ id: 'attest-probe' }]);
  locatorCache.set(key, prints);
  return prints;
}

/**
 * `printsLocator` for every style, locale and item type of some briefings,
 * asked on a reference worker, which prepares their engines anyway: the
 * build's thread would otherwise prepare one (1.2–1.7 s for APA) just to ask.
 * @param requests The briefings' requests.
 * @returns `[key, answer]` pairs for `rememberLocators`, without those citeproc-js could not answer.
 */
export function locatorAnswers(requests: Iterable<BriefingRequest>): Array<[string, boolean]> {
  const answers = new Map<string, boolean>();
  for (const { style, locale, items } of requests) {
    for (const item of items) {
      const key = locatorKey(style, String(item.type), locale);
      if (answers.has(key)) continue;
      try {
        answers.set(key, printsLocator(style, String(item.type), locale));
      } catch {
        // Left out: the thread that needs the answer asks for itself, and reports what fails there.
      }
    }
  }
  return [...answers];
}

/**
 * Keep answers from `locatorAnswers` (another thread's).
 * @param answers `[key, answer]` pairs.
 */
export function rememberLocators(answers: ReadonlyArray<readonly [string, boolean]>): void {
  for (const [key, prints] of answers) locatorCache.set(key, prints);
}

/**
 * @param key A source key.
 * @param locator Its locator, if any.
 * @returns How a briefing's formatted citations are keyed (`FormattedBriefing.citations`).
 */
export function citeId(key: string, locator?: string): string {
  return `${key}\u0000${locator ?? ''}`;
}
