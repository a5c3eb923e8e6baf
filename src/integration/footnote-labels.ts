/**
 * Wording of the footnotes section: a visible heading that says what the
 * notes hold (they quote the evidence), and back-links that say where they lead.
 */
import type { Features } from 'satteri';

type FootnoteOptions = Exclude<Exclude<Features['gfm'], boolean | undefined>['footnotes'], boolean | undefined>;

export const footnoteLabels = {
  label: 'Notes and evidence',
  // Sätteri numbers reruns from 1 for the first back-link, as remark-rehype does.
  backLabel: (reference: number, rerun: number) => `Back to note ${reference} in the text${rerun > 1 ? `, place ${rerun}` : ''}`,
} satisfies FootnoteOptions;
