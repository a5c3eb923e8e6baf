/**
 * Reading the `sources/` folder: each `<stem>.txt` with its optional
 * `<stem>.yaml`. Every problem becomes a diagnostic; nothing throws for an
 * author's mistake.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { SourceMetaSchema, type SourceMeta } from '../schemas/source-meta.ts';
import { inBuildSnapshot } from './build-snapshot.ts';
import type { Diagnostic } from './diagnostics.ts';
import { decodeSourceText } from './source-text.ts';
import { suggestKeys } from './suggest.ts';

export interface Source {
  /** The citation key: the file stem, or `key:` from the metadata. */
  key: string;
  /** The file stem. */
  stem: string;
  /** Path of the text file relative to the project root. */
  file: string;
  /** Path of the metadata file relative to the project root, if there is one. */
  metaFile?: string;
  /** Lines of the text; index 0 is line 1. */
  lines: string[];
  meta: SourceMeta;
}

export interface SourceSet {
  /** Sources by key. */
  byKey: Map<string, Source>;
  diagnostics: Diagnostic[];
}

interface CachedSource {
  /** When the files were read (ms since the epoch), and the metadata file then. */
  readAt: number;
  metaPath: string | undefined;
  result: { source?: Source; diagnostics: Diagnostic[] };
}

// Parsing a source is pure in its two files, so a rebuild (dev server, check
// then build in one process) re-reads only what changed. A cold run (the
// checker) never stats a file: an entry is checked only when it exists.
// Process-wide: the content loader runs in Vite's copy of this module, after
// the check has read every source in the integration's.
const CACHE = Symbol.for('attest.source-cache');
const cache: Map<string, CachedSource> = ((globalThis as { [CACHE]?: Map<string, CachedSource> })[CACHE] ??= new Map());

/** The metadata of a source without a metadata file: the schema's defaults, parsed once and shared. */
const DEFAULT_META: SourceMeta = Object.freeze(SourceMetaSchema.parse({}));

/**
 * Read every source in a folder.
 * @param root Project root; paths in diagnostics are relative to it.
 * @param dir The sources folder, relative to `root` or absolute.
 * @returns The sources by key and the diagnostics found.
 */
export function loadSources(root: string, dir: string): SourceSet {
  const abs = path.resolve(root, dir);
  const byKey = new Map<string, Source>();
  const diagnostics: Diagnostic[] = [];
  if (!existsSync(abs)) return { byKey, diagnostics };
  const names = readdirSync(abs).sort();
  const present = new Set(names);
  const texts = names.filter((n) => n.endsWith('.txt'));
  const textStems = new Set(texts.map((n) => n.slice(0, -4)));
  for (const name of names) {
    if (/\.ya?ml$/.test(name) && !textStems.has(name.replace(/\.ya?ml$/, ''))) {
      diagnostics.push({
        file: rel(root, path.join(abs, name)),
        line: 1,
        column: 1,
        severity: 'error',
        message: `metadata has no source text next to it`,
        rule: 'orphan-metadata',
        suggestion: `add \`${name.replace(/\.ya?ml$/, '.txt')}\` or remove the file`,
      });
    }
  }
  const firstFile = new Map<string, string>();
  for (const name of texts) {
    const stem = name.slice(0, -4);
    const textPath = path.join(abs, name);
    const metaName = [stem + '.yaml', stem + '.yml'].find((n) => present.has(n));
    const metaPath = metaName ? path.join(abs, metaName) : undefined;
    const one = readSource(root, stem, textPath, metaPath);
    diagnostics.push(...one.diagnostics);
    const source = one.source;
    if (!source) continue;
    const clash = firstFile.get(source.key);
    if (clash) {
      diagnostics.push({
        file: source.metaFile ?? source.file,
        line: 1,
        column: 1,
        severity: 'error',
        message: `key \`${source.key}\` is already used by \`${clash}\``,
        rule: 'duplicate-key',
        suggestion: 'give one of them a different `key:` in its metadata',
      });
      continue;
    }
    firstFile.set(source.key, source.file);
    byKey.set(source.key, source);
  }
  return { byKey, diagnostics };
}

/**
 * The lines of a source text this process has read and parsed already, if
 * the file has not changed since, or this is a build (`build-snapshot.ts`):
 * a source page renders after the content loader read it.
 * @param root Project root, as the sources were loaded with.
 * @param textPath The text file (absolute).
 * @returns Its lines, or undefined if they must be read.
 */
export function parsedSourceLines(root: string, textPath: string): string[] | undefined {
  const hit = cache.get(cacheKey(root, textPath));
  return hit?.result.source && (inBuildSnapshot() || unchangedSince(textPath, hit)) ? hit.result.source.lines : undefined;
}

function readSource(root: string, stem: string, textPath: string, metaPath: string | undefined): CachedSource['result'] {
  const key = cacheKey(root, textPath);
  const hit = cache.get(key);
  if (hit && hit.metaPath === metaPath && unchangedSince(textPath, hit) && (!metaPath || unchangedSince(metaPath, hit))) return hit.result;
  const readAt = Date.now();
  const result = parseSource(root, stem, textPath, metaPath);
  cache.set(key, { readAt, metaPath, result });
  return result;
}

