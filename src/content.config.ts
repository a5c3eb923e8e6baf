import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import options from 'virtual:attest/config';
import { briefingsLoader } from './loaders/briefings-loader.ts';
import { sourcesLoader } from './loaders/sources-loader.ts';
import { BriefingSchema } from './schemas/briefing.ts';
import { SourceMetaSchema } from './schemas/source-meta.ts';

const briefings = defineCollection({
  loader: briefingsLoader(`./${options.briefings}`),
  schema: BriefingSchema,
});

const sources = defineCollection({
  loader: sourcesLoader({ dir: options.sources }),
  // The entries' type. The loader stores them as `loadSources` validated them, without checking them again.
  schema: z.object({
    key: z.string(),
    stem: z.string(),
    file: z.string(),
    /** How many lines the text has; the page reads the lines from the file. */
    lineCount: z.number().int(),
    meta: SourceMetaSchema,
  }),
});

export const collections = { briefings, sources };
