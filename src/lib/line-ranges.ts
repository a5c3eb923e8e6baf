/**
 * Line ranges: the locator of a citation, `12`, `12-14`, `3,7-9`.
 */

export interface LineRange {
  /** First line, 1-based. */
  start: number;
  /** Last line, inclusive; equal to `start` for a single line. */
  end: number;
}

/**
 * The `data-lines` form of ranges: `12`, `12-14`, `3,7-9`.
 * @param ranges Ranges in citation order.
 * @returns The ranges joined by commas.
 */
export function formatRanges(ranges: readonly LineRange[]): string {
  return ranges.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`)).join(',');
}

/**
 * The fragment that selects a range on a source page: `L12` or `L12-L14`.
 * @param range One range.
 * @returns The fragment without `#`.
 */
export function rangeFragment(range: LineRange): string {
  return range.start === range.end ? `L${range.start}` : `L${range.start}-L${range.end}`;
}

/**
 * Parse a fragment such as `L12` or `L12-L14` (what a source page receives).
 * @param fragment The URL hash, with or without `#`.
 * @returns The range, or undefined if the fragment is not a line selection.
 */
export function parseFragment(fragment: string): LineRange | undefined {
  const m = /^#?L(\d+)(?:-L?(\d+))?$/.exec(fragment);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  return a <= b ? { start: a, end: b } : { start: b, end: a };
}

/**
 * The human form used in footnotes: `l. 12`, `ll. 12–14`, `ll. 3, 7–9`.
 * @param ranges Ranges in citation order.
 * @returns The locator with its label.
 */
export function describeRanges(ranges: readonly LineRange[]): string {
  const single = ranges.length === 1 && ranges[0]!.start === ranges[0]!.end;
  const body = ranges.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}\u2013${r.end}`)).join(', ');
  return `${single ? 'l.' : 'll.'} ${body}`;
}

/**
 * Every line number the ranges cover, in order, without repeats.
 * @param ranges Ranges in citation order.
 * @returns 1-based line numbers.
 */
export function linesOf(ranges: readonly LineRange[]): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const r of ranges) {
    for (let n = r.start; n <= r.end; n++) {
      if (!seen.has(n)) {
        seen.add(n);
        out.push(n);
      }
    }
  }
  return out;
}
