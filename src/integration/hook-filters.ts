/**
 * Hook filters for the integration's Vite plugins. Rolldown tests a hook's
 * filter itself and calls the hook only for the ids it matches; a hook
 * without one is called for every module, a call from Rust into JavaScript
 * each (a build of the bench corpus loads some 2,400 modules).
 */
import path from 'node:path';

/**
 * @param ids Module ids.
 * @returns A pattern that matches these ids and nothing else.
 */
export function exactIds(ids: readonly string[]): RegExp {
  return new RegExp(`^(?:${ids.map(escapeRegExp).join('|')})$`);
}

/**
 * @param dir An absolute folder.
 * @param extension If given, only the files that end in it (`.mdx`), without a query.
 * @returns A pattern that matches the ids of what is in the folder.
 */
export function idsUnder(dir: string, extension?: string): RegExp {
  return new RegExp(`^${escapeRegExp(dir + path.sep)}${extension ? `.*${escapeRegExp(extension)}$` : ''}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
