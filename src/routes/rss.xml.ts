/**
 * The RSS feed of briefings, newest first, injected by the integration only
 * when `site` is set (a feed needs absolute links). Links include `base`.
 */
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getCollection } from 'astro:content';
import options from 'virtual:attest/config';
import { withTrailingSlash } from '../lib/base-path.ts';
import { newestFirst } from '../lib/briefing-order.ts';
import type { BriefingData } from '../schemas/briefing.ts';

export async function GET(context: APIContext): Promise<Response> {
  const site = context.site;
  if (!site) throw new Error('the RSS feed needs `site` in astro.config.mjs');
  const base = withTrailingSlash(import.meta.env.BASE_URL);
  const home = new URL(base, site);
  // Typed by our schema, so the types hold before Astro has generated its own (a fresh clone).
  const all = (await getCollection('briefings')) as Array<{ id: string; data: BriefingData }>;
  const briefings = newestFirst(all, options.includeDrafts);
  return rss({
    title: 'Attest briefings',
    description: 'Briefings in which every claim cites the lines of a source.',
    site: home.href,
    items: briefings.map((b) => ({
      title: b.data.title,
      link: new URL(`briefings/${b.id}/`, home).href,
      pubDate: new Date(b.data.date),
      description: b.data.summary,
      categories: b.data.tags,
    })),
  });
}
