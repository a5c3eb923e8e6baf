/**
 * `npm run bench [-- --preset small|medium|full] [-- --runs 3]`: generate a deterministic
 * corpus outside the content folders, check it and build it, and print the
 * timings, peak memory and output size, the search index's time and size,
 * and what a browser downloads for one search.
 *
 * Presets: small = 100 briefings / 1,000 sources (the issue #2 figure),
 * medium = 300 / 3,000, full = 1,000 / 10,000; every briefing has 20
 * citations, 5 quotations and 2 claims.
 *
 * `--runs N` builds both sites N times, ours and the baseline alternating
 * (every other round the baseline first), each round a first build with every
 * cache emptied and then a rebuild, and prints the median of each figure and
 * each round's ratio: on a shared machine one run's ratio swings by half
 * either way. Each build starts with the last one's output written to disk.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkProject } from '../src/lib/check-project.ts';
import { buildNodeFlags } from '../src/cli/build-flags.ts';
import { generateBaseline } from './generate-baseline.ts';
import { generateCorpus, type CorpusSize } from './generate-corpus.ts';
import { measureQuery } from './search-bench.ts';

const PRESETS: Record<string, CorpusSize> = {
  small: { briefings: 100, sources: 1_000, citations: 20, quotations: 5, claims: 2 },
  medium: { briefings: 300, sources: 3_000, citations: 20, quotations: 5, claims: 2 },
  full: { briefings: 1_000, sources: 10_000, citations: 20, quotations: 5, claims: 2 },
};

/**
 * The phases of `astro build`, from the durations its log prints: where a
 * build spends its time, for both sites alike.
 */
const PHASES = [
  { name: 'setup', pattern: /\[build\] ✓ Completed in (\d+m \d+s|[\d.]+m?s)/, note: 'config, check, content sync, types (ours: the check, and formatting starts)' },
  { name: 'bundle', pattern: /\[vite\] ✓ built in (\d+m \d+s|[\d.]+m?s)/, note: 'compiling the MDX and bundling the pages' },
  { name: 'render', pattern: /^(?:\S+ )?✓ Completed in (\d+m \d+s|[\d.]+m?s)/m, note: 'rendering and writing the pages' },
] as const;

