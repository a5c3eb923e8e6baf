/**
 * Turning a source file's bytes into numbered lines. The line numbers are the
 * contract between briefings and sources, so the rules here are strict and
 * simple: LF or CRLF ends a line, a final newline is optional, a UTF-8 BOM is
 * dropped, and nothing is trimmed or re-wrapped.
 */

export type SourceTextProblem = 'empty' | 'nul-byte' | 'invalid-utf8';

export type SourceTextResult =
  | { ok: true; lines: string[] }
  | { ok: false; problem: SourceTextProblem; message: string; line: number; column: number };

// With ignoreBOM false, TextDecoder strips a leading BOM for us.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decode a source file and split it into lines.
 * @param bytes The raw file content.
 * @returns The lines (index 0 is line 1), or the reason the file is unusable.
 */
export function decodeSourceText(bytes: Uint8Array): SourceTextResult {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = positionOfByte(bytes, nul);
    return { ok: false, problem: 'nul-byte', message: 'contains a NUL byte; sources must be plain text', line, column };
  }
  // Node's lenient decoder is fast; only a text that shows a replacement
  // character can be invalid, and only then does the strict decoder run.
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    if (text.includes('\uFFFD')) text = decoder.decode(bytes);
    else if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = positionOfByte(bytes, bad);
    return { ok: false, problem: 'invalid-utf8', message: 'is not valid UTF-8; re-save it as UTF-8', line, column };
  }
  const lines = splitLines(text);
  if (lines.every((l) => l.trim() === '')) {
    return { ok: false, problem: 'empty', message: 'is empty; a source needs at least one line of text', line: 1, column: 1 };
  }
  return { ok: true, lines };
}

/**
 * Split text into lines on LF or CRLF. A final line terminator does not start
 * another (empty) line.
 * @param text Decoded text.
 * @returns The lines, without their terminators.
 */
export function splitLines(text: string): string[] {
  // A plain split is several times faster than a regular expression here.
  const lines = text.split('\n');
  if (text.includes('\r')) {
    // Only a CR before an LF ends a line; a lone CR stays, as before.
    for (let i = 0; i < lines.length - 1; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1);
  }
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function positionOfByte(bytes: Uint8Array, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: index - start + 1 };
}

/** Index of the first byte that starts an invalid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return 0;
}
