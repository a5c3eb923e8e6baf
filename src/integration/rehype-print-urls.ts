/**
 * Full URLs for print. On paper a link is only its text, so each footnote's
 * link to the source page carries the absolute URL of those lines (and the
 * original's URL, when the metadata has one) for the print stylesheet to show.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { Source } from '../lib/sources.ts';

export interface RehypePrintUrlsOptions {
  /** Astro's `site`, e.g. `https://attest.example/`; without it links stay root-relative. */
  site?: string | undefined;
  /** The site's base path, ending in `/`. */
  base: string;
  /** The current sources, to find an original URL by key. */
  getSources: () => ReadonlyMap<string, Source>;
}

/**
 * Adds `data-print-url` (absolute link to the cited lines) and
 * `data-original-url` (the source's own `http(s)` URL) to `a.cite-source-link`.
 * @param options Site, base and sources.
 * @returns A unified transformer over hast.
 */
export function rehypePrintUrls(options: RehypePrintUrlsOptions) {
  const prefix = `${options.base}sources/`;
  return (tree: Root): void => {
    const sources = options.getSources();
    visit(tree, 'element', (node: Element) => {
      const classes = node.properties.className;
      if (node.tagName !== 'a' || !Array.isArray(classes) || !classes.includes('cite-source-link')) return;
      const href = String(node.properties.href ?? '');
      node.properties.dataPrintUrl = options.site ? new URL(href, options.site).href : href;
      if (!href.startsWith(prefix)) return;
      const key = decodeURIComponent(href.slice(prefix.length).split('/')[0] ?? '');
      const original = sources.get(key)?.meta.URL;
      if (original && /^https?:\/\//i.test(original)) node.properties.dataOriginalUrl = original;
    });
  };
}
