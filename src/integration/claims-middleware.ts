/**
 * A build's middleware: each briefing page's HTML, as it is rendered, goes to
 * the thread that reads its claim cards for the search index
 * (`claim-records-worker.ts`), so the index step need not read and parse
 * them again. Every other page passes untouched.
 */
import type { MiddlewareHandler } from 'astro';
import { claimPagesReceiver } from '../lib/claim-pages.ts';

const BRIEFING = /^briefings\/[^/]+\/?$/;

export const onRequest: MiddlewareHandler = async (context, next) => {
  const receive = claimPagesReceiver();
  const base = import.meta.env.BASE_URL;
  const pathname = decodeURI(context.url.pathname);
  const page = (pathname.startsWith(base) ? pathname.slice(base.length) : pathname).replace(/^\/+/, '');
  if (!receive || !BRIEFING.test(page)) return next();
  const response = await next();
  if (!response.body || !response.headers.get('content-type')?.startsWith('text/html')) return response;
  // Read from a copy of the stream as Astro writes the page from the original (a new
  // Response of the text took 0.16 s of Astro's thread for 1,000 pages). As the search
  // index names it: without the base, with a trailing slash.
  const url = `/${page.replace(/\/+$/, '')}/`;
  response
    .clone()
    .text()
    .then(
      (html) => receive(url, html),
      () => undefined,
    );
  return response;
};
