/**
 * `npm run build`: `astro build` (with `build-flags.ts`'s Node flags), then,
 * once Astro's process has exited, the search index (`search-index.ts`), so
 * the two never hold their memory at the same time.
 *
 *   npm run build [-- <astro build options>]
 *
 * Astro's options pass through; the index step reads the same `--outDir`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNodeFlags } from './build-flags.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);

/** Run a Node script on this Node, with this process's terminal; exit as it failed, if it did. */
function run(nodeArgs: string[]): void {
  const result = spawnSync(process.execPath, nodeArgs, { stdio: 'inherit' });
  if (result.error) {
    console.error(`build: could not start ${path.relative(root, nodeArgs.find((a) => !a.startsWith('-')) ?? '') || 'node'}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run([...buildNodeFlags(), path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build', ...args]);
const outDir = outDirOf(args);
run([path.join(root, 'src/cli/search-index.ts'), ...(outDir ? ['--out', outDir] : [])]);

/** `--outDir dir` or `--outDir=dir` among Astro's options, if given. */
function outDirOf(options: string[]): string | undefined {
  for (const [i, a] of options.entries()) {
    if (a === '--outDir') return options[i + 1];
    if (a.startsWith('--outDir=')) return a.slice('--outDir='.length);
  }
  return undefined;
}
