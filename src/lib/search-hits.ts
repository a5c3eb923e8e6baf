/**
 * Turning a Pagefind result into the place a reader should land: the source
 * line that holds the matched words (`#L<n>`), or the briefing section. Pure,
 * so it runs in the browser and in unit tests alike.
 */

/** An element with an `id` in an indexed page, at a word position (Pagefind's `anchors`). */
export interface Anchor {
  element: string;
  id: string;
  location: number;
  text?: string;
}

/** What Pagefind's `result.data()` gives (the parts used here). */
export interface ResultData {
  url: string;
  excerpt: string;
  content: string;
  locations: number[];
  anchors: Anchor[];
  meta: Record<string, string | undefined>;
  filters?: Record<string, string[]>;
  sub_results?: { url: string; title: string; excerpt: string; locations?: number[]; anchor?: Anchor }[];
}

/** Where a hit leads, what to call it and the excerpt to show (HTML with `<mark>`). */
export interface Hit {
  url: string;
  title: string;
  /** The source line, when the hit is inside a source's text. */
  line?: number;
  excerptHtml: string;
}

const LINE_ID = /^L(\d+)$/;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Lowercased word without surrounding punctuation, so `Almaty,` and `almaty` count once. */
const bare = (word: string) => word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/**
 * The source line that best matches: the one holding the longest run of
 * adjacent matched words (a quoted phrase), then the most distinct matched
 * words (all the query's words on one line beat one word repeated), then the
 * most matches, then the earliest.
 * @param data A result's content, match locations and anchors.
 * @returns The line number and its word span in `content`, or nothing if no match falls on a line.
 */
export function bestLine(data: Pick<ResultData, 'content' | 'locations' | 'anchors'>): { line: number; from: number; to: number } | undefined {
  const lines = data.anchors
    .map((a) => ({ line: Number(LINE_ID.exec(a.id)?.[1] ?? NaN), location: a.location }))
    .filter((a) => Number.isInteger(a.line))
    .sort((a, b) => a.location - b.location);
  if (lines.length === 0) return undefined;
  const words = data.content.split(/\s+/);
  const tally = new Map<number, { distinct: Set<string>; count: number; index: number; run: number; longest: number; last: number }>();
  for (const loc of [...new Set(data.locations)].sort((a, b) => a - b)) {
    let i = -1;
    for (let j = 0; j < lines.length && lines[j]!.location <= loc; j++) i = j;
    if (i < 0) continue;
    const t = tally.get(i) ?? { distinct: new Set<string>(), count: 0, index: i, run: 0, longest: 0, last: -2 };
    t.distinct.add(bare(words[loc] ?? ''));
    t.count++;
    t.run = t.last === loc - 1 ? t.run + 1 : 1;
    t.longest = Math.max(t.longest, t.run);
    t.last = loc;
    tally.set(i, t);
  }
  const best = [...tally.values()].sort((a, b) => b.longest - a.longest || b.distinct.size - a.distinct.size || b.count - a.count || a.index - b.index)[0];
  if (!best) return undefined;
  const next = lines[best.index + 1];
  return { line: lines[best.index]!.line, from: lines[best.index]!.location, to: next ? next.location : words.length };
}

/**
 * An excerpt of the words `from`..`to` of `content`, matched words in `<mark>`,
 * cut to about `length` words around the first match.
 * @param content Pagefind's processed page text (raw: escaped here).
 * @param locations Word positions of the matches.
 * @param from First word of the span.
 * @param to End of the span (exclusive).
 * @param length Most words to show.
 * @returns Safe HTML.
 */
export function markedExcerpt(content: string, locations: number[], from: number, to: number, length = 36): string {
  const words = content.split(/\s+/);
  const marks = new Set(locations);
  // Start where the window holds the most matches, a few words before the first of them.
  const inside = locations.filter((l) => l >= from && l < to).sort((a, b) => a - b);
  const lead = Math.floor(length / 4);
  const startAt = (m: number) => Math.max(from, Math.min(m - lead, to - length));
  const covered = (start: number) => inside.filter((l) => l >= start && l < start + length).length;
  const start = inside.map(startAt).reduce((best, c) => (covered(c) > covered(best) ? c : best), startAt(inside[0] ?? from));
  const end = Math.min(to, start + length);
  const shown = words.slice(start, end).map((w, i) => (marks.has(start + i) ? `<mark>${escapeHtml(w)}</mark>` : escapeHtml(w)));
  return `${start > from ? '… ' : ''}${shown.join(' ')}${end < to ? ' …' : ''}`;
}

/**
 * Where a result should lead.
 * @param data The result's data.
 * @returns A source result leads to its best line; a briefing to its best section; a claim to itself.
 */
export function hitOf(data: ResultData): Hit {
  const title = data.meta['title'] ?? data.url;
  const kind = data.meta['kind'];
  if (kind === 'source') {
    const best = bestLine(data);
    if (best) {
      const base = data.url.split('#')[0]!;
      return { url: `${base}#L${best.line}`, title, line: best.line, excerptHtml: markedExcerpt(data.content, data.locations, best.from, best.to) };
    }
  }
  if (kind === 'briefing' && data.sub_results && data.sub_results.length > 0) {
    const section = [...data.sub_results].sort((a, b) => (b.locations?.length ?? 0) - (a.locations?.length ?? 0))[0]!;
    if (section.anchor) return { url: section.url, title, excerptHtml: section.excerpt };
  }
  return { url: data.url, title, excerptHtml: data.excerpt };
}
