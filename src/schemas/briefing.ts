import { z } from 'zod';
import { IsoDate } from './source-meta.ts';

/** Front matter of `briefings/<slug>.mdx`. */
export const BriefingSchema = z.strictObject({
  title: z.string().min(1),
  /** Publication date. @example `2022-01-12` */
  date: IsoDate,
  /** One or two sentences shown in lists and previews. */
  summary: z.string().min(1),
  authors: z.array(z.string().min(1)).default([]),
  tags: z.array(z.string().min(1)).default([]),
  updated: IsoDate.optional(),
  /** BCP 47 language of the briefing. @default `en` */
  lang: z.string().default('en'),
  /** CSL style overriding the site's. @example `apa` */
  style: z.string().min(1).optional(),
  /** Drafts are left out of the production build. @default false */
  draft: z.boolean().default(false),
});

export type BriefingData = z.output<typeof BriefingSchema>;
