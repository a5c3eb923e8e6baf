import type { LineSpan } from './quote-match.ts';

/** A piece of a line, marked when a quotation matched it. */
export interface TextSegment {
  text: string;
  mark: boolean;
}

/**
 * Split a line into plain and marked pieces, for rendering `<mark>` around quoted words.
 * @param value The line's text.
 * @param spans Matched spans of this line (any order, may overlap).
 * @returns Pieces that join back into `value`.
 */
export function markSegments(value: string, spans: readonly LineSpan[]): TextSegment[] {
  const out: TextSegment[] = [];
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const start = Math.max(s.start, at);
    if (s.end <= start) continue;
    if (start > at) out.push({ text: value.slice(at, start), mark: false });
    out.push({ text: value.slice(start, s.end), mark: true });
    at = s.end;
  }
  if (at < value.length || out.length === 0) out.push({ text: value.slice(at), mark: false });
  return out;
}
