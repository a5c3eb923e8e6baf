/**
 * Wording of the footnotes section that remark-rehype writes: a visible
 * heading that says what the notes hold (they quote the evidence), and
 * back-links that say where they lead.
 */
import type { Options } from 'remark-rehype';

export const footnoteLabels = {
  footnoteLabel: 'Notes and evidence',
  footnoteLabelTagName: 'h2',
  footnoteLabelProperties: { className: ['footnotes-title'] },
  footnoteBackLabel: (referenceIndex: number, rereferenceIndex: number) =>
    `Back to note ${referenceIndex + 1} in the text${rereferenceIndex > 1 ? `, place ${rereferenceIndex}` : ''}`,
} satisfies Options;
