import { z } from 'zod';

/** Glyphs a verdict badge can show next to its label, so that colour is never the only cue. */
export const VerdictIcon = z.enum(['check', 'mostly', 'warning', 'question', 'split', 'cross', 'dot']);
export type VerdictIcon = z.output<typeof VerdictIcon>;

/** One step of the rating scale. */
export const RatingSchema = z.strictObject({
  /** What authors write in `verdict="…"`; also the URL segment of `/claims/<verdict>/`. @example `mostly-accurate` */
  verdict: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'use lower-case words joined by `-`, e.g. `mostly-accurate`' }),
  /** What readers see on the badge. @example `Mostly accurate` */
  label: z.string().min(1),
  /** One sentence shown when the badge is hovered or focused, and in the scale's legend. */
  description: z.string().min(1),
  /** Position on the scale, published as ClaimReview `ratingValue`: higher is more accurate. */
  ordinal: z.int().positive(),
  /** The badge's glyph. @default `dot` */
  icon: VerdictIcon.default('dot'),
});

export type Rating = z.output<typeof RatingSchema>;

/** The default scale, most accurate first. */
export const DEFAULT_RATINGS: Rating[] = [
  { verdict: 'accurate', label: 'Accurate', description: 'The claim is correct and nothing significant is missing.', ordinal: 6, icon: 'check' },
  { verdict: 'mostly-accurate', label: 'Mostly accurate', description: 'The claim is correct in substance but needs a clarification or detail.', ordinal: 5, icon: 'mostly' },
  { verdict: 'misleading', label: 'Misleading', description: 'The claim has accurate parts but leaves a false impression.', ordinal: 4, icon: 'warning' },
  { verdict: 'unsupported', label: 'Unsupported', description: 'The sources offer no evidence for the claim beyond the claim itself.', ordinal: 3, icon: 'question' },
  { verdict: 'disputed', label: 'Disputed', description: 'The sources disagree, and none settles the question.', ordinal: 2, icon: 'split' },
  { verdict: 'false', label: 'False', description: 'The sources show the claim is wrong.', ordinal: 1, icon: 'cross' },
];

/** The `ratings` option: a scale of distinct verdicts with distinct ordinals. */
export const RatingScaleSchema = z
  .array(RatingSchema)
  .min(1)
  .superRefine((scale, ctx) => {
    const seen = new Set<string>();
    const ordinals = new Set<number>();
    scale.forEach((r, i) => {
      if (seen.has(r.verdict)) ctx.addIssue({ code: 'custom', path: [i, 'verdict'], message: `verdict \`${r.verdict}\` appears twice` });
      if (ordinals.has(r.ordinal)) ctx.addIssue({ code: 'custom', path: [i, 'ordinal'], message: `ordinal ${r.ordinal} appears twice` });
      seen.add(r.verdict);
      ordinals.add(r.ordinal);
    });
  })
  .default(DEFAULT_RATINGS);

export type RatingScale = z.output<typeof RatingScaleSchema>;
