/**
 * A source's lines for its page, read from the file when the page renders
 * (unless this process has parsed it already).
 * The content collection keeps only the metadata and the line count: holding
 * every source's text in Astro's data store would serialize it, bundle it into
 * the build as one string and keep it in memory for the whole build, which at
 * 10,000 sources costs more than the pages themselves.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsedSourceLines } from './sources.ts';
import { decodeSourceText } from './source-text.ts';

/**
 * @param root Project root (absolute).
 * @param file The source's text file, relative to the root.
 * @returns Its lines; index 0 is line 1.
 */
export function readSourceLines(root: string, file: string): string[] {
  const abs = path.resolve(root, file);
  // Read already in this process: by a dev server's check, or by the content loader.
  const parsed = parsedSourceLines(root, abs);
  if (parsed) return parsed;
  const text = decodeSourceText(readFileSync(abs));
  // The checker stops the build on an unusable file before any page renders.
  if (!text.ok) throw new Error(`${file}: source ${text.message}`);
  return text.lines;
}
