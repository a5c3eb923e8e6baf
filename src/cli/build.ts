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
import { parseArgs } from 'node:util';
import { buildNodeFlags } from './build-flags.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
// Only `--outDir` is ours to read; every option goes to Astro as given.
const { outDir } = parseArgs({ args, options: { outDir: { type: 'string' } }, strict: false, allowPositionals: true }).values;

/** Run a Node script on this Node, with this process's terminal; exit as it failed, if it did. */
function run(script: string, scriptArgs: string[], nodeFlags: string[] = []): void {
  const result = spawnSync(process.execPath, [...nodeFlags, path.join(root, script), ...scriptArgs], { stdio: 'inherit' });
  if (result.error) {
    console.error(`build: could not start ${script}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('node_modules/astro/bin/astro.mjs', ['build', ...args], buildNodeFlags());
run('src/cli/search-index.ts', typeof outDir === 'string' ? ['--out', outDir] : []);
