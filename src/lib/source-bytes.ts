/**
 * The source files' bytes, read by a build's check thread once it is done
 * and handed to Astro's thread, so that a source page need not open its file.
 *
 * Every source page reads its text when it renders (`source-lines.ts`): on
 * 10,000 sources, 0.3 s of Astro's thread, which renders the pages one after
 * another while the check thread has nothing left to do. The bytes travel in
 * a few buffers that are transferred, not copied, and each page takes its
 * file's bytes out, so a buffer is freed once the pages of its files have
 * rendered. A page whose file is not here reads it as before.
 *
 * The pages hold their own copy of this module, so the bytes are kept
 * process-wide.
 */
import { readFileSync } from 'node:fs';

/** Files' bytes in transferable buffers: each file is `[path, buffer, start, end]`. */
export interface SourceBytes {
  buffers: ArrayBuffer[];
  files: Array<[path: string, buffer: number, start: number, end: number]>;
}

/** About this many bytes per buffer: small enough to be freed as the pages go, few enough to send at once. */
const BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * Read files into buffers to transfer.
 * @param paths Absolute paths, in the order their pages render.
 * @param bufferBytes Start a new buffer once one holds this many bytes.
 * @returns The bytes of those that could be read.
 */
export function readSourceBytes(paths: readonly string[], bufferBytes = BUFFER_BYTES): SourceBytes {
  const result: SourceBytes = { buffers: [], files: [] };
  let parts: Array<[string, Buffer]> = [];
  let size = 0;
  const flush = () => {
    const buffer = new Uint8Array(size);
    let at = 0;
    for (const [file, bytes] of parts) {
      buffer.set(bytes, at);
      result.files.push([file, result.buffers.length, at, at + bytes.length]);
      at += bytes.length;
    }
    result.buffers.push(buffer.buffer);
    parts = [];
    size = 0;
  };
  for (const file of paths) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      // Its page reads it, and reports what fails there.
      continue;
    }
    parts.push([file, bytes]);
    size += bytes.length;
    if (size >= bufferBytes) flush();
  }
  if (parts.length) flush();
  return result;
}

const KEY = Symbol.for('attest.source-bytes');
type Holder = { [KEY]?: Map<string, Buffer> };

/**
 * Keep files' bytes for `takeSourceBytes`, in this process.
 * @param bytes What `readSourceBytes` read (on another thread).
 */
export function keepSourceBytes({ buffers, files }: SourceBytes): void {
  const kept = ((globalThis as Holder)[KEY] ??= new Map());
  // Buffers, not plain byte arrays: a Buffer finds a NUL byte with memchr (`decodeSourceText`).
  for (const [file, buffer, start, end] of files) kept.set(file, Buffer.from(buffers[buffer]!, start, end - start));
}

/**
 * @param file An absolute path.
 * @returns The file's bytes if they were kept, which are then no longer kept.
 */
export function takeSourceBytes(file: string): Buffer | undefined {
  const kept = (globalThis as Holder)[KEY];
  const bytes = kept?.get(file);
  if (bytes) kept!.delete(file);
  return bytes;
}

/** Forget every kept file (the build is done with them). */
export function dropSourceBytes(): void {
  delete (globalThis as Holder)[KEY];
}
