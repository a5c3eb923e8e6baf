// `/favicon.svg`: the site's icon, one file every page links to and browsers keep, rather than the same data URI in each of 11,000 pages.
import type { APIRoute } from 'astro';

const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f4f8a"/><text x="16" y="23" font-family="Georgia,serif" font-size="20" font-weight="700" text-anchor="middle" fill="#fff">A</text></svg>\n';

export const GET: APIRoute = () => new Response(ICON, { headers: { 'content-type': 'image/svg+xml' } });
