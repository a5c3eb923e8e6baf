import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Vitest puts Vite's own variables (BASE_URL, DEV, MODE, NODE_ENV=test…) in
 * the environment; a child Astro process must not inherit them.
 */
function childEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*|TEST)$/.test(k)));
}

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
  return runNode(cwd, [path.join(projectRoot, 'node_modules/astro/bin/astro.mjs'), ...args], env);
}

/**
 * Run what `npm run build` runs (`src/cli/build.ts`: `astro build`, then the search index).
 * @param cwd The site's root.
 * @param args Options for `astro build`, e.g. `['--outDir', dir]`.
 * @param env Extra environment.
 * @returns Exit status and output of both steps.
 */
export function runBuild(cwd: string, args: string[], env: Record<string, string> = {}): AstroRun {
  return runNode(cwd, [path.join(projectRoot, 'src/cli/build.ts'), ...args], env);
}

function runNode(cwd: string, args: string[], env: Record<string, string>): AstroRun {
  const result = spawnSync(process.execPath, args, {
    cwd,
    env: { ...childEnv(), ...env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface AstroDevServer {
  url: string;
  /** Everything the server has printed so far. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Start `astro dev` on a free port and wait until it serves.
 * @param cwd The site's root.
 * @param port A free port.
 * @returns Its URL, its output so far, and a way to stop it.
 */
export async function startAstroDev(cwd: string, port: number): Promise<AstroDevServer> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd,
    env: { ...childEnv(), ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`astro dev exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`astro dev did not start:\n${output}`);
    try {
      if ((await fetch(url)).status < 500) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        child.once('close', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
