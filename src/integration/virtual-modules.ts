/**
 * Vite virtual modules through which pages read what the integration knows:
 * the resolved options and which briefings cite which source lines.
 */
import type { Plugin } from 'vite';
import type { CitationIndex } from '../lib/citation-index.ts';
import type { SiteConfig } from '../schemas/options.ts';

const CONFIG = 'virtual:attest/config';
const CITATIONS = 'virtual:attest/citations';
/** The resolved id of the citations module, for invalidating it in dev. */
export const CITATIONS_MODULE_ID = '\0' + CITATIONS;

/**
 * @param options Resolved integration options, and whether drafts are shown (dev only).
 * @param getIndex Current citation index (recomputed on change in dev).
 * @returns A Vite plugin serving both modules.
 */
export function attestVirtualModules(options: SiteConfig, getIndex: () => CitationIndex): Plugin {
  return {
    name: 'attest:virtual-modules',
    resolveId(id) {
      if (id === CONFIG || id === CITATIONS) return '\0' + id;
      return undefined;
    },
    load(id) {
      if (id === '\0' + CONFIG) return `export default ${JSON.stringify(options)};`;
      if (id === '\0' + CITATIONS) return `export default ${JSON.stringify(getIndex())};`;
      return undefined;
    },
  };
}
