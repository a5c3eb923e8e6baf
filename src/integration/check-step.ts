/**
 * The check's report to the author: every diagnostic in the `path:line:column`
 * form, never a stack trace, and the error that stops a build. A dev server
 * checks here, in line; a build checks on a thread of its own
 * (`check-worker.ts`) and reports what it sends.
 */
import type { AstroIntegrationLogger } from 'astro';
import { checkProject, type ProjectPaths, type ProjectReport } from '../lib/check-project.ts';
import { countErrors, formatDiagnostic, plural, type Diagnostic } from '../lib/diagnostics.ts';

export class AttestCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttestCheckError';
    // The diagnostics above say everything; a stack would only hide them.
    this.stack = `${this.name}: ${message}`;
  }
}

/** What a check found, as the build's worker thread sends it (`check-worker.ts`). */
export interface CheckSummary {
  diagnostics: Diagnostic[];
  sources: number;
  briefings: number;
  citations: number;
  ms: number;
}

/**
 * Check the project and report.
 * @param paths Project root and content folders.
 * @param logger Astro's logger for this integration.
 * @param failOn `error`: stop on errors; `warning`: also on warnings (strict); `never`: dev server.
 * @returns The report, for the pages' back-links.
 */
export function runCheck(paths: ProjectPaths, logger: AstroIntegrationLogger, failOn: FailOn): ProjectReport {
  const started = performance.now();
  const report = checkProject(paths);
  const citations = report.briefings.reduce((n, b) => n + b.occurrences.length, 0);
  const failure = reportCheck({ diagnostics: report.diagnostics, sources: report.sources.byKey.size, briefings: report.briefings.length, citations, ms: performance.now() - started }, logger, failOn);
  if (failure) throw failure;
  return report;
}

export type FailOn = 'error' | 'warning' | 'never';

/**
 * Print a check's diagnostics and its summary.
 * @param summary What the check found.
 * @param logger Astro's logger for this integration.
 * @param failOn As for `runCheck`.
 * @returns The error that stops the build, if the check fails it.
 */
export function reportCheck(summary: CheckSummary, logger: Pick<AstroIntegrationLogger, 'info'>, failOn: FailOn): AttestCheckError | undefined {
  const { diagnostics } = summary;
  const errors = countErrors(diagnostics);
  const warnings = diagnostics.length - errors;
  for (const d of diagnostics) {
    // Plain stderr, not the logger: editors and CI parse `path:line:column`.
    console.error(formatDiagnostic(d));
  }
  logger.info(
    `checked ${plural(summary.sources, 'source')}, ${plural(summary.briefings, 'briefing')}, ${plural(summary.citations, 'citation')} in ${Math.round(summary.ms)} ms: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
  );
  if (!checkFails(diagnostics, failOn)) return undefined;
  const what = errors > 0 ? plural(errors, 'error') : `${plural(warnings, 'warning')} (strict)`;
  return new AttestCheckError(`found ${what} in sources and briefings; see the lines above`);
}

/**
 * @param diagnostics What a check found.
 * @param failOn As for `runCheck`.
 * @returns Whether they stop the build.
 */
export function checkFails(diagnostics: readonly Diagnostic[], failOn: FailOn): boolean {
  const errors = countErrors(diagnostics);
  return failOn !== 'never' && (errors > 0 || (failOn === 'warning' && diagnostics.length > errors));
}
