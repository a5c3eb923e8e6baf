/**
 * `virtual:attest/references`: what the export routes and "Cite this source"
 * need from the checker: where the styles are, and which sources each
 * briefing cites, in order of first citation.
 */
import { exactIds } from './hook-filters.ts';
import { jsonModule } from './virtual-modules.ts';
import type { Plugin } from 'vite';

const ID = 'virtual:attest/references';
/** The resolved id, for invalidating the module in dev. */
export const REFERENCES_MODULE_ID = '\0' + ID;

export interface ReferencesModule {
  /** Project root (absolute), to find the styles folder. */
  root: string;
  /** Styles folder relative to the root. */
  stylesDir: string;
  /** Briefing slug → cited source keys, in order of first citation. */
  briefings: Record<string, string[]>;
}

/**
 * @param root Project root.
 * @param stylesDir The styles folder.
 * @param getCited Briefing slug → cited source keys, from the current check (recomputed on change in dev).
 * @returns A Vite plugin serving the module.
 */
export function attestReferencesModule(root: () => string, stylesDir: string, getCited: () => Record<string, string[]> | Promise<Record<string, string[]>>): Plugin {
  return {
    name: 'attest:references-module',
    resolveId: {
      filter: { id: exactIds([ID]) },
      handler(id) {
        return id === ID ? REFERENCES_MODULE_ID : undefined;
      },
    },
    load: {
      filter: { id: exactIds([REFERENCES_MODULE_ID]) },
      async handler(id) {
        if (id !== REFERENCES_MODULE_ID) return undefined;
        const module: ReferencesModule = { root: root(), stylesDir, briefings: await getCited() };
        return jsonModule(module);
      },
    },
  };
}
