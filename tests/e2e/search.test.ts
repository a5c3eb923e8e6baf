import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Element, ElementContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { loadSources } from '../../src/lib/sources.ts';
import { launchChromium } from '../helpers/browser.ts';
import { projectRoot } from '../helpers/run-astro.ts';
import { serveStatic } from '../helpers/static-server.ts';

type Server = { url: string; close: () => Promise<void> };
let browser: Browser;
let demo: Server;
let site: Server;
let subPath: Server;
let page: Page | undefined;

beforeAll(async () => {
  [demo, site, subPath] = await Promise.all([serveStatic(inject('demoOut')), serveStatic(inject('siteOut')), serveStatic(inject('subPathOut'), inject('subPathBase'))]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([demo?.close(), site?.close(), subPath?.close()]);
});

async function fresh(javaScript = true): Promise<Page> {
  await page?.context().close();
  const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  return page;
}

/** Wait until the search page has shown the results of its latest search. */
const settled = (p: Page) => p.locator('#search-results[aria-busy="false"]').waitFor({ state: 'attached' });

/** Open the search page for a query and wait for its results. */
async function search(p: Page, url: string): Promise<void> {
  await p.goto(url);
  await settled(p);
}

const results = (p: Page) =>
  p.$$eval('.search-result', (items) =>
    items.map((li) => ({ kind: (li as HTMLElement).dataset['kind'], date: (li as HTMLElement).dataset['date'], href: li.querySelector('a')!.getAttribute('href') })),
  );

/** Source lines highlighted by computed background, as a reader sees them. */
const highlighted = (p: Page) =>
  p.$$eval('.source-lines > li', (items) => {
    const plain = getComputedStyle(document.body).backgroundColor;
    return items.filter((li) => ![plain, 'rgba(0, 0, 0, 0)'].includes(getComputedStyle(li).backgroundColor)).map((li) => Number(li.id.slice(1)));
  });

const demoSources = loadSources(projectRoot, 'sources').byKey;

/** The one line, over every demo source, that holds the phrase. */
function onlyLine(phrase: string): { key: string; line: number } {
  const hits = [...demoSources.values()].flatMap((s) => s.lines.flatMap((l, i) => (l.includes(phrase) ? [{ key: s.key, line: i + 1 }] : [])));
  expect(hits, phrase).toHaveLength(1);
  return hits[0]!;
}

describe('the built index', () => {
  test('is written by Pagefind 1.6 into the configured output folder, one index per language', () => {
    for (const out of [inject('demoOut'), inject('siteOut')]) {
      const entry = JSON.parse(readFileSync(path.join(out, 'pagefind/pagefind-entry.json'), 'utf8'));
      expect(entry.version).toBe('1.6.0');
      expect(existsSync(path.join(out, 'pagefind/pagefind.js'))).toBe(true);
    }
    const site = JSON.parse(readFileSync(path.join(inject('siteOut'), 'pagefind/pagefind-entry.json'), 'utf8'));
    expect(Object.keys(site.languages).sort()).toEqual(['de', 'en']);
    // Every claim card of the fixture's briefings is a record of its own.
    const dir = path.join(inject('siteOut'), 'briefings');
    const cards = readdirSync(dir).reduce((n, slug) => n + (readFileSync(path.join(dir, slug, 'index.html'), 'utf8').match(/<[^>]+\sdata-claim[\s=>]/g) ?? []).length, 0);
    expect(cards).toBeGreaterThan(1);
    expect(inject('siteBuildLog')).toMatch(new RegExp(`search index: \\d+ records \\(${cards} claims\\)`));
    // Read as the pages rendered, not again from the written pages (claim-records-worker.ts), at the root and under a sub-path.
    for (const log of [inject('siteBuildLog'), inject('subPathBuildLog')]) expect(log).toContain('claim cards of 0 pages read again');
  });

  test('holds a source page’s lines without their numbers or the notes on who cites them', async () => {
    const { key, line } = onlyLine('Lieutenant-General Sultan Gamaletdinov');
    const lines = demoSources.get(key)!.lines;
    const content = await indexed(await fresh(), 'Gamaletdinov', `/sources/${key}/`);
    expect(content).toContain(lines[line - 1]);
    // Had the numbers been indexed, a line would read "13Kazakhstan…" (the number's link and the text touch).
    const numbered = lines.flatMap((l, i) => (l.trim() ? [[i + 1, l.trim()] as const] : []));
    expect(numbered.length).toBeGreaterThan(10);
    for (const [n, text] of numbered) expect(content).not.toMatch(new RegExp(`${n}\\s*${text.slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(content).not.toContain('Cited at');
    // The heading and download links every source page has; the reference itself is indexed.
    expect(content).not.toMatch(/Cite this source|BibTeX|CSL-JSON/);
  });

  test('holds a briefing’s sentences without note numbers or the arrows back, and its tags as words', async () => {
    const slug = 'kazakhstan-unrest-csto-deployment';
    const content = (await indexed(await fresh(), 'Tokayev', `/briefings/${slug}/`))!;
    const doc = fromHtml(readFileSync(path.join(inject('demoOut'), 'briefings', slug, 'index.html'), 'utf8'));
    // Each paragraph of the text that has notes reads as it would without their marks (Pagefind leaves a space where a mark was).
    const withNotes = selectAll('.briefing-body > p', doc).filter((p) => selectAll('[data-footnote-ref]', p).length > 0);
    expect(withNotes.length).toBeGreaterThan(3);
    const squeezed = (text: string) => text.replace(/\s+/g, '');
    for (const p of withNotes) expect(squeezed(content)).toContain(squeezed(wordsWithoutNoteMarks(p)));
    expect(content).not.toContain('\u21a9');
    const tags = selectAll('.tags > li', doc).map((li) => wordsWithoutNoteMarks(li));
    expect(tags.length).toBeGreaterThan(1);
    for (const [i, tag] of tags.entries()) if (i > 0) expect(content).not.toContain(`${tags[i - 1]}${tag}`);
  });
});

/** What Pagefind stored for a page that a search finds, through Pagefind's own API over the built index. */
async function indexed(p: Page, query: string, url: string): Promise<string | undefined> {
  await p.goto(`${demo.url}search/`);
  // Written as a string, which the test runner leaves untransformed (it rewrites `import()`).
  return p.evaluate(`(async () => {
    const pagefind = await import('/pagefind/pagefind.js');
    const { results } = await pagefind.search(${JSON.stringify(query)});
    const pages = await Promise.all(results.map((r) => r.data()));
    return pages.find((d) => d.url === ${JSON.stringify(url)})?.content;
  })()`);
}

/** An element's text without its note marks (`<sup>`), whitespace collapsed as Pagefind collapses it. */
function wordsWithoutNoteMarks(node: Element): string {
  const walk = (n: ElementContent): string => (n.type === 'text' ? n.value : n.type === 'element' && n.tagName !== 'sup' ? n.children.map(walk).join('') : '');
  return node.children.map(walk).join('').replace(/\s+/g, ' ').trim();
}

/** A distinctive phrase from each seed source (each test checks it is on one line only). */
const PHRASES = [
  'phone conversations with Belarusian President',
  'car burnt during clashes',
  'civil agencies to a standstill',
  'Lieutenant-General Sultan Gamaletdinov',
  'Defense Minister Sergei Shoigu',
];

describe('done: the demo site finds what it publishes', () => {
  test.each(PHRASES)('“%s” finds its source line first', async (phrase) => {
    const { key, line } = onlyLine(phrase);
    const p = await fresh();
    await search(p, `${demo.url}search/?q=${encodeURIComponent(phrase)}`);
    expect((await results(p))[0]?.href).toBe(`/sources/${key}/#L${line}`);
  });

  test('the phrases cover every seed source', () => {
    const keys = new Set(PHRASES.map((phrase) => onlyLine(phrase).key));
    expect([...keys].sort()).toEqual([...demoSources.keys()].sort());
  });

  test.each(['kazakhstan-unrest-csto-deployment', 'csto-summit-and-the-terrorism-narrative'])('the title of %s finds it first', async (slug) => {
    const title = /^title:\s*(.+)$/m.exec(readFileSync(path.join(projectRoot, 'briefings', `${slug}.mdx`), 'utf8'))![1]!.replace(/^['"]|['"]$/g, '');
    const p = await fresh();
    await search(p, `${demo.url}search/?q=${encodeURIComponent(title)}`);
    expect((await results(p))[0]?.href).toMatch(new RegExp(`^/briefings/${slug}/(#.*)?$`));
  });
});

describe('the search page', () => {
  test('typing a phrase from one line and opening the first hit lands on that line, highlighted', async () => {
    const phrase = 'Sultan Gamaletdinov';
    const { key, line } = onlyLine(phrase);
    const p = await fresh();
    await p.goto(`${demo.url}sources/`);
    await p.keyboard.press('/');
    await p.keyboard.type(phrase);
    await p.keyboard.press('Enter');
    await p.waitForURL(/\/search\/\?q=Sultan/);
    await settled(p);
    // Keyboard only: from the field down to the first result, then open it.
    await p.locator('#search-q').focus();
    await p.keyboard.press('ArrowDown');
    expect(await p.evaluate(() => document.activeElement?.closest('.search-result') !== null)).toBe(true);
    await expect(p.locator('.search-result').first().locator('mark').first().textContent()).resolves.toMatch(/Sultan|Gamaletdinov/);
    await p.keyboard.press('Enter');
    await p.waitForURL(new RegExp(`/sources/${key}/#L${line}$`));
    expect(await highlighted(p)).toEqual([line]);
  });

  test('the kind filter narrows the results and goes into the URL', async () => {
    const p = await fresh();
    await search(p, `${demo.url}search/?q=Tokayev`);
    const all = await results(p);
    expect(new Set(all.map((r) => r.kind))).toEqual(new Set(['source', 'briefing', 'claim']));
    await p.getByRole('group', { name: 'Kind' }).getByLabel('Source').check();
    await settled(p);
    const sources = await results(p);
    // Only sources remain, and none that showed before is lost (the first page may now hold more).
    expect(sources.every((r) => r.kind === 'source')).toBe(true);
    expect(sources.length).toBeGreaterThanOrEqual(all.filter((r) => r.kind === 'source').length);
    expect(new URL(p.url()).searchParams.getAll('kind')).toEqual(['source']);
  });

  test('sorting by date orders every result, newest or oldest first, and drops none', async () => {
    const p = await fresh();
    await search(p, `${demo.url}search/?q=CSTO`);
    const relevance = await p.locator('#search-status').textContent();
    await p.getByLabel('Order').selectOption('date:desc');
    await settled(p);
    expect(new URL(p.url()).searchParams.get('sort')).toBe('date:desc');
    await expect(p.locator('#search-status').textContent()).resolves.toBe(relevance);
    const newest = (await results(p)).map((r) => r.date!);
    expect(newest.length).toBeGreaterThan(2);
    expect(newest).toEqual([...newest].sort().reverse());
    expect(new Set(newest).size).toBeGreaterThan(1);
    await p.getByLabel('Order').selectOption('date:asc');
    await settled(p);
    const oldest = (await results(p)).map((r) => r.date!);
    expect(oldest).toEqual([...oldest].sort());
    expect(oldest[0]).not.toBe(newest[0]);
  });

  test('a shared URL restores the query, the order and the filters', async () => {
    const p = await fresh();
    await search(p, `${demo.url}search/?q=peacekeepers&kind=source&sort=date%3Aasc`);
    await expect(p.locator('#search-q').inputValue()).resolves.toBe('peacekeepers');
    await expect(p.getByLabel('Order').inputValue()).resolves.toBe('date:asc');
    await expect(p.getByRole('group', { name: 'Kind' }).getByLabel('Source').isChecked()).resolves.toBe(true);
    const shown = await results(p);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((r) => r.kind === 'source' && /#L\d+$/.test(r.href!))).toBe(true);
  });

  test('has no accessibility violations with results and filters shown', async () => {
    const p = await fresh();
    await search(p, `${demo.url}search/?q=Almaty`);
    const { violations } = await new AxeBuilder({ page: p }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  });

  test('without JavaScript it says search needs it and links to the lists', async () => {
    const p = await fresh(false);
    await p.goto(`${demo.url}search/?q=Almaty`);
    await expect(p.getByText('Search runs in your browser and needs JavaScript').isVisible()).resolves.toBe(true);
    await expect(p.getByRole('link', { name: 'list of briefings' }).getAttribute('href')).resolves.toBe('/');
    await expect(p.getByRole('link', { name: 'list of sources' }).getAttribute('href')).resolves.toBe('/sources/');
    await expect(p.locator('#search-form').isVisible()).resolves.toBe(false);
  });

  test('a briefing page loads no search code until the field is focused', async () => {
    const p = await fresh();
    const requested: string[] = [];
    p.on('request', (r) => requested.push(r.url()));
    await p.goto(`${demo.url}briefings/kazakhstan-unrest-csto-deployment/`);
    await p.waitForLoadState('networkidle');
    expect(requested.filter((u) => u.includes('/pagefind/'))).toEqual([]);
    await p.keyboard.press('/');
    await expect(p.evaluate(() => document.activeElement?.id)).resolves.toBe('site-search-q');
  });
});

describe('the fixture site', () => {
  test('a hit in a claim opens the claim, and its verdict is a filter', async () => {
    const p = await fresh();
    await search(p, `${site.url}search/?q=${encodeURIComponent('ten million')}`);
    expect((await results(p))[0]).toMatchObject({ kind: 'claim', href: '/briefings/second/#claim-bridge-cost' });
    await p.getByRole('group', { name: 'Verdict' }).getByLabel('misleading').check();
    await settled(p);
    expect(new URL(p.url()).searchParams.get('verdict')).toBe('misleading');
    expect((await results(p)).map((r) => r.kind)).toEqual(['claim']);
  });

  test('metadata from sources shows as text in the filters, and filters', async () => {
    const p = await fresh();
    await search(p, `${site.url}search/?q=hostile`);
    const evil = p.getByRole('group', { name: 'Publisher' }).getByLabel('Evil & Co <b>');
    await evil.check();
    await settled(p);
    expect((await results(p)).map((r) => r.href)).toEqual(['/sources/hostile/#L1']);
    expect(await p.locator('#search-filters b').count()).toBe(0);
  });

  test('a source in another language is found with its own stemming', async () => {
    const p = await fresh();
    // The line says „Brücken“; German stemming finds it from the singular.
    await search(p, `${site.url}search/?q=Br%C3%BCcke`);
    expect((await results(p)).map((r) => r.href)).toContain('/sources/gemeinderat/#L2');
  });

  test('served from a sub-path, results and their links carry the base', async () => {
    const p = await fresh();
    await search(p, `${subPath.url}search/?q=${encodeURIComponent('voted 7-2')}`);
    // The line and the claim quoting it match alike; both links carry the base.
    const base = inject('subPathBase');
    const hrefs = (await results(p)).map((r) => r.href);
    expect(hrefs).toContain(`${base}sources/city-council/#L2`);
    expect(hrefs).toContain(`${base}briefings/claims/#claim-the-council-voted-7-2`);
    expect(hrefs.filter((h) => !h!.startsWith(base))).toEqual([]);
    await p.locator(`.search-result a[href="${base}sources/city-council/#L2"]`).click();
    await p.waitForURL(`${subPath.url}sources/city-council/#L2`);
    expect(await highlighted(p)).toEqual([2]);
  });
});
