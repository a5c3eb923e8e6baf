/**
 * Background threads that yield to the build.
 *
 * On two cores, Astro's thread and Rolldown's keep one core busy or both;
 * a reference worker at their priority slowed them by more than it saved,
 * and the build is done when Astro's thread is. At the lowest priority the
 * worker runs on what they leave idle. Measured on the full bench corpus
 * (cold `astro build`, same machine, interleaved): 62.5 and 64.3 s at nice
 * 19 against 68.9–71.9 s at the build's own priority; the workers finished
 * while the last pages rendered.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The lowest priority there is (`nice 19`). */
const LOWEST = 19;

/**
 * Lower the calling thread's priority, not its process's. Linux keeps a nice
 * value per thread; `/proc/thread-self` names the thread.
 * @returns The thread's priority now, or undefined where threads have none of their own.
 */
export function yieldToOtherThreads(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(tid, LOWEST);
    return getPriority(tid);
  } catch {
    return undefined;
  }
}
