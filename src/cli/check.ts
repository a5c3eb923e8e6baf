/**
 * `npm run check`: validate every source, briefing and citation without
 * building. The same `checkProject` runs at the start of `npm run build`.
 *
 *   npm run check [-- --format json] [--strict] [--root DIR] [--style NAME] [--styles DIR]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkProject } from '../lib/check-project.ts';
import { warmFiles } from '../integration/warm-files.ts';
import { loadConfigOptions } from './config-options.ts';
import { countErrors, formatDiagnostic, plural } from '../lib/diagnostics.ts';

const { values } = parseArgs({
  options: {
    format: { type: 'string', default: 'human' },
    strict: { type: 'boolean', default: false },
    root: { type: 'string', default: '.' },
    // Folders default to the ones given to attest() in astro.config.*.
    sources: { type: 'string' },
    briefings: { type: 'string' },
    // The site's default CSL style and styles folder; by default, as given to attest().
    style: { type: 'string' },
    styles: { type: 'string' },
  },
});

const root = path.resolve(values.root);
const options = await loadConfigOptions(root);
const sources = values.sources ?? options.sources;
const briefings = values.briefings ?? options.briefings;
// As in a build: the files are read ahead of the check's reads if they are not in memory.
void warmFiles([path.resolve(root, sources), path.resolve(root, briefings)]);
const report = checkProject({
  root,
  sources,
  briefings,
  ratings: options.ratings,
  style: values.style ?? options.style,
  styles: values.styles ?? options.styles,
});
const errors = countErrors(report.diagnostics);
const warnings = report.diagnostics.length - errors;
const citations = report.briefings.reduce((n, b) => n + b.occurrences.length, 0);

if (values.format === 'json') {
  const summary = { sources: report.sources.byKey.size, briefings: report.briefings.length, citations, errors, warnings };
  process.stdout.write(JSON.stringify({ diagnostics: report.diagnostics, summary }, null, 2) + '\n');
} else {
  for (const d of report.diagnostics) process.stdout.write(formatDiagnostic(d) + '\n');
  process.stderr.write(
    `${plural(report.sources.byKey.size, 'source')}, ${plural(report.briefings.length, 'briefing')}, ${plural(citations, 'citation')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`,
  );
}
process.exitCode = errors > 0 || (values.strict && warnings > 0) ? 1 : 0;
