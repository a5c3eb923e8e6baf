/**
 * What a reader's browser downloads to search a built site: load
 * `/search/?q=…` in Chromium, wait for the first page of results, and add up
 * every response from the Pagefind bundle. Used by `npm run bench`.
 */
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../tests/helpers/browser.ts';
import { serveStatic } from '../tests/helpers/static-server.ts';

export interface QueryCost {
  results: string;
  requests: number;
  /** Bytes as served (Pagefind's index files are compressed already). */
  bytes: number;
  /** Bytes if the host gzips responses (only Pagefind's JS shrinks further). */
  gzipBytes: number;
  /** Compressed JavaScript a briefing page loads before anyone searches. */
  briefingJsGzip: number;
}

/**
 * @param dist A built site.
 * @param query The search to run.
 * @param briefingPath A briefing page to weigh, e.g. `briefings/briefing-0000/`.
 * @returns The downloads of one search, and of a briefing page's scripts.
 */
export async function measureQuery(dist: string, query: string, briefingPath: string): Promise<QueryCost> {
  const server = await serveStatic(dist);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const pending: Promise<Buffer>[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.includes('/pagefind/')) pending.push(r.body().catch(() => Buffer.alloc(0)));
    });
    await page.goto(`${server.url}search/?q=${encodeURIComponent(query)}`);
    await page.locator('#search-results[aria-busy="false"]').waitFor({ state: 'attached', timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const real = await Promise.all(pending);
    const results = (await page.locator('#search-status').textContent()) ?? '';

    const scripts: Promise<Buffer>[] = [];
    const briefing = await browser.newPage();
    briefing.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(r.body());
    });
    await briefing.goto(`${server.url}${briefingPath}`);
    await briefing.waitForLoadState('networkidle');
    const inline = await briefing.$$eval('script:not([src])', (s) => s.map((x) => x.textContent ?? '').join('\n'));
    const external = await Promise.all(scripts);
    const briefingJsGzip = gzipSync(Buffer.concat([Buffer.from(inline), ...external])).length;

    return {
      results,
      requests: real.length,
      bytes: real.reduce((n, b) => n + b.length, 0),
      gzipBytes: real.reduce((n, b) => n + gzipSync(b).length, 0),
      briefingJsGzip,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
