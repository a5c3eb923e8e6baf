/**
 * A worker thread of `reference-workers.ts`: formats the references it is
 * sent with the same code the pages run, and posts back plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadStyles } from '../lib/csl-styles.ts';
import { computeBriefingReferences, computeSourceReference, sourceKey } from '../lib/reference-format.ts';
import type { Formatted } from '../lib/reference-store.ts';
import type { FormatJob, WorkerInit, WorkerReply } from '../lib/reference-jobs.ts';

const init = workerData as WorkerInit;
// Registers the project's own `.csl` files under the same content-hashed ids as the main thread.
loadStyles(init.root, init.stylesDir);

parentPort!.on('message', (jobs: FormatJob[]) => {
  const reply: WorkerReply = [];
  for (const job of jobs) {
    try {
      const value: Formatted =
        job.kind === 'briefing'
          ? // A reference list entry that reads as it would alone is also its source's "Cite this source" entry.
            computeBriefingReferences(job.request, (item, html) => reply.push({ key: sourceKey(job.request.style, item), value: html }), job.known)
          : computeSourceReference(job.style, job.item);
      reply.push({ key: job.key, value });
    } catch (error) {
      reply.push({ key: job.key, error: String((error as Error).message ?? error) });
    }
  }
  parentPort!.postMessage(reply);
});
