/**
 * Content-layer loader for `sources/`: each `<stem>.txt` with its optional
 * `<stem>.yaml`, one entry per source, keyed by citation key. Reading and
 * validation live in `lib/sources.ts`, shared with the checker.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import { pendingBuildCheck } from '../lib/build-check.ts';
import { formatDiagnostic } from '../lib/diagnostics.ts';
import { settledChanges } from '../lib/settled-changes.ts';
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
    load: async ({ config, store, parseData, generateDigest, logger, watcher }) => {
      const root = fileURLToPath(config.root);
      const sync = async () => {
        const { byKey, diagnostics } = loadSources(root, dir);
        // A build's check reports these, and stops the build on an error (lib/build-check.ts); in dev we only log.
        if (!pendingBuildCheck()) for (const d of diagnostics) logger.warn(formatDiagnostic(d));
        const keep = new Set<string>();
        for (const source of byKey.values()) {
          // The text stays out of the data store (see lib/source-lines.ts); the digest still covers it, so an edit reloads the page.
          const raw = { key: source.key, stem: source.stem, file: source.file, lineCount: source.lines.length, meta: source.meta };
          // A string is hashed as it is; an object is JSON-encoded first, which escapes every line
          // again: 390 ms against 64 ms for the full bench corpus's 10,000 sources.
          const digest = generateDigest(`${source.file}\u0000${JSON.stringify(source.meta)}\u0000${source.lines.join('\n')}`);
          keep.add(source.key);
          if (store.get(source.key)?.digest === digest) continue;
          const data = await parseData({ id: source.key, data: raw, filePath: source.file });
          store.set({ id: source.key, data, digest, filePath: source.file });
        }
        for (const id of store.keys()) if (!keep.has(id)) store.delete(id);
      };
      await sync();
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
