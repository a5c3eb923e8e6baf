/**
 * What a cache file is valid for: our own format tag and the installed
 * versions of the packages that produced its content. A new version of any
 * of them makes the old file stale.
 */
import { createRequire } from 'node:module';

/**
 * @param tag Our format, e.g. `attest-references-1`.
 * @param packages The npm packages whose output the cache holds.
 * @returns `tag|version|version…`.
 */
export function cacheVersion(tag: string, packages: readonly string[]): string {
  const require = createRequire(import.meta.url);
  return [tag, ...packages.map((pkg) => (require(`${pkg}/package.json`) as { version: string }).version)].join('|');
}
