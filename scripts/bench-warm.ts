/**
 * `npm run bench:warm [-- --rounds 3]`: what reading the files ahead
 * (`src/integration/warm-files.ts`) does to a build's check, with the files
 * out of the page cache and in it. Generates the full bench corpus's
 * sources and briefings; each trial is a fresh process that starts the
 * read-ahead (or not) and runs the check on a thread of its own, as a build
 * does. Putting files out of the cache takes root
 * (`/proc/sys/vm/drop_caches`), which drops every cached file, Node's own too.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { warmFiles } from '../src/integration/warm-files.ts';
import { checkProject } from '../src/lib/check-project.ts';
import { generateCorpus } from './generate-corpus.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, trial: { type: 'string' }, root: { type: 'string' } } });

if (!isMainThread) {
  // The check's thread: its time, from the moment it starts.
  const started = performance.now();
  checkProject({ root: (workerData as { root: string }).root });
  parentPort!.postMessage(performance.now() - started);
} else if (values.trial) {
  // One trial: the read-ahead (or not) beside a check on its own thread, as in a build.
  const root = values.root!;
  const warm = values.trial === 'ahead' ? warmFiles([path.join(root, 'sources'), path.join(root, 'briefings')]) : Promise.resolve(false);
  new Worker(new URL(import.meta.url), { workerData: { root } }).once('message', async (ms: number) => {
    console.log(JSON.stringify({ ms, reading: await warm }));
  });
} else {
  const root = path.resolve(import.meta.dirname, '..');
  const out = path.join(root, '.bench', 'warm');
  generateCorpus(out, { briefings: 1000, sources: 10000, citations: 20, quotations: 5, claims: 2 }, root);
  const dropCaches = () => {
    spawnSync('sync');
    try {
      writeFileSync('/proc/sys/vm/drop_caches', '3');
    } catch (error) {
      throw new Error(`putting files out of the page cache takes root: ${(error as Error).message}`);
    }
  };
  const trial = (mode: 'ahead' | 'none') => {
    const child = spawnSync(process.execPath, [import.meta.filename, '--trial', mode, '--root', out], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`trial failed: ${child.stderr}`);
    return JSON.parse(child.stdout.trim().split('\n').pop()!) as { ms: number; reading: boolean };
  };
  const rounds = Number(values.rounds);
  const rows = new Map<string, { mode: 'ahead' | 'none'; results: Array<{ ms: number; reading: boolean }> }>();
  for (let round = 0; round < rounds; round++) {
    for (const state of ['out of the cache', 'cached'] as const) {
      for (const mode of ['ahead', 'none'] as const) {
        if (state === 'out of the cache') dropCaches();
        else trial('none');
        const label = `${state}, ${mode === 'ahead' ? 'read ahead' : 'not read ahead'}`;
        if (!rows.has(label)) rows.set(label, { mode, results: [] });
        rows.get(label)!.results.push(trial(mode));
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`the check of 1,000 briefings and 10,000 sources on its own thread, ${rounds} rounds`);
  for (const [label, { mode, results }] of rows) {
    const read = results.filter((r) => r.reading).length;
    const times = results.map((r) => (r.ms / 1000).toFixed(2)).join(', ');
    console.log(`${label.padEnd(34)} median ${(median(results.map((r) => r.ms)) / 1000).toFixed(2)} s  (${times})${mode === 'ahead' ? `, read ahead in ${read} of ${results.length}` : ''}`);
  }
}
