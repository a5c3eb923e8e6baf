/**
 * A worker thread of `reference-workers.ts`: claims the next job of the
 * shared list, formats it with the same code the pages run, and posts back
 * plain data, until no job is left. It never waits for the build's thread,
 * which can be busy for seconds at a time while it bundles.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadStyles } from '../lib/csl-styles.ts';
import { computeBriefingReferences, computeSourceReference, locatorAnswers, sourceKey, storedEntries } from '../lib/reference-format.ts';
import type { Formatted } from '../lib/reference-store.ts';
import { claimsLayout, type WorkerReply, type WorkerStart } from '../lib/reference-jobs.ts';
import { yieldToOtherThreads } from '../lib/thread-priority.ts';

const { root, stylesDir, jobs, claims } = workerData as WorkerStart;
// Formatting ahead is background work: Astro's thread is the build's critical path (lib/thread-priority.ts).
yieldToOtherThreads();
// Registers the project's own `.csl` files under the same content-hashed ids as the main thread.
loadStyles(root, stylesDir);
const { next, done } = claimsLayout(claims, jobs.length);
const post = (reply: WorkerReply) => parentPort!.postMessage(reply);

/** Source jobs by key, to mark those whose entry came with a reference list. */
const sourceJobs = new Map(jobs.flatMap((job, i) => (job.kind === 'source' ? [[job.key, i] as const] : [])));
/** "Cite this source" entries formatted on this thread, by `sourceKey`. */
const entries = new Map<string, string>();
const keepEntry = (key: string, html: string) => {
  entries.set(key, html);
  const i = sourceJobs.get(key);
  if (i !== undefined) Atomics.store(done, i, 1);
};

// The build's thread asks these of each briefing it compiles before its references are done.
post({ locators: locatorAnswers(jobs.flatMap((job) => (job.kind === 'briefing' ? [job.request] : []))) });

for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
  const job = jobs[i]!;
  // Another thread posted this source's entry with a reference list.
  if (Atomics.load(done, i)) continue;
  try {
    let value: Formatted;
    if (job.kind === 'briefing') {
      // Entries of its sources formatted already: the build's (sent with the job) and this thread's.
      const known = { ...storedEntries(job.request, (key) => entries.get(key)), ...job.known };
      // A reference list entry that reads as it would alone is also its source's "Cite this source" entry.
      value = computeBriefingReferences(
        job.request,
        (item, html) => {
          const key = sourceKey(job.request.style, item);
          if (entries.has(key)) return;
          keepEntry(key, html);
          post({ key, value: html, shared: true });
        },
        known,
      );
    } else {
      value = computeSourceReference(job.style, job.item);
      keepEntry(job.key, value);
    }
    post({ key: job.key, value });
  } catch (error) {
    post({ key: job.key, error: String((error as Error).message ?? error) });
  }
}
post(null);
