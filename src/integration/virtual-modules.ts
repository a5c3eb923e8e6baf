/**
 * Vite virtual modules through which pages read what the integration knows:
 * the resolved options and which briefings cite which source lines.
 */
import type { Plugin } from 'vite';
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

/**
 * @param options Resolved integration options, and whether drafts are shown (dev only).
 * @param getIndex Current citation index (recomputed on change in dev).
 * @param getClaims Every published claim, newest first.
 * @returns A Vite plugin serving the modules.
 */
export function attestVirtualModules(options: SiteConfig, getIndex: () => CitationIndex, getClaims: () => ClaimEntry[]): Plugin {
  return {
    name: 'attest:virtual-modules',
    resolveId(id) {
      if (id === CONFIG || id === CITATIONS || id === CLAIMS) return '\0' + id;
      return undefined;
    },
    load(id) {
      if (id === '\0' + CONFIG) return `export default ${JSON.stringify(options)};`;
      if (id === '\0' + CITATIONS) return `export default ${JSON.stringify(getIndex())};`;
      if (id === '\0' + CLAIMS) return `export default ${JSON.stringify(getClaims())};`;
      return undefined;
    },
  };
}
