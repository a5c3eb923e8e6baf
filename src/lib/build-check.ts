/**
 * A build checks the project on a thread of its own while Astro syncs its
 * content (`integration/check-worker.ts`). The content loaders run in Vite's
 * copy of our modules, not the integration's, so the check's outcome is
 * shared process-wide, as `sources.ts` shares its cache.
 */
import type { CheckedSources } from './source-entries.ts';

const KEY = Symbol.for('attest.build-check');
type Holder = { [KEY]?: Promise<void> };

/**
 * @param outcome Settles when the check has reported: fulfilled if the build goes on, rejected with the error that stops it.
 */
export function announceBuildCheck(outcome: Promise<void>): void {
  (globalThis as Holder)[KEY] = outcome;
}

/**
 * @returns The running build's check, if one is under way in this process (none in dev, where the check runs in line).
 */
export function pendingBuildCheck(): Promise<void> | undefined {
  return (globalThis as Holder)[KEY];
}

const SOURCES = Symbol.for('attest.build-check-sources');
type SourcesHolder = { [SOURCES]?: Promise<CheckedSources | undefined> };

/**
 * @param sources Settles with the sources as the build's check read them, or undefined if its thread sent none.
 */
export function announceCheckedSources(sources: Promise<CheckedSources | undefined>): void {
  (globalThis as SourcesHolder)[SOURCES] = sources;
}

/**
 * @returns The sources the running build's check read (`source-entries.ts`), if a build in this process announced them.
 */
export function checkedSources(): Promise<CheckedSources | undefined> | undefined {
  return (globalThis as SourcesHolder)[SOURCES];
}
