/**
 * File-watcher events come in bursts: a save can be a truncation and then a
 * write (and chokidar drops a second `change` to the same file within 50 ms,
 * so a handler that reads at the first one can keep an empty file), and a
 * checkout or a sync touches many files at once. Handling each burst once,
 * after it has gone quiet, reads whole files and re-checks the project once.
 */

/** How long a burst must stay quiet before it is handled; well under what a person notices. */
export const SETTLE_MS = 40;

/**
 * @param handle Called with each settled burst's files, in the order they first changed; never two at once.
 * @param onError Told of a handler's failure; the next burst is still handled.
 * @param settleMs Quiet time that ends a burst.
 * @returns The function to call with each changed file.
 */
export function settledChanges(handle: (files: string[]) => void | Promise<void>, onError: (error: unknown) => void, settleMs = SETTLE_MS): (file: string) => void {
  let pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const flush = () => {
    const files = [...pending];
    pending = new Set();
    running = running.then(() => handle(files)).catch(onError);
  };
  return (file) => {
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(flush, settleMs);
  };
}
