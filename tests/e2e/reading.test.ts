import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { serveStatic } from '../helpers/static-server.ts';

let browser: Browser;
let demo: { url: string; close: () => Promise<void> };
let sub: { url: string; close: () => Promise<void> };
let page: Page | undefined;

beforeAll(async () => {
  demo = await serveStatic(inject('demoOut'));
  sub = await serveStatic(inject('subPathOut'), inject('subPathBase'));
  browser = await launchChromium();
});

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await demo?.close();
  await sub?.close();
});

async function fresh(options: BrowserContextOptions = {}): Promise<Page> {
  await page?.context().close();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  page = await context.newPage();
  return page;
}

const briefing = 'briefings/kazakhstan-unrest-csto-deployment/';
const source = 'sources/001_08c405c403b49c17/';

/** The id of the preview on screen, if any. */
const openPreview = (p: Page) => p.evaluate(() => document.querySelector(':popover-open')?.id ?? null);

/** The note a mark leads to, as text without its back-links: what its preview must show. */
async function noteText(p: Page, mark: Locator): Promise<string> {
  const id = (await mark.getAttribute('href'))!.slice(1);
  return p.evaluate((noteId) => {
    const copy = document.getElementById(noteId)!.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[data-footnote-backref]').forEach((a) => a.remove());
    return copy.textContent!.replace(/\s+/g, ' ').trim();
  }, id);
}

async function previewText(p: Page, id: string): Promise<string> {
  return p.evaluate((previewId) => document.getElementById(previewId)!.textContent!.replace(/\s+/g, ' ').trim(), id);
}

