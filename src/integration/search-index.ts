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
import { knownClaimRecords, type KnownClaims } from './claim-records-file.ts';
import { plural } from '../lib/diagnostics.ts';
import { readBundleEntry, recordCount, removeStaleBundleFiles } from '../lib/pagefind-bundle.ts';

/**
 * Parts of indexed pages that are not the page's own words: the quoted source
 * lines and short references in footnotes (they belong to the source, and
 * would count twice), note numbers and the arrows back from the notes,
 * reference lists, line numbers, "cited by" notes, source metadata, a source
 * page's "Cite this source" heading and download links (the same words on
 * 10,000 pages: a search for "download" or "BibTeX" found every source), and
 * claim cards (indexed as claims). The reference itself stays: its authors
 * are nowhere else on the page. Navigation and footers sit outside
 * `data-pagefind-body` and are never read.
 */
export const EXCLUDED_FROM_INDEX = [
  'nav',
  'footer',
  'blockquote[data-source]',
  '.cite-head',
  '.cite-tail',
  '#footnote-label',
  '[data-footnote-ref]',
  '[data-footnote-backref]',
  '.references',
  '[data-references]',
  '.source-lines > li > a',
  '.cited-by',
  '.source-meta',
  '.cite-this-source > h2',
  '.reference-exports',
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
  /** Pages and claims indexed. */
  records: number;
  claims: number;
  /** Briefing pages whose claim cards were read from the written page, not kept by the build. */
  claimPagesRead: number;
  ms: number;
  bytes: number;
  outputPath: string;
}

/**
 * Throw if a Pagefind response carries errors.
 * @param response Any Pagefind Node API response.
 * @param step What was being done, for the message.
 * @returns The response, when it has no errors.
 */
export function ensure<T extends { errors: string[] }>(response: T, step: string): T {
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
 * @param outDir The output folder.
 * @param pages The built pages (their pathnames, relative to the base).
 * @returns The briefing pages among them: the URL the index gives each (without the base) and its file.
 */
export function briefingPages(outDir: string, pages: readonly { pathname: string }[]): Array<{ url: string; file: string }> {
  const found: Array<{ url: string; file: string }> = [];
  for (const { pathname } of pages) {
    if (!/^\/?briefings\//.test(pathname)) continue;
    const file = htmlFileOf(outDir, pathname);
    // Result URLs are stored without the base; the browser adds it (Pagefind's `baseUrl`).
    if (file) found.push({ url: `/${pathname.replace(/^\/+|\/+$/g, '')}/`, file });
  }
  return found;
}

/**
 * Index the built site.
 * @param dir Astro's output folder (`astro:build:done`'s `dir`, so a configured `outDir` is respected).
 * @param pages The built pages (their pathnames, relative to the base); the briefings among them are read for their claim cards.
 * @param logger Astro's logger for this integration.
 * @param known The claim records the build read as the pages rendered (`claim-records-worker.ts`); a page without them, or changed since, is read here.
 * @returns What was indexed, how long it took and how large the bundle is.
 */
export async function buildSearchIndex(dir: URL, pages: { pathname: string }[], logger: Pick<AstroIntegrationLogger, 'info' | 'warn'>, known?: KnownClaims): Promise<SearchIndexReport> {
  const started = performance.now();
  const outDir = fileURLToPath(dir);
  const outputPath = path.join(outDir, 'pagefind');
  let claims = 0;
  let indexed = 0;
  let stale = 0;
  // Briefing pages whose claim cards were read here, not kept by the build.
  let reread = 0;
  try {
    const { index } = ensure(await pagefind.createIndex({ excludeSelectors: EXCLUDED_FROM_INDEX }), 'start');
    if (!index) throw new SearchIndexError('start', ['no index was created']);
    // Claim cards first, then the pages. Pagefind indexes in a process of its
    // own and takes its messages in order, so each briefing's cards are
    // indexed there while the next briefing is read here; and then the pages
    // have both cores to themselves. Sent after the pages, the same 2,000
    // cards took 3-4 s more of the index step on the bench corpus: reading
    // them competed with Pagefind's pages, and each card took Pagefind about
    // twice as long to add to a full index as to an empty one.
    const pending: { url: string; added: Promise<{ errors: string[] }> }[] = [];
    let read = 0;
    for (const { url, file } of briefingPages(outDir, pages)) {
      const records = knownClaimRecords(known, url, file);
      if (!records) reread++;
      for (const record of records ?? claimRecords(readFileSync(file, 'utf8'), url)) {
        const added = index.addCustomRecord(record);
        // Awaited below; if a later page fails to read, closing Pagefind rejects it unawaited.
        added.catch(() => undefined);
        pending.push({ url: record.url, added });
      }
      // Let the messages out and the replies in now and then (a full pipe waits for the event loop).
      if (++read % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const responses = await Promise.all(pending.map((p) => p.added));
    responses.forEach((response, i) => ensure(response, `index the claim ${pending[i]!.url}`));
    claims = responses.length;
    ensure(await index.addDirectory({ path: outDir }), 'index the built pages');
    // Pagefind's service crashes without an answer if the target is a file; say so instead.
    if (existsSync(outputPath) && !statSync(outputPath).isDirectory()) throw new SearchIndexError('write the index', [`${outputPath} exists and is not a folder`]);
    ensure(await index.writeFiles({ outputPath }), `write the index to ${outputPath}`);
    // Records indexed, over every language (addDirectory counts every HTML file it read, indexed or not).
    const entry = readBundleEntry(outputPath);
    indexed = recordCount(entry);
    // A build keeps the last index there (Pagefind then writes only what it does not
    // find, 7 s instead of 23 s on the bench corpus); remove what this one no longer names.
    try {
      stale = removeStaleBundleFiles(outputPath, entry);
    } catch (error) {
      logger.warn(`search index: could not read the index just written to remove the last one's leftovers (${error instanceof Error ? error.message : String(error)}); delete ${path.relative(process.cwd(), outputPath) || outputPath} to start afresh`);
    }
  } catch (error) {
    if (error instanceof SearchIndexError) throw error;
    throw new SearchIndexError('build the search index', [error instanceof Error ? error.message : String(error)], { cause: error });
  } finally {
    await pagefind.close();
  }
  const report = { records: indexed, claims, claimPagesRead: reread, ms: Math.round(performance.now() - started), bytes: sizeOf(outputPath), outputPath };
  if (report.records === 0) logger.warn('search index: no page has `data-pagefind-body`; search will find nothing');
  logger.info(
    `search index: ${plural(report.records, 'record')} (${plural(report.claims, 'claim')}) in ${report.ms} ms, ${(report.bytes / 1024).toFixed(0)} KB in ${path.relative(process.cwd(), outputPath) || outputPath}${known ? `; claim cards of ${plural(reread, 'page')} read again` : ''}${stale ? `; ${plural(stale, 'file')} of the last index removed` : ''}`,
  );
  return report;
}
