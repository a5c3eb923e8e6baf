import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { projectRoot, startAstroDev, type AstroDevServer } from '../helpers/run-astro.ts';

// A copy of the fixture site at the same depth, so its `srcDir: '../../../src'` still holds.
const site = path.join(projectRoot, 'tests/.out/dev-site');
const source = path.join(site, 'sources/city-council.txt');
let server: AstroDevServer;
let browser: Browser;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  rmSync(site, { recursive: true, force: true });
  cpSync(path.join(projectRoot, 'tests/fixtures/site'), site, { recursive: true, filter: (f) => !f.includes(`${path.sep}dist`) });
  server = await startAstroDev(site, await freePort());
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// Before the edits below, which change what these downloads hold.
test('the dev server serves each reference download that a build writes as a file', async () => {
  const response = await fetch(new URL('sources/city-council/reference.bib', server.url));
  expect(response.status).toBe(200);
  const served = await response.text();
  expect(served).toMatch(/@article\{Doe2024Council,[\s\S]*title = \{Council approves bridge repairs\}/);
  // Word for word what the fixture's build wrote, for a source and for a briefing.
  expect(served).toBe(readFileSync(path.join(inject('siteOut'), 'sources/city-council/reference.bib'), 'utf8'));
  const briefing = await fetch(new URL('briefings/second/references.json', server.url));
  expect(await briefing.text()).toBe(readFileSync(path.join(inject('siteOut'), 'briefings/second/references.json'), 'utf8'));
});

test('editing a cited source line updates the briefings that quote it, and re-checks them', async ({ onTestFailed }) => {
  // What the server printed is the only trace of why a reload never came.
  onTestFailed(() => console.log(`astro dev printed:\n${server.output()}`));
  const page = await browser.newPage();
  // Edits reach the page over Vite's socket: one made before it connects would never arrive.
  const connected = page.waitForEvent('console', { predicate: (m) => m.text().includes('[vite] connected'), timeout: 30_000 });
  await page.goto(new URL('briefings/second/', server.url).href, { timeout: 30_000 });
  await connected;
  // Bounded reads, so a page that is reloading cannot hold a poll past its own timeout.
  const text = (selector: string) => page.locator(selector).first().textContent({ timeout: 1_000 }).catch(() => '');
  const excerpt = 'blockquote.excerpt[data-source="city-council"]';
  await expect.poll(() => text(excerpt), { timeout: 5_000 }).toContain('Mayor says bridge will reopen on Monday.');

  const original = readFileSync(source, 'utf8');
  const started = performance.now();
  writeFileSync(source, original.replace('reopen on Monday', 'reopen on Tuesday'));
  // The watcher reloads the page; no manual refresh.
  await expect.poll(() => text(excerpt), { timeout: 15_000, interval: 50 }).toContain('reopen on Tuesday');
  console.log(`dev: a source edit reached the briefing in ${Math.round(performance.now() - started)} ms`);

  // Editing the briefing itself shows at once too (Vite's own module reload).
  const briefing = path.join(site, 'briefings/second.mdx');
  const body = readFileSync(briefing, 'utf8');
  const edited = performance.now();
  writeFileSync(briefing, body.replace('The council vote', 'The council\u2019s final vote'));
  await expect.poll(() => text('main'), { timeout: 15_000, interval: 50 }).toContain('The council\u2019s final vote');
  console.log(`dev: a briefing edit reached the browser in ${Math.round(performance.now() - edited)} ms`);
  writeFileSync(briefing, body);

  // Cutting the source to one line breaks the cited range: reported with its position, the server keeps running.
  writeFileSync(source, 'Only one line now.\n');
  await expect.poll(() => server.output(), { timeout: 15_000 }).toMatch(/briefings\/second\.mdx:\d+:\d+: error: .*past the end/);
  // Closed before the source is put back: putting it back reloads the page, and closing a page as it
  // reloads once hung Playwright's close for the rest of the test's time (CI, 2026-11-23).
  try {
    await page.close();
  } finally {
    writeFileSync(source, original);
  }
});
