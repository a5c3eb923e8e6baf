/**
 * A build's check, and the rewriting of the briefings it passes, on a thread
 * of their own (this file is both the thread and the call that starts it).
 *
 * Astro's thread sets the pace of a build. Checking 1,000 briefings and
 * 10,000 sources and rewriting the briefings (`checked-text.ts`) took it
 * about 3 s before it could start Astro's own setup and content sync; here
 * they run beside those. The thread sends back only what the build's thread
 * uses, not the report (whose sources and resolved citations made 93 MB for
 * Node to copy): the diagnostics, the reference jobs and the reference
 * downloads first, then each briefing's rewritten text with what its page
 * fills in, as soon as it is written (Astro compiles it meanwhile), and last
 * the virtual modules' data as JSON.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buildCitationIndex } from '../lib/citation-index.ts';
import { briefingDigest, checkProject, type BriefingReport, type ProjectPaths } from '../lib/check-project.ts';
import { buildClaimIndex } from '../lib/claim-index.ts';
import { loadStyles, type CslStyle } from '../lib/csl-styles.ts';
import { referenceJobs, type FormatJob } from '../lib/reference-jobs.ts';
import { sourceEntry, type CheckedSources } from '../lib/source-entries.ts';
import { keepSourceLines, packSourceLines, type PackedSourceLines } from '../lib/source-lines-ahead.ts';
import { sourceLinesHtml } from '../lib/source-lines-html.ts';
import { loadReferenceCache } from '../lib/reference-store.ts';
import { citedBySlug } from '../lib/site-references.ts';
import { checkFails, type CheckSummary, type FailOn } from './check-step.ts';
import { checkedBriefings } from './checked-findings.ts';
import { checkedBriefingText } from './checked-text.ts';
import { deferredEntry, type DeferredEntry } from './deferred-references.ts';
import { referenceDownloads } from './reference-downloads.ts';
import type { ReferenceFiles } from './reference-files.ts';

export interface BuildCheckInput {
  paths: ProjectPaths & { root: string; sources: string; briefings: string; style: string; styles: string };
  failOn: FailOn;
  /** Whether to list the reference jobs (the build formats ahead). */
  jobs: boolean;
  /** The last build's formatted references (`reference-store.ts`): a rewrite reads whether a citation prints its lines from them. */
  referenceCache: string;
  /** The site's base path, ending in `/`, and its `site`. */
  base: string;
  site: string | undefined;
}

/** The check's outcome: sent as soon as the check is done. */
export interface CheckedProject extends CheckSummary {
  /** Whether the build stops (errors, or warnings when strict). */
  fails: boolean;
  jobs?: FormatJob[];
  /** Every reference download of the build (`reference-downloads.ts`), none if it stops. */
  downloads: ReferenceFiles[];
}

/** A briefing as the build compiles it. */
export interface CompiledBriefing {
  /** Its path from the project root. */
  file: string;
  /** `briefingDigest` of the text checked, and where its body starts. */
  digest: string;
  bodyStart: number;
  /** The `.mdx` text to compile instead, its digest, and what its page fills in (if it cites anything). */
  rewritten?: { text: string; digest: string; deferred?: DeferredEntry };
  /** Else its citations and claims, for the Markdown plugin to take instead of finding them again. */
  findings?: Pick<BriefingReport, 'occurrences' | 'claims'>;
}

/** What the build's thread takes from the check once every briefing is sent. */
export interface CompiledProject {
  /** `virtual:attest/citations` and `virtual:attest/claims`, as JSON. */
  citations: string;
  claims: string;
  /** Briefing slug → cited source keys (`virtual:attest/references`). */
  cited: Record<string, string[]>;
}

type Reply = { sources: CheckedSources } | { checked: CheckedProject } | { briefing: CompiledBriefing } | { compiled: CompiledProject } | { lines: PackedSourceLines };

export interface BuildCheck {
  /** The sources, as soon as the thread has read them (undefined if it stopped first). */
  sources: Promise<CheckedSources | undefined>;
  checked: Promise<CheckedProject>;
  /** Once every briefing is sent; rejects if the check fails the build (nothing is compiled then). */
  compiled: Promise<CompiledProject>;
  /**
   * A briefing of the check as soon as the thread has sent it; undefined for a file it did not check.
   * Its rewritten text comes once: asked again, the briefing has none, and loads as it is.
   */
  briefing(file: string): Promise<CompiledBriefing | undefined>;
  /** A briefing the thread has sent already. */
  sent(file: string): CompiledBriefing | undefined;
}

/**
 * @param input The project and the site.
 * @param onBriefing Called with each briefing as it comes, before anyone waiting for it hears of it.
 * @returns The check's outcome, each briefing, then the modules' data.
 */