describe('footnote previews', () => {
  test('every mark previews its note on focus, tied to the mark, and Esc dismisses it', async () => {
    const p = await fresh();
    await p.goto(demo.url + briefing);
    const marks = p.locator('a[data-footnote-ref]');
    const count = await marks.count();
    expect(count).toBeGreaterThan(15);
    for (let i = 0; i < count; i++) {
      const mark = marks.nth(i);
      await mark.focus();
      const id = await openPreview(p);
      expect(id, `mark ${i}`).not.toBeNull();
      // Assistive technology reads the preview as the mark's description.
      expect(await mark.getAttribute('aria-describedby')).toBe(id);
      expect(await previewText(p, id!)).toBe(await noteText(p, mark));
      await p.keyboard.press('Escape');
      expect(await openPreview(p), `mark ${i} after Esc`).toBeNull();
      await expect(p.evaluate(() => document.activeElement?.hasAttribute('data-footnote-ref'))).resolves.toBe(true);
    }
  });

  test('hover shows the preview beside the mark; the pointer can move onto it; moving away hides it', async () => {
    const p = await fresh();
    await p.goto(demo.url + briefing);
    const mark = p.locator('p', { hasText: 'at least 18 police officers' }).locator('a[data-footnote-ref]').first();
    await mark.hover();
    const id = await openPreview(p);
    expect(id).not.toBeNull();
    const preview = p.locator(`[id="${id}"]`);
    expect(await preview.textContent()).toContain('at least 18 police officers and military personnel have died');
    const m = (await mark.boundingBox())!;
    const b = (await preview.boundingBox())!;
    // Next to the mark (just above or below it) and inside the viewport.
    expect(Math.min(Math.abs(b.y - (m.y + m.height)), Math.abs(b.y + b.height - m.y))).toBeLessThan(12);
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(1280);
    // Hoverable: moving the pointer into the preview keeps it (WCAG 1.4.13).
    await p.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await p.waitForTimeout(400);
    expect(await openPreview(p)).toBe(id);
    await p.mouse.move(5, 5, { steps: 5 });
    await p.waitForFunction(() => !document.querySelector(':popover-open'));
  });

  test('Tab moves from the mark into the preview, so its links are reachable by keyboard', async () => {
    const p = await fresh();
    await p.goto(demo.url + briefing);
    const mark = p.locator('a[data-footnote-ref]').first();
    await mark.focus();
    const id = await openPreview(p);
    await p.keyboard.press('Tab');
    const inside = await p.evaluate((previewId) => document.getElementById(previewId)!.contains(document.activeElement), id!);
    expect(inside).toBe(true);
    expect(await openPreview(p)).toBe(id);
  });

  test('a tap previews, a second tap follows the link to the note', async () => {
    const p = await fresh({ hasTouch: true, isMobile: true, viewport: { width: 360, height: 740 } });
    await p.goto(demo.url + briefing);
    const mark = p.locator('a[data-footnote-ref]').nth(2);
    await mark.tap();
    expect(await openPreview(p)).not.toBeNull();
    expect(new URL(p.url()).hash).toBe('');
    await mark.tap();
    await p.waitForURL(new RegExp(`${await mark.getAttribute('href')}$`));
  });

  test('clicking the mark with a mouse still goes to the note', async () => {
    const p = await fresh();
    await p.goto(demo.url + briefing);
    const mark = p.locator('a[data-footnote-ref]').nth(4);
    await mark.click();
    await p.waitForURL(new RegExp(`${await mark.getAttribute('href')}$`));
    expect(await openPreview(p)).toBeNull();
  });

  test('without JavaScript there are no previews: the mark is a plain link', async () => {
    const p = await fresh({ javaScriptEnabled: false });
    await p.goto(demo.url + briefing);
    expect(await p.locator('[popover]').count()).toBe(0);
    const mark = p.locator('a[data-footnote-ref]').first();
    expect(await mark.getAttribute('role')).toBe('doc-noteref');
    await mark.hover();
    await mark.click();
    await p.waitForURL(/#user-content-fn-cite-1$/);
  });
});

describe('source lines', () => {
  test('a click selects a line, a shift-click a range, without moving the page; the link to them can be copied', async () => {
    const p = await fresh();
    await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(demo.url).origin });
    await p.goto(demo.url + source + '#L25-L27');
    const highlighted = () => p.$$eval('.source-lines > li.hl', (items) => items.map((li) => Number(li.id.slice(1))));
    expect(await highlighted()).toEqual([25, 26, 27]);
    const y = await p.evaluate(() => scrollY);
    await p.locator('#L29 > a').click();
    expect(new URL(p.url()).hash).toBe('#L29');
    await p.locator('#L33 > a').click({ modifiers: ['Shift'] });
    expect(new URL(p.url()).hash).toBe('#L29-L33');
    expect(await highlighted()).toEqual([29, 30, 31, 32, 33]);
    expect(await p.evaluate(() => scrollY)).toBe(y);
    const copy = p.getByRole('button', { name: 'Copy link to lines 29–33' });
    await copy.click();
    // The status is written once the clipboard has taken the link, which may be after the click returns.
    await expect.poll(() => p.getByRole('status').textContent(), { timeout: 5_000 }).toBe('Link copied.');
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(`${demo.url}${source}#L29-L33`);
    // Back returns to the single line.
    await p.goBack();
    await p.waitForFunction(() => location.hash === '#L29');
    expect(await highlighted()).toEqual([29]);
  });

  test('a shift-click upwards selects the same range, and the keyboard does it too', async () => {
    const p = await fresh();
    await p.goto(demo.url + source + '#L12');
    await p.locator('#L12 > a').focus();
    await p.locator('#L9 > a').focus();
    await p.keyboard.press('Shift+Enter');
    expect(new URL(p.url()).hash).toBe('#L9-L12');
    expect(p.context().pages().length).toBe(1);
  });
});

test('without JavaScript every source link of a briefing lands on its lines, highlighted, the first in view', async () => {
  const p = await fresh({ javaScriptEnabled: false });
  await p.goto(demo.url + briefing);
  const links = await p.$$eval('a.cite-source-link', (as) =>
    as.map((a) => ({ href: a.getAttribute('href')!, lines: a.closest('p')!.previousElementSibling?.getAttribute('data-lines') ?? '' })),
  );
  expect(links.length).toBeGreaterThan(15);
  for (const { href, lines } of links) {
    const [start, end = start] = lines.split(',')[0]!.split('-').map(Number);
    await p.goto(demo.url + href.slice(1));
    const shown = await p.evaluate(() => {
      const plain = getComputedStyle(document.body).backgroundColor;
      const lit = [...document.querySelectorAll('.source-lines > li')].filter(
        (li) => ![plain, 'rgba(0, 0, 0, 0)'].includes(getComputedStyle(li).backgroundColor),
      );
      const first = lit[0]?.getBoundingClientRect();
      return { lines: lit.map((li) => Number(li.id.slice(1))), firstInView: !!first && first.top >= 0 && first.bottom <= innerHeight };
    });
    expect(shown, href).toEqual({ lines: Array.from({ length: end! - start! + 1 }, (_, i) => start! + i), firstInView: true });
  }
});

