/**
 * Formatted citations and reference-list entries, kept per engine, item and
 * disambiguation.
 *
 * Every briefing is its own citeproc-js pass, because citeproc-js must see a
 * briefing's references together to tell alike ones apart (`2022a`, a given
 * name added). Once it has (`updateItems`), each item's registry entry holds
 * what it decided (`disambig`: names and given names shown, year suffix, the
 * `disambiguate` condition). In a style whose entries stand alone (no number,
 * no `———` for a repeated author) and that prints no key, a one-cite
 * citation and an entry then depend on nothing but the item, its locator
 * and that decision. Ten thousand sources without metadata, each "(n.d.-c)"
 * somewhere, are printed once per suffix instead of once per briefing.
 *
 * plugin-csl keeps one engine per style and locale, so the pieces live as
 * long as the engine, as the sort keys do (`citeproc-sort-keys.ts`).
 */
import type { CiteprocEngine, CslData } from './citation-js.ts';
import { withoutKey } from './csl-item.ts';
import type { CslStyle } from './csl-styles.ts';

export interface ReferencePieces {
  /** A one-cite citation, or what `format` prints (which is kept). */
  citation(item: CslData, locator: string | undefined, format: () => string): string;
  /** An entry kept from another briefing, if any. */
  entry(item: CslData): string | undefined;
  /** Keep an entry citeproc-js printed. */
  keepEntry(item: CslData, html: string): void;
}

const caches = new WeakMap<object, Map<string, string>>();

/**
 * @param engine The briefing's engine, its items updated.
 * @param style Its style.
 * @returns The engine's pieces, or undefined where they depend on more than the item (see above).
 */
export function referencePieces(engine: CiteprocEngine, style: CslStyle): ReferencePieces | undefined {
  if (!style.entriesStandAlone || style.printsKey) return undefined;
  let cache = caches.get(engine);
  if (!cache) caches.set(engine, (cache = new Map()));
  const kept = cache;
  const { registry } = engine.registry;
  // The item as it reads (without its key) and what citeproc-js decided for it in this briefing.
  const keyOf = (item: CslData) => `${JSON.stringify(withoutKey(item))}\u0000${JSON.stringify(registry[String(item.id)]?.disambig ?? null)}`;
  return {
    citation(item, locator, format) {
      const key = `c\u0000${locator ?? ''}\u0000${keyOf(item)}`;
      let html = kept.get(key);
      if (html === undefined) kept.set(key, (html = format()));
      return html;
    },
    entry: (item) => kept.get(`e\u0000${keyOf(item)}`),
    keepEntry(item, html) {
      kept.set(`e\u0000${keyOf(item)}`, html);
    },
  };
}

/**
 * @param engine A citeproc-js engine.
 * @returns How many pieces it keeps.
 */
export function keptPieces(engine: object): number {
  return caches.get(engine)?.size ?? 0;
}
