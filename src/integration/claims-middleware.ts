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
  if (!response.headers.get('content-type')?.startsWith('text/html')) return response;
  const html = await response.text();
  // As the search index names it: without the base, with a trailing slash.
  receive(`/${page.replace(/\/+$/, '')}/`, html);
  return new Response(html, { status: response.status, statusText: response.statusText, headers: response.headers });
};
