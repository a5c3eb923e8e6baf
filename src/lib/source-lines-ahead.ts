/**
 * Source pages' numbered lines, written by a build's check thread once it is
 * done and handed to Astro's thread, which renders the pages one after another.
 *
 * A source page's lines are its file's text, read and split, then written as
 * HTML with the anchors and "cited by" notes (`source-lines-html.ts`): on
 * 10,000 sources, 0.4 s of Astro's thread, and the garbage of every line
 * twice over. The check thread has every source's lines and every citation
 * in memory, and nothing left to do once it has sent the briefings. It writes
 * the same HTML with the same function, and sends it as UTF-8 in a few
 * buffers that are transferred, not copied. Each page takes its own, so a
 * buffer is freed once the pages of its sources have rendered. A page whose
 * lines are not here (a dev server, a thread that stopped) writes them itself.
 *
 * The pages hold their own copy of this module, so what is kept is kept
 * process-wide.
 */
import path from 'node:path';

/** Pages' lines in transferable buffers: each page is `[file, buffer, start, end]`. */
export interface PackedSourceLines {
  buffers: ArrayBuffer[];
  pages: Array<[file: string, buffer: number, start: number, end: number]>;
}

/** About this many bytes per buffer: small enough to be freed as the pages go, few enough to send at once. */
const BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * @param pages Each source's text file (absolute) and its lines' HTML, in the order the pages render.
 * @param bufferBytes Start a new buffer once one holds this many bytes.
 * @returns The HTML as UTF-8, ready to transfer.
 */
export function packSourceLines(pages: Iterable<readonly [file: string, html: string]>, bufferBytes = BUFFER_BYTES): PackedSourceLines {
  const packed: PackedSourceLines = { buffers: [], pages: [] };
  let parts: Array<[string, Buffer]> = [];
  let size = 0;
  const flush = () => {
    const buffer = new Uint8Array(size);
    let at = 0;
    for (const [file, bytes] of parts) {
      buffer.set(bytes, at);
      packed.pages.push([file, packed.buffers.length, at, at + bytes.length]);
      at += bytes.length;
    }
    packed.buffers.push(buffer.buffer);
    parts = [];
    size = 0;
  };
  for (const [file, html] of pages) {
    const bytes = Buffer.from(html, 'utf8');
    parts.push([file, bytes]);
    size += bytes.length;
    if (size >= bufferBytes) flush();
  }
  if (parts.length) flush();
  return packed;
}

const KEY = Symbol.for('attest.source-lines-ahead');
type Holder = { [KEY]?: Map<string, Buffer> };

/**
 * Keep pages' lines for `takeSourceLines`, in this process.
 * @param packed What `packSourceLines` packed (on another thread).
 */
export function keepSourceLines({ buffers, pages }: PackedSourceLines): void {
  const kept = ((globalThis as Holder)[KEY] ??= new Map());
  for (const [file, buffer, start, end] of pages) kept.set(file, Buffer.from(buffers[buffer]!, start, end - start));
}

/**
 * @param root Project root (absolute).
 * @param file The source's text file, relative to the root.
 * @returns Its page's lines as HTML, if they were kept; they are then no longer kept.
 */
export function takeSourceLines(root: string, file: string): string | undefined {
  const kept = (globalThis as Holder)[KEY];
  const abs = path.resolve(root, file);
  const bytes = kept?.get(abs);
  if (!bytes) return undefined;
  kept!.delete(abs);
  return bytes.toString('utf8');
}

/** Forget every page's lines (the build is done with them). */
export function dropSourceLines(): void {
  delete (globalThis as Holder)[KEY];
}
