import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { describe, expect, inject, test } from 'vitest';
import { checkProject } from '../../src/lib/check-project.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const siteOut = inject('siteOut');
const demoOut = inject('demoOut');

const html = (out: string, route: string) => readFileSync(path.join(out, route, 'index.html'), 'utf8');
const parsed = new Map<string, Root>();
const page = (out: string, route: string): Root => {
  const file = path.join(out, route);
  if (!parsed.has(file)) parsed.set(file, fromHtml(html(out, route)));
  return parsed.get(file)!;
};
const attr = (el: Element, name: string) => String(el.properties[name] ?? '');

type Json = Record<string, unknown>;
/** Every JSON-LD block of a page, parsed as a consumer would: the script's text as JSON. */
const jsonLd = (doc: Root): Json[] => selectAll('script[type="application/ld+json"]', doc).map((s) => JSON.parse(toString(s)) as Json);

/** The properties fact-check consumers require of a ClaimReview, checked on every review. */
function expectCompleteReview(review: Json, scale: { best: number; worst: number }): void {
  expect(review['@type']).toBe('ClaimReview');
  for (const key of ['claimReviewed', 'url', 'datePublished', 'author', 'reviewRating', 'itemReviewed']) expect(review, key).toHaveProperty(key);
  expect(String(review.claimReviewed).length).toBeGreaterThan(0);
  expect(review.url).toMatch(/^https:\/\/[^/]+\/briefings\/[^/]+\/#claim-[\p{L}\p{N}-]+$/u);
  expect(review.datePublished).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const rating = review.reviewRating as Json;
  expect(rating['@type']).toBe('Rating');
  expect(rating.bestRating).toBe(scale.best);
  expect(rating.worstRating).toBe(scale.worst);
  expect(rating.ratingValue).toBeGreaterThanOrEqual(scale.worst);
  expect(rating.ratingValue).toBeLessThanOrEqual(scale.best);
  expect(typeof rating.alternateName).toBe('string');
  const item = review.itemReviewed as Json;
  expect(item['@type']).toBe('Claim');
  for (const key of ['author', 'datePublished', 'appearance']) expect(item, key).toHaveProperty(key);
  expect((item.author as Json).name).toBeTruthy();
  expect(item.datePublished).toMatch(/^\d{4}(-\d{2}){0,2}$/);
  for (const work of [item.appearance].flat() as Json[]) {
    expect(work['@type']).toBe('CreativeWork');
    expect(work.url).toMatch(/^https?:\/\//);
  }
}

describe('claims in the demo site', () => {
  const report = checkProject({ root: projectRoot });
  const claims = report.briefings.flatMap((b) => b.claims.map((c) => ({ slug: b.slug, ...c })));

  test('at least four claims are reviewed, each with an appearance in a seed source', () => {
    expect(claims.length).toBeGreaterThanOrEqual(4);
    expect(claims.every((c) => c.appearance.length > 0 && c.claimant)).toBe(true);
  });

  test('every claim renders as a card with its anchor, hooks, badge, appearance excerpt and evidence', () => {
    for (const c of claims) {
      const doc = page(demoOut, `briefings/${c.slug}`);
      const card = select(`#${c.id}`, doc)!;
      expect(card, c.id).toBeTruthy();
      expect(card.properties.dataClaim).toBe('');
      expect(attr(card, 'dataVerdict')).toBe(c.verdict);
      const badge = select('.verdict-badge', card)!;
      // Text and an icon, never colour alone.
      expect(toString(select('.verdict-label', badge)!)).toMatch(/\w/);
      expect(select('svg.verdict-icon', badge)).toBeTruthy();
      expect(toString(select('.verdict-tip', card)!)).toMatch(/\w/);
      expect(attr(badge, 'ariaDescribedBy')).toBe(attr(select('.verdict-tip', card)!, 'id'));
      expect(toString(select('.claim-text', card)!)).toContain(c.claim);
      // The appearance excerpt is exactly the cited lines.
      const sources = report.sources.byKey;
      for (const bq of selectAll('blockquote.claim-appearance', card)) {
        for (const line of selectAll('.excerpt-line', bq)) {
          const n = Number(toString(select('.ln', line)!));
          expect(toString(select('.lt', line)!)).toBe(sources.get(attr(bq, 'dataSource'))!.lines[n - 1]);
        }
      }
      expect(selectAll('blockquote.claim-appearance', card).map((b) => attr(b, 'dataSource'))).toEqual(c.appearance.map((a) => a.key));
      // The evidence summary counts the distinct sources the review's footnotes cite, and links the notes.
      const evidence = toString(select('.claim-evidence', card)!);
      expect(evidence).toContain(`${c.sources.length} source${c.sources.length === 1 ? '' : 's'}`);
      const noteLinks = selectAll('.claim-evidence a', card).map((a) => attr(a, 'href'));
      expect(noteLinks).toEqual(c.noteIds.map((id) => `#user-content-fn-${id}`));
      const reviewRefs = new Set(selectAll('.claim-review a[data-footnote-ref]', card).map((a) => attr(a, 'href')));
      for (const href of noteLinks) expect(reviewRefs.has(href)).toBe(true);
      const cited = new Set(noteLinks.flatMap((href) => selectAll(`${href} blockquote[data-source]`, doc).map((b) => attr(b, 'dataSource'))));
      expect(cited.size).toBe(c.sources.length);
    }
  });

  test('each briefing page carries one complete ClaimReview per claim', () => {
    for (const slug of new Set(claims.map((c) => c.slug))) {
      const reviews = jsonLd(page(demoOut, `briefings/${slug}`));
      const mine = claims.filter((c) => c.slug === slug);
      expect(reviews.map((r) => r.claimReviewed).sort()).toEqual(mine.map((c) => c.claim).sort());
      for (const r of reviews) expectCompleteReview(r, { best: 6, worst: 1 });
      const false_ = reviews.find((r) => (r.reviewRating as Json).alternateName === 'False');
      if (false_) expect((false_.reviewRating as Json).ratingValue).toBe(1);
    }
  });

  test('/claims/ lists every claim, newest review first, and a page per verdict filters them without script', () => {
    const all = page(demoOut, 'claims');
    const listed = selectAll('.claim-list [data-claim]', all);
    expect(listed).toHaveLength(claims.length);
    const dates = listed.map((el) => attr(select('.meta time', el)!, 'dateTime'));
    expect(dates).toEqual([...dates].sort().reverse());
    for (const verdict of ['accurate', 'mostly-accurate', 'misleading', 'unsupported', 'disputed', 'false']) {
      const doc = page(demoOut, `claims/${verdict}`);
      const shown = selectAll('.claim-list [data-claim]', doc).map((el) => attr(el, 'dataVerdict'));
      expect(shown).toEqual(claims.filter((c) => c.verdict === verdict).map(() => verdict));
      expect(attr(select('.verdict-filter a[aria-current="page"]', doc)!, 'href')).toBe(`/claims/${verdict}/`);
    }
    // Each listed claim links to its card.
    for (const el of listed) expect(attr(select('.claim-text a', el)!, 'href')).toMatch(/^\/briefings\/[^/]+\/#claim-/);
  });

  test('/claims.json is a DataFeed of every ClaimReview', () => {
    const feed = JSON.parse(readFileSync(path.join(demoOut, 'claims.json'), 'utf8')) as Json;
    expect(feed['@type']).toBe('DataFeed');
    const items = feed.dataFeedElement as Json[];
    expect(items).toHaveLength(claims.length);
    for (const i of items) expectCompleteReview(i.item as Json, { best: 6, worst: 1 });
  });
});

describe('claims in the fixture site (custom scale, hostile text)', () => {
  const hostile = '</script><script>alert("pwned")</script> is harmless & {braces} <!--';

  test('a claim text holding </script> cannot break out of its JSON-LD, and stays text on every page', () => {
    const raw = html(siteOut, 'briefings/claims');
    expect(raw).not.toContain('<script>alert');
    const doc = fromHtml(raw);
    const reviews = jsonLd(doc);
    expect(reviews).toHaveLength(3);
    expect(reviews.map((r) => r.claimReviewed)).toContain(hostile);
    for (const r of reviews) expectCompleteReviewLoosely(r);
    expect(selectAll('script', doc).every((s) => !toString(s).includes('alert("pwned")') || attr(s, 'type') === 'application/ld+json')).toBe(true);
    expect(toString(select('#claim-scriptscriptalertpwnedscript-is-harmless-braces .claim-text', doc)!)).toBe(`Claim: ${hostile}`);
    for (const route of ['claims', 'claims/pants-on-fire']) {
      const listing = html(siteOut, route);
      expect(listing, route).not.toMatch(/<script>alert|<b>/);
      expect(toString(fromHtml(listing))).toContain(hostile);
    }
    const feed = JSON.parse(readFileSync(path.join(siteOut, 'claims.json'), 'utf8')) as Json;
    expect((feed.dataFeedElement as Json[]).map((i) => (i.item as Json).claimReviewed)).toContain(hostile);
  });

  test('the configured scale drives badges, pages and ratings', () => {
    expect(['true', 'half-true', 'pants-on-fire'].map((v) => existsSync(path.join(siteOut, 'claims', v, 'index.html')))).toEqual([true, true, true]);
    expect(existsSync(path.join(siteOut, 'claims', 'false'))).toBe(false);
    const doc = page(siteOut, 'briefings/claims');
    const badges = selectAll('[data-claim] .verdict-label', doc).map((b) => toString(b));
    expect(badges).toEqual(['Pants on fire', 'True', 'Half true']);
    expect(toString(select('#claim-repair-cost .verdict-tip', doc)!)).toBe('Partly accurate <b>or</b> missing context.');
    const ratings = jsonLd(doc).map((r) => [(r.reviewRating as Json).alternateName, (r.reviewRating as Json).ratingValue, (r.reviewRating as Json).bestRating]);
    expect(ratings).toEqual(
      expect.arrayContaining([
        ['Pants on fire', 1, 3],
        ['True', 3, 3],
        ['Half true', 2, 3],
      ]),
    );
  });

  test('appearances: several sources, original URL with the saved copy, the outlet as an organisation', () => {
    const reviews = jsonLd(page(siteOut, 'briefings/claims'));
    const vote = reviews.find((r) => r.claimReviewed === 'The council voted 7-2.')!;
    const item = vote.itemReviewed as Json;
    expect(item.author).toEqual({ '@type': 'Person', name: 'Jane Doe' });
    expect(item.appearance).toEqual([
      expect.objectContaining({ url: 'https://gazette.example/bridge', archivedAt: 'https://fixture.example/sources/city-council/#L2', datePublished: '2024-03-05' }),
      expect.objectContaining({ url: 'https://fixture.example/sources/ministry/#L1' }),
    ]);
    const evil = reviews.find((r) => r.claimReviewed === hostile)!;
    expect((evil.itemReviewed as Json).author).toEqual({ '@type': 'Organization', name: 'Evil & Co <b>' });
    const bare = reviews.find((r) => r.claimReviewed === 'Repairs will cost 1.2 million.')!;
    expect(bare.url).toBe('https://fixture.example/briefings/claims/#claim-repair-cost');
    expect(bare.itemReviewed).toEqual({ '@type': 'Claim' });
    const doc = page(siteOut, 'briefings/claims');
    expect(toString(select('#claim-repair-cost .claim-evidence', doc)!)).toBe('The review cites no source.');
    expect(toString(select('#claim-the-council-voted-7-2 .claim-evidence', doc)!).replace(/\s+/g, ' ')).toBe('Evidence: 2 sources cited, in notes 2 and 3.');
  });
});

/** A review in the fixture may leave out what its claim does not state (no claimant, no date). */
function expectCompleteReviewLoosely(review: Json): void {
  for (const key of ['@context', '@type', 'claimReviewed', 'url', 'datePublished', 'author', 'reviewRating', 'itemReviewed']) expect(review, key).toHaveProperty(key);
}
