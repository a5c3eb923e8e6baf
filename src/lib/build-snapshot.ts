/**
 * A build takes the project's files as they were when it started: the check
 * read every source and style then, and what it checked is what the pages
 * show. So a page need not ask the file system again whether a file changed
 * since: on 10,000 source pages, a `stat` for each source and the styles
 * folder read again for each took 0.3 s of Astro's thread. A dev server never
 * sets this: there, an edit must show. Kept process-wide, since the pages
 * hold their own copies of these modules.
 */
const KEY = Symbol.for('attest.build-snapshot');
type Holder = { [KEY]?: true };

/** From now on, in this process, files read once are not read or checked again. */
export function takeBuildSnapshot(): void {
  (globalThis as Holder)[KEY] = true;
}

/** @returns Whether this process is a build that took its files once (`takeBuildSnapshot`). */
export function inBuildSnapshot(): boolean {
  return (globalThis as Holder)[KEY] === true;
}
