/**
 * The references a build will format, listed from the check's report before
 * any page is compiled: one job per briefing that cites, one per source page.
 * The requests are made by the same functions the pages call, so a job's key
 * is the key a page looks up.
 */
import type { CslData } from './citation-js.ts';
import type { ProjectReport } from './check-project.ts';
import { briefingRequest, noteCites } from './briefing-references.ts';
import { newestFirst } from './briefing-order.ts';
import { cslItem } from './csl-item.ts';
import type { CslStyle, StyleCatalog } from './csl-styles.ts';
import { briefingKey, sourceKey, type BriefingRequest } from './reference-format.ts';
import type { Formatted } from './reference-store.ts';

export type FormatJob = { key: string } & (
  | {
      kind: 'briefing';
      request: BriefingRequest;
      /** Entries of its sources formatted already, by item id (`storedEntries`), added when the job is sent. */
      known?: Record<string, string>;
    }
  | { kind: 'source'; style: CslStyle; item: CslData }
);

/** Where a worker finds the project's styles. */
export interface WorkerInit {
  root: string;
  stylesDir: string;
}

/** What a worker is started with: the whole list, and where the workers claim its jobs. */
export interface WorkerStart extends WorkerInit {
  jobs: FormatJob[];
  /** `claimsLayout(jobs.length)`: the next job to claim, then a flag per job that is done already. */
  claims: SharedArrayBuffer;
}

/**
 * Views of a `WorkerStart`'s shared memory.
 * @param buffer Its `claims`, or undefined to make one.
 * @param jobs How many jobs there are.
 * @returns The counter of claimed jobs and the flags of jobs done already.
 */
export function claimsLayout(buffer: SharedArrayBuffer | undefined, jobs: number): { buffer: SharedArrayBuffer; next: Int32Array; done: Int32Array } {
  const shared = buffer ?? new SharedArrayBuffer(4 * (1 + jobs));
  return { buffer: shared, next: new Int32Array(shared, 0, 1), done: new Int32Array(shared, 4, jobs) };
}

/**
 * A worker's message: first which styles print a locator (`locatorAnswers`);
 * then one result (or failure) at a time, `shared` when it is a source's entry
 * that came with a briefing's reference list; null once it has claimed the
 * last job.
 */
export type WorkerReply = { locators: Array<[string, boolean]> } | { key: string; value?: Formatted; error?: string; shared?: true } | null;

/**
 * @param report The check's report.
 * @param catalog The project's styles.
 * @param siteStyle The site's style name (checked).
 * @returns Every formatting job of the build, briefings first (their pages render first).
 */
export function referenceJobs(report: ProjectReport, catalog: StyleCatalog, siteStyle: string): FormatJob[] {
  const jobs: FormatJob[] = [];
  // In the order Astro renders the pages that wait for them (newest first), then drafts:
  // they get no page, but Astro compiles every entry of the collection, and a `.md` one waits.
  const dated = report.briefings.flatMap((b) => (b.data ? [{ id: b.slug, data: b.data, b }] : []));
  const published = newestFirst(dated, false);
  const drafts = dated.filter((d) => d.data.draft);
  for (const { b, data } of [...published, ...drafts]) {
    if (!b.occurrences.length) continue;
    const style = catalog.byName.get(data.style ?? siteStyle);
    if (!style) continue;
    const request = briefingRequest(noteCites(b.occurrences), style, data.lang);
    jobs.push({ key: briefingKey(request), kind: 'briefing', request });
  }
  const style = catalog.byName.get(siteStyle);
  if (style) {
    for (const source of report.sources.byKey.values()) {
      const item = cslItem(source);
      jobs.push({ key: sourceKey(style, item), kind: 'source', style, item });
    }
  }
  return jobs;
}