/** Paths in a result are relative to the root, so the root is part of the key. */
function cacheKey(root: string, textPath: string): string {
  return `${root}\u0000${textPath}`;
}

// File systems stamp a write with a coarse clock (a kernel tick, up to a second
// or two on some), which can lag Date.now(): a file written just after it was
// read may carry an earlier time. So a file stamped within this margin of its
// read counts as changed; the cost is reading a fresh file once more.
const MTIME_SLACK_MS = 2000;

function unchangedSince(file: string, hit: CachedSource): boolean {
  return statSync(file).mtimeMs < hit.readAt - MTIME_SLACK_MS;
}

function parseSource(root: string, stem: string, textPath: string, metaPath: string | undefined): CachedSource['result'] {
  const file = rel(root, textPath);
  const diagnostics: Diagnostic[] = [];
  const text = decodeSourceText(readFileSync(textPath));
  if (!text.ok) {
    diagnostics.push({ file, line: text.line, column: text.column, severity: 'error', message: `source ${text.message}`, rule: `source-${text.problem}` });
  }
  let meta: SourceMeta = DEFAULT_META;
  let metaFile: string | undefined;
  if (metaPath) {
    metaFile = rel(root, metaPath);
    const parsed = parseMeta(metaFile, readFileSync(metaPath, 'utf8'));
    diagnostics.push(...parsed.diagnostics);
    if (parsed.meta) meta = parsed.meta;
  }
  if (!text.ok) return { diagnostics };
  const source: Source = { key: meta.key ?? stem, stem, file, lines: text.lines, meta };
  if (metaFile) source.metaFile = metaFile;
  return { source, diagnostics };
}

/**
 * Parse and validate one metadata file, with positions for every problem.
 * @param file Path for diagnostics.
 * @param text The YAML text.
 * @returns The metadata, or undefined if it is invalid, and the diagnostics.
 */
export function parseMeta(file: string, text: string): { meta?: SourceMeta; diagnostics: Diagnostic[] } {
  // Fast path: js-yaml reads the valid files of a 10,000-source project
  // several times faster than `yaml`'s document model, which is only needed
  // to place an error, so only a file with a problem pays for it.
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA }) ?? {};
  } catch {
    data = undefined;
  }
  if (data !== undefined) {
    const result = SourceMetaSchema.safeParse(data);
    if (result.success) return { meta: result.data, diagnostics: [] };
  }
  return explainMeta(file, text);
}

/** The slow path of `parseMeta`: every problem of an invalid file, placed. */
function explainMeta(file: string, text: string): { meta?: SourceMeta; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const at = lineCounter.linePos(e.pos[0]);
    diagnostics.push({ file, line: at.line, column: at.col, severity: 'error', message: `invalid YAML: ${e.message.split('\n')[0]}`, rule: 'metadata-yaml' });
  }
  if (diagnostics.length) return { diagnostics };
  const data: unknown = doc.toJS() ?? {};
  const result = SourceMetaSchema.safeParse(data);
  if (result.success) return { meta: result.data, diagnostics };
  for (const issue of result.error.issues) {
    const node = doc.getIn(issue.path as (string | number)[], true);
    const pair = issue.path.length ? findKeyNode(doc, issue.path as (string | number)[]) : undefined;
    const range = (isNode(node) ? node.range : undefined) ?? pair ?? [0];
    const at = lineCounter.linePos(range[0]!);
    const field = issue.path.join('.');
    let message = field ? `\`${field}\`: ${issue.message}` : issue.message;
    let suggestion: string | undefined;
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(SourceMetaSchema.shape);
      for (const k of issue.keys) {
        const pos = lineCounter.linePos(findKeyNode(doc, [...(issue.path as (string | number)[]), k])?.[0] ?? 0);
        const near = suggestKeys(k, known);
        diagnostics.push({
          file,
          line: pos.line,
          column: pos.col,
          severity: 'error',
          message: `unknown metadata field \`${k}\``,
          rule: 'metadata-field',
          ...(near.length ? { suggestion: `did you mean \`${near[0]}\`?` } : { suggestion: `known fields: ${known.join(', ')}` }),
        });
      }
      continue;
    }
    if (issue.code === 'invalid_value' && 'values' in issue) {
      const options = (issue.values as unknown[]).map(String);
      const near = suggestKeys(String(doc.getIn(issue.path as (string | number)[]) ?? ''), options);
      message = `\`${field}\` must be one of the CSL types`;
      suggestion = near.length ? `did you mean \`${near[0]}\`?` : `use one of: ${options.join(', ')}`;
    }
    diagnostics.push({ file, line: at.line, column: at.col, severity: 'error', message, rule: 'metadata-field', ...(suggestion ? { suggestion } : {}) });
  }
  return { diagnostics };
}

function findKeyNode(doc: ReturnType<typeof parseDocument>, p: (string | number)[]): [number, number, number] | undefined {
  const parent = p.length > 1 ? doc.getIn(p.slice(0, -1), true) : doc.contents;
  if (!parent || !('items' in (parent as object))) return undefined;
  for (const item of (parent as { items: unknown[] }).items) {
    const key = (item as { key?: { value?: unknown; range?: [number, number, number] } }).key;
    if (key && key.value === p[p.length - 1] && key.range) return key.range;
  }
  return undefined;
}

function rel(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/');
}
