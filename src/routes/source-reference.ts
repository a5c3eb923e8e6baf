// One source's reference for reference managers: reference.bib, .ris, .json,
// served by the dev server. A build writes these files itself, off Astro's
// page pipeline (`reference-files.ts`): 30,000 tiny endpoints at 10,000
// sources cost Astro more than the pages they belong to.
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { cslItem } from '../lib/csl-item.ts';
import { EXPORT_FORMATS, EXPORT_TYPES, exportReferences, type ExportFormat } from '../lib/reference-exports.ts';

export const getStaticPaths = (async () => {
  const sources = await getCollection('sources');
  return sources.flatMap((entry: { id: string; data: Parameters<typeof cslItem>[0] }) => EXPORT_FORMATS.map((format) => ({ params: { key: entry.id, format }, props: { data: entry.data } })));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params, props }) => {
  const format = params.format as ExportFormat;
  const { data } = props as { data: Parameters<typeof cslItem>[0] };
  return new Response(exportReferences([cslItem(data)], format), { headers: { 'Content-Type': EXPORT_TYPES[format] } });
};
