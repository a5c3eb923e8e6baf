/**
 * Which briefings cite which lines of each source: the back-links a source
 * page shows next to every cited range.
 */
import type { ProjectReport } from './check-project.ts';
import { formatRanges, type LineRange } from './line-ranges.ts';

export interface CitingBriefing {
  slug: string;
  title: string;
  /** Footnote identifier in that briefing, `cite-3`. */
  footnote: string;
  /** The footnote's number as the reader sees it. */
  number: number;
  ranges: LineRange[];
  /** `12-14` or `3,7-9`. */
  lines: string;
}

/** Source key → the citations of it, newest briefing first. */
export type CitationIndex = Record<string, CitingBriefing[]>;

/**
 * Build the index from a checked project.
 * @param report The checker's result.
 * @param includeDrafts Whether draft briefings count (they do in dev).
 * @returns Citations per source key.
 */
export function buildCitationIndex(report: ProjectReport, includeDrafts: boolean): CitationIndex {
  const index: CitationIndex = {};
  const briefings = report.briefings
    .filter((b) => b.data && (includeDrafts || !b.data.draft))
    .sort((a, b) => b.data!.date.localeCompare(a.data!.date) || a.slug.localeCompare(b.slug));
  for (const b of briefings) {
    const seen = new Set<string>();
    for (const o of b.occurrences) {
      for (const r of o.resolved) {
        if (r.ranges.length === 0) continue;
        const lines = formatRanges(r.ranges);
        const id = `${o.id}\u0000${r.source.key}\u0000${lines}`;
        if (seen.has(id)) continue;
        seen.add(id);
        (index[r.source.key] ??= []).push({ slug: b.slug, title: b.data!.title, footnote: o.id, number: o.number, ranges: r.ranges, lines });
      }
    }
  }
  return index;
}
