import { launchChromium } from './tests/helpers/browser.ts';
import { serveStatic } from './tests/helpers/static-server.ts';
const server = await serveStatic(process.argv[2]!);
const browser = await launchChromium();
const page = await browser.newPage();
page.on('console', (m) => console.log('console:', m.text()));
for (const q of process.argv.slice(3)) {
  await page.goto(server.url + 'search/?q=' + encodeURIComponent(q));
  await page.locator('#search-results[aria-busy="false"]').waitFor({ state: 'attached' });
  console.log('Q', q, '→', await page.locator('#search-status').textContent());
  for (const r of (await page.locator('.search-result').all()).slice(0, 4)) console.log('  ', await r.locator('a').getAttribute('href'), '|', (await r.locator('.search-result-excerpt').innerText()).slice(0, 160));
}
await browser.close(); await server.close();
