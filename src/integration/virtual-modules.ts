/**
 * Vite virtual modules through which pages read what the integration knows:
 * the resolved options and which briefings cite which source lines.
 */
import type { Plugin } from 'vite';
import { exactIds } from './hook-filters.ts';
import type { CitationIndex } from '../lib/citation-index.ts';
import type { ClaimEntry } from '../lib/claim-index.ts';
import type { SiteConfig } from '../schemas/options.ts';

const CONFIG = 'virtual:attest/config';
const CITATIONS = 'virtual:attest/citations';
/** The resolved id of the citations module, for invalidating it in dev. */
export const CITATIONS_MODULE_ID = '\0' + CITATIONS;
const CLAIMS = 'virtual:attest/claims';
/** The resolved id of the claims module, for invalidating it in dev. */
export const CLAIMS_MODULE_ID = '\0' + CLAIMS;

/** Data for a module: as it is, as JSON already (a build's check thread sends it so), or either once the check is done. */
export type ModuleData<T> = T | string | Promise<T | string>;

/**
 * @param options Resolved integration options, and whether drafts are shown (dev only).
 * @param getIndex Current citation index (recomputed on change in dev).
 * @param getClaims Every published claim, newest first.
 * @returns A Vite plugin serving the modules.
 */
export function attestVirtualModules(options: SiteConfig, getIndex: () => ModuleData<CitationIndex>, getClaims: () => ModuleData<ClaimEntry[]>): Plugin {
  return {
    name: 'attest:virtual-modules',
    resolveId: {
      filter: { id: exactIds([CONFIG, CITATIONS, CLAIMS]) },
      handler(id) {
        if (id === CONFIG || id === CITATIONS || id === CLAIMS) return '\0' + id;
        return undefined;
      },
    },
    load: {
      filter: { id: exactIds(['\0' + CONFIG, CITATIONS_MODULE_ID, CLAIMS_MODULE_ID]) },
      async handler(id) {
        if (id === '\0' + CONFIG) return `export default ${JSON.stringify(options)};`;
        if (id === CITATIONS_MODULE_ID) return jsonModule(await getIndex());
        if (id === CLAIMS_MODULE_ID) return jsonModule(await getClaims());
        return undefined;
      },
    },
  };
}

/**
 * A module whose default export is data, as one JSON string that the module
 * parses when it loads. At 1,000 briefings the citation index is 3.6 MB and
 * the claims 1.8 MB: as object literals, hundreds of thousands of nodes for
 * the bundler to parse and print and for Node to compile; as a string, one
 * token, and `JSON.parse` reads data faster than the JavaScript parser does.
 * @param value JSON-serializable data, or its JSON.
 * @returns The module's code.
 */
export function jsonModule(value: unknown): string {
  return `export default JSON.parse(${JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value))});`;
}
