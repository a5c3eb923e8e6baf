/**
 * The one place that loads citation-js and its plugins (CSL, BibTeX, RIS).
 * Everything else imports from here, so the plugins register exactly once
 * and only build-time code (Node) ever pulls citation-js in.
 */
import { Cite, plugins, type CSL } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-ris';
import { cacheDisambiguation, memoizeDisambiguation } from './citeproc-disambiguation.ts';
import { cacheSortKeys, cachedSortKeys, memoizeSortKeys } from './citeproc-sort-keys.ts';

memoizeSortKeys();
memoizeDisambiguation();

export { Cite };
export type CslData = CSL;

/** What citeproc-js exposes and we use. */
export interface CiteprocEngine {
  updateItems(ids: string[]): string[];
  makeCitationCluster(items: Array<{ id: string; locator?: string; label?: string }>): string;
  /** The reference list, or false if the style has none; `exclude` leaves out items whose field has the value. */
  makeBibliography(selection?: { exclude: Array<{ field: string; value: string }> }): [{ bibstart: string; bibend: string; entry_ids: string[][] } & Record<string, unknown>, string[]] | false;
  /** The style's `<bibliography>` options. */
  bibliography: { opt: { exclude_types?: string[]; exclude_with_fields?: string[] } };
  /** The item registry: each item's ambiguity key and what disambiguation decided for it, and the items that share a key. */
  registry: { registry: Record<string, { ambig: string; disambig: unknown }>; ambigcites: Record<string, string[]> };
}

/** The CSL plugin's registries of styles and locales, and its engine factory. */
export function cslConfig() {
  return plugins.config.get('@csl');
}

/**
 * A citeproc-js engine for a style and locale with these items loaded
 * (plugin-csl keeps one engine per style and locale and resets it).
 * @param items CSL-JSON items.
 * @param style A registered style name.
 * @param locale A registered locale, or undefined for the style's default.
 * @returns The engine, set to HTML output.
 */
export function cslEngine(items: CslData[], style: string, locale: string | undefined): CiteprocEngine {
  const engine = cslConfig().engine(items, style, locale as string, 'html') as CiteprocEngine;
  cacheSortKeys(engine, cslConfig().styles.get(style) as string);
  // Alike references get year suffixes in order of citation only where sort keys depend on nothing but the item.
  if (cachedSortKeys(engine) !== undefined) cacheDisambiguation(engine);
  return engine;
}

/**
 * The bundled locale that fits a BCP 47 tag (`de` → `de-DE`), if any.
 * @param lang The briefing's language.
 * @returns A locale name, or undefined to use the style's default.
 */
export function cslLocale(lang: string | undefined): string | undefined {
  if (!lang) return undefined;
  const locales = cslConfig().locales;
  if (locales.has(lang)) return lang;
  const primary = lang.split('-')[0]!.toLowerCase();
  // English falls back to the style's own default locale (en-US or en-GB).
  if (primary === 'en') return undefined;
  return locales.list().find((l) => l.toLowerCase().startsWith(primary + '-'));
}
