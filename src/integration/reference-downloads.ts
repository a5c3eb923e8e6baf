/**
 * Which reference downloads a build writes, and which it keeps from the last
 * build. At 1,000 briefings and 10,000 sources they are 33,000 small files:
 * deleting them with the rest of the output folder and writing them again
 * took 10–18 s of a 90 s rebuild, while their content changes only with a
 * source's metadata. So, unless the Astro config decides how the output
 * folder is emptied, the integration empties it itself (as Astro would) but
 * spares the downloads whose items are unchanged since the build that wrote
 * them; a manifest in Astro's cache folder records what each was written from.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProjectReport } from '../lib/check-project.ts';
import { cslItem } from '../lib/csl-item.ts';
import { cacheVersion } from '../lib/package-versions.ts';
import { EXPORT_FORMATS } from '../lib/reference-exports.ts';
import { citedKeys, itemsFor } from '../lib/site-references.ts';
import type { ReferenceFiles } from './reference-files.ts';

/**
 * Every reference download of a build: each published briefing's references and each source's.
 * @param report The check's report.
 * @returns One set of three files per briefing and per source.
 */
export function referenceDownloads(report: ProjectReport): ReferenceFiles[] {
  return [
    ...report.briefings.filter((b) => b.data && !b.data.draft).map((b): ReferenceFiles => ({ dir: `briefings/${b.slug}`, name: 'references', items: itemsFor(report.sources.byKey, citedKeys(b)) })),
    ...[...report.sources.byKey.values()].map((s): ReferenceFiles => ({ dir: `sources/${s.key}`, name: 'reference', items: [cslItem(s)] })),
  ];
}

interface Manifest {
  version: string;
  outDir: string;
  /** Each written set's folder and what it was written from (`downloadKey`). */
  written: Record<string, string>;
}

export interface DownloadPlan {
  /** The sets to write. */
  write: ReferenceFiles[];
  /** How many sets the last build wrote as they are now. */
  kept: number;
  /** What to record once the sets are written. */
  manifest: Manifest;
}

/**
 * Empty the output folder as Astro's `emptyDir` does, but keep the downloads
 * that the last build wrote from the same items, and say which sets remain to write.
 * @param outDir The build's output folder.
 * @param downloads Every download set of this build.
 * @param manifestFile The manifest of the last build.
 * @param keepFolders Top-level folders kept whole (the search index, which its own step brings up to date).
 * @returns What to write.
 */
export function emptyOutDirKeepingDownloads(outDir: string, downloads: readonly ReferenceFiles[], manifestFile: string, keepFolders: readonly string[] = []): DownloadPlan {
  const last = readManifest(manifestFile, outDir);
  // Until this build has written its downloads, no manifest vouches for the folder.
  rmSync(manifestFile, { force: true });
  const manifest: Manifest = { version: last.version, outDir, written: {} };
  const candidates = new Map<string, ReferenceFiles>();
  for (const set of downloads) {
    const key = downloadKey(set);
    manifest.written[set.dir] = key;
    if (last.written[set.dir] === key) for (const f of filesOf(set)) candidates.set(f, set);
  }
  const present = new Set<string>();
  emptyExcept(outDir, '', candidates, ancestors(candidates.keys()), present, new Set(keepFolders));
  // A set is kept only if all three files survived (someone may have deleted one).
  const whole = new Set([...candidates.values()].filter((set) => filesOf(set).every((f) => present.has(f))));
  return { write: downloads.filter((set) => !whole.has(set)), kept: whole.size, manifest };
}

/**
 * Record what the output folder's downloads were written from.
 * @param manifestFile Where.
 * @param manifest The plan's manifest.
 */
export function saveDownloadManifest(manifestFile: string, manifest: Manifest): void {
  mkdirSync(path.dirname(manifestFile), { recursive: true });
  // Written aside and renamed, so a build killed mid-write leaves no half manifest.
  const temp = `${manifestFile}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(manifest));
  renameSync(temp, manifestFile);
}

function readManifest(file: string, outDir: string): Manifest {
  const version = exportVersion();
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    if (parsed.version === version && parsed.outDir === outDir && typeof parsed.written === 'object') return parsed;
  } catch {
    // No manifest yet, or a broken one: nothing is kept.
  }
  return { version, outDir, written: {} };
}

/** A set's files, relative to the output folder, with `/` separators. */
function filesOf(set: ReferenceFiles): string[] {
  return EXPORT_FORMATS.map((f) => `${set.dir}/${set.name}.${f}`);
}

function downloadKey(set: ReferenceFiles): string {
  return createHash('sha1').update(JSON.stringify([set.name, set.items])).digest('base64url');
}

/** The exports depend on citation-js's output code and our own. */
function exportVersion(): string {
  return cacheVersion('attest-downloads-1', ['@citation-js/core', '@citation-js/plugin-bibtex', '@citation-js/plugin-ris']);
}

function ancestors(files: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const f of files) for (let i = f.indexOf('/'); i !== -1; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  return dirs;
}

/** Remove everything under `dir` but the kept files and top-level folders (and `.git` at the top, as Astro spares it). */
function emptyExcept(root: string, rel: string, keep: ReadonlyMap<string, unknown>, keepDirs: ReadonlySet<string>, present: Set<string>, keepWhole: ReadonlySet<string>): void {
  let entries;
  try {
    entries = readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    return; // No output folder yet.
  }
  for (const entry of entries) {
    const name = rel ? `${rel}/${entry.name}` : entry.name;
    if (!rel && (entry.name === '.git' || (entry.isDirectory() && keepWhole.has(entry.name)))) continue;
    if (entry.isDirectory() && keepDirs.has(name)) emptyExcept(root, name, keep, keepDirs, present, keepWhole);
    else if (entry.isFile() && keep.has(name)) present.add(name);
    else rmSync(path.join(root, name), { recursive: true, force: true, maxRetries: 3 });
  }
}
