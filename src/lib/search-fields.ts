/**
 * The fields every search record carries, derived from briefing front matter,
 * source metadata or a claim card. Pure: the pages render these as Pagefind
 * attributes, and the indexer attaches them to claim records.
 */

/** What a search record is; also a filter. */
export type RecordKind = 'briefing' | 'source' | 'claim';

/** Filters, metadata and the date sort key of one search record. */
export interface SearchFields {
  kind: RecordKind;
  /** Filter values by filter name (`tag`, `publisher`, `year`, `verdict`). */
  filters: Record<string, string[]>;
  /** Always present: Pagefind leaves records without the sort key out of sorted results. */
  sortDate: string;
  /** The date as stored, for display; empty when unknown. */
  date: string;
}

/** Sort key for records without any date: sorts after every real date when newest come first. */
export const UNDATED = '0000-00-00';

/**
 * A fixed-width key that sorts ISO dates of any precision in time order:
 * `2022` → `2022-00-00`, so a year alone sorts before its dated days.
 * @param iso `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or nothing.
 * @returns `YYYY-MM-DD`-shaped key; {@link UNDATED} without a date.
 */
export function sortableDate(iso: string | undefined): string {
  if (!iso) return UNDATED;
  const [y = '0000', m = '00', d = '00'] = iso.split('-');
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/**
 * @param iso An ISO date or nothing.
 * @returns The year as a one-value filter list, or no value.
 */
function yearOf(iso: string | undefined): string[] {
  return iso ? [iso.slice(0, 4)] : [];
}

/** Drop empty filter lists: Pagefind would show an empty group. */
function compact(filters: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v.length > 0));
}

/**
 * @param data A briefing's front matter.
 * @returns Its search fields: kind, tags, year, date.
 */
export function briefingFields(data: { date: string; tags: string[] }): SearchFields {
  return {
    kind: 'briefing',
    filters: compact({ tag: data.tags, year: yearOf(data.date) }),
    sortDate: sortableDate(data.date),
    date: data.date,
  };
}

/**
 * @param meta A source's metadata (CSL names).
 * @returns Its search fields: publisher (the outlet, else the publisher), year, date (issued, else saved).
 */
export function sourceFields(meta: { 'container-title'?: string | undefined; publisher?: string | undefined; issued?: string | undefined; accessed?: string | undefined }): SearchFields {
  const publisher = meta['container-title'] ?? meta.publisher;
  const date = meta.issued ?? meta.accessed;
  return {
    kind: 'source',
    filters: compact({ publisher: publisher ? [publisher] : [], year: yearOf(meta.issued) }),
    sortDate: sortableDate(date),
    date: date ?? '',
  };
}

/**
 * A claim inherits its briefing's tags, year and date, and adds its verdict.
 * @param briefing The briefing's fields.
 * @param verdict The claim's verdict, if any.
 * @returns The claim's search fields.
 */
export function claimFields(briefing: SearchFields, verdict: string | undefined): SearchFields {
  return {
    ...briefing,
    kind: 'claim',
    filters: compact({ ...briefing.filters, verdict: verdict ? [verdict] : [] }),
  };
}
