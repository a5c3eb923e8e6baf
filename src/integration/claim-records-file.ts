/**
 * The claim records a build read while its pages rendered
 * (`claim-records-worker.ts`), kept for the index step in the build's cache
 * folder, with the output folder they belong to and each page's size and
 * time: the index step reads a page again if either has changed since.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ClaimRecord } from '../lib/claim-records.ts';

/** A built briefing page's claim records, and the file they were read from as it was written. */
export interface ClaimPage {
  /** The page's URL as the index gives it (without the base), e.g. `/briefings/a/`. */
  url: string;
  size: number;
  mtimeMs: number;
  records: ClaimRecord[];
}

interface ClaimRecordsFile {
  version: typeof VERSION;
  /** The output folder (absolute) the pages are in. */
  outDir: string;
  pages: ClaimPage[];
}

const VERSION = 1;

/**
 * @param cacheDir The build's cache folder (Astro's `cacheDir`).
 * @returns Where the records are kept.
 */
export function claimRecordsFile(cacheDir: string): string {
  return path.join(cacheDir, 'attest', 'claim-records.json');
}

/**
 * @param file Where to keep them (`claimRecordsFile`).
 * @param outDir The output folder the pages are in.
 * @param pages The pages' records.
 */
export function saveClaimRecords(file: string, outDir: string, pages: ClaimPage[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ version: VERSION, outDir: path.resolve(outDir), pages } satisfies ClaimRecordsFile));
}

/** The kept records of the pages in an output folder, by URL, that a page's file can be checked against. */
export type KnownClaims = Map<string, ClaimPage>;

/**
 * @param file Where they were kept.
 * @param outDir The output folder being indexed.
 * @returns The records kept for it, or undefined if none were (or the file cannot be read: the pages are read instead).
 */
export function loadClaimRecords(file: string, outDir: string): KnownClaims | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as ClaimRecordsFile;
    if (kept.version !== VERSION || kept.outDir !== path.resolve(outDir)) return undefined;
    return new Map(kept.pages.map((p) => [p.url, p]));
  } catch {
    return undefined;
  }
}

/**
 * @param known Kept records.
 * @param url A briefing page's URL.
 * @param htmlFile Its file.
 * @returns Its records, if they were kept and the file is as it was then.
 */
export function knownClaimRecords(known: KnownClaims | undefined, url: string, htmlFile: string): ClaimRecord[] | undefined {
  const page = known?.get(url);
  if (!page) return undefined;
  const { size, mtimeMs } = statSync(htmlFile);
  return size === page.size && mtimeMs === page.mtimeMs ? page.records : undefined;
}
