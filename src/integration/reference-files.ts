/**
 * The reference downloads, `briefings/<slug>/references.{bib,ris,json}` and
 * `sources/<key>/reference.{bib,ris,json}`, written by the build straight
 * into the output folder from a worker thread at the lowest priority (while
 * Astro renders, or after the pages: `reference-downloads.ts` says which).
 * As Astro endpoints, 33,000 tiny files at 1,000 briefings and 10,000
 * sources cost Astro more than the pages they belong to; the dev server still
 * serves them through routes (`src/routes/*-reference*.ts`). The content is the
 * same `exportReferences` either way.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CslData } from '../lib/citation-js.ts';
import { EXPORT_FORMATS, exportReferences } from '../lib/reference-exports.ts';
import { yieldToOtherThreads } from '../lib/thread-priority.ts';

/** One set of downloads: `<dir>/<name>.{bib,ris,json}` under the output folder. */
export interface ReferenceFiles {
  dir: string;
  name: 'reference' | 'references';
  items: CslData[];
}

interface Task {
  outDir: string;
  files: ReferenceFiles[];
}

/**
 * @param outDir The build's output folder.
 * @param files The downloads to write.
 * @returns How many files were written, once they all are.
 */
export function writeReferenceFiles(outDir: string, files: ReferenceFiles[]): Promise<number> {
  // A rebuild that keeps every download starts no thread (and loads no citation-js).
  if (!files.length) return Promise.resolve(0);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { outDir, files } satisfies Task });
    worker.once('message', (written: number) => resolve(written));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the reference download worker stopped with code ${code}`));
    });
  });
}

function writeAll({ outDir, files }: Task): number {
  let written = 0;
  for (const { dir, name, items } of files) {
    const target = path.join(outDir, dir);
    mkdirSync(target, { recursive: true });
    for (const format of EXPORT_FORMATS) {
      writeFileSync(path.join(target, `${name}.${format}`), exportReferences(items, format));
      written++;
    }
  }
  return written;
}

if (!isMainThread && (workerData as Partial<Task> | undefined)?.files) {
  // Background work, like the reference workers': Astro's thread renders the last pages meanwhile (lib/thread-priority.ts).
  yieldToOtherThreads();
  parentPort!.postMessage(writeAll(workerData as Task));
}
