/**
 * The build's first step: run the checker and stop on any error, printing
 * every diagnostic in the `path:line:column` form, never a stack trace.
 */
import type { AstroIntegrationLogger } from 'astro';
import { checkProject, type ProjectPaths, type ProjectReport } from '../lib/check-project.ts';
import { countErrors, formatDiagnostic, plural } from '../lib/diagnostics.ts';

export class AttestCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttestCheckError';
    // The diagnostics above say everything; a stack would only hide them.
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * Check the project and report.
 * @param paths Project root and content folders.
 * @param logger Astro's logger for this integration.
 * @param failOn `error`: stop on errors; `warning`: also on warnings (strict); `never`: dev server.
 * @returns The report, for the pages' back-links.
 */
export function runCheck(paths: ProjectPaths, logger: AstroIntegrationLogger, failOn: 'error' | 'warning' | 'never'): ProjectReport {
  const started = performance.now();
  const report = checkProject(paths);
  const errors = countErrors(report.diagnostics);
  const warnings = report.diagnostics.length - errors;
  for (const d of report.diagnostics) {
    // Plain stderr, not the logger: editors and CI parse `path:line:column`.
    console.error(formatDiagnostic(d));
  }
  const citations = report.briefings.reduce((n, b) => n + b.occurrences.length, 0);
  logger.info(
    `checked ${plural(report.sources.byKey.size, 'source')}, ${plural(report.briefings.length, 'briefing')}, ${plural(citations, 'citation')} in ${Math.round(performance.now() - started)} ms: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
  );
  if (failOn !== 'never' && (errors > 0 || (failOn === 'warning' && warnings > 0))) {
    const what = errors > 0 ? plural(errors, 'error') : `${plural(warnings, 'warning')} (strict)`;
    throw new AttestCheckError(`found ${what} in sources and briefings; see the lines above`);
  }
  return report;
}