/** Each phase's duration in ms, read from a build's log. */
function phases(output: string): Record<(typeof PHASES)[number]['name'], number> {
  // Astro colours its log when it may; the durations are what matter.
  const plain = output.replace(/\x1b\[[\d;]*m/g, '');
  // As Astro prints them: `120ms`, `26.01s`, and from a minute on `1m 3s`.
  const ms = (pattern: RegExp) => {
    const m = pattern.exec(plain)?.[1]?.match(/^(?:(\d+)m )?([\d.]+)(m?s)$/);
    return m ? Number(m[1] ?? 0) * 60_000 + Number(m[2]) * (m[3] === 'ms' ? 1 : 1000) : NaN;
  };
  return Object.fromEntries(PHASES.map((phase) => [phase.name, ms(phase.pattern)])) as Record<(typeof PHASES)[number]['name'], number>;
}

// `--style vancouver` builds the corpus in another CSL style (citeproc's cost differs by style).
const { values } = parseArgs({ options: { preset: { type: 'string', default: 'small' }, style: { type: 'string' }, runs: { type: 'string', default: '1' } } });
const preset = PRESETS[values.preset];
if (!preset) throw new Error(`unknown preset ${values.preset}; use ${Object.keys(PRESETS).join(', ')}`);
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number of rounds, 1 or more, not ${values.runs}`);
const size: CorpusSize = { ...preset, ...(values.style ? { style: values.style } : {}) };

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, '.bench', values.preset);
const plainDir = `${out}-plain`;

// Old output is moved aside and deleted once every build is timed. On ext4, a
// file system that has just freed many inodes is slow to create files for
// minutes afterwards (it passes over recently freed inodes): creating 33,000
// files in 11,000 folders took 8.9 s of system time just after deleting as
// many, and 1.0 s after moving them aside. Deleting the last run's output
// (57,000 files of ours, 24,000 of the baseline) before the first builds made
// them pay for it, ours most: it creates 44,000 files to the baseline's 11,000.
const trash = path.join(root, '.bench', '.trash');
let discarded = 0;
const discard = (target: string) => {
  if (!existsSync(target)) return;
  mkdirSync(trash, { recursive: true });
  renameSync(target, path.join(trash, `${process.pid}-${discarded++}`));
};
discard(out);
discard(plainDir);

let t = performance.now();
generateCorpus(out, size, root);
const generateMs = performance.now() - t;

t = performance.now();
const report = checkProject({ root: out });
const checkMs = performance.now() - t;
const citations = report.briefings.reduce((n, b) => n + b.occurrences.length, 0);
const quotations = report.briefings.reduce((n, b) => n + b.occurrences.reduce((m, o) => m + o.quotes.length, 0), 0);
const claims = report.briefings.reduce((n, b) => n + b.claims.length, 0);
if (report.diagnostics.some((d) => d.severity === 'error')) throw new Error('the generated corpus has errors');

const astro = path.join(root, 'node_modules/astro/bin/astro.mjs');
const dist = path.join(out, 'dist');
// The floor: the same corpus as a plain Astro MDX site with ordinary GFM
// footnotes, built and indexed with Pagefind's defaults in the same run.
generateBaseline(out, plainDir);
const plainDist = path.join(plainDir, 'dist');

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

interface Round {
  cold: Awaited<ReturnType<typeof buildOurs>>;
  plainCold: Measured;
  warm: Awaited<ReturnType<typeof buildOurs>>;
  plainWarm: Measured;
}
const rounds: Round[] = [];
for (let i = 0; i < runs; i++) {
  // Each round starts cold: no output, no Astro data store, no Vite cache, none of our formatted references.
  for (const dir of [out, plainDir]) for (const f of ['dist', 'node_modules/.astro', 'node_modules/.vite']) discard(path.join(dir, f));
  // Every other round the baseline goes first: a build shares the machine with whatever the one
  // before it left (its output still being written back to disk, a slow spell of the host), and
  // that should not always fall on the same site.
  const oursFirst = i % 2 === 0;
  const pair = async <A, B>(ours: () => Promise<A>, plain: () => Promise<B>): Promise<[A, B]> => {
    if (oursFirst) {
      const a = await ours();
      return [a, await plain()];
    }
    const b = await plain();
    return [await ours(), b];
  };
  const [cold, plainCold] = await pair(buildOurs, buildPlain);
  // The everyday case: the same project built again, with what each build
  // keeps between runs (Astro's data store and Vite's caches; our formatted references).
  const [warm, plainWarm] = await pair(buildOurs, buildPlain);
  rounds.push({ cold, plainCold, warm, plainWarm });
  // With the seconds behind each ratio: a round's ratio moves as much with the plain build's time as with ours.
  const each = (a: Measured, b: Measured) => `${ratio(a.totalMs, b.totalMs)} (${s(a.buildMs)} + ${s(a.indexMs)} against ${s(b.buildMs)} + ${s(b.indexMs)})`;
  if (runs > 1) console.log(`round ${i + 1} of ${runs} (${oursFirst ? 'ours' : 'the baseline'} first): total ${each(cold, plainCold)} first build, ${each(warm, plainWarm)} rebuild`);
}
const indexed = rounds[0]!.cold.indexed;
// Every claim card must reach the index as a record of its own, in every build.
const claimsIn = (build: { indexed: RegExpExecArray }) => Number(build.indexed[2]!.replace(/,/g, ''));
for (const build of rounds.flatMap((r) => [r.cold, r.warm])) {
  if (claimsIn(build) !== claims) throw new Error(`the checker found ${claims} claims but the search index has ${claimsIn(build)}`);
}
const indexedClaims = claimsIn(rounds[0]!.cold);
const bundle = path.join(dist, 'pagefind');
// Pagefind also writes its prebuilt UIs into the bundle; the site does not load them.
const pagefindUi = (f: string) => /^pagefind-(component-|modular-)?ui\./.test(f);
const indexBytes = sizeOf(bundle, (f) => !pagefindUi(f));
const query = 'bridge';
const cost = await measureQuery(dist, query, 'briefings/briefing-0000/');

console.log(
  `preset ${values.preset}: ${size.briefings} briefings, ${size.sources} sources, ${citations} citations, ${quotations} quotations, ${claims} claims (${indexedClaims} indexed), style ${size.style ?? 'apa (default)'}`,
);
console.log(`node      ours: ${[...buildNodeFlags(), 'astro build'].join(' ')} (as npm run build runs it: src/cli/build-flags.ts); plain: astro build`);
console.log(`generate  ${s(generateMs)}`);
console.log(`check     ${s(checkMs)}  (in-process, cold)`);
const row = (label: string, ours: string, floor: string, r: string, note = '') => console.log(`${label.padEnd(10)}${ours.padStart(10)}   ${floor.padStart(10)}   ${r.padStart(6)}  ${note}`);
for (const [title, step] of [
  ['first build (empty caches)', 'cold'],
  ['rebuild (nothing changed, caches kept)', 'warm'],
] as const) {
  const plainOf = (r: Round) => (step === 'cold' ? r.plainCold : r.plainWarm);
  const ours = median(rounds.map((r) => r[step]));
  const plain = median(rounds.map(plainOf));
  console.log(runs > 1 ? `${title}, median of ${runs} rounds` : title);
  row('', 'attest', 'plain', 'ratio');
  row('build', s(ours.buildMs), s(plain.buildMs), ratio(ours.buildMs, plain.buildMs), 'astro build without the index (ours: check, references, pages, back-links, claims)');
  for (const phase of PHASES) row(`  ${phase.name}`, s(ours[phase.name]), s(plain[phase.name]), ratio(ours[phase.name], plain[phase.name]), phase.note);
  row('  cpu', s(ours.buildCpuMs), s(plain.buildCpuMs), ratio(ours.buildCpuMs, plain.buildCpuMs), 'CPU time of the astro build step, all threads (user + system)');
  row('index', s(ours.indexMs), s(plain.indexMs), ratio(ours.indexMs, plain.indexMs), 'Pagefind');
  row('total', s(ours.totalMs), s(plain.totalMs), ratio(ours.totalMs, plain.totalMs), 'build + index, wall clock');
  if (runs > 1) {
    // The median of the totals is not the median round's ratio; each round's own ratio says how far one run can be trusted.
    const each = rounds.map((r) => r[step].totalMs / plainOf(r).totalMs).sort((a, b) => a - b);
    row('  rounds', '', '', '', `each round's total ratio, lowest to highest: ${each.map((x) => `${x.toFixed(2)}x`).join(', ')}`);
  }
  row('peak RSS', mb(ours.peakRss), mb(plain.peakRss), ratio(ours.peakRss, plain.peakRss), 'the largest of any step: all processes and threads of the step together');
  row('  build', mb(ours.buildRss), mb(plain.buildRss), ratio(ours.buildRss, plain.buildRss), 'peak of the astro build step');
  row('  index', mb(ours.indexRss), mb(plain.indexRss), ratio(ours.indexRss, plain.indexRss), 'peak of the Pagefind step');
  for (const [i, r] of rounds.entries()) if (r[step].references) console.log(`          ${runs > 1 ? `round ${i + 1}: ` : ''}${r[step].references}`);
}
row('pages', String(countFiles(dist, (f) => f.endsWith('.html'))), String(countFiles(plainDist, (f) => f.endsWith('.html'))), '');
row('output', mb(sizeOf(dist)), mb(sizeOf(plainDist)), '');
row('index', mb(indexBytes), mb(sizeOf(path.join(plainDist, 'pagefind'), (f) => !pagefindUi(f))), '', `${indexed[1]} records in ${countFiles(bundle, () => true)} files (ours), without Pagefind's unused UI bundles`);
console.log(`query     \u201c${query}\u201d: ${cost.results} ${cost.requests} requests, ${kb(cost.bytes)} as served, ${kb(cost.gzipBytes)} if gzipped`);
console.log(`briefing  ${kb(cost.briefingJsGzip)} of JavaScript (gzipped) before search is opened`);
// Every build is timed: the old output can go (and any an interrupted run left).
rmSync(trash, { recursive: true, force: true });

