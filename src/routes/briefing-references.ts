// A briefing's references for reference managers: references.bib, .ris, .json,
// served by the dev server; a build writes these files itself (`reference-files.ts`).
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import options from 'virtual:attest/config';
import references from 'virtual:attest/references';
import { newestFirst } from '../lib/briefing-order.ts';
import { EXPORT_FORMATS, EXPORT_TYPES, exportReferences, type ExportFormat } from '../lib/reference-exports.ts';
import type { CslData } from '../lib/citation-js.ts';
import { itemsFor, type SourceEntryData } from '../lib/site-references.ts';

export const getStaticPaths = (async () => {
  const briefings = newestFirst(await getCollection('briefings'), options.includeDrafts);
  // The sources are looked up once for all briefings, not once per export file.
  // Typed by our schema, so the types hold before Astro has generated its own (a fresh clone).
  const sources = (await getCollection('sources')) as Array<{ data: SourceEntryData }>;
  const byKey = new Map(sources.map((e) => [e.data.key, e.data]));
  return briefings.flatMap((entry) => {
    const items = itemsFor(byKey, references.briefings[entry.id] ?? []);
    return EXPORT_FORMATS.map((format) => ({ params: { slug: entry.id, format }, props: { items } }));
  });
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params, props }) => {
  const format = params.format as ExportFormat;
  const body = exportReferences((props as { items: CslData[] }).items, format);
  return new Response(body, { headers: { 'Content-Type': EXPORT_TYPES[format] } });
};
