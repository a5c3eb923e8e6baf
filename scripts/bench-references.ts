/**
 * `npm run bench:references [-- --style harvard1] [-- --threads 1]`: generate the full bench
 * corpus (1,000 briefings citing 10,000 sources), check it, and format every
 * reference a first build formats (each briefing's citations and reference
 * list, each source's "Cite this source" entry) with the build's worker pool,
 * nothing cached, Astro not running. Prints the wall time and the CPU time of
 * the process, its workers included: citeproc-js's share of a first build.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatAhead } from '../src/integration/reference-workers.ts';
import { checkProject } from '../src/lib/check-project.ts';
import { loadStyles } from '../src/lib/csl-styles.ts';
import { referenceJobs } from '../src/lib/reference-jobs.ts';
import { generateCorpus } from './generate-corpus.ts';

const { values } = parseArgs({ options: { briefings: { type: 'string', default: '1000' }, sources: { type: 'string', default: '10000' }, style: { type: 'string', default: 'apa' }, threads: { type: 'string' } } });
const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, '.bench', 'references');
generateCorpus(out, { briefings: Number(values.briefings), sources: Number(values.sources), citations: 20, quotations: 5, claims: 2 }, root);

const report = checkProject({ root: out });
const jobs = referenceJobs(report, loadStyles(out, 'styles'), values.style);
const cpu = process.cpuUsage();
const result = await formatAhead(jobs, { root: out, stylesDir: 'styles', ...(values.threads ? { maxWorkers: Number(values.threads) } : {}) });
const used = process.cpuUsage(cpu);
console.log(`${jobs.filter((j) => j.kind === 'briefing').length} briefings and ${jobs.filter((j) => j.kind === 'source').length} sources in ${values.style}`);
console.log(`jobs        ${result.formatted} formatted, ${result.same} the same as another, ${result.shared} source entries taken from reference lists`);
console.log(`wall        ${(result.ms / 1000).toFixed(1)} s`);
console.log(`cpu         ${((used.user + used.system) / 1e6).toFixed(1)} s (this process and its worker threads)`);
