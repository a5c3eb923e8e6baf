/** The fields ordering needs; both content entries and reports have them. */
interface Dated {
  id: string;
  data: { date: string; draft: boolean };
}

/**
 * Published briefings, newest first (ties by slug, so the order is stable).
 * @param entries Briefing entries.
 * @param includeDrafts Whether drafts are shown (dev server) or not (build).
 * @returns A new, sorted array.
 */
export function newestFirst<T extends Dated>(entries: readonly T[], includeDrafts: boolean): T[] {
  return entries
    .filter((e) => includeDrafts || !e.data.draft)
    .sort((a, b) => b.data.date.localeCompare(a.data.date) || a.id.localeCompare(b.id));
}
