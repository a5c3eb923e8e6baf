/**
 * Finding and resolving every citation in a parsed briefing, and checking the
 * quotations that precede each one. Both the checker and the remark plugin
 * call this, so what `npm run check` reports is exactly what the build renders.
 */
import type { Parent, Root, Text } from 'mdast';
import type { Node } from 'unist';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import { groupIdentity, scanCitations, type CitationGroup } from './citation-syntax.ts';
import type { Diagnostic } from './diagnostics.ts';
import { describeRanges } from './line-ranges.ts';
import { findQuotations } from './quotations.ts';
import { matchQuote } from './quote-match.ts';
import { resolveCite, type ResolvedCite } from './resolve.ts';
import type { Source } from './sources.ts';
import { alignText, positionFinder, type TextAlignment } from './text-offsets.ts';

export interface CheckedQuote {
  text: string;
  line: number;
  column: number;
  found: boolean;
}

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
  /** The cites that resolved (all of them when `ok`), with quoted words marked. */
  resolved: ResolvedCite[];
  /** The quotations this citation vouches for. */
  quotes: CheckedQuote[];
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
  sources: ReadonlyMap<string, Source>;
}

/** Nodes whose text is never a citation nor a quotation. */
const OPAQUE = new Set(['code', 'inlineCode', 'link', 'linkReference', 'mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression', 'html', 'yaml', 'toml']);
/** Inline containers: a quotation and its citation may be split across them. */
const PHRASING = new Set(['emphasis', 'strong', 'delete', 'mdxJsxTextElement']);

/** Prose seen since the last citation in the current block, for quotations. */
interface Pending {
  block: Node | undefined;
  text: string;
  /** Where each piece of `text` starts, and how to map it back to the file. */
  pieces: Array<{ at: number; align: TextAlignment; valueOffset: number }>;
}

/**
 * Collect every citation group in a tree, resolve it, check its quotations
 * and report problems.
 * @param tree The mdast of a briefing.
 * @param options File path, raw text and sources.
 * @returns Occurrences in document order and diagnostics.
 */
export function collectCitations(tree: Root, options: CollectOptions): { occurrences: CitationOccurrence[]; diagnostics: Diagnostic[] } {
  const at = positionFinder(options.raw);
  const occurrences: CitationOccurrence[] = [];
  const diagnostics: Diagnostic[] = [];
  const indexByIdentity = new Map<string, number>();
  // Footnote identifiers in order of first reference, as GFM numbers them.
  const noteOrder = new Map<string, number>();
  const noteNumber = (id: string) => {
    if (!noteOrder.has(id)) noteOrder.set(id, noteOrder.size + 1);
    return noteOrder.get(id)!;
  };
  const push = (offset: number, severity: Diagnostic['severity'], message: string, rule: string, suggestion?: string) => {
    const p = at(offset);
    diagnostics.push({ file: options.file, line: p.line, column: p.column, severity, message, rule, ...(suggestion ? { suggestion } : {}) });
  };

  let pending: Pending = { block: undefined, text: '', pieces: [] };
  const pendingOffset = (k: number) => {
    let piece = pending.pieces[0]!;
    for (const p of pending.pieces) if (p.at <= k) piece = p;
    return piece.align.offsetOf(piece.valueOffset + k - piece.at);
  };
  const warnUnclosed = (offsets = findQuotations(pending.text).unclosed) => {
    for (const k of offsets) push(pendingOffset(k), 'warning', 'quotation mark is never closed', 'unclosed-quote', 'close the quotation, or escape a literal mark');
  };

  visitParents(tree, (node, ancestors) => {
    if (OPAQUE.has(node.type)) return SKIP;
    if (node.type === 'footnoteReference') noteNumber(`^${(node as { identifier: string }).identifier.toLowerCase()}`);
    if (node.type !== 'text') return undefined;
    const parent = ancestors[ancestors.length - 1] as Parent | undefined;
    if (!parent) return undefined;
    let depth = ancestors.length - 1;
    while (depth > 0 && PHRASING.has(ancestors[depth]!.type)) depth--;
    const block = ancestors[depth];
    if (block !== pending.block) {
      warnUnclosed();
      pending = { block, text: '', pieces: [] };
    }
    const text = node as Text;
    const start = text.position?.start.offset;
    const end = text.position?.end.offset;
    const align: TextAlignment =
      start !== undefined && end !== undefined ? alignText(text.value, options.raw.slice(start, end), start) : { offsetOf: () => 0, isEscaped: () => false };
    const append = (from: number, to: number) => {
      if (to <= from) return;
      pending.pieces.push({ at: pending.text.length, align, valueOffset: from });
      pending.text += text.value.slice(from, to);
    };
    const { groups, problems } = text.value.includes('@') ? scanCitations(text.value, align.isEscaped) : { groups: [], problems: [] };
    for (const problem of problems) push(align.offsetOf(problem.offset), 'error', problem.message, problem.rule, problem.suggestion);
    let last = 0;
    for (const group of groups) {
      append(last, group.start);
      last = group.end;
      let ok = group.cites.every((c) => !c.broken);
      const resolved: ResolvedCite[] = [];
      for (const cite of group.cites) {
        if (cite.broken) continue;
        const r = resolveCite(cite, options.sources);
        for (const problem of r.problems) {
          push(align.offsetOf(problem.offset), problem.severity, problem.message, problem.rule, problem.suggestion);
          if (problem.severity === 'error') ok = false;
        }
        if (r.resolved) resolved.push(r.resolved);
      }
      // Quotations since the previous citation in this block belong to this one.
      const scan = findQuotations(pending.text);
      const quotes: CheckedQuote[] = [];
      if (ok) {
        for (const q of scan.quotes) {
          const offset = pendingOffset(q.start);
          const checked = checkQuote(q.text, resolved);
          const p = at(offset);
          quotes.push({ text: q.text, line: p.line, column: p.column, found: checked.found });
          if (!checked.found) {
            ok = false;
            push(offset, 'error', checked.message, 'misquote', checked.suggestion);
          }
        }
      }
      warnUnclosed(scan.unclosed);
      pending = { block, text: '', pieces: [] };
      const identity = groupIdentity(group);
      let index = indexByIdentity.get(identity);
      if (index === undefined) {
        index = indexByIdentity.size + 1;
        indexByIdentity.set(identity, index);
      }
      const p = at(align.offsetOf(group.start));
      occurrences.push({ group, id: `cite-${index}`, index, number: noteNumber(`cite-${index}`), line: p.line, column: p.column, resolved, quotes, ok, node: text, parent });
    }
    append(last, text.value.length);
    return undefined;
  });
  warnUnclosed();
  return { occurrences, diagnostics };
}

