/**
 * The files of a written Pagefind bundle, and the removal of those it no
 * longer names.
 *
 * A build keeps the last bundle in the output folder because Pagefind writes
 * only the files it does not find there: their names are hashes of their
 * content. Into the last bundle of the full bench corpus, `writeFiles` took
 * 6.9 s; into an empty folder, 22.8–24.9 s. But Pagefind deletes nothing, so
 * the pages, index chunks and filters a changed site no longer uses stay
 * behind; this removes them. The bundle's metadata names them: one
 * `pagefind.<language hash>.pf_meta` per language (in `pagefind-entry.json`),
 * gzipped CBOR after a `pagefind_dcd` signature, holding the page hashes
 * (`fragment/<hash>.pf_fragment`), the index chunks (`index/<hash>.pf_index`)
 * and the filters (`filter/<hash>.pf_filter`).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

const SIGNATURE = 'pagefind_dcd';
/** The folders and top-level files whose names are content hashes, with the extension each holds. */
const HASHED = { fragment: '.pf_fragment', index: '.pf_index', filter: '.pf_filter' } as const;

/** A bundle's `pagefind-entry.json`: its languages, each with its metadata's hash and its number of records. */
export interface BundleEntry {
  languages: Record<string, { hash: string; page_count: number }>;
}

/**
 * @param outputPath A folder Pagefind has just written a bundle into.
 * @returns The bundle's entry file.
 */
export function readBundleEntry(outputPath: string): BundleEntry {
  return JSON.parse(readFileSync(path.join(outputPath, 'pagefind-entry.json'), 'utf8')) as BundleEntry;
}

/**
 * @param entry A bundle's entry.
 * @returns Its records, over every language.
 */
export function recordCount(entry: BundleEntry): number {
  return Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
}

/**
 * @param outputPath A folder Pagefind has just written a bundle into.
 * @param entry Its entry file, if read already.
 * @returns The bundle's hashed files, relative to the folder, with `/` separators.
 * @throws If the entry or a metadata file cannot be read as Pagefind 1.x writes it.
 */
export function bundleFiles(outputPath: string, entry = readBundleEntry(outputPath)): Set<string> {
  const files = new Set<string>();
  for (const { hash } of Object.values(entry.languages)) {
    const metaFile = `pagefind.${hash}.pf_meta`;
    files.add(metaFile);
    const raw = gunzipSync(readFileSync(path.join(outputPath, metaFile)));
    if (raw.subarray(0, SIGNATURE.length).toString('latin1') !== SIGNATURE) throw new Error(`${metaFile} does not start with ${SIGNATURE}`);
    const meta = decodeCbor(raw.subarray(SIGNATURE.length));
    // [version, pages: [[hash, word count, …]], index chunks: [[from, to, hash]], filters: [[name, hash]], …]
    if (!Array.isArray(meta) || !Array.isArray(meta[1]) || !Array.isArray(meta[2]) || !Array.isArray(meta[3])) throw new Error(`${metaFile} is not a Pagefind 1.x metadata file`);
    for (const page of meta[1]) files.add(`fragment/${hashAt(page, 0, metaFile)}${HASHED.fragment}`);
    for (const chunk of meta[2]) files.add(`index/${hashAt(chunk, 2, metaFile)}${HASHED.index}`);
    for (const filter of meta[3]) files.add(`filter/${hashAt(filter, 1, metaFile)}${HASHED.filter}`);
  }
  return files;
}

/**
 * Remove the hashed files the bundle just written does not name: pages,
 * index chunks, filters and languages' metadata of earlier builds. Pagefind
 * rewrites its other files (scripts, styles, WebAssembly) every time.
 * @param outputPath A folder Pagefind has just written a bundle into.
 * @param entry Its entry file, if read already.
 * @returns How many files were removed.
 */
export function removeStaleBundleFiles(outputPath: string, entry = readBundleEntry(outputPath)): number {
  const keep = bundleFiles(outputPath, entry);
  let removed = 0;
  const remove = (rel: string) => {
    if (keep.has(rel)) return;
    rmSync(path.join(outputPath, rel), { force: true });
    removed++;
  };
  for (const [dir, extension] of Object.entries(HASHED)) {
    if (!existsSync(path.join(outputPath, dir))) continue;
    for (const name of readdirSync(path.join(outputPath, dir))) if (name.endsWith(extension)) remove(`${dir}/${name}`);
  }
  for (const name of readdirSync(outputPath)) if (/^pagefind\..+\.pf_meta$/.test(name)) remove(name);
  return removed;
}

function hashAt(tuple: unknown, i: number, file: string): string {
  const hash = Array.isArray(tuple) ? tuple[i] : undefined;
  // Hashes are file names: a language code and hex digits (`en_9d4503b`).
  if (typeof hash !== 'string' || !/^[\w-]+$/.test(hash)) throw new Error(`${file} holds an entry without a file hash`);
  return hash;
}

/**
 * Decode one CBOR item (RFC 8949): what Pagefind's metadata uses (integers,
 * strings, arrays, maps), plus byte strings, tags, simple values and floats,
 * read past.
 */
export function decodeCbor(bytes: Uint8Array): unknown {
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new Error('CBOR ends early');
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Additional information 24–27: the argument follows in 1, 2, 4 or 8 bytes.
  const width = (info: number) => (info >= 24 && info <= 27 ? 1 << (info - 24) : 0);
  const length = (info: number): number => {
    if (info < 24) return info;
    const size = width(info);
    if (size === 0) throw new Error(`CBOR length ${info} is not supported`);
    need(size);
    const n = size === 1 ? view.getUint8(at) : size === 2 ? view.getUint16(at) : size === 4 ? view.getUint32(at) : Number(view.getBigUint64(at));
    at += size;
    return n;
  };
  const item = (): unknown => {
    need(1);
    const head = bytes[at++]!;
    const major = head >> 5;
    const info = head & 31;
    if (major === 7) {
      // Simple values and floats: Pagefind's metadata has none that matter here.
      const size = width(info);
      need(size);
      at += size;
      return info === 20 ? false : info === 21 ? true : null;
    }
    const n = length(info);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
      case 3: {
        need(n);
        const slice = bytes.subarray(at, at + n);
        at += n;
        return major === 3 ? new TextDecoder().decode(slice) : slice;
      }
      case 4:
        return Array.from({ length: n }, () => item());
      case 5: {
        const map = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) map.set(item(), item());
        return map;
      }
      default:
        // A tag: its number is read; the item it tags follows.
        return item();
    }
  };
  return item();
}