/** Each figure's median over the rounds (of an even number, the mean of the middle two). */
function median(all: Measured[]): Measured {
  const mid = (pick: (m: Measured) => number) => {
    const sorted = all.map(pick).sort((a, b) => a - b);
    const h = sorted.length >> 1;
    return sorted.length % 2 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
  };
  return {
    buildMs: mid((m) => m.buildMs),
    indexMs: mid((m) => m.indexMs),
    totalMs: mid((m) => m.totalMs),
    peakRss: mid((m) => m.peakRss),
    buildRss: mid((m) => m.buildRss),
    indexRss: mid((m) => m.indexRss),
    buildCpuMs: mid((m) => m.buildCpuMs),
    setup: mid((m) => m.setup),
    bundle: mid((m) => m.bundle),
    render: mid((m) => m.render),
  };
}

interface Measured {
  buildMs: number;
  indexMs: number;
  totalMs: number;
  peakRss: number;
  /** Each step's own peak: what sets the larger one. */
  buildRss: number;
  indexRss: number;
  /** CPU time of the build step's processes, every thread. */
  buildCpuMs: number;
  /** The build step's phases, as Astro logs them (NaN if it did not). */
  setup: number;
  bundle: number;
  render: number;
}

/** What `npm run build` runs for the corpus (`src/cli/build.ts`): `astro build` with its Node flags, then the search index once Astro has exited. */
async function buildOurs(): Promise<Measured & { indexed: RegExpExecArray; references?: string }> {
  settle();
  const build = await timed(process.execPath, [...buildNodeFlags(), astro, 'build'], out);
  if (build.code !== 0) throw new Error(`build failed:\n${build.output.slice(-2000)}`);
  const index = await timed(process.execPath, [path.join(root, 'src/cli/search-index.ts')], out);
  if (index.code !== 0) throw new Error(`search index failed:\n${index.output.slice(-2000)}`);
  // The indexer logs `search index: N records (M claims) in T ms, …`.
  const indexed = /search index: ([\d,]+) records? \(([\d,]+) claims?\) in (\d+) ms/.exec(index.output);
  if (!indexed) throw new Error('the indexer did not report a search index');
  // Every `references: …` line: what was formatted ahead, and what pages left for later.
  const references = [...build.output.matchAll(/references: (.*)/g)].map((m) => m[1]).join('; ') || undefined;
  return {
    buildMs: build.ms,
    indexMs: index.ms,
    totalMs: build.ms + index.ms,
    peakRss: Math.max(build.peakRss, index.peakRss),
    buildRss: build.peakRss,
    indexRss: index.peakRss,
    buildCpuMs: build.cpuMs,
    ...phases(build.output),
    indexed,
    ...(references ? { references: `references: ${references}` } : {}),
  };
}

