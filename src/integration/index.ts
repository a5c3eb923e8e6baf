/**
 * The Attest integration: wires the checker, the citation remark plugin and
 * the virtual modules into Astro. Each concern lives in its own file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { satteri } from '@astrojs/markdown-satteri';
import type { AstroIntegration } from 'astro';
import { withTrailingSlash } from '../lib/base-path.ts';
import { buildCitationIndex, type CitationIndex } from '../lib/citation-index.ts';
import { announceBuildCheck, announceCheckedSources } from '../lib/build-check.ts';
import { takeBuildSnapshot } from '../lib/build-snapshot.ts';
import { dropSourceLines } from '../lib/source-lines-ahead.ts';
import { receiveClaimPages } from '../lib/claim-pages.ts';
import { briefingDigest, type BriefingReport, type ProjectReport } from '../lib/check-project.ts';
import { buildClaimIndex, type ClaimEntry } from '../lib/claim-index.ts';
import { loadStyles } from '../lib/csl-styles.ts';
import { forgetReferences, loadReferenceCache, saveReferenceCache } from '../lib/reference-store.ts';
import { citedBySlug } from '../lib/site-references.ts';
import { loadSources, type Source } from '../lib/sources.ts';
import { AttestOptionsSchema, type AttestOptions, type ResolvedAttestOptions } from '../schemas/options.ts';
import { reportCheck, runCheck } from './check-step.ts';
import { settledLater, startBuildCheck, type CheckedProject, type CompiledBriefing, type CompiledProject } from './check-worker.ts';
import { checkedLoad } from './checked-load.ts';
import { claimRecordsFile, saveClaimRecords } from './claim-records-file.ts';
import { startClaimRecords, type ClaimRecordsThread } from './claim-records-worker.ts';
import { citationsPlugin } from './citations-plugin.ts';
import { adoptDeferredReferences, forgetDeferredReferences } from './deferred-references.ts';
import { allowLateReferences, fillLateReferences, forgetLateReferences } from './late-references.ts';
import { watchProject } from './dev-watch.ts';
import { footnoteLabels } from './footnote-labels.ts';
import { limitHeapGrowth } from './heap-growth.ts';
import { noteRolesPlugin } from './note-roles-plugin.ts';
import { attestReferencesModule, REFERENCES_MODULE_ID } from './references-module.ts';
import { formatAhead } from './reference-workers.ts';
import { briefingPages, buildSearchIndex } from './search-index.ts';
import { emptyOutDirKeepingDownloads, saveDownloadManifest, type DownloadPlan } from './reference-downloads.ts';
import { writeReferenceFiles } from './reference-files.ts';
import { verdictGate } from './verdict-gate.ts';
import { attestVirtualModules, CITATIONS_MODULE_ID, CLAIMS_MODULE_ID } from './virtual-modules.ts';
import { warmFiles } from './warm-files.ts';

/** Where the integration keeps its resolved options, so `npm run check` can read them from the Astro config. */
export const ATTEST_OPTIONS = Symbol.for('attest.options');

/**
 * @param userOptions Folders and strictness; see `AttestOptionsSchema`.
 * @returns The Astro integration.
 */
