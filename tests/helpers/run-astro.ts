import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface AstroRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run the real Astro CLI (on the pinned Node) in a site folder.
 * @param cwd The site's root.
 * @param args CLI arguments, e.g. `['build', '--outDir', dir]`.
 * @param env Extra environment.
 * @returns Exit status and output.
 */
export function runAstro(cwd: string, args: string[], env: Record<string, string> = {}): AstroRun {
  // Vitest puts Vite's own variables (BASE_URL, DEV, MODE, NODE_ENV=test…) in
  // the environment; a child Astro build must not inherit them.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*|TEST)$/.test(k)),
  );
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'node_modules/astro/bin/astro.mjs'), ...args], {
    cwd,
    env: { ...inherited, ...env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
