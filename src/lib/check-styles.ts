/**
 * Checking style names: the site's default (integration option `style`) and
 * each briefing's `style:` front matter must name a bundled style or a `.csl`
 * file in the styles folder. Part of `checkProject`, so `npm run check` and
 * the build report the same thing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root, Yaml } from 'mdast';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { loadStyles, unknownStyle, type StyleCatalog } from './csl-styles.ts';
import type { Diagnostic } from './diagnostics.ts';

export interface StyleOptions {
  /** The site's default style. @default `apa` */
  style?: string;
  /** Folder of `.csl` files, relative to the root. @default `styles` */
  styles?: string;
}

export interface BriefingStyleInput {
  file: string;
  tree?: Root;
  style?: string | undefined;
}

/**
 * @param root Project root.
 * @param options Site style and styles folder.
 * @param briefings Each briefing's path, parsed tree and `style:` value.
 * @returns The catalog and the diagnostics (bad `.csl` files, unknown names).
 */
export function checkStyles(root: string, options: StyleOptions, briefings: readonly BriefingStyleInput[]): { catalog: StyleCatalog; diagnostics: Diagnostic[] } {
  const stylesDir = options.styles ?? 'styles';
  const catalog = loadStyles(root, stylesDir);
  const diagnostics = [...catalog.diagnostics];
  const site = options.style ?? 'apa';
  if (!catalog.byName.has(site)) {
    const { message, suggestion } = unknownStyle(catalog, site, stylesDir);
    diagnostics.push({ ...configPosition(root, site), severity: 'error', message: `${message} in the integration's \`style\` option`, rule: 'unknown-style', suggestion });
  }
  for (const b of briefings) {
    if (b.style === undefined || catalog.byName.has(b.style)) continue;
    const { message, suggestion } = unknownStyle(catalog, b.style, stylesDir);
    diagnostics.push({ file: b.file, ...frontMatterPosition(b.tree, 'style'), severity: 'error', message, rule: 'unknown-style', suggestion });
  }
  return { catalog, diagnostics };
}

/** Where a front matter field's value starts in the file. */
function frontMatterPosition(tree: Root | undefined, field: string): { line: number; column: number } {
  const yaml = tree?.children.find((n): n is Yaml => n.type === 'yaml');
  if (!yaml) return { line: 1, column: 1 };
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml.value, { lineCounter });
  const node = doc.get(field, true);
  if (!isNode(node) || !node.range) return { line: 1, column: 1 };
  const p = lineCounter.linePos(node.range[0]);
  // The YAML node starts at the opening `---`; its value starts a line later.
  return { line: p.line + (yaml.position?.start.line ?? 1), column: p.col };
}

/** The site style is set in `astro.config.mjs`; point at its name there if it can be found. */
function configPosition(root: string, name: string): { file: string; line: number; column: number } {
  for (const file of ['astro.config.mjs', 'astro.config.ts', 'astro.config.js']) {
    const abs = path.join(root, file);
    if (!existsSync(abs)) continue;
    const text = readFileSync(abs, 'utf8');
    const m = new RegExp(`style\\s*:\\s*(['"\`])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`).exec(text);
    if (!m) return { file, line: 1, column: 1 };
    const before = text.slice(0, m.index + m[0].indexOf(m[1]!));
    const lines = before.split('\n');
    return { file, line: lines.length, column: lines[lines.length - 1]!.length + 1 };
  }
  return { file: 'astro.config.mjs', line: 1, column: 1 };
}
