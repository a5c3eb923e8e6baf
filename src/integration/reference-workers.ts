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
import { storedEntries } from '../lib/reference-format.ts';
import { expectReference, pendingReference, storedReference, type Formatted } from '../lib/reference-store.ts';

export interface FormatAheadOptions extends WorkerInit {
  /** Below this many jobs, pages format in-line: starting a worker and compiling a style costs more. @default 200 */
  minJobs?: number;
  /** At most this many threads. @default one fewer than the machine's parallelism, at least 1 and at most 4 */
  maxWorkers?: number;
  /** Jobs sent to a worker at a time: few enough to spread the work, enough to keep messages rare. @default 16 */
  batchSize?: number;
  /**
   * Until this settles, leave a core to the calling thread: one worker fewer
   * (but at least one). Astro's thread bundles meanwhile, which keeps its core
   * busy and holds its most memory; the last worker starts when it renders
   * (pages leave unfinished references for later: `late-references.ts`).
   */
  busyUntil?: Promise<unknown>;
  logger?: AstroIntegrationLogger;
}

export interface FormattedAhead {
  /** Jobs done by the workers. */
  formatted: number;
  /** Of those, "Cite this source" entries taken from a briefing's reference list. */
  shared: number;
  /** Jobs whose result was stored already. */
  cached: number;
  /** Jobs with the same key as an earlier one (sources with the same metadata). */
  same: number;
  ms: number;
}

/**
 * Astro renders on one thread and needs its core: a worker beside it on every
 * core slowed both. On two cores, one worker formats the full bench corpus's
 * references in 31 s and 34 CPU-seconds, two in 29 s but 53 CPU-seconds, which
 * a build pays for in Astro's own time. A few threads finish well before the
 * pages on any machine, and each holds its own citeproc-js.
 */
function defaultWorkers(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

/**
 * Start formatting every job whose result is not stored yet.
 * @param jobs From `referenceJobs`.
 * @param options Project root, styles folder, thresholds.
 * @returns When every job has finished (each page waits only for its own).
 */
export function formatAhead(jobs: readonly FormatJob[], options: FormatAheadOptions): Promise<FormattedAhead> {
  const started = performance.now();
  const todo: FormatJob[] = [];
  const seen = new Set<string>();
  let same = 0;
  for (const job of jobs) {
    if (seen.has(job.key)) same++;
    else {
      seen.add(job.key);
      if (storedReference(job.key) === undefined && !pendingReference(job.key)) todo.push(job);
    }
  }
  const cached = jobs.length - same - todo.length;
  const sent = new Set<string>();
  let shared = 0;
  if (todo.length < (options.minJobs ?? 200)) return Promise.resolve({ formatted: 0, shared: 0, cached, same, ms: 0 });

  const waiting = new Map<string, { resolve: (v: Formatted) => void; reject: (e: Error) => void }>();
  for (const job of todo) {
    expectReference(
      job.key,
      new Promise<Formatted>((resolve, reject) => {
        waiting.set(job.key, { resolve, reject });
      }),
    );
  }
  const queue = todo.slice();
  // A source whose entry came with a briefing's reference list is not sent again, and
  // a briefing is sent with the entries of its sources that have come back so far.
  const nextBatch = (): FormatJob[] | undefined => {
    const batch: FormatJob[] = [];
    while (batch.length < (options.batchSize ?? 16) && queue.length) {
      const job = queue.shift()!;
      if (waiting.has(job.key)) {
        batch.push(job.kind === 'briefing' ? { ...job, known: storedEntries(job.request) } : job);
        sent.add(job.key);
      }
    }
    return batch.length ? batch : undefined;
  };
  const count = Math.max(1, Math.min(options.maxWorkers ?? defaultWorkers(), Math.ceil(todo.length / (options.minJobs ?? 200))));
  const init: WorkerInit = { root: options.root, stylesDir: options.stylesDir };

  const runWorker = () =>
    new Promise<void>((done) => {
      // Not unref'd: the build may wait for the last jobs (drafts get no page) after its pages are done.
      const worker = new Worker(new URL('./reference-worker.ts', import.meta.url), { workerData: init });
      let current: FormatJob[] | undefined;
      const next = () => {
        current = nextBatch();
        if (current) worker.postMessage(current);
        else void worker.terminate().then(() => done());
      };
      worker.on('message', (reply: WorkerReply) => {
        for (const r of reply) {
          // Entries nobody waits for (a briefing in another style than the site's) are dropped.
          const w = waiting.get(r.key);
          if (!w) continue;
          waiting.delete(r.key);
          if (!sent.has(r.key)) shared++;
          if (r.value !== undefined) w.resolve(r.value);
          else w.reject(new Error(r.error));
        }
        next();
      });
      worker.on('error', (error) => {
        // The page formats its entry itself and reports what went wrong there.
        options.logger?.warn(`reference worker failed: ${error.message}`);
        for (const job of current ?? []) {
          waiting.get(job.key)?.reject(error);
          waiting.delete(job.key);
        }
        done();
      });
      next();
    });

  const first = options.busyUntil ? Math.max(1, count - 1) : count;
  const running = Array.from({ length: first }, runWorker);
  let finished = false;
  const more = () => {
    if (!finished && queue.length) for (let i = first; i < count; i++) running.push(runWorker());
  };
  options.busyUntil?.then(more, more);
  const allDone = async () => {
    // Workers started meanwhile are waited for too.
    for (let i = 0; i < running.length; i++) await running[i];
    finished = true;
  };
  return allDone().then(() => {
    // Jobs no worker got to (every worker failed) are left to the pages.
    for (const w of waiting.values()) w.reject(new Error('no reference worker left'));
    return { formatted: todo.length, shared, cached, same, ms: performance.now() - started };
  });
}
