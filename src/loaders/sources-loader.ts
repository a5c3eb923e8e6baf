/**
 * Content-layer loader for `sources/`: each `<stem>.txt` with its optional
 * `<stem>.yaml`, one entry per source, keyed by citation key. Reading and
 * validation live in `lib/sources.ts`, shared with the checker.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import { checkedSources, pendingBuildCheck } from '../lib/build-check.ts';
import { formatDiagnostic } from '../lib/diagnostics.ts';
import { settledChanges } from '../lib/settled-changes.ts';
import { sourceEntry, type SourceEntry } from '../lib/source-entries.ts';
import { loadSources } from '../lib/sources.ts';

export interface SourcesLoaderOptions {
  /** Folder relative to the project root. @default `sources` */
  dir?: string;
}

/**
 * @param options Where the sources are.
 * @returns An Astro content loader.
 */
export function sourcesLoader(options: SourcesLoaderOptions = {}): Loader {
  const dir = options.dir ?? 'sources';
  return {
    name: 'attest-sources',
    load: async ({ config, store, logger, watcher }) => {
      const root = fileURLToPath(config.root);
      const read = (): SourceEntry[] => {
        const { byKey, diagnostics } = loadSources(root, dir);
        // A build's check reports these, and stops the build on an error (lib/build-check.ts); in dev we only log.
        if (!pendingBuildCheck()) for (const d of diagnostics) logger.warn(formatDiagnostic(d));
        return [...byKey.values()].map(sourceEntry);
      };
      const save = (entries: readonly SourceEntry[]) => {
        const keep = new Set<string>();
        for (const { digest, ...raw } of entries) {
          keep.add(raw.key);
          if (store.get(raw.key)?.digest === digest) continue;
          // Stored as they are, without `parseData`: `loadSources` validated the metadata with
          // the schema the collection declares, and the rest is ours. Validating 10,000 entries
          // again took 0.2 s of the full bench's setup.
          store.set({ id: raw.key, data: raw, digest, filePath: raw.file });
        }
        for (const id of store.keys()) if (!keep.has(id)) store.delete(id);
      };
      const sync = () => save(read());
      // A build's check has read every source on its thread already, and sends them (lib/source-entries.ts).
      const sent = await checkedSources();
      // Only if they are this loader's folder (a project may point the loader elsewhere than the check).
      const checked = sent?.dir === path.resolve(root, dir) ? sent : undefined;
      save(checked ? checked.entries : read());
      if (watcher) {
        const abs = path.resolve(root, dir);
        watcher.add(abs);
        // Read once a save is whole, one sync at a time (lib/settled-changes.ts).
        const changes = settledChanges(sync, (error) => logger.error(`reading sources failed: ${error instanceof Error ? error.message : String(error)}`));
        const onChange = (changed: string) => {
          if (changed.startsWith(abs + path.sep)) changes(changed);
        };
        watcher.on('change', onChange);
        watcher.on('add', onChange);
        watcher.on('unlink', onChange);
      }
    },
  };
}
