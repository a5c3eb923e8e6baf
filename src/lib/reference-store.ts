/**
 * The formatted references of a process, shared by every copy of the code
 * that needs them, and kept on disk between builds.
 *
 * citeproc-js is the slowest part of a build (APA costs milliseconds per
 * entry), so each result is formatted once: keyed by everything it depends
 * on, it is found again by the build's Markdown plugin, by the bundled page
 * code (a separate copy of these modules, hence the process-wide store), by
 * a dev server re-rendering a page, and by the next build, which reads the
 * results of the last one from Astro's cache folder. A worker pool can fill
 * the store ahead of the pages that read it (`pending`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheVersion } from './package-versions.ts';

/** A briefing's formatted citations and reference list, as plain data. */
export interface FormattedBriefing {
  /** `[key + NUL + locator, citation]` for each distinct citation. */
  citations: Array<[string, FormattedCitation]>;
  /** Reference list entries in the style's order, if the style prints one; HTML made safe (`safeCslHtml`). */
  bibliography?: Array<{ key: string; html: string }>;
}

export interface FormattedCitation {
  /** citeproc-js HTML, made safe (`safeCslHtml`). */
  html: string;
  /** False when the style prints no locator (Vancouver prints only the number). */
  showsLocator: boolean;
}

/** A result is a briefing's references or one source's entry. */
export type Formatted = FormattedBriefing | string;

interface Store {
  done: Map<string, Formatted>;
  pending: Map<string, Promise<Formatted>>;
  /** Keys read or written since the store was loaded: what the next build may need again. */
  used: Set<string>;
}

const STORE = Symbol.for('attest.reference-store');

function store(): Store {
  const g = globalThis as { [STORE]?: Store };
  g[STORE] ??= { done: new Map(), pending: new Map(), used: new Set() };
  return g[STORE];
}

/**
 * A short, stable key for a formatting request.
 * @param parts Everything the result depends on (JSON-serializable).
 * @returns A hex digest.
 */
export function referenceKey(parts: unknown): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('hex');
}

/**
 * @param key A `referenceKey`.
 * @returns The finished result, if there is one.
 */
export function storedReference<T extends Formatted>(key: string): T | undefined {
  const s = store();
  const hit = s.done.get(key) as T | undefined;
  if (hit !== undefined) s.used.add(key);
  return hit;
}

/**
 * @param key A `referenceKey`.
 * @returns The result a worker is formatting, if one is.
 */
export function pendingReference<T extends Formatted>(key: string): Promise<T> | undefined {
  return store().pending.get(key) as Promise<T> | undefined;
}

/**
 * Keep a finished result.
 * @param key A `referenceKey`.
 * @param value The result.
 */
export function storeReference(key: string, value: Formatted): void {
  const s = store();
  s.done.set(key, value);
  s.used.add(key);
  s.pending.delete(key);
}

/**
 * Record that a result is on its way; it is stored when it arrives. A
 * failure is dropped, so the page formats the entry itself and reports it.
 * @param key A `referenceKey`.
 * @param value The result to come.
 */
export function expectReference(key: string, value: Promise<Formatted>): void {
  const s = store();
  s.pending.set(key, value);
  value.then(
    (v) => storeReference(key, v),
    () => s.pending.delete(key),
  );
}

/** Drop every result of this process (a build does, once it has saved them). */
export function forgetReferences(): void {
  const s = store();
  s.done.clear();
  s.pending.clear();
  s.used.clear();
}

/** Results depend on the formatting code: a new citeproc-js, plugin or format of ours starts an empty cache. */
function formatVersion(): string {
  return cacheVersion('attest-references-2', ['citeproc', '@citation-js/plugin-csl']);
}

interface CacheFile {
  version: string;
  entries: Record<string, Formatted>;
}

/**
 * Load the results of the last build (a missing or outdated file is ignored).
 * @param file The cache file.
 * @returns How many results were loaded.
 */
export function loadReferenceCache(file: string): number {
  let parsed: CacheFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return 0;
  }
  if (parsed.version !== formatVersion() || typeof parsed.entries !== 'object') return 0;
  const s = store();
  let n = 0;
  for (const [key, value] of Object.entries(parsed.entries)) {
    if (!s.done.has(key)) {
      s.done.set(key, value);
      n++;
    }
  }
  return n;
}

/**
 * Write the results this build used, so entries nothing needs any more drop out.
 * @param file The cache file.
 * @returns How many results were written.
 */
export function saveReferenceCache(file: string): number {
  const s = store();
  const entries: Record<string, Formatted> = {};
  let n = 0;
  for (const key of s.used) {
    const value = s.done.get(key);
    if (value !== undefined) {
      entries[key] = value;
      n++;
    }
  }
  mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed, so a build killed mid-write leaves the old cache whole.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ version: formatVersion(), entries } satisfies CacheFile));
  renameSync(temp, file);
  return n;
}
