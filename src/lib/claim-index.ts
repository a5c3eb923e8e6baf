/**
 * Every claim of every published briefing, newest review first: what
 * `/claims/`, the per-verdict pages, the feed and each briefing's JSON-LD read.
 */
import type { ClaimData } from './briefing-claims.ts';
import type { ProjectReport } from './check-project.ts';

/** The briefing that reviews a claim: the ClaimReview's page, date and authors. */
export interface ReviewingBriefing {
  slug: string;
  title: string;
  date: string;
  authors: string[];
  lang: string;
}

export interface ClaimEntry {
  briefing: ReviewingBriefing;
  claim: ClaimData;
}

/**
 * Build the list from a checked project.
 * @param report The checker's result.
 * @param includeDrafts Whether draft briefings count (they do in dev).
 * @returns Claims ordered by the review's date (newest first), then by when
 *   the claim was made (its `date`, else its appearance's; newest first), then
 *   in reading order.
 */
export function buildClaimIndex(report: ProjectReport, includeDrafts: boolean): ClaimEntry[] {
  const entries: Array<ClaimEntry & { order: number }> = [];
  for (const b of report.briefings) {
    if (!b.data || (!includeDrafts && b.data.draft)) continue;
    const briefing: ReviewingBriefing = { slug: b.slug, title: b.data.title, date: b.data.date, authors: b.data.authors, lang: b.data.lang };
    b.claims.forEach((claim, order) => entries.push({ briefing, claim, order }));
  }
  entries.sort(
    (a, b) =>
      b.briefing.date.localeCompare(a.briefing.date) ||
      a.briefing.slug.localeCompare(b.briefing.slug) ||
      claimDate(b.claim).localeCompare(claimDate(a.claim)) ||
      a.order - b.order,
  );
  return entries.map(({ briefing, claim }) => ({ briefing, claim }));
}

function claimDate(claim: ClaimData): string {
  return claim.date ?? claim.appearance.find((a) => a.issued)?.issued ?? '';
}

const bySlug = new WeakMap<readonly ClaimEntry[], Map<string, ClaimEntry[]>>();

/**
 * The claims of one briefing, in the list's order. Each briefing page asks
 * for its own: filtering the whole list on each of 1,000 pages compared 2
 * million entries (0.3–0.4 s of the full bench's render), so the list is
 * grouped once.
 * @param index A list from `buildClaimIndex`.
 * @param slug The briefing's slug.
 * @returns Its claims (empty if it has none).
 */
export function claimsOf(index: readonly ClaimEntry[], slug: string): readonly ClaimEntry[] {
  let groups = bySlug.get(index);
  if (!groups) bySlug.set(index, (groups = Map.groupBy(index, (e) => e.briefing.slug)));
  return groups.get(slug) ?? [];
}
