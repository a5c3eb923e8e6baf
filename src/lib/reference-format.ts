/**
 * Formatting references with citation-js (citeproc-js underneath): the short
 * citation in each footnote, with its `line` locator, and the reference list
 * of a briefing, in the briefing's CSL style.
 *
 * A briefing is formatted in one engine pass, because a citation depends on
 * its neighbours: numeric styles number references in order of first
 * citation, and author-date styles add `2022a`/`2022b` when two references
 * would otherwise read alike. The result is cached by everything it depends
 * on (style, locale, the items in order, the distinct citations), so a check
 * followed by a build, or a dev server re-rendering a page, formats once.
 */
import { cslEngine, type CslData } from './citation-js.ts';
import type { CslStyle } from './csl-styles.ts';

/** One cited source and, if the citation names lines, its locator (`27-29`, `3, 7-9`). */
export interface CiteRequest {
  key: string;
  locator?: string;
}

export interface FormattedCitation {
  /** citeproc-js HTML (sanitize with `cslHtmlToHast`). */
  html: string;
  /** False when the style prints no locator (Vancouver prints only the number). */
  showsLocator: boolean;
}

export interface BriefingReferences {
  /** The citation for a key and locator that were requested. */
  citation(key: string, locator?: string): FormattedCitation;
  /** Reference list entries in the style's order, or undefined if the style has no bibliography. */
  bibliography?: Array<{ key: string; html: string }>;
}

const briefingCache = new Map<string, BriefingReferences>();
const sourceCache = new Map<string, string>();

/**
 * Format the citations and the reference list of one briefing.
 * @param style The briefing's style.
 * @param locale A bundled CSL locale, or undefined for the style's default.
 * @param items The cited sources' CSL items, in order of first citation.
 * @param cites Every citation of the briefing (duplicates are formatted once).
 * @returns Citations and reference list.
 */
export function formatBriefingReferences(style: CslStyle, locale: string | undefined, items: readonly CslData[], cites: readonly CiteRequest[]): BriefingReferences {
  const distinct = [...new Map(cites.map((c) => [citeId(c.key, c.locator), c])).values()];
  const cacheKey = JSON.stringify([style.id, locale ?? '', items, distinct.map((c) => citeId(c.key, c.locator))]);
  const hit = briefingCache.get(cacheKey);
  if (hit) return hit;
  // Probed before the briefing's engine is prepared: plugin-csl shares one engine per style and locale.
  const prints = new Map(items.map((i) => [String(i.id), printsLocator(style, String(i.type), locale)]));
  const engine = cslEngine([...items], style.id, locale);
  const sorted = engine.updateItems(items.map((i) => String(i.id)));
  const citations = new Map<string, FormattedCitation>();
  for (const c of distinct) {
    const html = engine.makeCitationCluster([{ id: c.key, ...(c.locator ? { locator: c.locator, label: 'line' } : {}) }]);
    citations.set(citeId(c.key, c.locator), { html, showsLocator: Boolean(c.locator) && prints.get(c.key) === true });
  }
  const result: BriefingReferences = {
    citation(key, locator) {
      const found = citations.get(citeId(key, locator));
      if (!found) throw new Error(`citation ${key} ${locator ?? ''} was not formatted`);
      return found;
    },
  };
  if (style.hasBibliography && items.length) {
    const bib = engine.makeBibliography();
    if (bib) result.bibliography = bib[1].map((html, i) => ({ key: sorted[i]!, html }));
  }
  briefingCache.set(cacheKey, result);
  return result;
}

/**
 * One source's reference-list entry on its own, for "Cite this source".
 * @param style The site's style.
 * @param item The source's CSL item.
 * @returns citeproc-js HTML of the entry, or of its citation if the style has no bibliography.
 */
export function formatSourceReference(style: CslStyle, item: CslData): string {
  const cacheKey = JSON.stringify([style.id, item]);
  const hit = sourceCache.get(cacheKey);
  if (hit !== undefined) return hit;
  const engine = cslEngine([item], style.id, undefined);
  engine.updateItems([String(item.id)]);
  const bib = style.hasBibliography ? engine.makeBibliography() : false;
  const html = bib ? bib[1].join('') : engine.makeCitationCluster([{ id: String(item.id) }]);
  sourceCache.set(cacheKey, html);
  return html;
}

const locatorCache = new Map<string, boolean>();

/**
 * Whether a style's citations print a `line` locator for an item type (numeric
 * styles such as Vancouver print only the number). Asked once per style,
 * locale and type, with a stand-in item.
 */
function printsLocator(style: CslStyle, type: string, locale: string | undefined): boolean {
  const key = `${style.id}\u0000${locale ?? ''}\u0000${type}`;
  const hit = locatorCache.get(key);
  if (hit !== undefined) return hit;
  const probe = { id: 'attest-probe', type, title: 'Probe' } as CslData;
  const engine = cslEngine([probe], style.id, locale);
  engine.updateItems([probe.id as string]);
  const prints = engine.makeCitationCluster([{ id: 'attest-probe', locator: '7', label: 'line' }]) !== engine.makeCitationCluster([{ id: 'attest-probe' }]);
  locatorCache.set(key, prints);
  return prints;
}

function citeId(key: string, locator?: string): string {
  return `${key}\u0000${locator ?? ''}`;
}
