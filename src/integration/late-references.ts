/**
 * A build's pages render without waiting for the reference workers.
 *
 * A first build's references take a core of their own for most of the build
 * (`reference-workers.ts`). When a page awaited a reference still on its way,
 * Astro's one rendering thread waited with it: every briefing page renders
 * before any source page, so the source pages rendered last, on one core,
 * after the workers were done. Instead, a page whose reference a worker is
 * still formatting writes a marker in its place (an HTML comment holding this
 * build's nonce and a number), and `astro:build:done`, once the workers are
 * done, puts each reference into the written files. The page reads exactly as
 * if it had waited.
 *
 * Markers are comments, which nothing else on a page can produce: source
 * text and metadata are escaped or sanitized, MDX has no comments, and the
 * nonce is new in every build.
 *
 * The pages (bundled) and the integration hold separate copies of this
 * module, so its state is kept process-wide.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withTrailingSlash } from '../lib/base-path.ts';
import type { CslData } from '../lib/citation-js.ts';
import type { CslStyle } from '../lib/csl-styles.ts';
import { formatSourceReference, formatSourceReferenceSoon, sourceKey } from '../lib/reference-format.ts';
import { pendingReference, storedReference } from '../lib/reference-store.ts';

interface LateState {
  /** Set while a build lets pages leave references for later. */
  nonce?: string;
  /** Marker `n` is filled with `fills[n]()`. */
  fills: Array<() => string>;
  /** The pages that hold markers (`Astro.url.pathname`), so that only their files are read. */
  pages: Set<string>;
}

const STATE = Symbol.for('attest.late-references');

/** A marker is `markerStart(nonce)`, its fill's number, then `MARKER_END`. */
const markerStart = (nonce: string) => `<!--attest-late-${nonce}-`;
const MARKER_END = '-->';

function state(): LateState {
  const g = globalThis as { [STATE]?: LateState };
  return (g[STATE] ??= { fills: [], pages: new Set() });
}

/** Let this build's pages leave references still being formatted for `fillLateReferences`. */
export function allowLateReferences(): void {
  state().nonce = randomBytes(8).toString('hex');
}

/**
 * @param key A reference's store key.
 * @returns Whether a page may leave that reference for later: a worker is still formatting it, and this build fills markers in.
 */
export function fillsLater(key: string): boolean {
  return state().nonce !== undefined && storedReference(key) === undefined && pendingReference(key) !== undefined;
}

/**
 * A marker for markup to fill in once every worker is done.
 * @param fill The markup, called then (the references it reads are stored by then).
 * @param page The page it goes on (`Astro.url.pathname`).
 * @returns The marker.
 */
export function markLater(fill: () => string, page: string): string {
  const s = state();
  if (s.nonce === undefined) throw new Error('attest: this build does not fill references in after the pages are written');
  s.fills.push(fill);
  s.pages.add(page);
  return `${markerStart(s.nonce)}${s.fills.length - 1}${MARKER_END}`;
}

/**
 * A source's "Cite this source" entry, or a marker for it while a worker formats it.
 * @param style The site's style.
 * @param item The source's CSL item.
 * @param page The source's page (`Astro.url.pathname`).
 * @returns The entry's HTML (see `safeCslHtml`), or a marker.
 */
export async function sourceReferenceNowOrLater(style: CslStyle, item: CslData, page: string): Promise<string> {
  const key = sourceKey(style, item);
  return fillsLater(key) ? markLater(() => formatSourceReference(style, item, key), page) : formatSourceReferenceSoon(style, item, key);
}

/**
 * Put every reference left for later into the written pages. Call it once the
 * workers are done and before anything reads the pages (Pagefind).
 * @param site The output folder, the site's base path, and the build's HTML files.
 * @returns How many markers were filled in, in how many files.
 */
export async function fillLateReferences(site: { dir: string; base: string; files: readonly string[] }): Promise<{ markers: number; files: number }> {
  const s = state();
  const nonce = s.nonce;
  const filled = { markers: 0, files: 0 };
  if (nonce === undefined || s.fills.length === 0) return filled;
  const prefix = Buffer.from(markerStart(nonce));
  const suffix = Buffer.from(MARKER_END);
  // Bytes in, bytes out: the markers are ASCII, so a page is neither decoded nor
  // encoded again, only what goes in is. The files are read and written one after
  // another: the pages are in the page cache, and the build's thread has nothing
  // else to do by now. On the bench corpus (2,100-4,600 pages), two pairs of cold
  // builds took 0.20 and 0.48 s against 0.35 and 0.60 s for decoding and replacing,
  // eight files at a time; under the bench's load (3,800-5,000 pages), 0.6-1.1 s.
  const fillIn = (file: string) => {
    const html = readFileSync(file);
    let at = html.indexOf(prefix);
    if (at === -1) return;
    const parts: Buffer[] = [];
    // Bytes before `copied` are in `parts`; markers are looked for from `at`.
    let copied = 0;
    for (; at !== -1; at = html.indexOf(prefix, at + 1)) {
      const digits = at + prefix.length;
      const end = html.indexOf(suffix, digits);
      const n = end === -1 ? '' : html.toString('latin1', digits, end);
      const fill = /^\d+$/.test(n) ? s.fills[Number(n)] : undefined;
      // Not a marker of ours after all: left as it is.
      if (!fill) continue;
      parts.push(html.subarray(copied, at), Buffer.from(fill()));
      filled.markers++;
      copied = end + suffix.length;
    }
    if (parts.length === 0) return;
    parts.push(html.subarray(copied));
    writeFileSync(file, Buffer.concat(parts));
    filled.files++;
  };
  const fillAll = (files: readonly string[]) => {
    for (const file of files) fillIn(file);
  };
  // The marked pages' files, of 11,000 at 1,000 briefings; every file if a page is not found among them.
  const byPage = new Map(site.files.map((f) => [pageOfFile(site.dir, f), f]));
  const marked = [...s.pages].map((p) => byPage.get(pageOfPathname(site.base, p)));
  const targets = marked.every((f) => f !== undefined) ? (marked as string[]) : site.files;
  fillAll(targets);
  if (filled.markers !== s.fills.length && targets !== site.files) {
    const read = new Set(targets);
    fillAll(site.files.filter((f) => !read.has(f)));
  }
  if (filled.markers !== s.fills.length) throw new Error(`attest: ${s.fills.length - filled.markers} of ${s.fills.length} references left for later were not found in the written pages`);
  return filled;
}

/** `sources/a b/index.html` under the output folder → `sources/a b`. */
function pageOfFile(dir: string, file: string): string {
  return trimPage(path.relative(dir, file).split(path.sep).join('/'));
}

/** `/base/sources/a%20b/` → `sources/a b`. */
function pageOfPathname(base: string, pathname: string): string {
  const decoded = decodeURI(pathname);
  const prefix = withTrailingSlash(base);
  return trimPage(decoded.startsWith(prefix) ? decoded.slice(prefix.length) : decoded);
}

function trimPage(page: string): string {
  return page.replace(/(?:^|\/)index\.html$|\.html$/, '').replace(/^\/+|\/+$/g, '');
}

/** Stop leaving references for later and let go of the fills (the pages are written). */
export function forgetLateReferences(): void {
  const s = state();
  delete s.nonce;
  s.fills = [];
  s.pages = new Set();
}
