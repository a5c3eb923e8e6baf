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
 * A group of one reference without names is not rendered at all: citeproc-js
 * would render its citation once more and keep the settings the reference
 * was registered with (there are no given names to record). On the bench
 * corpus that was 1 s of the references' 15 CPU-seconds, and left all 18,000
 * results of three styles as they were.
 *
 * Before that, registering each reference renders its citation once to find
 * its ambiguity key (`getAmbiguousCite` from `doinserts`, another 20%). For
 * a reference without names that is not registered yet, that depends on its
 * metadata alone, so the key and the settings it leaves are kept per
 * metadata too.
 *
 * Only engines whose sort keys are kept use these caches (`cslEngine`): there
 * the sort reads nothing but the item, so alike items sort together in order
 * of citation, and year suffixes follow that order. plugin-csl keeps one
 * engine per style and locale, so the caches live as long as the engine, as
 * the sort keys do (`citeproc-sort-keys.ts`).
 */
import { createRequire } from 'node:module';
import { citeprocItemJson } from './csl-item.ts';

interface RegistryEntry {
  ref?: Record<string, unknown>;
  disambig: unknown;
}

interface DisambiguationState {
  tmp: { disambig_request: unknown; disambig_settings: unknown; area: string; root: string; just_looking: boolean };
  registry: {
    registry: Record<string, RegistryEntry | undefined>;
    ambigcites: Record<string, string[] | undefined>;
    /** The items in the order they were submitted (the briefing's order of citation). */
    mylist: Array<string | number>;
    registerAmbigToken(akey: string, id: string, config: unknown): void;
  };
}

type Run = ((this: { state: DisambiguationState }, akey: string) => void) & { [MEMOIZED]?: true };
type AmbiguousCite = ((this: DisambiguationState, item: Record<string, unknown>, disambig?: unknown, visualForm?: unknown, cite?: unknown) => string) & { [MEMOIZED]?: true };

interface Citeproc {
  Disambiguation: { prototype: { run: Run } };
  getAmbiguousCite: AmbiguousCite;
  cloneAmbigConfig(config: unknown): unknown;
}

const MEMOIZED = Symbol.for('attest.citeproc-disambiguation');

interface Caches {
  /** Each group's outcome: its members' settings, in order of citation. */
  groups: Map<string, unknown[]>;
  /** Each unregistered item's ambiguity key, and the settings its rendering leaves. */
  keys: Map<string, { akey: string; settings: unknown }>;
}

const caches = new WeakMap<object, Caches>();

/** Wrap `CSL.Disambiguation.prototype.run` and `CSL.getAmbiguousCite`, once per copy of citeproc-js (the build's and each worker's). */
export function memoizeDisambiguation(): void {
  const CSL = createRequire(import.meta.url)('citeproc') as Citeproc;
  memoizeRun(CSL);
  memoizeAmbiguousCite(CSL);
}

function memoizeAmbiguousCite(CSL: Citeproc): void {
  const original = CSL.getAmbiguousCite;
  if (original[MEMOIZED]) return;
  const memoized: AmbiguousCite = function (item, disambig, visualForm, cite) {
    const cache = caches.get(this)?.keys;
    // Only as `doinserts` asks: the item alone, before it is registered (a registered item renders with its own settings).
    const content = cache && !disambig && !visualForm && !cite && !this.registry.registry[String(item['id'])] ? namelessContent(item) : undefined;
    if (!cache || content === undefined) return original.call(this, item, disambig, visualForm, cite);
    const hit = cache.get(content);
    if (hit) {
      // What the rendering leaves and its caller reads (`getAmbigConfig`), as the rendering leaves it.
      this.tmp.disambig_request = false;
      this.tmp.disambig_settings = CSL.cloneAmbigConfig(hit.settings);
      this.tmp.area = 'citation';
      this.tmp.root = 'citation';
      this.tmp.just_looking = false;
      return hit.akey;
    }
    const akey = original.call(this, item, disambig, visualForm, cite);
    cache.set(content, { akey, settings: CSL.cloneAmbigConfig(this.tmp.disambig_settings) });
    return akey;
  };
  memoized[MEMOIZED] = true;
  CSL.getAmbiguousCite = memoized;
}

function memoizeRun(CSL: Citeproc): void {
  const proto = CSL.Disambiguation.prototype;
  const original = proto.run;
  if (original[MEMOIZED]) return;
  const memoized: Run = function (akey) {
    const cache = caches.get(this.state)?.groups;
    const registry = this.state.registry;
    // A reference alone in its group, without names: citeproc-js would render its citation once
    // more and keep the settings it registered with (no names, so no given names to record).
    const ids = registry.ambigcites[akey];
    const ref = ids?.length === 1 ? registry.registry[ids[0]!]?.ref : undefined;
    if (cache && ref && !hasNames(ref)) return;
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
    const json = ref && namelessContent(ref);
    if (json === undefined) return undefined;
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

/** An item's metadata as JSON, unless it has a name variable. */
function namelessContent(item: Record<string, unknown>): string | undefined {
  if (hasNames(item)) return undefined;
  // Neither the key nor citeproc-js's own id is read to render a citation or tell it apart; the rest is the item.
  return citeprocItemJson(item);
}

/**
 * Let an engine keep the disambiguation of groups of alike references.
 * @param engine A citeproc-js engine.
 */
export function cacheDisambiguation(engine: object): void {
  if (!caches.has(engine)) caches.set(engine, { groups: new Map(), keys: new Map() });
}

/**
 * @param engine A citeproc-js engine (`cslEngine`).
 * @returns How many groups' disambiguation it keeps, or undefined if it keeps none.
 */
export function cachedDisambiguations(engine: object): number | undefined {
  return caches.get(engine)?.groups.size;
}

/**
 * @param engine A citeproc-js engine (`cslEngine`).
 * @returns How many items' ambiguity keys it keeps, or undefined if it keeps none.
 */
export function cachedAmbiguityKeys(engine: object): number | undefined {
  return caches.get(engine)?.keys.size;
}
