/**
 * Parsing a briefing the way the build's MDX compiler does (Sätteri, Astro's
 * native Markdown/MDX parser, with GFM and front matter), for checking
 * without building.
 */
import type { Root, Yaml } from 'mdast';
import { load } from 'js-yaml';
import { markdownToMdast, mdxToMdast, type TreeOptions } from 'satteri';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { BriefingSchema, type BriefingData } from '../schemas/briefing.ts';
import type { Diagnostic } from './diagnostics.ts';
import { suggestKeys } from './suggest.ts';

const TREE: TreeOptions = { features: { gfm: true, frontmatter: true }, position: true };

export interface ParsedBriefing {
  tree?: Root;
  data?: BriefingData;
  diagnostics: Diagnostic[];
}

/**
 * Parse one briefing and validate its front matter.
 * @param file Path for diagnostics.
 * @param text The whole file.
 * @returns The tree (unless the MDX does not parse), the front matter data
 *   (unless invalid) and diagnostics.
 */
export function parseBriefing(file: string, text: string): ParsedBriefing {
  const diagnostics: Diagnostic[] = [];
  let tree: Root;
  try {
    tree = (file.endsWith('.mdx') ? mdxToMdast : markdownToMdast)(text, TREE) as unknown as Root;
  } catch (error) {
    // Sätteri reports `3:1: Expected a closing tag for \`<Claim>\` (3:1) (mdx-jsx:…)`.
    const message = error instanceof Error ? error.message : String(error);
    const m = /^(\d+):(\d+): (.*?)(?: \([\w-]+:[\w-]+\))?$/s.exec(message);
    diagnostics.push({
      file,
      line: m ? Number(m[1]) : 1,
      column: m ? Number(m[2]) : 1,
      severity: 'error',
      message: `MDX does not parse: ${m ? m[3] : message}`,
      rule: 'mdx-syntax',
      suggestion: 'write `\\{`, `\\<` for a literal brace or angle bracket',
    });
    return { diagnostics };
  }
  const yaml = tree.children.find((n): n is Yaml => n.type === 'yaml');
  const parsed = validateFrontMatter(file, yaml);
  diagnostics.push(...parsed.diagnostics);
  return { tree, ...(parsed.data ? { data: parsed.data } : {}), diagnostics };
}

function validateFrontMatter(file: string, yaml: Yaml | undefined): { data?: BriefingData; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (!yaml) {
    diagnostics.push({
      file,
      line: 1,
      column: 1,
      severity: 'error',
      message: 'briefing has no front matter',
      rule: 'front-matter',
      suggestion: 'start the file with `---`, then `title:`, `date:` and `summary:`, then `---`',
    });
    return { diagnostics };
  }
  // Fast path: read it as Astro does (js-yaml's default schema); only front
  // matter with a problem is read again with positions to place it.
  try {
    const fast = BriefingSchema.safeParse(load(yaml.value) ?? {});
    if (fast.success) return { data: fast.data, diagnostics };
  } catch {
    // Placed below.
  }
  // The YAML node starts at the opening `---`; its value starts a line later.
  const firstLine = (yaml.position?.start.line ?? 1) + 1;
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml.value, { lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + firstLine - 1, column: p.col };
  };
  for (const e of doc.errors) {
    diagnostics.push({ file, ...at(e.pos[0]), severity: 'error', message: `front matter is not valid YAML: ${e.message.split('\n')[0]}`, rule: 'front-matter' });
  }
  if (diagnostics.length) return { diagnostics };
  const result = BriefingSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return { data: result.data, diagnostics };
  const known = Object.keys(BriefingSchema.shape);
  for (const issue of result.error.issues) {
    const p = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        const keyNode = doc.contents && 'items' in doc.contents ? (doc.contents.items as Array<{ key?: { value?: unknown; range?: number[] } }>).find((i) => i.key?.value === k) : undefined;
        const near = suggestKeys(k, known, 1);
        diagnostics.push({
          file,
          ...at(keyNode?.key?.range?.[0] ?? 0),
          severity: 'error',
          message: `unknown front matter field \`${k}\``,
          rule: 'front-matter',
          suggestion: near.length ? `did you mean \`${near[0]}\`?` : `known fields: ${known.join(', ')}`,
        });
      }
      continue;
    }
    const node = doc.getIn(p, true);
    const missing = node === undefined;
    const field = p.join('.');
    diagnostics.push({
      file,
      ...at(isNode(node) && node.range ? node.range[0] : 0),
      severity: 'error',
      message: missing && p.length === 1 ? `front matter needs \`${field}\`` : `front matter \`${field}\`: ${issue.message}`,
      rule: 'front-matter',
    });
  }
  return { diagnostics };
}
