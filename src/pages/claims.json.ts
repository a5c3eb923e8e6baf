// `/claims.json`: every ClaimReview as one schema.org DataFeed.
import type { APIRoute } from 'astro';
import claims from 'virtual:attest/claims';
import options from 'virtual:attest/config';
import { withTrailingSlash } from '../lib/base-path.ts';
import { claimReviewFeed } from '../lib/claim-review.ts';

export const GET: APIRoute = ({ site }) => {
  const base = withTrailingSlash(import.meta.env.BASE_URL);
  const feed = claimReviewFeed(claims, { base, site, ratings: options.ratings, publisher: 'Attest' }, `${base}claims.json`);
  return new Response(JSON.stringify(feed, null, 2) + '\n', { headers: { 'content-type': 'application/ld+json; charset=utf-8' } });
};
