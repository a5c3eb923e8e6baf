/**
 * Authoring in `npm run dev`: when a source or a briefing changes, check the
 * project again (unchanged sources come from the loader's cache), print what
 * is wrong in the changed files, and reload the briefings that cite a changed
 * source, so their footnotes quote the new text at once.
 */
import path from 'node:path';
import type { AstroIntegrationLogger } from 'astro';
import type { ViteDevServer } from 'vite';
import { checkProject, type ProjectPaths, type ProjectReport } from '../lib/check-project.ts';
import { countErrors, formatDiagnostic, plural } from '../lib/diagnostics.ts';
import { settledChanges } from '../lib/settled-changes.ts';

export interface DevWatchOptions {
  paths: Required<ProjectPaths>;
  logger: AstroIntegrationLogger;
  /** Virtual module ids whose content derives from the report. */
  derivedModules: string[];
  /** Receives each new report. */
  onReport: (report: ProjectReport) => void;
}

/**
 * Watch the content folders of a dev server.
 * @param server Vite's dev server (from `astro:server:setup`).
 * @param options Paths, logger and what to refresh.
 */
export function watchProject(server: ViteDevServer, options: DevWatchOptions): void {
  const { root } = options.paths;
  const sourcesDir = path.resolve(root, options.paths.sources) + path.sep;
  const briefingsDir = path.resolve(root, options.paths.briefings) + path.sep;
  let report = checkProject(options.paths);

  const inContent = (file: string) => file.startsWith(sourcesDir) || file.startsWith(briefingsDir);
  const onChanges = (changed: string[]) => {
    const started = performance.now();
    const before = report;
    report = checkProject(options.paths);
    options.onReport(report);
    const sources = changed.filter((f) => f.startsWith(sourcesDir));
    // Briefings to re-render: those that cited a changed source before or cite one now.
    const stale = new Set<string>();
    const stems = new Set(sources.map((f) => path.basename(f).replace(/\.(txt|ya?ml)$/, '')));
    for (const r of [before, report]) {
      const keys = new Set([...r.sources.byKey.values()].filter((s) => stems.has(s.stem)).map((s) => s.key));
      if (keys.size === 0) continue;
      for (const b of r.briefings) if (b.occurrences.some((o) => o.group.cites.some((c) => keys.has(c.key)))) stale.add(path.resolve(root, b.file));
    }
    const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
    // Report what is wrong in the changed files and in the briefings they affect.
    const shown = new Set([...changed, ...stale].map(relative));
    const diagnostics = report.diagnostics.filter((d) => shown.has(d.file));
    for (const d of diagnostics) console.error(formatDiagnostic(d));
    for (const environment of Object.values(server.environments)) {
      const graph = environment.moduleGraph;
      for (const file of stale) for (const mod of graph.getModulesByFile(file) ?? []) graph.invalidateModule(mod);
      for (const id of options.derivedModules) {
        const mod = graph.getModuleById(id);
        if (mod) graph.invalidateModule(mod);
      }
    }
    const errors = countErrors(diagnostics);
    const what = changed.length === 1 ? relative(changed[0]!) : plural(changed.length, 'file');
    options.logger.info(
      `${what} changed: re-checked in ${Math.round(performance.now() - started)} ms, ${plural(errors, 'error')}${stale.size ? `, reloading ${plural(stale.size, 'briefing')} that cite ${changed.length === 1 ? 'it' : 'them'}` : ''}`,
    );
    if (sources.length) server.ws.send({ type: 'full-reload' });
  };
  // A save is handled once it is whole (lib/settled-changes.ts).
  const changes = settledChanges(onChanges, (error) => options.logger.error(`re-checking failed: ${error instanceof Error ? error.message : String(error)}`));
  const onChange = (file: string) => {
    if (inContent(file)) changes(file);
  };
  server.watcher.add([sourcesDir, briefingsDir]);
  server.watcher.on('change', onChange);
  server.watcher.on('add', onChange);
  server.watcher.on('unlink', onChange);
}
