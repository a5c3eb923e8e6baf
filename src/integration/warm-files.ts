/**
 * Read a build's sources and briefings ahead of its check, several at a time
 * and on a thread of their own, when they are not in memory, so that the
 * check's reads, one file after another, find them there (this file is both
 * the thread and the call that starts it).
 *
 * The check reads every file in turn (`lib/sources.ts`). That is quick when
 * the files are in the page cache and slow when they are not, one disk round
 * trip at a time. They often are not: a machine that reclaims memory unused
 * for a while (like this project's build machines, which drop files untouched
 * for a minute) forgets them between builds. With the full bench corpus's
 * 16,000 files out of the cache, the check took 2.8-3.2 s (median 3.04 s)
 * with this beside it against 4.4 s without (`npm run bench:warm`);
 * with the files cached, nothing is read. The reads are issued from a thread
 * of their own: from Astro's thread, busy loading the configuration, each next
 * read waited for it, and the check in a build was no faster.
 *
 * Whether the files are cached is first asked on the calling thread, of a
 * sample of the folders' top-level files (`cachedAtTop`, under 10 ms for the
 * full bench corpus's 15,000 source files). Files read moments ago, the usual case,
 * then start no thread: starting one and listing the tree took 0.4-0.5
 * CPU-seconds of a build's setup, beside the check it was meant to help.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** Requests in flight: Node's file thread pool has four threads, and Astro's own reads wait behind ours. */
const LANES = 8;
/** Files read, spread over the tree, to tell a cached tree from one on disk. */
const SAMPLES = 8;
/** A cached file of a few kilobytes reads in 10-40 µs; from this machine's disk, in 100-400 µs. */
const CACHED_US = 60;

interface Task {
  /** Without `cachedUs`, the calling thread found the files slow already: read them all. */
  warm: { dirs: readonly string[]; cachedUs?: number };
}

/**
 * Read every file under the given folders, in the order the check reads them
 * (each folder's names sorted, the folders in turn), and drop what was read;
 * unless a sample of them reads as quickly as files in memory do.
 * @param dirs Absolute folders; one that is missing is skipped.
 * @param cachedUs Below what median time (µs) a sampled file counts as cached.
 * @returns Whether the files were read, once they are; it never rejects (the check reports unreadable files).
 */
export function warmFiles(dirs: readonly string[], cachedUs = CACHED_US): Promise<boolean> {
  const cachedNow = cachedAtTop(dirs, cachedUs);
  if (cachedNow === true) return Promise.resolve(false);
  // Found slow here, the files are not sampled again: those just read would read as cached.
  const warm: Task['warm'] = cachedNow === false ? { dirs } : { dirs, cachedUs };
  return new Promise((resolve) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { warm } satisfies Task });
    // It never keeps a build's process alive.
    worker.unref();
    worker.once('message', (read: boolean) => resolve(read));
    worker.once('error', () => resolve(false));
    worker.once('exit', () => resolve(false));
  });
}

async function readAhead({ dirs, cachedUs }: Task['warm']): Promise<boolean> {
  const files = dirs.flatMap((dir) => listFiles(dir));
  if (files.length === 0 || (cachedUs !== undefined && cached(files, cachedUs))) return false;
  let next = 0;
  const lane = async () => {
    // Into one buffer a lane, over and over: the bytes are not wanted, and 73 MB
    // of new buffers would only be garbage for this thread to collect.
    const buffer = Buffer.allocUnsafe(1 << 16);
    while (next < files.length) {
      const file = await open(files[next++]!).catch(() => undefined);
      if (!file) continue;
      try {
        while ((await file.read(buffer, 0, buffer.length)).bytesRead === buffer.length);
      } catch {
        // The check reports what it cannot read.
      } finally {
        await file.close().catch(() => undefined);
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  return true;
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Whether most of a sample of the folders' top-level files read as fast as
 * cached files do, without listing their trees.
 * @param dirs Absolute folders; one that is missing is skipped.
 * @param cachedUs Below what median time (µs) a sampled file counts as cached.
 * @returns Whether they do, or undefined if the top levels hold too few files to tell (sources kept in subfolders).
 */
export function cachedAtTop(dirs: readonly string[], cachedUs: number): boolean | undefined {
  const names = dirs.flatMap((dir) => {
    try {
      return readdirSync(dir).map((name) => path.join(dir, name));
    } catch {
      return [];
    }
  });
  // A name may be a folder, which does not read: the sample is then smaller.
  const times = readTimes(spread(names));
  return times.length < SAMPLES / 2 ? undefined : median(times) < cachedUs;
}

/** Whether most of a sample of the files read as fast as cached files do. */
function cached(files: readonly string[], cachedUs: number): boolean {
  const times = readTimes(spread(files));
  return times.length > 0 && median(times) < cachedUs;
}

/** Up to `SAMPLES` distinct paths, spread over the list: a file read twice would read as cached the second time. */
function spread(paths: readonly string[]): string[] {
  return [...new Set(Array.from({ length: paths.length ? SAMPLES : 0 }, (_, i) => paths[Math.floor(((i + 0.5) * paths.length) / SAMPLES)]!))];
}

/** How long each file took to read, in µs; a file that does not read is left out. */
function readTimes(files: readonly string[]): number[] {
  const times: number[] = [];
  for (const file of files) {
    const start = performance.now();
    try {
      readFileSync(file);
    } catch {
      continue;
    }
    times.push((performance.now() - start) * 1000);
  }
  return times;
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

if (!isMainThread && (workerData as Partial<Task> | undefined)?.warm) {
  void readAhead((workerData as Task).warm).then((read) => parentPort!.postMessage(read));
}
