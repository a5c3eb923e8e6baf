/**
 * citeproc-js's reference-list sort keys, computed once per engine and item.
 *
 * Every briefing is its own citeproc-js pass, and each pass computes the sort
 * keys of each of its items again by running the style's `<sort>` macros
 * over the item: APA's expand to some 70,000 tokens, a fifth of the time a
 * briefing takes. A source cited by three briefings, or ten thousand sources
 * with no metadata, have the same keys each time, because a key depends only
 * on the style and the item, unless the style asks for the item's place in
 * the list (`citation-number`), its disambiguation (`year-suffix`) or its key
 * (`citation-key`, `citation-label`). Engines of such styles are left alone,
 * as are engines `cslEngine` did not prepare.
 *
 * plugin-csl keeps one engine per style and locale, so the cache lives as
 * long as the engine. `CSL.getSortKeys` is citeproc-js's own function, looked
 * up on its namespace at each call, and stays the one that computes.
 */
import { createRequire } from 'node:module';
import { citeprocItemJson } from './csl-item.ts';

interface SortState {
  bibliography_sort: { tokens: Array<{ variables?: string[] }> };
}

type GetSortKeys = ((this: SortState, item: Record<string, unknown>, keyType: string) => string[]) & { [MEMOIZED]?: true };

const MEMOIZED = Symbol.for('attest.citeproc-sort-keys');
/** Variables whose value is not the item's own: these anywhere in the style (citeproc-js leaves no trace of `citation-number` in the sort's tokens)… */
const IN_STYLE = ['citation-number', 'citation-key', 'citation-label'];
/** …and these in its sort, as a key or in a key's macro (APA prints `year-suffix`, but does not sort by it). */
const IN_SORT = ['year-suffix', 'first-reference-note-number', 'locator'];
const SORT_KEY = new RegExp(`<key\\b[^>]*\\bvariable="(?:${IN_SORT.join('|')})"`);

const caches = new WeakMap<object, Map<string, string[]> | false>();

/** Wrap `CSL.getSortKeys`, once per copy of citeproc-js (the build's and each worker's). */
export function memoizeSortKeys(): void {
  const CSL = createRequire(import.meta.url)('citeproc') as { getSortKeys: GetSortKeys };
  const original = CSL.getSortKeys;
  if (original[MEMOIZED]) return;
  const memoized: GetSortKeys = function (item, keyType) {
    const cache = keyType === 'bibliography_sort' && caches.get(this);
    if (!cache) return original.call(this, item, keyType);
    // The sort reads neither the id nor the key (nor citeproc's own id): the rest is the item.
    const key = citeprocItemJson(item);
    const hit = cache.get(key);
    if (hit) return hit.slice();
    const keys = original.call(this, item, keyType);
    cache.set(key, keys.slice());
    return keys;
  };
  memoized[MEMOIZED] = true;
  CSL.getSortKeys = memoized;
}

/**
 * Let an engine keep its items' sort keys if its style's sort reads nothing but the item.
 * @param engine A citeproc-js engine.
 * @param styleXml Its style's CSL text.
 */
export function cacheSortKeys(engine: object, styleXml: string): void {
  if (caches.has(engine)) return;
  const tokens = (engine as SortState).bibliography_sort.tokens;
  const contextual = IN_STYLE.some((v) => styleXml.includes(v)) || SORT_KEY.test(styleXml) || tokens.some((t) => t.variables?.some((v) => IN_SORT.includes(v)));
  caches.set(engine, contextual ? false : new Map());
}

/**
 * @param engine A citeproc-js engine (`cslEngine`).
 * @returns How many items' sort keys it keeps, or undefined if it keeps none.
 */
export function cachedSortKeys(engine: object): number | undefined {
  const cache = caches.get(engine);
  return cache ? cache.size : undefined;
}
