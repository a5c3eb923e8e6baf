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
import { readFile, writeFile } from 'node:fs/promises';
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
  return `<!--attest-late-${s.nonce}-${s.fills.length - 1}-->`;
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
  const marker = new RegExp(`<!--attest-late-${nonce}-(\\d+)-->`, 'g');
  const fillIn = async (file: string) => {
    const html = await readFile(file, 'utf8');
    if (!html.includes(`<!--attest-late-${nonce}-`)) return;
    await writeFile(
      file,
      html.replace(marker, (_, n: string) => {
        filled.markers++;
        return s.fills[Number(n)]!();
      }),
    );
    filled.files++;
  };
  const fillAll = async (files: readonly string[]) => {
    // A few files at a time: reading is most of it, and the pages are in the page cache.
    const queue = [...files];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let file = queue.pop(); file !== undefined; file = queue.pop()) await fillIn(file);
      }),
    );
  };
  // The marked pages' files, of 11,000 at 1,000 briefings; every file if a page is not found among them.
  const byPage = new Map(site.files.map((f) => [pageOfFile(site.dir, f), f]));
  const marked = [...s.pages].map((p) => byPage.get(pageOfPathname(site.base, p)));
  const targets = marked.every((f) => f !== undefined) ? (marked as string[]) : site.files;
  await fillAll(targets);
  if (filled.markers !== s.fills.length && targets !== site.files) {
    const read = new Set(targets);
    await fillAll(site.files.filter((f) => !read.has(f)));
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
