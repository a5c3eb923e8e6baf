/**
 * The build's last step: index the built pages with Pagefind's Node API into
 * `<outDir>/pagefind/`. Briefing and source pages opt in with
 * `data-pagefind-body`; claim cards become records of their own. Any Pagefind
 * error stops the build.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegrationLogger } from 'astro';
import * as pagefind from 'pagefind';
import { claimRecords } from '../lib/claim-records.ts';
import { plural } from '../lib/diagnostics.ts';

/**
 * Parts of indexed pages that are not the page's own words: the quoted source
 * lines and short references in footnotes (they belong to the source, and
 * would count twice), reference lists, line numbers, "cited by" notes, source
 * metadata, and claim cards (indexed as claims). Navigation and footers sit
 * outside `data-pagefind-body` and are never read.
 */
export const EXCLUDED_FROM_INDEX = [
  'nav',
  'footer',
  'blockquote[data-source]',
  '.cite-head',
  '.cite-tail',
  '#footnote-label',
  '.references',
  '[data-references]',
  '.ln',
  '.cited-by',
  '.source-meta',
  '[data-claim]',
];

/** Stops the build with every message Pagefind gave. */
export class SearchIndexError extends Error {
  constructor(step: string, errors: string[], options?: { cause?: unknown }) {
    super(`Pagefind failed to ${step}: ${errors.join('; ')}`, options);
    this.name = 'SearchIndexError';
  }
}

export interface SearchIndexReport {
  pages: number;
  claims: number;
  ms: number;
  bytes: number;
  outputPath: string;
}

/** Throw if a Pagefind response carries errors. */
function ensure<T extends { errors: string[] }>(response: T, step: string): T {
  if (response.errors.length > 0) throw new SearchIndexError(step, response.errors);
  return response;
}

/** The built HTML file of a page, whichever `build.format` made it. */
function htmlFileOf(outDir: string, pathname: string): string | undefined {
  const clean = pathname.replace(/^\/+|\/+$/g, '');
  for (const candidate of [path.join(outDir, clean, 'index.html'), path.join(outDir, `${clean}.html`)]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function sizeOf(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) total += statSync(path.join(e.parentPath, e.name)).size;
  }
  return total;
}

/**
 * Index the built site.
 * @param dir Astro's output folder (`astro:build:done`'s `dir`, so a configured `outDir` is respected).
 * @param pages The built pages (their pathnames, relative to the base).
 * @param logger Astro's logger for this integration.
 * @returns What was indexed, how long it took and how large the bundle is.
 */
export async function buildSearchIndex(dir: URL, pages: { pathname: string }[], logger: AstroIntegrationLogger): Promise<SearchIndexReport> {
  const started = performance.now();
  const outDir = fileURLToPath(dir);
  const outputPath = path.join(outDir, 'pagefind');
  let claims = 0;
  let indexed = 0;
  try {
    const { index } = ensure(await pagefind.createIndex({ excludeSelectors: EXCLUDED_FROM_INDEX }), 'start');
    if (!index) throw new SearchIndexError('start', ['no index was created']);
    indexed = ensure(await index.addDirectory({ path: outDir }), 'index the built pages').page_count;
    for (const { pathname } of pages) {
      if (!/^\/?briefings\//.test(pathname)) continue;
      const file = htmlFileOf(outDir, pathname);
      if (!file) continue;
      // Result URLs are stored without the base; the browser adds it (Pagefind's `baseUrl`).
      const url = `/${pathname.replace(/^\/+|\/+$/g, '')}/`;
      for (const record of claimRecords(readFileSync(file, 'utf8'), url)) {
        ensure(await index.addCustomRecord(record), `index the claim ${record.url}`);
        claims++;
      }
    }
    ensure(await index.writeFiles({ outputPath }), `write the index to ${outputPath}`);
  } catch (error) {
    if (error instanceof SearchIndexError) throw error;
    throw new SearchIndexError('build the search index', [error instanceof Error ? error.message : String(error)], { cause: error });
  } finally {
    await pagefind.close();
  }
  const report = { pages: indexed, claims, ms: Math.round(performance.now() - started), bytes: sizeOf(outputPath), outputPath };
  logger.info(
    `search index: ${plural(report.pages, 'page')}, ${plural(report.claims, 'claim')} in ${report.ms} ms, ${(report.bytes / 1024).toFixed(0)} KB in ${path.relative(process.cwd(), outputPath) || outputPath}`,
  );
  return report;
}
