/**
 * The Vite plugin through which a build loads each `.mdx` briefing it checked
 * without error as MDX text with its citations, claims and notes written in
 * (`checked-text.ts`, run on the check's thread: `check-worker.ts`), and the
 * question the Markdown plugin asks to leave those files alone. A file that
 * was not rewritten, or has changed since it was checked, loads as it is,
 * and the Markdown plugin edits its tree instead.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { briefingDigest } from '../lib/check-project.ts';
import type { CompiledBriefing } from './check-worker.ts';
import { idsUnder } from './hook-filters.ts';

export interface CheckedLoadOptions {
  root: string;
  /** The briefings folder, relative to the root. */
  briefings: string;
  /** A briefing as the check's thread wrote it, by its path from the root, once it has (`check-worker.ts`). */
  compiled: (file: string) => Promise<CompiledBriefing | undefined>;
}

export interface CheckedLoad {
  plugin: Plugin;
  /** Whether a text is the rewritten one this plugin loaded for that file. */
  rewritten(file: string, raw: string): boolean;
}

/**
 * @param options The project, and the check's rewritten briefings.
 * @returns The plugin, and the question for the Markdown plugin.
 */
export function checkedLoad(options: CheckedLoadOptions): CheckedLoad {
  // Digests of the texts loaded, by file (a digest, not the text: a build's rewritten briefings would hold some 50 MB):
  // Astro hands the Markdown plugin the text with its front matter blanked out.
  const loaded = new Map<string, { digest: string; bodyStart: number }>();
  const mdx = idsUnder(path.resolve(options.root, options.briefings), '.mdx');
  return {
    rewritten(file, raw) {
      const seen = loaded.get(file);
      return seen !== undefined && seen.digest === briefingDigest(raw, seen.bodyStart);
    },
    plugin: {
      name: 'attest:checked-briefings',
      // Before `@astrojs/mdx` compiles it, wherever the site lists that integration.
      enforce: 'pre',
      load: {
        filter: { id: mdx },
        async handler(id) {
          if (!mdx.test(id)) return null;
          const file = path.relative(options.root, id).split(path.sep).join('/');
          const compiled = await options.compiled(file);
          if (!compiled?.rewritten) return null;
          // Only the text that was checked: not one saved since.
          if (briefingDigest(readFileSync(id, 'utf8'), compiled.bodyStart) !== compiled.digest) return null;
          loaded.set(file, { digest: compiled.rewritten.digest, bodyStart: compiled.bodyStart });
          return compiled.rewritten.text;
        },
      },
    },
  };
}
