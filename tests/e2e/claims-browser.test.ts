import AxeBuilder from '@axe-core/playwright';
import { describe, expect, inject, test } from 'vitest';
import { browseSite } from '../helpers/browse-site.ts';

const site = browseSite(() => inject('demoOut'));
const fresh = site.fresh;

const briefing = 'briefings/kazakhstan-unrest-csto-deployment/';
const almaty = '#claim-almaty-is-the-capital-city-of-kazakhstan';

test('a verdict badge explains itself on keyboard focus and on hover', async () => {
  const p = await fresh();
  await p.goto(site.url() + briefing);
  const badge = p.locator(`${almaty} .verdict-badge`);
  const tip = p.locator(`${almaty} .verdict-tip`);
  await expect(tip.isVisible()).resolves.toBe(false);
  // Tab from the element before the badge, as a keyboard user would arrive.
  await p.locator(`${almaty}`).evaluate((card) => {
    const before = document.createElement('a');
    before.href = '#';
    before.textContent = 'start';
    card.before(before);
    before.focus();
  });
  await p.keyboard.press('Tab');
  await expect(badge.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  await expect(tip.isVisible()).resolves.toBe(true);
  await expect(tip.textContent()).resolves.toBe('The sources show the claim is wrong.');
  await expect(badge.textContent()).resolves.toBe('Verdict: False');
  await p.mouse.click(5, 5);
  await expect(tip.isVisible()).resolves.toBe(false);
  await p.locator('#claim-the-riots-killed-20-kazakh-security-personnel .verdict-badge').hover();
  await expect(p.locator('#claim-the-riots-killed-20-kazakh-security-personnel .verdict-tip').isVisible()).resolves.toBe(true);
});

test('a claim anchor lands on its card', async () => {
  const p = await fresh(false);
  await p.goto(site.url() + briefing + almaty);
  const inView = await p.evaluate((id) => {
    const card = document.querySelector(id)!;
    const r = card.getBoundingClientRect();
    return card.matches(':target') && r.top >= 0 && r.top < innerHeight;
  }, almaty);
  expect(inView).toBe(true);
});

test('the claims index filters by verdict without JavaScript, and leads to the card', async () => {
  const p = await fresh(false);
  await p.goto(site.url() + 'claims/');
  const all = await p.locator('.claim-list [data-claim]').count();
  expect(all).toBeGreaterThanOrEqual(4);
  await p.locator('.verdict-filter a', { hasText: 'Unsupported' }).click();
  await p.waitForURL(/\/claims\/unsupported\/$/);
  const verdicts = await p.locator('.claim-list [data-claim]').evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
  expect(verdicts.length).toBeGreaterThan(0);
  expect(verdicts.length).toBeLessThan(all);
  expect(new Set(verdicts)).toEqual(new Set(['unsupported']));
  await p.locator('.claim-list .claim-text a').first().click();
  await p.waitForURL(/\/briefings\/[^/]+\/#claim-/);
  const target = await p.evaluate(() => document.querySelector(':target')?.getAttribute('data-verdict'));
  expect(target).toBe('unsupported');
});

describe('axe-core finds no violations', () => {
  // The briefing with its claim cards is checked in browser.test.ts; a verdict
  // page with no claim (misleading) shares this template.
  test.each(['claims/', 'claims/disputed/'])('on /%s', async (route) => {
    const p = await fresh();
    await p.goto(site.url() + route);
    const result = await new AxeBuilder({ page: p }).analyze();
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  });

  test('with a verdict description shown', async () => {
    const p = await fresh();
    await p.goto(site.url() + briefing);
    await p.locator(`${almaty} .verdict-badge`).focus();
    const result = await new AxeBuilder({ page: p }).include(almaty).analyze();
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });
});
