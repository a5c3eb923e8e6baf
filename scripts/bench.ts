/**
 * `npm run bench [-- --preset small|medium|full]`: generate a deterministic
 * corpus outside the content folders, check it and build it, and print the
 * timings, peak memory and output size, the search index's time and size,
 * and what a browser downloads for one search.
 *
 * Presets: small = 100 briefings / 1,000 sources (the issue #2 figure),
 * medium = 300 / 3,000, full = 1,000 / 10,000.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkProject } from '../src/lib/check-project.ts';
import { generateCorpus, type CorpusSize } from './generate-corpus.ts';
import { measureQuery } from './search-bench.ts';

const PRESETS: Record<string, CorpusSize> = {
  small: { briefings: 100, sources: 1_000, citations: 20, quotations: 5 },
  medium: { briefings: 300, sources: 3_000, citations: 20, quotations: 5 },
  full: { briefings: 1_000, sources: 10_000, citations: 20, quotations: 5 },
};

const { values } = parseArgs({ options: { preset: { type: 'string', default: 'small' } } });
const size = PRESETS[values.preset];
if (!size) throw new Error(`unknown preset ${values.preset}; use ${Object.keys(PRESETS).join(', ')}`);

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, '.bench', values.preset);

let t = performance.now();
generateCorpus(out, size, root);
const generateMs = performance.now() - t;

t = performance.now();
const report = checkProject({ root: out });
const checkMs = performance.now() - t;
const citations = report.briefings.reduce((n, b) => n + b.occurrences.length, 0);
if (report.diagnostics.some((d) => d.severity === 'error')) throw new Error('the generated corpus has errors');

const build = await timed(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], out);
if (build.code !== 0) throw new Error(`build failed:\n${build.output.slice(-2000)}`);

const dist = path.join(out, 'dist');
const pages = countFiles(dist, (f) => f.endsWith('.html'));
const bytes = sizeOf(dist);
// The integration logs `search index: N records (M claims) in T ms, …`.
const indexed = /search index: ([\d,]+) records? \(.*?\) in (\d+) ms/.exec(build.output);
if (!indexed) throw new Error('the build did not report a search index');
const bundle = path.join(dist, 'pagefind');
// Pagefind also writes its prebuilt UIs into the bundle; the site does not load them.
const indexBytes = sizeOf(bundle, (f) => !/^pagefind-(component-|modular-)?ui\./.test(f));
const query = 'bridge';
const cost = await measureQuery(dist, query, 'briefings/briefing-0000/');

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`preset ${values.preset}: ${size.briefings} briefings, ${size.sources} sources, ${citations} citations`);
console.log(`generate  ${s(generateMs)}`);
console.log(`check     ${s(checkMs)}  (in-process, cold)`);
console.log(`build     ${s(build.ms)}  peak RSS ${mb(build.peakRss)}  (npm run build: check + pages)`);
console.log(`output    ${pages} HTML pages, ${mb(bytes)}`);
console.log(`index     ${s(Number(indexed[2]))}  ${indexed[1]} records, ${mb(indexBytes)} in ${countFiles(bundle, () => true)} files (without Pagefind's unused UI bundles)`);
console.log(`query     “${query}”: ${cost.results} ${cost.requests} requests, ${kb(cost.bytes)} as served, ${kb(cost.gzipBytes)} if gzipped`);
console.log(`briefing  ${kb(cost.briefingJsGzip)} of JavaScript (gzipped) before search is opened`);

/** Run a command, sampling its resident memory, and time it. */
function timed(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; ms: number; peakRss: number; output: string }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
    let output = '';
    let peakRss = 0;
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const sample = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peakRss = Math.max(peakRss, Number(hwm[1]) * 1024);
      } catch {
        // The process has ended between samples.
      }
    }, 50);
    child.on('close', (code) => {
      clearInterval(sample);
      resolve({ code, ms: performance.now() - start, peakRss, output });
    });
  });
}

function countFiles(dir: string, keep: (f: string) => boolean): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && keep(e.name)).length;
}

function sizeOf(dir: string, keep: (f: string) => boolean = () => true): number {
  let total = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && keep(e.name)) total += statSync(path.join(e.parentPath, e.name)).size;
  }
  return total;
}
