/**
 * `npm run build`'s second step: index the built site with Pagefind once
 * Astro has exited (`attest({ searchIndex: 'separate' })`), so Astro's
 * process and Pagefind's never hold their memory at the same time. The
 * indexing itself is the integration's (`search-index.ts`).
 *
 * `node src/cli/search-index.ts [--out dist] [--cache-dir node_modules/.astro]`: the
 * cache folder is Astro's `cacheDir`, where the build keeps the claim cards it
 * read as its pages rendered (`claim-records-file.ts`).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { claimRecordsFile, loadClaimRecords } from '../integration/claim-records-file.ts';
import { buildSearchIndex, SearchIndexError } from '../integration/search-index.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' }, 'cache-dir': { type: 'string', default: 'node_modules/.astro' } } });
const outDir = path.resolve(values.out);
if (!existsSync(path.join(outDir, 'index.html'))) {
  console.error(`search index: ${values.out}/ holds no built site; run \`astro build\` first`);
  process.exit(1);
}

// The briefing pages, as Astro's `astro:build:done` lists them (every folder with an
// index.html): only they hold claim cards, and listing the whole output (44,000
// files on the bench corpus, most of them source pages and downloads) took 0.5 s.
const briefings = path.join(outDir, 'briefings');
const pages = (existsSync(briefings) ? readdirSync(briefings, { recursive: true, encoding: 'utf8' }) : [])
  .filter((f) => f === 'index.html' || f.endsWith(`${path.sep}index.html`))
  .map((f) => ({ pathname: `${path.posix.join('briefings', ...path.dirname(f).split(path.sep))}/` }));

const logger = { info: (message: string) => console.log(`[attest] ${message}`), warn: (message: string) => console.warn(`[attest] warning: ${message}`) };
try {
  await buildSearchIndex(pathToFileURL(outDir + path.sep), pages, logger, loadClaimRecords(claimRecordsFile(path.resolve(values['cache-dir'])), outDir));
} catch (error) {
  // Pagefind's own message, on one line, without a stack trace.
  console.error(`search index: ${error instanceof SearchIndexError ? error.message : String(error)}`);
  process.exit(1);
}
