/**
 * The Vite plugin through which a build loads each `.mdx` briefing it checked
 * without error as MDX text with its citations, claims and notes written in
 * (`checked-text.ts`), and the question the Markdown plugin asks to leave
 * those files alone. A file this cannot rewrite loads as it is, and the
 * Markdown plugin edits its tree instead.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { briefingDigest, type BriefingReport } from '../lib/check-project.ts';
import type { StyleCatalog } from '../lib/csl-styles.ts';
import { checkedBriefingText } from './checked-text.ts';

export interface CheckedLoadOptions {
  root: string;
  /** The briefings folder, relative to the root. */
  briefings: string;
  /** The site's base path, ending in `/`. */
  base: string;
  site?: string | undefined;
  getStyles: () => StyleCatalog;
  /** The site's default style. */
  style: string;
  /** The check's report of a briefing, if it checked this very text without errors. */
  checked: (file: string, raw: string) => BriefingReport | undefined;
}

export interface CheckedLoad {
  plugin: Plugin;
  /** Whether a text is the rewritten one this plugin loaded for that file. */
  rewritten(file: string, raw: string): boolean;
}

/**
 * @param options The project, the site and the check.
 * @returns The plugin, and the question for the Markdown plugin.
 */
export function checkedLoad(options: CheckedLoadOptions): CheckedLoad {
  // Digests of the texts loaded, by file (a digest, not the text: a build's rewritten briefings would hold some 50 MB):
  // Astro hands the Markdown plugin the text with its front matter blanked out.
  const loaded = new Map<string, { digest: string; bodyStart: number }>();
  const dir = path.resolve(options.root, options.briefings);
  return {
    rewritten(file, raw) {
      const seen = loaded.get(file);
      return seen !== undefined && seen.digest === briefingDigest(raw, seen.bodyStart);
    },
    plugin: {
      name: 'attest:checked-briefings',
      // Before `@astrojs/mdx` compiles it, wherever the site lists that integration.
      enforce: 'pre',
      load(id) {
        if (!id.endsWith('.mdx') || !id.startsWith(dir + path.sep)) return null;
        const file = path.relative(options.root, id).split(path.sep).join('/');
        const raw = readFileSync(id, 'utf8');
        const report = options.checked(file, raw);
        const style = report && options.getStyles().byName.get(report.data?.style ?? options.style);
        if (!report || !style) return null;
        const text = checkedBriefingText(raw, report, { file, slug: report.slug, base: options.base, site: options.site, style });
        if (text === undefined) return null;
        loaded.set(file, { digest: briefingDigest(text, report.bodyStart), bodyStart: report.bodyStart });
        return text;
      },
    },
  };
}
