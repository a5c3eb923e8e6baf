/**
 * Formatting a build's references ahead of its pages, on every core.
 *
 * citeproc-js is the slowest step of a build, and Astro compiles and renders
 * pages on one thread. From the check's report we know every briefing's
 * citations and every source page before Astro starts, so worker threads
 * format them while Astro bundles and renders; a page that needs a result
 * still on its way waits for it (`…Soon` in `reference-format.ts`). Results
 * already in the store (the last build's, from the cache file) are skipped.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AstroIntegrationLogger } from 'astro';
import type { FormatJob, WorkerInit, WorkerReply } from '../lib/reference-jobs.ts';
import { expectReference, pendingReference, storedReference, type Formatted } from '../lib/reference-store.ts';

export interface FormatAheadOptions extends WorkerInit {
  /** Below this many jobs, pages format in-line: starting a worker and compiling a style costs more. @default 200 */
  minJobs?: number;
  /** At most this many threads. @default the machine's parallelism */
  maxWorkers?: number;
  logger?: AstroIntegrationLogger;
}

/** Jobs sent to a worker at a time: few enough to spread the work, enough to keep messages rare. */
const BATCH = 16;

/**
 * Start formatting every job whose result is not stored yet.
 * @param jobs From `referenceJobs`.
 * @param options Project root, styles folder, thresholds.
 * @returns When every job has finished (each page waits only for its own).
 */
export function formatAhead(jobs: readonly FormatJob[], options: FormatAheadOptions): Promise<{ formatted: number; cached: number; ms: number }> {
  const started = performance.now();
  const todo: FormatJob[] = [];
  const seen = new Set<string>();
  for (const job of jobs) {
    if (seen.has(job.key) || storedReference(job.key) !== undefined || pendingReference(job.key)) continue;
    seen.add(job.key);
    todo.push(job);
  }
  const cached = jobs.length - todo.length;
  if (todo.length < (options.minJobs ?? 200)) return Promise.resolve({ formatted: 0, cached, ms: 0 });

  const waiting = new Map<string, { resolve: (v: Formatted) => void; reject: (e: Error) => void }>();
  for (const job of todo) {
    expectReference(
      job.key,
      new Promise<Formatted>((resolve, reject) => {
        waiting.set(job.key, { resolve, reject });
      }),
    );
  }
  const batches: FormatJob[][] = [];
  for (let i = 0; i < todo.length; i += BATCH) batches.push(todo.slice(i, i + BATCH));
  const count = Math.max(1, Math.min(options.maxWorkers ?? availableParallelism(), Math.ceil(todo.length / (options.minJobs ?? 200))));
  const init: WorkerInit = { root: options.root, stylesDir: options.stylesDir };

  const runWorker = () =>
    new Promise<void>((done) => {
      const worker = new Worker(new URL('./reference-worker.ts', import.meta.url), { workerData: init });
      // A failed build must not be kept alive by its formatters.
      worker.unref();
      let current: FormatJob[] | undefined;
      const next = () => {
        current = batches.shift();
        if (current) worker.postMessage(current);
        else void worker.terminate().then(() => done());
      };
      worker.on('message', (reply: WorkerReply) => {
        for (const r of reply) {
          const w = waiting.get(r.key);
          waiting.delete(r.key);
          if (r.value !== undefined) w?.resolve(r.value);
          else w?.reject(new Error(r.error));
        }
        next();
      });
      worker.on('error', (error) => {
        // The page formats its entry itself and reports what went wrong there.
        options.logger?.warn(`reference worker failed: ${error.message}`);
        for (const job of current ?? []) waiting.get(job.key)?.reject(error);
        done();
      });
      next();
    });

  return Promise.all(Array.from({ length: count }, runWorker)).then(() => {
    // Jobs no worker got to (every worker failed) are left to the pages.
    for (const w of waiting.values()) w.reject(new Error('no reference worker left'));
    return { formatted: todo.length, cached, ms: performance.now() - started };
  });
}
