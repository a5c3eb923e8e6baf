/**
 * `npm run bench:check`: generate 1,000 briefings citing 10,000 sources with
 * 20,000 citations, 5,000 quotations and 2,000 claims, run the checker once in a fresh
 * process, and print its time and peak memory.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './generate-corpus.ts';

const { values } = parseArgs({ options: { briefings: { type: 'string', default: '1000' }, sources: { type: 'string', default: '10000' } } });
const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, '.bench', 'check');
const briefings = Number(values.briefings);
generateCorpus(out, { briefings, sources: Number(values.sources), citations: 20, quotations: 5, claims: 2 }, root);

// A fresh process, so the figures include reading every file and warming up,
// with the Node flags `npm run check` uses (a larger young generation: the
// checker allocates many short-lived syntax trees).
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { check: string } };
const nodeFlags = pkg.scripts.check.split(' ').filter((a) => a.startsWith('--'));
const child = spawnSync(
  process.execPath,
  [
    ...nodeFlags,
    '--input-type=module',
    '-e',
    `import { checkProject } from ${JSON.stringify(path.join(root, 'src/lib/check-project.ts'))};
     const t = performance.now();
     const r = checkProject({ root: ${JSON.stringify(out)} });
     const ms = performance.now() - t;
     const quotes = r.briefings.reduce((n, b) => n + b.occurrences.reduce((m, o) => m + o.quotes.length, 0), 0);
     const citations = r.briefings.reduce((n, b) => n + b.occurrences.length, 0);
     const claims = r.briefings.reduce((n, b) => n + b.claims.length, 0);
     const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
     console.log(JSON.stringify({ ms, sources: r.sources.byKey.size, briefings: r.briefings.length, citations, quotes, claims, errors, rss: process.resourceUsage().maxRSS }));`,
  ],
  { encoding: 'utf8' },
);
if (child.status !== 0) throw new Error(child.stderr);
const r = JSON.parse(child.stdout) as { ms: number; sources: number; briefings: number; citations: number; quotes: number; claims: number; errors: number; rss: number };
console.log(`checked ${r.briefings} briefings, ${r.sources} sources, ${r.citations} citations, ${r.quotes} quotations, ${r.claims} claims (${r.errors} errors)`);
console.log(`check time  ${(r.ms / 1000).toFixed(2)} s`);
console.log(`peak memory ${(r.rss / 1024).toFixed(0)} MB (max RSS of the checking process)`);