/**
 * Look for a quotation in the lines of any cite of the group; on success, add
 * the matched spans to that cite's marks.
 */
export function checkQuote(quote: string, resolved: ResolvedCite[]): { found: true } | { found: false; message: string; suggestion?: string } {
  let closest: { text: string; similarity: number; line: number; cite: ResolvedCite } | undefined;
  for (const r of resolved) {
    const lines = r.ranges.length ? r.excerpt.filter((l): l is { n: number; text: string } => 'n' in l) : r.source.lines.map((text, i) => ({ n: i + 1, text }));
    const result = matchQuote(quote, lines);
    if (result.found) {
      r.marks.push(...result.spans);
      return { found: true };
    }
    if (result.closest && (!closest || result.closest.similarity > closest.similarity)) closest = { ...result.closest, cite: r };
  }
  const where = resolved.map((r) => `${r.ranges.length ? describeRanges(r.ranges) : 'the text'} of \`${r.source.key}\``).join(' or ');
  const shown = quote.length > 80 ? quote.slice(0, 77) + '…' : quote;
  const message = `quotation \u201c${shown}\u201d is not in ${where}`;
  if (!closest) return { found: false, message };
  return {
    found: false,
    message,
    suggestion: `the closest passage, in l. ${closest.line}, is \u201c${closest.text}\u201d (${Math.round(closest.similarity * 100)}% alike)`,
  };
}

/**
 * One citation per footnote: the first of each group, carrying the quoted
 * words of every place that cites the same group (copies; the input is left
 * as it is, since a build's check report is read again).
 * @param occurrences A briefing's citations, in order.
 * @returns The first citation of each footnote, in order.
 */
export function firstCitations<T extends { id: string; resolved: readonly ResolvedCite[] }>(occurrences: readonly T[]): Array<T & { resolved: ResolvedCite[] }> {
  const first = new Map<string, T & { resolved: ResolvedCite[] }>();
  for (const o of occurrences) {
    const seen = first.get(o.id);
    if (!seen) first.set(o.id, { ...o, resolved: o.resolved.map((r) => ({ ...r, marks: [...r.marks] })) });
    else o.resolved.forEach((r, i) => seen.resolved[i]?.marks.push(...r.marks));
  }
  return [...first.values()];
}
