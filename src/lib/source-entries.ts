/**
 * What the `sources` collection stores of a source: everything but its text,
 * which a source page reads from the file (`source-lines.ts`), and a digest
 * of all of it, so an edit to the text still reloads the page.
 *
 * A build's check reads and parses every source on its own thread anyway.
 * It sends their entries to the content loader (`build-check.ts`), which
 * then reads no source itself: loading 10,000 sources again took Astro's
 * thread 0.9 s of the full bench's setup, where taking them from the check's
 * thread takes it about 0.1 s. It sends the entries, not the sources: their
 * lines (300,000 strings on the bench corpus) kept some 60 MB on Astro's heap
 * for the whole build, for its garbage collector to mark again and again.
 */
import { hash } from 'node:crypto';
import type { SourceMeta } from '../schemas/source-meta.ts';
import type { Source } from './sources.ts';

export interface SourceEntry {
  key: string;
  stem: string;
  file: string;
  /** How many lines the text has. */
  lineCount: number;
  meta: SourceMeta;
  /** `sourceDigest`: the data store's `digest`. */
  digest: string;
}

/** A build's sources as its check read them, sent to the content loader. */
export interface CheckedSources {
  /** The folder they were read from (absolute). */
  dir: string;
  /** Each source's entry (`sourceEntry`), in the order the check read them. */
  entries: SourceEntry[];
}

/**
 * @param source A source as `loadSources` read it.
 * @returns A digest of its text file's path, its metadata and its text.
 */
export function sourceDigest(source: Source): string {
  // SHA-1 for speed, not secrecy: the digest only tells an edited source from the stored one.
  return hash('sha1', `${source.file}\u0000${JSON.stringify(source.meta)}\u0000${source.lines.join('\n')}`, 'base64url');
}

/**
 * @param source A source as `loadSources` read it.
 * @returns Its collection entry.
 */
export function sourceEntry(source: Source): SourceEntry {
  return { key: source.key, stem: source.stem, file: source.file, lineCount: source.lines.length, meta: source.meta, digest: sourceDigest(source) };
}