describe('layout', () => {
  const routes = ['', briefing, 'sources/', source + '#L25-L27', 'no-such-page/'];

  test.each(routes)('nothing overflows sideways at 360 px on /%s', async (route) => {
    const p = await fresh({ viewport: { width: 360, height: 740 } });
    await p.goto(demo.url + route);
    const overflow = await p.evaluate(() => ({
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      wide: [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map((el) => el.tagName + (el.className ? '.' + String(el.className) : ''))
        .slice(0, 5),
    }));
    expect(overflow).toEqual({ page: 0, wide: [] });
  });

  test('an open preview fits a 360 px screen', async () => {
    const p = await fresh({ viewport: { width: 360, height: 740 } });
    await p.goto(demo.url + briefing);
    await p.locator('a[data-footnote-ref]').nth(6).focus();
    const box = (await p.locator(`[id="${await openPreview(p)}"]`).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
  });

  test('a source line reads beside its number and wraps in its own column; a blank line keeps a line’s height', async () => {
    const p = await fresh({ viewport: { width: 360, height: 740 } });
    await p.goto(demo.url + source);
    // A line's text is the list item's own text node; measure it with a range.
    const lines = await p.$$eval('.source-lines > li', (items) =>
      items.map((li) => {
        const number = li.querySelector(':scope > a')!.getBoundingClientRect();
        const own = [...li.childNodes].find((n) => n.nodeType === Node.TEXT_NODE);
        const range = document.createRange();
        if (own) range.selectNodeContents(own);
        const text = own ? range.getBoundingClientRect() : undefined;
        return { id: li.id, number: { top: number.top, right: number.right }, text: text && { top: text.top, left: text.left, right: text.right, height: text.height }, height: li.getBoundingClientRect().height };
      }),
    );
    const written = lines.filter((l) => l.text);
    const blank = lines.filter((l) => !l.text);
    expect(written.length).toBeGreaterThan(20);
    expect(blank.length).toBeGreaterThan(5);
    for (const l of written) {
      expect(l.text!.left, l.id).toBeGreaterThan(l.number.right);
      expect(l.text!.right, l.id).toBeLessThanOrEqual(360);
      expect(Math.abs(l.text!.top - l.number.top), l.id).toBeLessThan(8);
    }
    // Some lines wrap at this width, within the text column.
    expect(written.some((l) => l.text!.height > 40)).toBe(true);
    const oneLine = Math.min(...written.map((l) => l.height));
    for (const l of blank) expect(l.height, l.id).toBeGreaterThanOrEqual(oneLine - 0.5);
  });

  test('body text keeps a reading measure of about 65 characters', async () => {
    const p = await fresh();
    await p.goto(demo.url + briefing);
    const chars = await p.evaluate(() => {
      const body = document.querySelector<HTMLElement>('.briefing-body')!;
      const probe = document.createElement('span');
      probe.style.cssText = 'display:inline-block;width:100ch';
      body.append(probe);
      const ch = probe.getBoundingClientRect().width / 100;
      probe.remove();
      return body.getBoundingClientRect().width / ch;
    });
    expect(chars).toBeGreaterThan(60);
    expect(chars).toBeLessThan(70);
  });

  test('the colours follow the system setting', async () => {
    const background = async (colorScheme: 'light' | 'dark') => {
      const p = await fresh({ colorScheme });
      await p.goto(demo.url + briefing);
      return p.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    };
    expect(await background('light')).toBe('rgb(253, 252, 249)');
    expect(await background('dark')).toBe('rgb(22, 23, 26)');
  });
});

describe('weight', () => {
  test('a briefing page loads under 10 KB of JavaScript, compressed', async () => {
    const p = await fresh();
    const bodies: Buffer[] = [];
    p.on('response', async (r) => {
      if (r.request().resourceType() === 'script') bodies.push(await r.body());
    });
    await p.goto(demo.url + briefing, { waitUntil: 'networkidle' });
    // Module scripts small enough to inline arrive inside the HTML; they count too.
    const inline = await p.evaluate(() =>
      [...document.querySelectorAll<HTMLScriptElement>('script:not([src])')]
        .filter((s) => !s.type || s.type === 'module' || s.type === 'text/javascript')
        .map((s) => s.textContent ?? ''),
    );
    const all = [...bodies, ...inline.map((s) => Buffer.from(s))];
    expect(all.length).toBeGreaterThan(0);
    const gzipped = all.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0);
    expect(gzipped).toBeLessThan(10 * 1024);
  });
});

describe('axe-core finds no violations', () => {
  const routes = ['', briefing, 'sources/', source + '#L25-L27', 'no-such-page/'];
  const violations = async (p: Page) =>
    (await new AxeBuilder({ page: p }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);

  test.each(routes)('in dark mode on /%s', async (route) => {
    const p = await fresh({ colorScheme: 'dark' });
    await p.goto(demo.url + route);
    expect(await violations(p)).toEqual([]);
  });

  test('on the 404 page', async () => {
    const p = await fresh();
    const response = await p.goto(demo.url + 'no-such-page/');
    expect(response?.status()).toBe(404);
    await expect(p.locator('h1').textContent()).resolves.toBe('Page not found');
    expect(await violations(p)).toEqual([]);
  });

  test('with a footnote preview open', async () => {
    const p = await fresh();
    await p.goto(demo.url + briefing);
    await p.locator('a[data-footnote-ref]').nth(1).focus();
    expect(await openPreview(p)).not.toBeNull();
    expect(await violations(p)).toEqual([]);
  });

  test('with lines selected on a source page', async () => {
    const p = await fresh();
    await p.goto(demo.url + source + '#L3');
    await p.locator('#L5 > a').click({ modifiers: ['Shift'] });
    await expect(p.getByRole('button', { name: 'Copy link to lines 3–5' }).count()).resolves.toBe(1);
    expect(await violations(p)).toEqual([]);
  });
});

describe('a site served from a sub-path', () => {
  test('a reader clicks through it, keyboard and mouse, without a broken link', async () => {
    const p = await fresh();
    const base = inject('subPathBase');
    const failures: string[] = [];
    p.on('response', (r) => {
      if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
    });
    p.on('request', (r) => {
      const url = new URL(r.url());
      if (url.protocol.startsWith('http') && !url.pathname.startsWith(base)) failures.push(`outside the base: ${r.url()}`);
    });
    await p.goto(sub.url);
    await p.getByRole('link', { name: 'Every citation form' }).click();
    await p.waitForURL(`${sub.url}briefings/every-form/`);
    const mark = p.locator('a[data-footnote-ref]').first();
    await mark.focus();
    expect(await openPreview(p)).not.toBeNull();
    await p.keyboard.press('Enter');
    await p.waitForURL(/#user-content-fn-cite-1$/);
    await p.locator('#user-content-fn-cite-1 a.cite-source-link').click();
    await p.waitForURL(`${sub.url}sources/city-council/#L1`);
    expect(await p.$$eval('.source-lines > li', (items) => items.filter((li) => li.matches(':target, .hl')).map((li) => li.id))).toEqual(['L1']);
    await p.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Sources' }).click();
    await p.waitForURL(`${sub.url}sources/`);
    await p.getByRole('link', { name: 'Ministry statement' }).click();
    await p.waitForURL(`${sub.url}sources/ministry/`);
    await p.locator('.cited-by a').first().click();
    await p.waitForURL(new RegExp(`^${sub.url}briefings/`));
    await p.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Briefings' }).click();
    await p.waitForURL(sub.url);
    // The feed and the 404 page live under the base too.
    const feed = await p.request.get(new URL((await p.locator('link[rel=alternate]').getAttribute('href'))!, sub.url).href);
    expect(feed.status()).toBe(200);
    expect(await feed.text()).toContain('<link>https://fixture.example/briefings-archive/briefings/every-form/</link>');
    expect(failures).toEqual([]);
    const missing = await p.goto(`${sub.url}nowhere/`);
    expect(missing?.status()).toBe(404);
    await p.getByRole('link', { name: 'All sources' }).click();
    await p.waitForURL(`${sub.url}sources/`);
    expect(failures).toEqual([`404 ${sub.url}nowhere/`]);
  });
});
