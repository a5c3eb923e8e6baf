/**
 * Formatting a build's references ahead of its pages, on every core.
 *
 * citeproc-js is the slowest step of a build, and Astro compiles and renders
 * pages on one thread. From the check's report we know every briefing's
 * citations and every source page before Astro starts, so worker threads
 * format them while Astro bundles and renders; a page that needs a result
 * still on its way waits for it (`…Soon` in `reference-format.ts`). Results
 * already in the store (the last build's, from the cache file) are skipped.
 * The workers run at the lowest priority (`thread-priority.ts`): Astro's
 * thread sets the pace of the build, and they use what it leaves idle.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AstroIntegrationLogger } from 'astro';
import { claimsLayout, type FormatJob, type WorkerInit, type WorkerReply, type WorkerStart } from '../lib/reference-jobs.ts';
import { rememberLocators, storedEntries } from '../lib/reference-format.ts';
import { expectReference, pendingReference, storedReference, type Formatted } from '../lib/reference-store.ts';

export interface FormatAheadOptions extends WorkerInit {
  /** Below this many jobs, pages format in-line: starting a worker and compiling a style costs more. @default 200 */
  minJobs?: number;
  /** At most this many threads. @default one fewer than the machine's parallelism, at least 1 and at most 4 */
  maxWorkers?: number;
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
  // The workers claim jobs from the list themselves (reference-worker.ts): Astro's thread can
  // be busy for seconds at a time while it bundles, and a worker that waited for it to hand
  // out the next jobs sat idle for a third of the bundle step. A briefing takes the entries
  // of its sources stored already (the last build's); those formatted since, a worker keeps.
  const claims = claimsLayout(undefined, todo.length);
  const start: WorkerStart = {
    root: options.root,
    stylesDir: options.stylesDir,
    jobs: todo.map((job) => (job.kind === 'briefing' ? { ...job, known: storedEntries(job.request) } : job)),
    claims: claims.buffer,
  };
  const count = Math.max(1, Math.min(options.maxWorkers ?? defaultWorkers(), Math.ceil(todo.length / (options.minJobs ?? 200))));

  const runWorker = () =>
    new Promise<void>((done) => {
      // Not unref'd: the build may wait for the last jobs (drafts get no page) after its pages are done.
      const worker = new Worker(new URL('./reference-worker.ts', import.meta.url), { workerData: start });
      worker.on('message', (reply: WorkerReply) => {
        if (reply === null) return done();
        if ('locators' in reply) return rememberLocators(reply.locators);
        // Entries nobody waits for (a briefing in another style than the site's) are dropped.
        const w = waiting.get(reply.key);
        if (!w) return;
        waiting.delete(reply.key);
        if (reply.shared) shared++;
        if (reply.value !== undefined) w.resolve(reply.value);
        else w.reject(new Error(reply.error));
      });
      worker.on('error', (error) => {
        // What it claimed and did not post is left to the pages, which report what goes wrong there.
        options.logger?.warn(`reference worker failed: ${error.message}`);
        done();
      });
      worker.on('exit', () => done());
    });

  const first = options.busyUntil ? Math.max(1, count - 1) : count;
  const running = Array.from({ length: first }, runWorker);
  let finished = false;
  const more = () => {
    if (!finished && Atomics.load(claims.next, 0) < todo.length) for (let i = first; i < count; i++) running.push(runWorker());
  };
  options.busyUntil?.then(more, more);
  const allDone = async () => {
    // Workers started meanwhile are waited for too.
    for (let i = 0; i < running.length; i++) await running[i];
    finished = true;
  };
  return allDone().then(() => {
    // Jobs no worker finished (a worker failed) are left to the pages.
    for (const w of waiting.values()) w.reject(new Error('no reference worker left'));
    return { formatted: todo.length, shared, cached, same, ms: performance.now() - started };
  });
}
