/**
 * The CSL styles a project can name: the ones citation-js bundles, and every
 * `.csl` file in the styles folder (the way Pandoc's `--csl` takes a file).
 * Each style is registered with citation-js once per file version; a file
 * that is not a CSL style becomes a diagnostic naming it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cslConfig, cslEngine } from './citation-js.ts';
import type { Diagnostic } from './diagnostics.ts';
import { suggestKeys } from './suggest.ts';

export interface CslStyle {
  /** The name authors write (`apa`, or a file stem). */
  name: string;
  /** The name it is registered under in citation-js. */
  id: string;
  /** The style's `<title>`. */
  title: string;
  /** The `.csl` file, relative to the project root; absent for bundled styles. */
  file?: string;
  /** Whether the style prints a bibliography (a note style may not). */
  hasBibliography: boolean;
  /** `numeric` styles number references in order of first citation. */
  citationFormat: string;
  /**
   * Whether an entry of the reference list reads the same alone as among
   * others: not numbered, and no `subsequent-author-substitute` (`———`).
   */
  entriesStandAlone: boolean;
  /** Whether the style prints a source's key (`citation-key`, or a `citation-label` made from it). */
  printsKey: boolean;
}

export interface StyleCatalog {
  /** Styles by the name authors write, aliases included. */
  byName: Map<string, CslStyle>;
  /** Problems with `.csl` files. */
  diagnostics: Diagnostic[];
}

/** Names the bundled styles also answer to. */
const ALIASES: Record<string, string> = { harvard: 'harvard1' };

const CSL_NS = 'http://purl.org/net/xbiblio/csl';

/** Descriptions of the bundled styles, made once. */
const bundled = new Map<string, CslStyle>();

/**
 * Every style available to a project.
 * @param root Project root.
 * @param dir The styles folder, relative to the root. It may be missing.
 * @returns The catalog and any diagnostics for unusable files.
 */
export function loadStyles(root: string, dir: string): StyleCatalog {
  const byName = new Map<string, CslStyle>();
  const diagnostics: Diagnostic[] = [];
  const registry = cslConfig().styles;
  for (const id of registry.list()) {
    if (id.startsWith('attest-')) continue;
    // Pages ask for the catalog thousands of times; a bundled style never changes.
    let style = bundled.get(id);
    if (!style) {
      style = describe(id, id, registry.get(id));
      bundled.set(id, style);
    }
    byName.set(id, style);
  }
  for (const [alias, target] of Object.entries(ALIASES)) {
    const style = byName.get(target);
    if (style) byName.set(alias, style);
  }
  const abs = path.resolve(root, dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) return { byName, diagnostics };
  for (const name of readdirSync(abs).filter((n) => n.endsWith('.csl')).sort()) {
    const one = loadStyleFile(root, path.join(abs, name));
    if (one.style) byName.set(one.style.name, one.style);
    diagnostics.push(...one.diagnostics);
  }
  return { byName, diagnostics };
}

/**
 * The names to offer when a style is unknown, bundled first.
 * @param catalog The project's styles.
 * @returns e.g. `apa, harvard, harvard1, vancouver, brief (styles/brief.csl)`.
 */
export function availableStyles(catalog: StyleCatalog): string {
  return [...catalog.byName.entries()]
    .sort(([a, sa], [b, sb]) => Number(Boolean(sa.file)) - Number(Boolean(sb.file)) || a.localeCompare(b))
    .map(([name, s]) => (s.file ? `${name} (${s.file})` : name))
    .join(', ');
}

/**
 * Message and suggestion for a style name that is not in the catalog.
 * @param catalog The project's styles.
 * @param name What the author wrote.
 * @param stylesDir The styles folder, for the hint.
 * @returns The diagnostic's message and suggestion.
 */
export function unknownStyle(catalog: StyleCatalog, name: string, stylesDir: string): { message: string; suggestion: string } {
  const near = suggestKeys(name, catalog.byName.keys(), 1);
  const hint = near.length ? `did you mean \`${near[0]}\`? ` : '';
  return {
    message: `unknown CSL style \`${name}\``,
    suggestion: `${hint}available: ${availableStyles(catalog)}; or add \`${stylesDir.replace(/\/$/, '')}/${name}.csl\``,
  };
}

interface CachedStyle {
  mtime: number;
  result: { style?: CslStyle; diagnostics: Diagnostic[] };
}

// Parsing and registering a style is pure in its file; a dev server or a
// check followed by a build reads it once per version.
const cache = new Map<string, CachedStyle>();

function loadStyleFile(root: string, absFile: string): CachedStyle['result'] {
  const mtime = statSync(absFile).mtimeMs;
  const key = `${root}\u0000${absFile}`;
  const hit = cache.get(key);
  if (hit && hit.mtime === mtime) return hit.result;
  const result = parseStyleFile(root, absFile);
  cache.set(key, { mtime, result });
  return result;
}

function parseStyleFile(root: string, absFile: string): CachedStyle['result'] {
  const file = path.relative(root, absFile).split(path.sep).join('/');
  const name = path.basename(absFile, '.csl');
  const fail = (message: string, line = 1, column = 1): CachedStyle['result'] => ({
    diagnostics: [{ file, line, column, severity: 'error', message, rule: 'csl-style', suggestion: 'a CSL style is an XML file with a `<style>` root; see https://docs.citationstyles.org' }],
  });
  const xml = readFileSync(absFile, 'utf8').replace(/^\uFEFF/, '');
  if (xml.trim() === '') return fail(`CSL style \`${name}\` is empty`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return fail(`CSL style \`${name}\` is not well-formed XML: ${valid.err.msg}`, valid.err.line, valid.err.col);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml) as Record<string, unknown>;
  const root_ = doc['style'] as Record<string, unknown> | undefined;
  if (!root_ || typeof root_ !== 'object') return fail(`CSL style \`${name}\` has no \`<style>\` root element`);
  if (root_['@xmlns'] !== CSL_NS) return fail(`CSL style \`${name}\`: \`<style>\` must declare xmlns="${CSL_NS}"`);
  if (!root_['citation']) return fail(`CSL style \`${name}\` has no \`<citation>\` element`);
  const id = `attest-${name}-${createHash('sha256').update(xml).digest('hex').slice(0, 12)}`;
  cslConfig().styles.add(id, xml);
  try {
    // citeproc-js compiles the style here; an element it does not know fails now, not mid-build.
    cslEngine([], id, undefined);
  } catch (error) {
    cslConfig().styles.remove(id);
    return fail(`CSL style \`${name}\` does not load: ${(error as Error).message}`);
  }
  const style = describe(name, id, xml);
  style.file = file;
  return { style, diagnostics: [] };
}

function describe(name: string, id: string, xml: string): CslStyle {
  const title = /<title>([^<]*)<\/title>/.exec(xml)?.[1]?.trim() ?? name;
  const citationFormat = /<category[^>]*citation-format="([^"]+)"/.exec(xml)?.[1] ?? 'author-date';
  const hasBibliography = /<bibliography[\s>]/.test(xml);
  const entriesStandAlone = hasBibliography && citationFormat !== 'numeric' && !/citation-number|subsequent-author-substitute/.test(xml);
  const printsKey = /variable="[^"]*\bcitation-(?:key|label)\b/.test(xml);
  return { name, id, title, hasBibliography, citationFormat, entriesStandAlone, printsKey };
}
