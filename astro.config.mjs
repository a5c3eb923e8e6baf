// @ts-check
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import attest from './src/integration/index.ts';

export default defineConfig({
  // Set `site` to your public URL (and `base` to serve from a sub-path).
  site: 'https://attest.example',
  // `npm run build` indexes with Pagefind after `astro build` has exited (src/cli/search-index.ts),
  // so the two never hold memory at once; drop `searchIndex` to index inside `astro build`.
  integrations: [attest({ searchIndex: 'separate' }), mdx(), sitemap()],
});
