/**
 * A build's bundler starts before the check has given its verdict.
 *
 * The check runs on a thread of its own while Astro syncs content
 * (`check-worker.ts`). On the bench corpus it reported 0.5–1.4 s after
 * `astro:build:start`, and while that hook waited for it, Astro's thread sat
 * idle. Now the bundler starts at once. What needs the check waits for its
 * verdict as Rolldown loads it: each briefing, and the modules that hold the
 * check's data. Until the first of those, Rolldown compiles Astro's pages,
 * components and runtime (1.3 s on the bench corpus). A failed check stops
 * the build with the check's own error at the first such module, before any
 * briefing is compiled or anything is written.
 */
import type { Plugin } from 'vite';
import { exactIds, idsUnder } from './hook-filters.ts';

export interface VerdictGateOptions {
  /** The briefings folder (absolute). */
  briefings: string;
  /** The resolved ids of the modules that hold the check's data. */
  modules: readonly string[];
  /**
   * Settles once the check has passed and the output folder is ready; rejects
   * with the check's error if it failed the build. Undefined outside a build's
   * bundling (Astro's own bundles of its config and content, dev).
   */
  verdict: () => Promise<void> | undefined;
}

/**
 * @param options What waits, and for what.
 * @returns The Vite plugin, to be listed before those that load briefings.
 */
export function verdictGate(options: VerdictGateOptions): Plugin {
  const filter = { id: [idsUnder(options.briefings), exactIds(options.modules)] };
  // The handler asks the same of an id, for a host that calls it regardless.
  const waits = (id: string) => filter.id.some((pattern) => pattern.test(id));
  return {
    name: 'attest:verdict',
    enforce: 'pre',
    buildStart() {
      // Awaited by the first module that waits (which reports a failure), and before anything is written.
      options.verdict()?.catch(() => undefined);
    },
    load: {
      filter,
      async handler(id) {
        if (waits(id)) await options.verdict();
        return null;
      },
    },
    // The output folder is emptied once the check has passed (index.ts): never under a bundle's files.
    async generateBundle() {
      await options.verdict();
    },
  };
}
