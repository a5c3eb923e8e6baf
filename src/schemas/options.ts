import { z } from 'zod';
import { RatingScaleSchema } from './rating-scale.ts';

/** Options of the `attest()` integration in `astro.config.mjs`. */
export const AttestOptionsSchema = z
  .strictObject({
    /** Folder of source texts and metadata, relative to the project root. @default `sources` */
    sources: z.string().default('sources'),
    /** Folder of MDX briefings, relative to the project root. @default `briefings` */
    briefings: z.string().default('briefings'),
    /** Default CSL style of every briefing (front matter `style:` overrides it): `apa`, `harvard1`, `vancouver` or a file stem in `styles`. @default `apa` */
    style: z.string().min(1).default('apa'),
    /** Folder of extra `.csl` styles, relative to the project root. @default `styles` */
    styles: z.string().default('styles'),
    /** Fail the build on warnings too (whole-source citations, …). @default false */
    strict: z.boolean().default(false),
    /**
     * The verdicts a `<Claim>` may carry, each with a label, a description
     * and an ordinal for ClaimReview's `ratingValue` (higher is more accurate).
     * @default accurate, mostly-accurate, misleading, unsupported, disputed, false
     * @example [{ verdict: 'true', label: 'True', description: '…', ordinal: 2, icon: 'check' }, …]
     */
    ratings: RatingScaleSchema,
    /**
     * When the Pagefind index is built: `build`, at the end of `astro build`; `separate`, by
     * `node src/cli/search-index.ts` once Astro has exited, so the two never hold memory at once
     * (what `npm run build` does for this project).
     * @default `build`
     */
    searchIndex: z.enum(['build', 'separate']).default('build'),
    /**
     * Format references in worker threads ahead of the pages (`false`: in the pages): at most
     * `threads` of them, and only when at least `minJobs` references need formatting.
     * @default { minJobs: 200 }, one thread per core but one, at most 4 (one fewer until Astro has bundled)
     */
    referenceWorkers: z
      .union([z.literal(false), z.strictObject({ minJobs: z.number().int().min(1).default(200), threads: z.number().int().min(1).optional() })])
      .default({ minJobs: 200 }),
  })
  .prefault({});

export type AttestOptions = z.input<typeof AttestOptionsSchema>;
export type ResolvedAttestOptions = z.output<typeof AttestOptionsSchema>;

/** What pages read from `virtual:attest/config`: the options, and whether drafts are shown (dev only). */
export type SiteConfig = ResolvedAttestOptions & { includeDrafts: boolean };
