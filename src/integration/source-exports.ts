/**
 * Each source's `reference.{bib,ris,json}`, written by the build straight
 * into the output folder from a worker thread, while Pagefind indexes the
 * pages. Astro renders them through `source-reference.ts` in dev only: at
 * 10,000 sources they would be 30,000 endpoints, each with Astro's per-page
 * cost. The content is the same `exportReferences` either way.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CslData } from '../lib/citation-js.ts';
import { EXPORT_FORMATS, exportReferences } from '../lib/reference-exports.ts';

interface ExportTask {
  outDir: string;
  sources: Array<{ key: string; item: CslData }>;
}

/**
 * @param outDir The build's output folder.
 * @param sources Every source's key and CSL item.
 * @returns How many files were written, once they all are.
 */
export function writeSourceExports(outDir: string, sources: ExportTask['sources']): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { outDir, sources } satisfies ExportTask });
    worker.once('message', (written: number) => resolve(written));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the source export worker stopped with code ${code}`));
    });
  });
}

function writeAll({ outDir, sources }: ExportTask): number {
  let written = 0;
  for (const { key, item } of sources) {
    const dir = path.join(outDir, 'sources', key);
    mkdirSync(dir, { recursive: true });
    for (const format of EXPORT_FORMATS) {
      writeFileSync(path.join(dir, `reference.${format}`), exportReferences([item], format));
      written++;
    }
  }
  return written;
}

if (!isMainThread && (workerData as Partial<ExportTask> | undefined)?.sources) parentPort!.postMessage(writeAll(workerData as ExportTask));
