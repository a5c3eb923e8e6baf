/**
 * The Node flags `npm run build` gives Astro's process (`build.ts`).
 *
 * On two cores a build of ours keeps both busy: Astro's thread, the check's,
 * the reference worker's (at the lowest priority), Rolldown's. V8's parallel
 * and concurrent garbage collection then runs on four more threads at the
 * build's priority, which take a core from Astro's thread when it needs one
 * and do each worker's collecting too, so the lowest priority never covers it.
 * With `--single-threaded-gc` each thread collects its own garbage: the
 * reference worker at its own priority, Astro's thread in its own time.
 *
 * Measured on the full bench corpus (cold `astro build`, 2 cores, alternating,
 * 7 pairs): 26.7–27.9 s with the flag against 26.0–30.6 s without, median
 * difference −0.9 s. The plain Astro baseline, which leaves a core idle,
 * is slower with it (22.4–22.9 s against 21.1–21.5 s), so it is ours alone,
 * and only where cores are few: with more, the collector's helpers have cores
 * of their own.
 */
import { availableParallelism } from 'node:os';

/** At most this many cores: more, and the collector's helper threads have cores to themselves. */
const FEW_CORES = 2;

/**
 * @param cores The cores this process may use.
 * @returns Node options to put before Astro's script.
 */
export function buildNodeFlags(cores = availableParallelism()): string[] {
  return cores <= FEW_CORES ? ['--single-threaded-gc'] : [];
}
