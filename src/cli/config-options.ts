/**
 * The options given to `attest()` in the project's Astro config, so that
 * `npm run check` checks against the same folders and rating scale as the build.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AttestOptionsSchema, type ResolvedAttestOptions } from '../schemas/options.ts';

const CONFIG_FILES = ['astro.config.mjs', 'astro.config.js', 'astro.config.ts', 'astro.config.mts'];
const ATTEST_OPTIONS = Symbol.for('attest.options');

/**
 * Read the integration's resolved options from `astro.config.*` in a folder.
 * @param root The project root.
 * @returns The options, or the defaults when there is no config or it does not use `attest()`.
 */
export async function loadConfigOptions(root: string): Promise<ResolvedAttestOptions> {
  const file = CONFIG_FILES.map((f) => path.join(root, f)).find((f) => existsSync(f));
  if (!file) return AttestOptionsSchema.parse({});
  // Importing a config loads Astro and every integration (~2 s); a plain
  // `attest()` has nothing to read, so skip it then.
  const text = readFileSync(file, 'utf8');
  if (/\battest\(\s*\)/.test(text) && (text.match(/\battest\(/g) ?? []).length === 1) return AttestOptionsSchema.parse({});
  const config = ((await import(pathToFileURL(file).href)) as { default?: { integrations?: unknown[] } }).default;
  const integrations = (config?.integrations ?? []).flat(Infinity) as Array<Record<symbol, unknown> | null | false>;
  const attest = integrations.find((i) => i && typeof i === 'object' && ATTEST_OPTIONS in i);
  return attest ? (attest[ATTEST_OPTIONS] as ResolvedAttestOptions) : AttestOptionsSchema.parse({});
}
