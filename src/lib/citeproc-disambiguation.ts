/**
 * citeproc-js's disambiguation, kept per engine for groups of references
 * that read exactly alike.
 *
 * Every briefing is its own citeproc-js pass, and each pass disambiguates
 * each group of references whose citations would read the same (an
 * "ambiguity key", such as "(n.d.)"), by rendering their citations again
 * with more names, given names, a year suffix or the style's `disambiguate`
 * condition. A reference alone in its group is rendered once more on the way
 * in. On the bench corpus that was 28% of citeproc-js's time: every briefing
 * cites some ten sources without metadata, all "(n.d.)", and citeproc-js
 * tells them apart afresh each time.
 *
 * When every reference of a group has the same metadata and no names, the
 * outcome cannot depend on anything but that metadata, how many they are and
 * the order the briefing cites them in: they read alike whatever is added
 * (no names to add, no given names), and a year suffix follows the order of
 * citation among items that sort alike (`disYears`). So the outcome, each
 * member's disambiguation settings in citation order, is kept under exactly
 * that and replayed. Groups with names (whose given names depend on every
 * name in the briefing) or with differing members go through citeproc-js.
 *
 * plugin-csl keeps one engine per style and locale, so the cache lives as
 * long as the engine, as the sort keys do (`citeproc-sort-keys.ts`).
 */
import { createRequire } from 'node:module';
import { withoutKey } from './csl-item.ts';

interface RegistryEntry {
  ref?: Record<string, unknown>;
  disambig: unknown;
}

interface DisambiguationState {
  registry: {
    registry: Record<string, RegistryEntry | undefined>;
    ambigcites: Record<string, string[] | undefined>;
    /** The items in the order they were submitted (the briefing's order of citation). */
    mylist: Array<string | number>;
    registerAmbigToken(akey: string, id: string, config: unknown): void;
  };
}

type Run = ((this: { state: DisambiguationState }, akey: string) => void) & { [MEMOIZED]?: true };

const MEMOIZED = Symbol.for('attest.citeproc-disambiguation');

const caches = new WeakMap<object, Map<string, unknown[]>>();

/** Wrap `CSL.Disambiguation.prototype.run`, once per copy of citeproc-js (the build's and each worker's). */
export function memoizeDisambiguation(): void {
  const CSL = createRequire(import.meta.url)('citeproc') as { Disambiguation: { prototype: { run: Run } } };
  const proto = CSL.Disambiguation.prototype;
  const original = proto.run;
  if (original[MEMOIZED]) return;
  const memoized: Run = function (akey) {
    const cache = caches.get(this.state);
    const registry = this.state.registry;
    const members = cache ? alikeMembers(registry, akey) : undefined;
    if (!cache || !members) return original.call(this, akey);
    const key = `${akey}\u0000${members.ids.length}\u0000${members.content}`;
    const hit = cache.get(key);
    if (hit) {
      members.ids.forEach((id, i) => registry.registerAmbigToken(akey, id, hit[i]));
      return;
    }
    original.call(this, akey);
    cache.set(
      key,
      members.ids.map((id) => structuredClone(registry.registry[id]!.disambig)),
    );
  };
  memoized[MEMOIZED] = true;
  proto.run = memoized;
}

/**
 * A group's members in the order the briefing cites them, if they all have
 * the same metadata and no names.
 */
function alikeMembers(registry: DisambiguationState['registry'], akey: string): { ids: string[]; content: string } | undefined {
  const ids = registry.ambigcites[akey];
  if (!ids?.length) return undefined;
  let content: string | undefined;
  for (const id of ids) {
    const ref = registry.registry[id]?.ref;
    if (!ref || hasNames(ref)) return undefined;
    // Neither the key nor citeproc-js's own id is read to disambiguate; the rest is the item.
    const { system_id: _system, ...rest } = withoutKey(ref);
    const json = JSON.stringify(rest);
    if (content === undefined) content = json;
    else if (json !== content) return undefined;
  }
  const order = new Map(registry.mylist.map((id, i) => [String(id), i]));
  if (ids.some((id) => !order.has(id))) return undefined;
  return { ids: [...ids].sort((a, b) => order.get(a)! - order.get(b)!), content: content! };
}

/** Whether an item has a name variable (a list of people or bodies). */
function hasNames(item: Record<string, unknown>): boolean {
  return Object.values(item).some((v) => Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null));
}

/**
 * Let an engine keep the disambiguation of groups of alike references.
 * @param engine A citeproc-js engine.
 */
export function cacheDisambiguation(engine: object): void {
  if (!caches.has(engine)) caches.set(engine, new Map());
}

/**
 * @param engine A citeproc-js engine (`cslEngine`).
 * @returns How many groups' disambiguation it keeps, or undefined if it keeps none.
 */
export function cachedDisambiguations(engine: object): number | undefined {
  return caches.get(engine)?.size;
}
