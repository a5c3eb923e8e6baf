/**
 * Finding quotations in prose: text between `"` and `"`, or `“` and `”`.
 */

export interface Quotation {
  /** The quoted text, without its marks. */
  text: string;
  /** Offset of the opening mark. */
  start: number;
}

export interface QuotationScan {
  quotes: Quotation[];
  /** Offsets of opening marks that are never closed. */
  unclosed: number[];
}

/**
 * Find the double-quoted passages in a run of prose.
 * @param text Prose, possibly several text nodes joined.
 * @returns The quotations and any unclosed opening marks.
 */
export function findQuotations(text: string): QuotationScan {
  const quotes: Quotation[] = [];
  const unclosed: number[] = [];
  let open: { mark: string; at: number } | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (open) {
      if ((open.mark === '"' && c === '"') || (open.mark === '\u201c' && c === '\u201d')) {
        const inner = text.slice(open.at + 1, i);
        if (inner.trim()) quotes.push({ text: inner, start: open.at });
        open = undefined;
      }
      continue;
    }
    if (c === '"' || c === '\u201c') open = { mark: c, at: i };
  }
  if (open) unclosed.push(open.at);
  return { quotes, unclosed };
}
