/**
 * The briefings collection: Astro's glob loader over `briefings/`. In a
 * build the check runs on its own thread while content syncs
 * (`integration/check-worker.ts`), so Astro may reach a briefing with bad
 * front matter first; if this loader fails, it waits for the check, which
 * reports every mistake in the project at its place and stops the build
 * with its own error, and only otherwise fails with Astro's.
 */
import { glob, type Loader } from 'astro/loaders';
import { pendingBuildCheck } from '../lib/build-check.ts';

/**
 * @param base The briefings folder, relative to the project root (`./briefings`).
 * @returns An Astro content loader.
 */
export function briefingsLoader(base: string): Loader {
  const inner = glob({ pattern: '**/[^_]*.{md,mdx}', base });
  return {
    ...inner,
    load: async (context) => {
      try {
        await inner.load(context);
      } catch (error) {
        await pendingBuildCheck();
        throw error;
      }
    },
  };
}
