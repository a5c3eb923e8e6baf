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

  const onChange = (changed: string) => {
    const isSource = changed.startsWith(sourcesDir);
    if (!isSource && !changed.startsWith(briefingsDir)) return;
    const started = performance.now();
    const before = report;
    report = checkProject(options.paths);
    options.onReport(report);
    const relative = path.relative(root, changed).split(path.sep).join('/');
    // Briefings to re-render: those that cited the changed source before or cite it now.
    const stale = new Set<string>();
    if (isSource) {
      const stem = path.basename(changed).replace(/\.(txt|ya?ml)$/, '');
      for (const r of [before, report]) {
        const keys = new Set([...r.sources.byKey.values()].filter((s) => s.stem === stem).map((s) => s.key));
        for (const b of r.briefings) if (b.occurrences.some((o) => o.group.cites.some((c) => keys.has(c.key)))) stale.add(path.resolve(root, b.file));
      }
    }
    // Report what is wrong in the changed file and in the briefings it affects.
    const shown = new Set([relative, ...[...stale].map((f) => path.relative(root, f).split(path.sep).join('/'))]);
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
    options.logger.info(
      `${relative} changed: re-checked in ${Math.round(performance.now() - started)} ms, ${plural(errors, 'error')}${stale.size ? `, reloading ${plural(stale.size, 'briefing')} that cite it` : ''}`,
    );
    if (isSource) server.ws.send({ type: 'full-reload' });
  };
  server.watcher.add([sourcesDir, briefingsDir]);
  server.watcher.on('change', onChange);
  server.watcher.on('add', onChange);
  server.watcher.on('unlink', onChange);
}
