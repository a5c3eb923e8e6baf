// A briefing's references for reference managers: references.bib, .ris, .json.
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import options from 'virtual:attest/config';
import references from 'virtual:attest/references';
import { newestFirst } from '../../../lib/briefing-order.ts';
import { EXPORT_FORMATS, EXPORT_TYPES, exportReferences, type ExportFormat } from '../../../lib/reference-exports.ts';
import { itemsFor, type SourceEntryData } from '../../../lib/site-references.ts';

export const getStaticPaths = (async () => {
  const briefings = newestFirst(await getCollection('briefings'), options.includeDrafts);
  return briefings.flatMap((entry) => EXPORT_FORMATS.map((format) => ({ params: { slug: entry.id, format }, props: { keys: references.briefings[entry.id] ?? [] } })));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, props }) => {
  const format = params.format as ExportFormat;
  const sources = (await getCollection('sources')).map((e: { data: SourceEntryData }) => e.data);
  const body = exportReferences(itemsFor(sources, (props as { keys: string[] }).keys), format);
  return new Response(body, { headers: { 'Content-Type': EXPORT_TYPES[format] } });
};
