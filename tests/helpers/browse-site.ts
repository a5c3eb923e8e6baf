import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { serveStatic } from './static-server.ts';

/**
 * For one test file: serve a built site and open Chromium before its tests,
 * close both after. Each `fresh()` page gets a context of its own.
 * @param dir The built site's folder (read when the tests start).
 * @returns The site's URL and a page factory.
 */
export function browseSite(dir: () => string): { url: () => string; fresh: (javaScript?: boolean) => Promise<Page> } {
  let browser: Browser | undefined;
  let server: { url: string; close: () => Promise<void> } | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    server = await serveStatic(dir());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    url: () => server!.url,
    fresh: async (javaScript = true) => {
      await page?.context().close();
      const context = await browser!.newContext({ javaScriptEnabled: javaScript, viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      return page;
    },
  };
}