export function startBuildCheck(input: BuildCheckInput, onBriefing: (briefing: CompiledBriefing) => void = () => {}): BuildCheck {
  const worker = new Worker(new URL(import.meta.url), { workerData: input });
  const sent = new Map<string, CompiledBriefing>();
  const waiting = new Map<string, Array<(b: CompiledBriefing | undefined) => void>>();
  let finished = false;
  let sources!: (v: CheckedSources | undefined) => void;
  let checked!: { resolve: (v: CheckedProject) => void; reject: (e: Error) => void };
  let compiled!: { resolve: (v: CompiledProject) => void; reject: (e: Error) => void };
  // The bundler loads each briefing once, and a build need not hold 1,000 rewritten texts
  // (43 MB on the bench corpus) after it has compiled them: each is handed over once.
  const handOver = (b: CompiledBriefing): CompiledBriefing => {
    if (b.rewritten) {
      const { rewritten: _, ...rest } = b;
      sent.set(b.file, rest);
    }
    return b;
  };
  const check: BuildCheck = {
    sources: new Promise((resolve) => (sources = resolve)),
    // Whoever awaits them reports a failure; until then it is not unhandled.
    checked: settledLater(new Promise((resolve, reject) => (checked = { resolve, reject }))),
    compiled: settledLater(new Promise((resolve, reject) => (compiled = { resolve, reject }))),
    sent: (file) => sent.get(file),
    briefing(file) {
      const b = sent.get(file);
      if (b || finished) return Promise.resolve(b && handOver(b));
      return new Promise((resolve, reject) => {
        waiting.set(file, [...(waiting.get(file) ?? []), resolve]);
        check.compiled.catch(reject);
      });
    },
  };
  worker.on('message', (reply: Reply) => {
    if ('sources' in reply) sources(reply.sources);
    else if ('lines' in reply) keepSourceLines(reply.lines);
    else if ('checked' in reply) {
      checked.resolve(reply.checked);
      if (reply.checked.fails) compiled.reject(new Error('the check failed'));
    } else if ('briefing' in reply) {
      const b = reply.briefing;
      onBriefing(b);
      sent.set(b.file, b);
      const waiters = waiting.get(b.file);
      if (waiters) {
        const given = handOver(b);
        for (const resolve of waiters) resolve(given);
        waiting.delete(b.file);
      }
    } else {
      finished = true;
      for (const resolves of waiting.values()) for (const resolve of resolves) resolve(undefined);
      waiting.clear();
      compiled.resolve(reply.compiled);
    }
  });
  const fail = (error: Error) => {
    // The content loader reads the sources itself then; the build stops on the check's failure.
    sources(undefined);
    checked.reject(error);
    compiled.reject(error);
  };
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`the check's thread stopped${code ? ` with code ${code}` : ''} before it was done`)));
  return check;
}

/**
 * @param promise A promise whose failure is reported where it is awaited.
 * @returns The promise, marked handled: rejected before anyone awaits it, it is not an unhandled rejection (which ends the process with Node's own trace).
 */
export function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function run(input: BuildCheckInput): void {
  const post = (reply: Reply) => parentPort!.postMessage(reply);
  const started = performance.now();
  // The content loader stores these instead of reading every source again on Astro's thread.
  const report = checkProject(input.paths, (set) => {
    post({ sources: { dir: path.resolve(input.paths.root, input.paths.sources), entries: [...set.byKey.values()].map(sourceEntry) } });
  });
  const fails = checkFails(report.diagnostics, input.failOn);
  const { root, styles: stylesDir, style: siteStyle } = input.paths;
  const styles = loadStyles(root, stylesDir);
  post({
    checked: {
      diagnostics: report.diagnostics,
      sources: report.sources.byKey.size,
      briefings: report.briefings.length,
      citations: report.briefings.reduce((n, b) => n + b.occurrences.length, 0),
      ms: performance.now() - started,
      fails,
      ...(input.jobs && !fails ? { jobs: referenceJobs(report, styles, siteStyle) } : {}),
      downloads: fails ? [] : referenceDownloads(report),
    },
  });
  if (fails) return;

  loadReferenceCache(input.referenceCache);
  const checked = checkedBriefings(report);
  for (const b of report.briefings) {
    const compiled: CompiledBriefing = { file: b.file, digest: b.digest, bodyStart: b.bodyStart };
    const rewritten = b.file.endsWith('.mdx') ? rewrite(b, checked, styles.byName.get(b.data?.style ?? siteStyle), input) : undefined;
    if (rewritten) compiled.rewritten = rewritten;
    else compiled.findings = { occurrences: b.occurrences, claims: b.claims };
    // Sent one by one: Astro compiles the first while the thread writes the next.
    post({ briefing: compiled });
  }
  const citations = buildCitationIndex(report, false);
  post({
    compiled: {
      citations: JSON.stringify(citations),
      claims: JSON.stringify(buildClaimIndex(report, false)),
      cited: citedBySlug(report.briefings),
    },
  });
  // Done here: the source pages' lines, written as the pages would write them (lib/source-lines-ahead.ts).
  // One page at a time: each page's HTML string is garbage once packed, not held with all the others.
  const lines = packSourceLines(
    (function* () {
      for (const s of report.sources.byKey.values()) yield [path.resolve(root, s.file), sourceLinesHtml(s.lines, citations[s.key] ?? [], input.base)] as const;
    })(),
  );
  parentPort!.postMessage({ lines } satisfies Reply, lines.buffers);
}

/** A briefing's text as the build compiles it (`checked-text.ts`), if it can be written so. */
function rewrite(b: BriefingReport, checked: ReturnType<typeof checkedBriefings>, style: CslStyle | undefined, input: BuildCheckInput): CompiledBriefing['rewritten'] {
  const raw = readFileSync(path.resolve(input.paths.root, b.file), 'utf8');
  const report = checked(b.file, raw);
  if (!report || !style) return undefined;
  const text = checkedBriefingText(raw, report, { file: b.file, slug: b.slug, base: input.base, site: input.site, style });
  if (text === undefined) return undefined;
  const deferred = deferredEntry(b.file);
  return { text, digest: briefingDigest(text, b.bodyStart), ...(deferred ? { deferred } : {}) };
}

if (!isMainThread && (workerData as Partial<BuildCheckInput> | undefined)?.failOn) run(workerData as BuildCheckInput);