/** The baseline's `astro build`, then Pagefind over its output with Pagefind's defaults. */
async function buildPlain(): Promise<Measured> {
  settle();
  const plain = await timed(process.execPath, [astro, 'build'], plainDir);
  if (plain.code !== 0) throw new Error(`plain build failed:\n${plain.output.slice(-2000)}`);
  const plainIndex = await timed(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import * as pagefind from 'pagefind';
       const { index, errors } = await pagefind.createIndex({});
       if (errors.length) throw new Error(errors.join('\\n'));
       const added = await index.addDirectory({ path: ${JSON.stringify(plainDist)} });
       if (added.errors.length) throw new Error(added.errors.join('\\n'));
       const written = await index.writeFiles({ outputPath: ${JSON.stringify(path.join(plainDist, 'pagefind'))} });
       if (written.errors.length) throw new Error(written.errors.join('\\n'));
       await pagefind.close();`,
    ],
    root,
  );
  if (plainIndex.code !== 0) throw new Error(`plain index failed:\n${plainIndex.output.slice(-2000)}`);
  return { buildMs: plain.ms, indexMs: plainIndex.ms, totalMs: plain.ms + plainIndex.ms, peakRss: Math.max(plain.peakRss, plainIndex.peakRss), buildRss: plain.peakRss, indexRss: plainIndex.peakRss, buildCpuMs: plain.cpuMs, ...phases(plain.output) };
}

/**
 * Write what the last build left in the page cache to disk before the next one starts. Linux
 * writes dirty pages back once they are 30 s old (`vm.dirty_expire_centisecs`), that is, in the
 * middle of the next build, by kernel threads that share its cores: on the full corpus 390 MB
 * were dirty right after our `astro build`, 170 MB after the baseline's. `sync` took 0.5 s.
 */
function settle(): void {
  spawnSync('sync');
}

/** Run a command, sampling its resident memory, and time it. */
function timed(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; ms: number; peakRss: number; cpuMs: number; output: string }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
    let output = '';
    let peakRss = 0;
    // CPU time per process of the tree, as last seen: a process's own figure only grows.
    const cpu = new Map<number, number>();
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // Pagefind indexes in a child process of its own, so sample the whole tree.
    const sample = setInterval(() => {
      if (!child.pid) return;
      peakRss = Math.max(peakRss, sampleTree(child.pid, cpu));
    }, 50);
    child.on('close', (code) => {
      clearInterval(sample);
      resolve({ code, ms: performance.now() - start, peakRss, cpuMs: [...cpu.values()].reduce((a, b) => a + b, 0), output });
    });
  });
}

/**
 * Sample a process and all its descendants, from /proc: return their resident
 * memory, and record each one's CPU time (user + system, every thread) in
 * `cpu` by process id. What a process spends after the last sample is missed
 * (at most one interval's worth).
 */
function sampleTree(pid: number, cpu: Map<number, number>): number {
  try {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // In ticks of the kernel's clock: USER_HZ, 100 a second on Linux.
    cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    let total = rss ? Number(rss[1]) * 1024 : 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) total += sampleTree(Number(child), cpu);
    }
    return total;
  } catch {
    return 0; // The process ended between samples.
  }
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