export default function attest(userOptions: AttestOptions = {}): AstroIntegration & { [ATTEST_OPTIONS]: ResolvedAttestOptions } {
  const options = AttestOptionsSchema.parse(userOptions);
  let report: ProjectReport | undefined;
  let index: CitationIndex = {};
  let claims: ClaimEntry[] = [];
  let paths = { root: process.cwd(), sources: options.sources, briefings: options.briefings, ratings: options.ratings, style: options.style, styles: options.styles };
  let includeDrafts = false;
  let referenceCache = '';
  let formatting: ReturnType<typeof formatAhead> | undefined;
  let outDir = '';
  let siteBase = '/';
  let downloadManifest = '';
  // Whether the integration empties the output folder (sparing unchanged downloads) instead of Astro.
  let emptiesOutDir = false;
  let downloads: { plan?: DownloadPlan; written: Promise<number> } | undefined;
  // A build's claim cards, read for the search index as its pages render (claim-records-worker.ts), and where the index step finds them.
  let claimRecords: ClaimRecordsThread | undefined;
  let claimRecordsPath = '';
  // Called when Vite has bundled the pages (the first bundle to finish: Astro's server build).
  let bundled = () => {};
  // From `astro:build:start`: the check's verdict, then the output folder emptied (verdict-gate.ts).
  let checkedBeforeBundling: (() => Promise<void>) | undefined;

  // A build's briefings as checked, for the Markdown plugin to reuse.
  let checked: (file: string, raw: string) => Pick<BriefingReport, 'occurrences' | 'claims'> | undefined = () => undefined;
  // A build's check, on a thread of its own (check-worker.ts): settled once it has reported (rejected if it stops the build) …
  let checkedProject: Promise<CheckedProject> | undefined;
  // … and the virtual modules' data, once it has sent each briefing, rewritten (`compiledBriefing`, by path from the root).
  let compiled: Promise<CompiledProject> | undefined;
  let compiledBriefing: ((file: string) => Promise<CompiledBriefing | undefined>) | undefined;
  // In a build, the sources as the content loader read them, for the Markdown plugin's own checks (a briefing not rewritten, edited since the check).
  let sources: ReadonlyMap<string, Source> | undefined;

  const update = (next: ProjectReport) => {
    report = next;
    index = buildCitationIndex(next, includeDrafts);
    claims = buildClaimIndex(next, includeDrafts);
  };

  return {
    name: 'attest',
    [ATTEST_OPTIONS]: options,
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig, injectRoute, addMiddleware, logger }) => {
        paths = { root: fileURLToPath(config.root), sources: options.sources, briefings: options.briefings, ratings: options.ratings, style: options.style, styles: options.styles };
        includeDrafts = command === 'dev';
        const base = withTrailingSlash(config.base);
        siteBase = base;
        referenceCache = fileURLToPath(new URL('attest/references.json', withTrailingSlash(config.cacheDir.href)));
        downloadManifest = fileURLToPath(new URL('attest/downloads.json', withTrailingSlash(config.cacheDir.href)));
        claimRecordsPath = claimRecordsFile(fileURLToPath(config.cacheDir));
        outDir = fileURLToPath(config.outDir);
        emptiesOutDir = command === 'build' && config.vite.build?.emptyOutDir === undefined;
        if (command === 'build') {
          // Before the check: a build's peak memory is garbage V8 lets pile up (heap-growth.ts).
          limitHeapGrowth();
          // Its pages show the files as its check and content loaders read them (build-snapshot.ts).
          takeBuildSnapshot();
          // Its briefing pages go to a thread that reads their claim cards for the search index.
          claimRecords = startClaimRecords();
          receiveClaimPages(claimRecords.page);
          addMiddleware({ order: 'pre', entrypoint: new URL('./claims-middleware.ts', import.meta.url) });
        }
        if (command === 'build' || command === 'dev') loadReferenceCache(referenceCache);
        // A dev server reports and carries on.
        if (command === 'dev') update(runCheck(paths, logger, 'never'));
        if (command === 'build') {
          // A build checks on a thread of its own while Astro sets up and syncs content; it
          // stops on errors when the bundler starts, before any page is compiled.
          const failOn = options.strict ? 'warning' : 'error';
          const workers = options.referenceWorkers;
          // Read the files ahead of the check's thread, which reads them one by one, unless they are in memory (warm-files.ts).
          void warmFiles([path.resolve(paths.root, options.sources), path.resolve(paths.root, options.briefings)]);
          const check = startBuildCheck({ paths, failOn, jobs: Boolean(workers), referenceCache, base, site: config.site }, (b) => {
            if (b.rewritten?.deferred) adoptDeferredReferences(b.file, b.rewritten.deferred);
          });
          // The sources content loader stores what the check read (lib/source-entries.ts).
          announceCheckedSources(check.sources);
          checked = (file, raw) => findingsOf(check.sent(file), raw);
          compiledBriefing = check.briefing;
          // One worker waits for the first bundle: Astro's thread needs its core until then (reference-workers.ts).
          const busyUntil = new Promise<void>((resolve) => (bundled = resolve));
          // Pages leave what the workers are still formatting for `astro:build:done` to fill in.
          if (workers) allowLateReferences();
          checkedProject = settledLater(
            check.checked.then((project) => {
              const failure = reportCheck(project, logger, failOn);
              if (failure) throw failure;
              if (project.jobs && workers) formatting = formatAhead(project.jobs, { root: paths.root, stylesDir: options.styles, logger, minJobs: workers.minJobs, busyUntil, ...(workers.threads ? { maxWorkers: workers.threads } : {}) });
              // The workers have them now: the build need not hold them to its end.
              delete project.jobs;
              // The claim cards wait for the reference workers (claim-records-worker.ts).
              const thread = claimRecords;
              const go = () => thread?.go();
              if (formatting) formatting.then(go, go);
              else go();
              return project;
            }),
          );
          // The content loaders stop on it too, if one of them fails first (loaders/briefings-loader.ts).
          announceBuildCheck(settledLater(checkedProject.then(() => undefined)));
          compiled = check.compiled;
        }
        // A feed needs absolute links, so it exists only when `site` is set.
        if (config.site) injectRoute({ pattern: '/rss.xml', entrypoint: new URL('../routes/rss.xml.ts', import.meta.url), prerender: true });
        // A build writes the reference downloads itself (reference-files.ts).
        if (command === 'dev') {
          injectRoute({ pattern: '/briefings/[slug]/references.[format]', entrypoint: new URL('../routes/briefing-references.ts', import.meta.url), prerender: true });
          injectRoute({ pattern: '/sources/[key]/reference.[format]', entrypoint: new URL('../routes/source-reference.ts', import.meta.url), prerender: true });
        }
        // A build loads the briefings it checked with their notes written in; the Markdown plugin edits the rest (checked-load.ts).
        const rewrite = compiledBriefing ? checkedLoad({ root: paths.root, briefings: options.briefings, compiled: compiledBriefing }) : undefined;
        updateConfig({
          // Pages wait on files (source lines) and on the reference workers; a few
          // at a time keep the thread busy meanwhile. Measured on 1,000 sources:
          // writing pages took 13.5–13.9 s at 8 against 16.8–23.3 s at Astro's default of 1.
          build: {
            ...(config.build.concurrency === 1 ? { concurrency: 4 } : {}),
            // Stylesheets as files, never inlined (Astro inlines those under 4 KB): the
            // claim cards' 3.3 KB would otherwise sit in every briefing, for Pagefind to
            // read 1,000 times and a reader to download with each page.
            ...(config.build.inlineStylesheets === 'auto' ? { inlineStylesheets: 'never' as const } : {}),
          },
          markdown: {
            // Sätteri, Astro's native processor: the checker parses with it too.
            processor: satteri({
              mdastPlugins: [
                citationsPlugin({
                  root: paths.root,
                  base,
                  site: config.site,
                  ratings: options.ratings,
                  // Read once by the check; in dev, the watcher keeps the report current.
                  getSources: () => report?.sources.byKey ?? (sources ??= loadSources(paths.root, paths.sources).byKey),
                  getStyles: () => loadStyles(paths.root, options.styles),
                  style: options.style,
                  stylesDir: options.styles,
                  briefings: options.briefings,
                  awaitWorkers: command === 'build',
                  // A dev server re-checks edits in the plugin; a build checked every briefing already.
                  checked: (file, raw) => checked(file, raw),
                  htmlFragments: true,
                  ...(rewrite ? { rewritten: rewrite.rewritten } : {}),
                }),
              ],
              hastPlugins: [noteRolesPlugin()],
              // Smart quotes would alter quoted source text; excerpts are verbatim.
              features: { smartPunctuation: false, gfm: { footnotes: footnoteLabels } },
            }),
          },
          vite: {
            build: {
              // Page scripts as files, not inlined: the same 2.5 KB on each of 10,000 source
              // pages is 25 MB more output for Pagefind to read, and a browser caches a file once.
              ...(config.vite.build?.assetsInlineLimit === undefined ? { assetsInlineLimit: (file: string) => (file.endsWith('.js') ? false : undefined) } : {}),
              // The integration empties it instead, once the check has passed (reference-downloads.ts, verdict-gate.ts).
              ...(emptiesOutDir ? { emptyOutDir: false } : {}),
              rolldownOptions: {
                // Every MDX module carries Astro's `use astro:head-inject`
                // directive; the bundler's note about it is noise that hides real warnings.
                onwarn(warning: { code?: string }, warn: (w: { code?: string }) => void) {
                  if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
                },
              },
            },
            plugins: [
              // Before the plugins that load briefings and the check's data.
              verdictGate({ briefings: path.resolve(paths.root, options.briefings), modules: [CITATIONS_MODULE_ID, CLAIMS_MODULE_ID, REFERENCES_MODULE_ID], verdict: () => checkedBeforeBundling?.() }),
              ...(rewrite ? [rewrite.plugin] : []),
              { name: 'attest:bundled', buildEnd: () => bundled() },
              attestVirtualModules({ ...options, includeDrafts }, () => compiled?.then((p) => p.citations) ?? index, () => compiled?.then((p) => p.claims) ?? claims),
              attestReferencesModule(() => paths.root, options.styles, () => compiled?.then((p) => p.cited) ?? citedBySlug(report?.briefings ?? [])),
            ],
          },
        });
      },
      'astro:server:setup': ({ server, logger }) => {
        watchProject(server, {
          paths,
          logger,
          derivedModules: [CITATIONS_MODULE_ID, CLAIMS_MODULE_ID, REFERENCES_MODULE_ID],
          onReport: update,
        });
      },
      'astro:build:start': () => {
        // The check's thread may still be at work: the bundler starts meanwhile, and what needs
        // the check waits for its verdict (verdict-gate.ts). A failed check stops the build there.
        let verdict: Promise<void> | undefined;
        checkedBeforeBundling = () =>
          (verdict ??= (async () => {
            const project = checkedProject && (await checkedProject);
            if (!emptiesOutDir) return;
            // Emptied before Astro writes anything, so the downloads can be written from a
            // worker thread while Astro renders. They wait for the reference workers: until
            // those are done, they and Astro's bundler have every core; then Astro renders on
            // one thread, and the downloads take another.
            // The last search index stays too: Pagefind writes only the files it does not
            // find there, and the index step removes those the new index no longer names.
            const plan = emptyOutDirKeepingDownloads(outDir, project?.downloads ?? [], downloadManifest, ['pagefind']);
            // The plan holds what is to be written.
            if (project) project.downloads = [];
            const write = () => writeReferenceFiles(outDir, plan.write);
            downloads = { plan, written: formatting ? formatting.then(write, write) : write() };
            downloads.written.catch(() => undefined);
          })());
      },
      'astro:build:done': async ({ dir, pages, assets, logger }) => {
        const ahead = await formatting;
        // Before anything reads the pages: what they left for later goes in now that every reference is formatted.
        const files = [...assets.values()].flat().map((u) => fileURLToPath(u)).filter((f) => f.endsWith('.html'));
        const filling = performance.now();
        const late = await fillLateReferences({ dir: fileURLToPath(dir), base: siteBase, files });
        if (late.markers) logger.info(`references: ${late.markers} filled in after rendering, in ${late.files} pages, in ${Math.round(performance.now() - filling)} ms`);
        // The claim cards as the pages rendered them, checked against the pages as they are now (a late reference is never in a card).
        const claimPages = claimRecords ? await claimRecords.finish(briefingPages(fileURLToPath(dir), pages)) : [];
        claimRecords = undefined;
        receiveClaimPages(undefined);
        const saved = saveReferenceCache(referenceCache);
        if (ahead) logger.info(`references: ${ahead.formatted} formatted ahead in ${Math.round(ahead.ms)} ms, ${ahead.cached} from the cache, ${ahead.same} the same as another; ${saved} kept for the next build; ${ahead.shared} source entries taken from reference lists`);
        // Where Astro empties the output folder, the downloads wait for the pages; then a
        // worker thread writes them while Pagefind indexes the pages in its own process.
        downloads ??= { written: writeReferenceFiles(fileURLToPath(dir), (checkedProject && (await checkedProject).downloads) ?? []) };
        const exporting = downloads;
        downloads = undefined;
        exporting.written.catch(() => undefined);
        // The pages are written: what they read can go before Pagefind, the build's peak of memory, starts.
        report = undefined;
        checkedProject = undefined;
        compiled = undefined;
        compiledBriefing = undefined;
        sources = undefined;
        checked = () => undefined;
        index = {};
        claims = [];
        forgetReferences();
        forgetDeferredReferences();
        forgetLateReferences();
        dropSourceLines();
        if (options.searchIndex === 'build') await buildSearchIndex(dir, pages, logger, new Map(claimPages.map((p) => [p.url, p])));
        else {
          saveClaimRecords(claimRecordsPath, fileURLToPath(dir), claimPages);
          logger.info('search index: left to `node src/cli/search-index.ts` (searchIndex: separate)');
        }
        const exported = await exporting.written;
        if (exporting.plan) saveDownloadManifest(downloadManifest, exporting.plan.manifest);
        logger.info(`reference downloads: ${exported} files written${exporting.plan ? `, ${exporting.plan.kept * 3} kept from the last build` : ''}`);
      },
    },
  };
}

/**
 * @param compiled A briefing as the build's check thread left it.
 * @param raw The text the Markdown plugin was given.
 * @returns Its citations and claims, if the plugin compiles the text that was checked.
 */
function findingsOf(compiled: CompiledBriefing | undefined, raw: string): Pick<BriefingReport, 'occurrences' | 'claims'> | undefined {
  return compiled?.findings && briefingDigest(raw, compiled.bodyStart) === compiled.digest ? compiled.findings : undefined;
}

