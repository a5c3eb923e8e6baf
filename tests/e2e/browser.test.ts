import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { browseSite } from '../helpers/browse-site.ts';

const site = browseSite(() => inject('demoOut'));
const fresh = site.fresh;

/** Lines highlighted on a source page, by computed background (what a reader sees). */
async function highlightedLines(p: Page): Promise<number[]> {
  return p.$$eval('.source-lines > li', (items) => {
    const plain = getComputedStyle(document.body).backgroundColor;
    return items
      .filter((li) => {
        const bg = getComputedStyle(li).backgroundColor;
        return bg !== 'rgba(0, 0, 0, 0)' && bg !== plain;
      })
      .map((li) => Number(li.id.slice(1)));
  });
}

const briefing = 'briefings/kazakhstan-unrest-csto-deployment/';

describe.each([true, false])('with JavaScript %s', (javaScript) => {
  test('a footnote leads to the source lines, highlighted, and back', async () => {
    const p = await fresh(javaScript);
    await p.goto(site.url() + briefing);
    await expect(p.title()).resolves.toContain('Kazakhstan, January 2022');
    // The security-force toll: RT's line 31.
    const paragraph = p.locator('p', { hasText: 'at least 18 police officers' });
    const mark = paragraph.locator('a[data-footnote-ref]').first();
    const number = await mark.textContent();
    await mark.click();
    const note = p.locator(`li[id="${(await mark.getAttribute('href'))!.slice(1)}"]`);
    await expect(note.locator('blockquote').getAttribute('data-lines')).resolves.toBe('31');
    expect(await note.locator('.lt').textContent()).toContain('at least 18 police officers and military personnel have died');
    await note.locator('a.cite-source-link').click();
    await p.waitForURL(/\/sources\/001_08c405c403b49c17\/#L31$/);
    expect(await highlightedLines(p)).toEqual([31]);
    expect(await p.locator('main').getAttribute('data-source')).toBe('001_08c405c403b49c17');
    // Back to the briefing from the lines' "cited in" note.
    await p.locator('#L31 .cited-by a', { hasText: 'Kazakhstan, January 2022' }).first().click();
    await p.waitForURL(new RegExp(`${briefing}#user-content-fn-cite-\\d+$`));
    const target = await p.evaluate(() => document.querySelector(':target')?.querySelector('blockquote')?.getAttribute('data-lines'));
    expect(target).toBe('31');
    expect(number).toMatch(/^\d+$/);
  });

  test('a range link highlights every line of the range', async () => {
    const p = await fresh(javaScript);
    await p.goto(site.url() + briefing);
    const link = p.locator('blockquote[data-source="001_08c405c403b49c17"][data-lines="25-27"] + p a.cite-source-link').first();
    expect(await link.getAttribute('href')).toBe('/sources/001_08c405c403b49c17/#L25-L27');
    await link.click();
    await p.waitForURL(/#L25-L27$/);
    expect(await highlightedLines(p)).toEqual([25, 26, 27]);
    const inView = await p.evaluate(() => {
      const r = document.getElementById('L25')!.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
    expect(inView).toBe(true);
  });
});

test('the back-link returns from a footnote to the place it is cited', async () => {
  const p = await fresh();
  await p.goto(site.url() + briefing);
  const mark = p.locator('a[data-footnote-ref]').first();
  await mark.click();
  const id = (await mark.getAttribute('id'))!;
  await p.locator(`a[data-footnote-backref][href="#${id}"]`).click();
  expect(new URL(p.url()).hash).toBe(`#${id}`);
});

test('any range typed into the address bar is highlighted (script enhancement)', async () => {
  const p = await fresh();
  await p.goto(site.url() + 'sources/004_7bd650501039e11f/#L5-L7');
  expect(await highlightedLines(p)).toEqual([5, 6, 7]);
  await p.evaluate(() => (location.hash = '#L11'));
  await p.waitForFunction(() => document.querySelectorAll('.source-lines > li.hl').length === 1);
  expect(await highlightedLines(p)).toEqual([11]);
});

test('footnotes are reachable by keyboard alone', async () => {
  const p = await fresh();
  await p.goto(site.url() + briefing);
  const first = p.locator('a[data-footnote-ref]').first();
  await first.focus();
  await p.keyboard.press('Enter');
  await p.waitForURL(/#user-content-fn-cite-1$/);
  expect(await p.evaluate(() => document.querySelector(':target')?.id)).toBe('user-content-fn-cite-1');
});

describe('axe-core finds no violations', () => {
  test.each(['', briefing, 'sources/', 'sources/001_08c405c403b49c17/#L25-L27'])('on /%s', async (route) => {
    const p = await fresh();
    await p.goto(site.url() + route);
    const result = await new AxeBuilder({ page: p }).analyze();
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  });
});
