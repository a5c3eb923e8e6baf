/**
 * schema.org `ClaimReview` for a claim, the shape fact-check consumers
 * (search engines, Google's Fact Check Tools, DataCommons) read. Both the
 * briefing page's JSON-LD and `/claims.json` come from here.
 */
import type { ClaimReview, CreativeWork, DataFeed, Organization, Person, WithContext } from 'schema-dts';
import type { Rating } from '../schemas/rating-scale.ts';
import type { ClaimAppearance } from './briefing-claims.ts';
import type { ClaimEntry } from './claim-index.ts';
import { rangeFragment } from './line-ranges.ts';
import { sourceHref } from './footnote-content.ts';

export interface ReviewContext {
  /** The site's base path, ending in `/`. */
  base: string;
  /** Astro's `site`, for absolute URLs; without it URLs stay root-relative. */
  site?: URL | string | undefined;
  ratings: readonly Rating[];
  /** Who publishes the reviews when a briefing names no author. */
  publisher: string;
}

/**
 * The page address of a claim, `…/briefings/<slug>/#claim-<slug>`.
 * @param entry The claim and its briefing.
 * @param context Base path and site.
 * @returns An absolute URL when `site` is set, else a root-relative path.
 */
export function claimUrl(entry: ClaimEntry, context: Pick<ReviewContext, 'base' | 'site'>): string {
  return absolute(`${context.base}briefings/${entry.briefing.slug}/#${entry.claim.id}`, context.site);
}

/**
 * Build the ClaimReview of one claim.
 * @param entry The claim and the briefing that reviews it.
 * @param context Base path, site, rating scale and publisher.
 * @returns The JSON-LD object, with `@context`.
 */
export function claimReview(entry: ClaimEntry, context: ReviewContext): WithContext<ClaimReview> {
  const { claim, briefing } = entry;
  const rating = context.ratings.find((r) => r.verdict === claim.verdict);
  const ordinals = context.ratings.map((r) => r.ordinal);
  const appearance = claim.appearance.map((a) => appearanceWork(a, context));
  const claimDate = claim.date ?? claim.appearance.find((a) => a.issued)?.issued;
  const review: WithContext<ClaimReview> = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: claimUrl(entry, context),
    claimReviewed: claim.claim,
    datePublished: briefing.date,
    inLanguage: briefing.lang,
    author: briefing.authors.length
      ? briefing.authors.map((name) => ({ '@type': 'Organization', name }))
      : { '@type': 'Organization', name: context.publisher, url: absolute(context.base, context.site) },
    reviewRating: {
      '@type': 'Rating',
      ratingValue: rating?.ordinal ?? Math.min(...ordinals),
      bestRating: Math.max(...ordinals),
      worstRating: Math.min(...ordinals),
      alternateName: rating?.label ?? claim.verdict,
      ...(rating ? { ratingExplanation: rating.description } : {}),
    },
    itemReviewed: {
      '@type': 'Claim',
      ...(claim.claimant ? { author: claimAuthor(claim.claimant, claim.appearance) } : {}),
      ...(claimDate ? { datePublished: claimDate } : {}),
      ...(appearance.length ? { appearance: appearance.length === 1 ? appearance[0]! : appearance, firstAppearance: appearance[0]! } : {}),
    },
  };
  return review;
}

/**
 * Every ClaimReview as one schema.org `DataFeed`, the feed shape fact-check
 * aggregators ingest: one `DataFeedItem` per review.
 * @param entries Claims, newest first.
 * @param context Base path, site, rating scale and publisher.
 * @param feedUrl Where the feed itself is published.
 * @returns The feed object, with `@context`.
 */
export function claimReviewFeed(entries: readonly ClaimEntry[], context: ReviewContext, feedUrl: string): WithContext<DataFeed> {
  return {
    '@context': 'https://schema.org',
    '@type': 'DataFeed',
    name: `${context.publisher}: claim reviews`,
    url: absolute(feedUrl, context.site),
    ...(entries[0] ? { dateModified: entries[0].briefing.date } : {}),
    dataFeedElement: entries.map((entry) => {
      const { '@context': _context, ...review } = claimReview(entry, context);
      return { '@type': 'DataFeedItem', dateCreated: entry.briefing.date, item: review };
    }),
  };
}

/** The outlet where the claim appeared, named as claimant, is an organisation; anyone else a person. */
function claimAuthor(name: string, appearance: readonly ClaimAppearance[]): Person | Organization {
  return appearance.some((a) => a.outlet === name) ? { '@type': 'Organization', name } : { '@type': 'Person', name };
}

function appearanceWork(a: ClaimAppearance, context: ReviewContext): CreativeWork {
  const saved = absolute(sourceHref(context.base, a.key, a.ranges[0] ? rangeFragment(a.ranges[0]) : undefined), context.site);
  return {
    '@type': 'CreativeWork',
    // The original address when the metadata records one; otherwise our saved copy, at the lines.
    url: a.url ?? saved,
    ...(a.url ? { archivedAt: saved } : {}),
    ...(a.title ? { headline: a.title } : {}),
    ...(a.issued ? { datePublished: a.issued } : {}),
    ...(a.outlet ? { publisher: { '@type': 'Organization', name: a.outlet } } : {}),
  };
}

function absolute(pathname: string, site: URL | string | undefined): string {
  return site ? new URL(pathname, site).href : pathname;
}
