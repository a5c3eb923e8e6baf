/**
 * A build's claim cards, read for the search index while the pages render, on
 * a thread of its own (this file is both the thread and the call that starts
 * it).
 *
 * Each claim card is a search record of its own (`lib/claim-records.ts`).
 * The index step read them back out of the 1,000 built briefing pages of the
 * bench corpus and parsed them, 1.3–1.5 s before Pagefind could take the
 * pages. Instead, the build's middleware (`claims-middleware.ts`) hands each
 * briefing page over as it renders, and this thread cuts out its cards at
 * once (`cutCards`, a few string searches: it keeps a few KB of each page)
 * and parses them at the lowest priority, once the reference workers are
 * done: parsing beside them, it held them back by 2–3 s, and they left more
 * references for after rendering. Once the pages are written (and their late references filled
 * in, which never touches a card: markers stand only for formatted
 * references, and a card shows none), the records go to the index step with
 * each page's size and time, so that a page changed since is read again
 * (`claim-records-file.ts`). A page whose cut does not parse back into whole
 * cards is left to the index step too.
 */
import { statSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { cutCards, cutClaimRecords, type CutCards } from '../lib/claim-records.ts';
import { yieldToOtherThreads } from '../lib/thread-priority.ts';
import type { ClaimPage } from './claim-records-file.ts';

type Request = { page: { url: string; html: string } } | { go: true } | { finish: Array<{ url: string; file: string }> };
type Reply = { pages: ClaimPage[] };

export interface ClaimRecordsThread {
  /** A rendered briefing page, whose cards the thread parses once it may. */
  page(url: string, html: string): void;
  /** From now on, parse (the reference workers are done). */
  go(): void;
  /**
   * @param files The built briefing pages, by the URL the index gives them, once they are written.
   * @returns Their claim records, with each file's size and time; a page this thread did not read is left out.
   */
  finish(files: Array<{ url: string; file: string }>): Promise<ClaimPage[]>;
}

/** @returns The thread, started. */
export function startClaimRecords(): ClaimRecordsThread {
  const worker = new Worker(new URL(import.meta.url), { workerData: { claimRecords: true } });
  // Nothing waits on the thread until the pages are written.
  worker.unref();
  const post = (request: Request) => worker.postMessage(request);
  return {
    page: (url, html) => post({ page: { url, html } }),
    go: () => post({ go: true }),
    finish(files) {
      return new Promise((resolve, reject) => {
        worker.once('message', (reply: Reply) => {
          resolve(reply.pages);
          void worker.terminate();
        });
        worker.once('error', reject);
        worker.once('exit', () => reject(new Error('the claim records thread stopped before it was done')));
        worker.ref();
        post({ finish: files });
      });
    },
  };
}

function run(): void {
  // Background work: Astro's thread is the build's critical path (lib/thread-priority.ts).
  yieldToOtherThreads();
  const waiting: Array<{ url: string; cut: CutCards }> = [];
  const byUrl = new Map<string, ClaimPage['records']>();
  let going = false;
  const read = ({ url, cut }: { url: string; cut: CutCards }) => {
    try {
      const records = cutClaimRecords(cut, url);
      if (records) byUrl.set(url, records);
    } catch {
      // Left to the index step, which reads the page itself and reports what fails there.
    }
  };
  const readWaiting = () => {
    for (let page = waiting.shift(); page; page = waiting.shift()) read(page);
  };
  parentPort!.on('message', (request: Request) => {
    if ('page' in request) {
      const { url, html } = request.page;
      const cut = cutCards(html);
      // A page whose cards cannot be cut out is left to the index step.
      if (!cut) return;
      if (going) read({ url, cut });
      // A copy: the cut's strings are slices that would keep the whole page alive.
      else waiting.push({ url, cut: structuredClone(cut) });
    } else if ('go' in request) {
      going = true;
      readWaiting();
    } else {
      readWaiting();
      const pages: ClaimPage[] = [];
      for (const { url, file } of request.finish) {
        const records = byUrl.get(url);
        if (!records) continue;
        const { size, mtimeMs } = statSync(file);
        pages.push({ url, size, mtimeMs, records });
      }
      parentPort!.postMessage({ pages } satisfies Reply);
    }
  });
}

if (!isMainThread && (workerData as { claimRecords?: boolean } | undefined)?.claimRecords) run();
