/**
 * The Attest integration: wires the checker, the citation remark plugin and
 * the virtual modules into Astro. Each concern lives in its own file.
 */
import { fileURLToPath } from 'node:url';
import { unified } from '@astrojs/markdown-remark';
import type { AstroIntegration } from 'astro';
import { withTrailingSlash } from '../lib/base-path.ts';
import { buildCitationIndex, type CitationIndex } from '../lib/citation-index.ts';
import { checkProject, type ProjectReport } from '../lib/check-project.ts';
import { loadStyles } from '../lib/csl-styles.ts';
import { loadSources } from '../lib/sources.ts';
import { AttestOptionsSchema, type AttestOptions } from '../schemas/options.ts';
import { runCheck } from './check-step.ts';
import { remarkCitations } from './remark-citations.ts';
import { attestReferencesModule } from './references-module.ts';
import { attestVirtualModules } from './virtual-modules.ts';

/**
 * @param userOptions Folders and strictness; see `AttestOptionsSchema`.
 * @returns The Astro integration.
 */
export default function attest(userOptions: AttestOptions = {}): AstroIntegration {
  const options = AttestOptionsSchema.parse(userOptions);
  let report: ProjectReport | undefined;
  let index: CitationIndex = {};
  let paths = { root: process.cwd(), sources: options.sources, briefings: options.briefings, style: options.style, styles: options.styles };
  let includeDrafts = false;

  const refresh = () => {
    report = checkProject(paths);
    index = buildCitationIndex(report, includeDrafts);
  };

  return {
    name: 'attest',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig, logger }) => {
        paths = { root: fileURLToPath(config.root), sources: options.sources, briefings: options.briefings, style: options.style, styles: options.styles };
        includeDrafts = command === 'dev';
        const base = withTrailingSlash(config.base);
        if (command === 'build' || command === 'dev') {
          // A build stops on errors before any page is rendered; a dev server reports and carries on.
          report = runCheck(paths, logger, command === 'dev' ? 'never' : options.strict ? 'warning' : 'error');
          index = buildCitationIndex(report, includeDrafts);
        }
        updateConfig({
          markdown: {
            processor: unified({
              remarkPlugins: [
                [
                  remarkCitations,
                  {
                    root: paths.root,
                    base,
                    // In a build the sources were read once by the check; a
                    // dev server re-reads changed files (mtime cache).
                    getSources: () => (command === 'build' && report ? report.sources.byKey : loadSources(paths.root, paths.sources).byKey),
                    getStyles: () => loadStyles(paths.root, options.styles),
                    style: options.style,
                    stylesDir: options.styles,
                    briefings: options.briefings,
                  },
                ],
              ],
              // Smart quotes would alter quoted source text; excerpts are verbatim.
              smartypants: false,
            }),
          },
          vite: {
            build: {
              rolldownOptions: {
                // Every MDX module carries Astro's `use astro:head-inject`
                // directive; the bundler's note about it is noise that hides real warnings.
                onwarn(warning: { code?: string }, warn: (w: { code?: string }) => void) {
                  if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
                },
              },
            },
            plugins: [
              attestVirtualModules({ ...options, includeDrafts }, () => {
                if (command === 'dev') refresh();
                return index;
              }),
              attestReferencesModule(() => paths.root, options.styles, () => {
                if (command === 'dev') refresh();
                return report;
              }),
            ],
          },
        });
      },
    },
  };
}
