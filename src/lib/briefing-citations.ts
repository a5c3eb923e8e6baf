/**
 * Finding and resolving every citation in a parsed briefing. Both the
 * checker and the remark plugin call this, so what `npm run check` reports
 * is exactly what the build renders.
 */
import type { Parent, Root, Text } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import { groupIdentity, scanCitations, type CitationGroup } from './citation-syntax.ts';
import type { Diagnostic } from './diagnostics.ts';
import { resolveCite, type ResolvedCite } from './resolve.ts';
import type { Source } from './sources.ts';
import { alignText, positionFinder } from './text-offsets.ts';

export interface CitationOccurrence {
  group: CitationGroup;
  /** Footnote identifier, `cite-<n>`: one per distinct group, in order of first appearance. */
  id: string;
  /** 1-based index of the distinct group. */
  index: number;
  /** The footnote number readers see: citations and hand-written notes share one sequence. */
  number: number;
  /** Where the `[` is in the file. */
  line: number;
  column: number;
  /** The cites that resolved (all of them when `ok`). */
  resolved: ResolvedCite[];
  /** No error in this group. */
  ok: boolean;
  /** The text node holding the group, and its parent, for rewriting. */
  node: Text;
  parent: Parent;
}

export interface CollectOptions {
  /** Path used in diagnostics. */
  file: string;
  /** The text the tree was parsed from (positions index into it). */
  raw: string;
  /** Lines to add to positions, when `raw` is part of a larger file. */
  lineOffset?: number;
  sources: ReadonlyMap<string, Source>;
}

/** Nodes whose text is never a citation. */
const OPAQUE = new Set(['code', 'inlineCode', 'link', 'linkReference', 'mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression', 'html', 'yaml', 'toml']);

/**
 * Collect every citation group in a tree, resolve it and report problems.
 * @param tree The mdast of a briefing.
 * @param options File path, raw text and sources.
 * @returns Occurrences in document order and diagnostics.
 */
export function collectCitations(tree: Root, options: CollectOptions): { occurrences: CitationOccurrence[]; diagnostics: Diagnostic[] } {
  const at = positionFinder(options.raw);
  const lineOffset = options.lineOffset ?? 0;
  const occurrences: CitationOccurrence[] = [];
  const diagnostics: Diagnostic[] = [];
  const indexByIdentity = new Map<string, number>();
  // Footnote identifiers in order of first reference, as GFM numbers them.
  const noteOrder = new Map<string, number>();
  const noteNumber = (id: string) => {
    if (!noteOrder.has(id)) noteOrder.set(id, noteOrder.size + 1);
    return noteOrder.get(id)!;
  };

  visit(tree, (node, _index, parent) => {
    if (OPAQUE.has(node.type)) return SKIP;
    if (node.type === 'footnoteReference') noteNumber(`^${(node as { identifier: string }).identifier.toLowerCase()}`);
    if (node.type !== 'text' || !parent) return;
    const text = node as Text;
    if (!text.value.includes('@')) return;
    const start = text.position?.start.offset;
    const end = text.position?.end.offset;
    const align =
      start !== undefined && end !== undefined
        ? alignText(text.value, options.raw.slice(start, end), start)
        : { offsetOf: () => 0, isEscaped: () => false };
    const report = (offset: number, severity: Diagnostic['severity'], message: string, rule: string, suggestion?: string) => {
      const p = at(align.offsetOf(offset));
      diagnostics.push({ file: options.file, line: p.line + lineOffset, column: p.column, severity, message, rule, ...(suggestion ? { suggestion } : {}) });
    };
    const { groups, problems } = scanCitations(text.value, align.isEscaped);
    for (const problem of problems) report(problem.offset, 'error', problem.message, problem.rule, problem.suggestion);
    for (const group of groups) {
      let ok = group.cites.every((c) => !c.broken);
      const resolved: ResolvedCite[] = [];
      for (const cite of group.cites) {
        if (cite.broken) continue;
        const r = resolveCite(cite, options.sources);
        for (const problem of r.problems) {
          report(problem.offset, problem.severity, problem.message, problem.rule, problem.suggestion);
          if (problem.severity === 'error') ok = false;
        }
        if (r.resolved) resolved.push(r.resolved);
      }
      const identity = groupIdentity(group);
      let index = indexByIdentity.get(identity);
      if (index === undefined) {
        index = indexByIdentity.size + 1;
        indexByIdentity.set(identity, index);
      }
      const p = at(align.offsetOf(group.start));
      occurrences.push({ group, id: `cite-${index}`, index, number: noteNumber(`cite-${index}`), line: p.line + lineOffset, column: p.column, resolved, ok, node: text, parent });
    }
    return undefined;
  });
  return { occurrences, diagnostics };
}
