import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { loadSources } from '../../src/lib/sources.ts';
import { launchChromium } from '../helpers/browser.ts';
import { projectRoot } from '../helpers/run-astro.ts';
import { serveStatic } from '../helpers/static-server.ts';

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let page: Page;
/** The printed briefing's text as a PDF reader extracts it, page by page. */
let pages: string[];

const briefing = 'briefings/kazakhstan-unrest-csto-deployment/';
const flat = (s: string) => s.replace(/\s+/g, ' ');

beforeAll(async () => {
  server = await serveStatic(inject('demoOut'));
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  await page.goto(server.url + briefing);
  const pdf = await page.pdf({ format: 'A4' });
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
  pages = text;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a printed briefing', () => {
  test('keeps the title and text, and leaves out navigation, the footer and back-links', () => {
    const all = flat(pages.join(' '));
    expect(pages.length).toBeGreaterThan(1);
    expect(flat(pages[0]!)).toContain('Kazakhstan, January 2022: from fuel protests to a CSTO deployment');
    expect(all).toContain('This briefing rests on five saved reports');
    expect(all).not.toContain('Skip to content');
    expect(all).not.toContain('Follow a footnote to read them in context');
    expect(all).not.toContain('\u21a9');
    expect(flat(pages[0]!)).not.toMatch(/Briefings\s+Sources/);
  });

  test('ends with the notes as endnotes, each with its excerpt and the full URL of the lines', () => {
    const all = flat(pages.join(' '));
    const notes = all.lastIndexOf('Notes and evidence');
    expect(notes).toBeGreaterThan(all.indexOf('This briefing rests on five saved reports'));
    // RT's line 31, the security-force toll: the excerpt itself, after the notes heading.
    const line31 = loadSources(projectRoot, 'sources').byKey.get('001_08c405c403b49c17')!.lines[30]!;
    expect(all.indexOf(flat(line31).slice(0, 80), notes)).toBeGreaterThan(notes);
    // A URL may wrap at any character on paper; its characters stay in order.
    const compact = pages.join('').replace(/\s+/g, '');
    expect(compact).toContain('https://attest.example/sources/001_08c405c403b49c17/#L31');
    expect(compact).toContain('https://attest.example/sources/001_08c405c403b49c17/#L25-L27');
  });

  test('a claim card does not break across pages and its verdict is black on white', async () => {
    await page.emulateMedia({ media: 'print' });
    // Claims come from <Claim> (issue 6); a card with the contract's hooks is enough to test the stylesheet.
    const style = await page.evaluate(() => {
      const card = document.createElement('section');
      card.dataset.claim = '';
      card.dataset.verdict = 'false';
      card.style.cssText = 'background:#c00;color:#fff';
      card.innerHTML = '<p class="claim-verdict" style="background:#c00;color:#fee">False</p>';
      document.querySelector('.briefing-body')!.prepend(card);
      const label = getComputedStyle(card.querySelector('p')!);
      return { breakInside: getComputedStyle(card).breakInside, color: label.color, background: label.backgroundColor, weight: label.fontWeight };
    });
    expect(style).toEqual({ breakInside: 'avoid', color: 'rgb(0, 0, 0)', background: 'rgba(0, 0, 0, 0)', weight: '700' });
    await page.emulateMedia({ media: 'screen' });
  });
});
