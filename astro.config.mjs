// @ts-check
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import attest from './src/integration/index.ts';

export default defineConfig({
  // Set `site` to your public URL (and `base` to serve from a sub-path).
  site: 'https://attest.example',
  integrations: [attest(), mdx(), sitemap()],
});
