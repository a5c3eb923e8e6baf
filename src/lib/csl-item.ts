/**
 * A source's metadata as a CSL-JSON item: what citation-js formats and what
 * the exports contain. Only what the metadata records; nothing is filled in.
 */
import type { CslData } from './citation-js.ts';
import type { Source } from './sources.ts';

/**
 * @param source A loaded source.
 * @returns Its CSL-JSON item; `id` and `citation-key` are the source key.
 */
export function cslItem(source: Pick<Source, 'key' | 'meta'>): CslData {
  const m = source.meta;
  const item: Record<string, unknown> = { id: source.key, 'citation-key': source.key, type: m.type };
  if (m.title) item['title'] = m.title;
  if (m['container-title']) item['container-title'] = m['container-title'];
  if (m.publisher) item['publisher'] = m.publisher;
  if (m.author?.length) item['author'] = m.author.map((a) => ({ ...a }));
  if (m.issued) item['issued'] = cslDate(m.issued);
  if (m.accessed) item['accessed'] = cslDate(m.accessed);
  if (m.URL) item['URL'] = m.URL;
  if (m.language) item['language'] = m.language;
  return item as CslData;
}

/**
 * An item as its rendering depends on it, for a style that prints no key:
 * without `id` and `citation-key`. Sources with the same metadata read alike.
 * @param item A CSL item (ours, or citeproc-js's copy of it).
 * @returns The item's other fields.
 */
export function withoutKey<T extends { id?: unknown; 'citation-key'?: unknown }>(item: T): Omit<T, 'id' | 'citation-key'> {
  const { id: _id, 'citation-key': _key, ...rest } = item;
  return rest;
}

/**
 * citeproc-js's copy of an item as its rendering depends on it: without the
 * key, and without citeproc-js's own `system_id`. The sort and the
 * disambiguation caches key on it (`citeproc-sort-keys.ts`, `citeproc-disambiguation.ts`).
 * @param item An item from citeproc-js's registry.
 * @returns Its other fields as JSON.
 */
export function citeprocItemJson(item: Record<string, unknown>): string {
  const { system_id: _system, ...rest } = withoutKey(item);
  return JSON.stringify(rest);
}

/**
 * `2022-01-09` → `{ 'date-parts': [[2022, 1, 9]] }`; a year or month alone stays partial.
 * @param iso A validated ISO date.
 * @returns A CSL date.
 */
export function cslDate(iso: string): { 'date-parts': [[number] | [number, number] | [number, number, number]] } {
  const parts = iso.split('-').map(Number) as [number] | [number, number] | [number, number, number];
  return { 'date-parts': [parts] };
}
