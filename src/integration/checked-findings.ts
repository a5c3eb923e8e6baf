/**
 * The check's findings for a briefing, placed on the build's own tree of it.
 *
 * A build checks every briefing before compiling any (`check-step.ts`), with
 * the same parser the compiler uses, so finding, resolving and quote-checking
 * its citations again in the Markdown plugin repeated that work: 3.1 s of
 * the plugin's 5.8 s at 1,000 briefings. Instead the plugin takes the
 * check's citations and claims, and finds their nodes in its tree by
 * position (a citation by where its text node starts, a claim by where
 * `<Claim` starts). The check's data is copied where the plugin edits it.
 */
import type { Parent, Root, Text } from 'mdast';
import type { Node } from 'unist';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import type { CitationOccurrence } from '../lib/briefing-citations.ts';
import { CLAIM_COMPONENT, type ClaimFinding } from '../lib/briefing-claims.ts';
import { briefingDigest, type BriefingReport, type ProjectReport } from '../lib/check-project.ts';

/**
 * @param report A build's check.
 * @returns The check's report of a briefing, by its path from the root and the
 *   text the plugin was given; none if the text differs from what was checked or
 *   the briefing has an error (the plugin then checks it and reports the error).
 */
export function checkedBriefings(report: ProjectReport): (file: string, raw: string) => BriefingReport | undefined {
  const failed = new Set(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
  const byFile = new Map(report.briefings.filter((b) => !failed.has(b.file)).map((b) => [b.file, b]));
  return (file, raw) => {
    const b = byFile.get(file);
    return b && b.digest === briefingDigest(raw, b.bodyStart) ? b : undefined;
  };
}

/** A citation with the plugin's own text node (the plugin never needs its parent). */
export type PlacedCitation = Omit<CitationOccurrence, 'parent'>;

/**
 * @param tree The plugin's tree of the briefing that was checked.
 * @param checked The check's report of the same text.
 * @returns The citations and claims on this tree, or undefined if any node is not where the check saw it.
 */
export function placeCheckedFindings(tree: Root, checked: Pick<BriefingReport, 'occurrences' | 'claims'>): { occurrences: PlacedCitation[]; claims: ClaimFinding[] } | undefined {
  const occurrences: PlacedCitation[] = [];
  for (const { textStart, ...o } of checked.occurrences) {
    const node = textStart === undefined ? undefined : textAt(tree, textStart);
    if (!node) return undefined;
    occurrences.push({ ...o, node });
  }
  const placed: ClaimFinding[] = [];
  for (const data of checked.claims) {
    const node = claimAt(tree, data.line, data.column);
    if (!node) return undefined;
    placed.push({ data, node, ok: true });
  }
  return { occurrences, claims: placed };
}

/** Where a node stands against the point sought: before it, holding it, or after it; undefined if it has no position. */
type Where = (node: Node) => -1 | 0 | 1 | undefined;

/**
 * The first node, depth first, that `wanted` accepts, looking only inside
 * nodes that hold the point sought. Reading a node of Sätteri's tree builds
 * it, so the descent reads only the nodes a binary search among each level's
 * children needs (they are in document order), not every sibling before the
 * target: at 20 citations a briefing, that was a fifth of the plugin's time.
 */
function descend(parent: Parent, where: Where, wanted: (node: Node) => boolean): Node | undefined {
  const children = parent.children as Node[];
  let lo = 0;
  let hi = children.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const child = children[mid]!;
    const w = where(child);
    if (w === undefined) return descendInOrder(children, where, wanted);
    if (w < 0) lo = mid + 1;
    else if (w > 0) hi = mid - 1;
    else return inside(child, where, wanted);
  }
  return undefined;
}

/** `descend` where a child has no position to search by. */
function descendInOrder(children: readonly Node[], where: Where, wanted: (node: Node) => boolean): Node | undefined {
  for (const child of children) {
    if (where(child) !== 0) continue;
    const hit = inside(child, where, wanted);
    if (hit) return hit;
  }
  return undefined;
}

function inside(node: Node, where: Where, wanted: (node: Node) => boolean): Node | undefined {
  if (wanted(node)) return node;
  return 'children' in node ? descend(node as Parent, where, wanted) : undefined;
}

function textAt(tree: Root, offset: number): Text | undefined {
  const where: Where = (n) => {
    const start = n.position?.start.offset;
    const end = n.position?.end.offset;
    if (start === undefined || end === undefined) return undefined;
    return end <= offset ? -1 : start > offset ? 1 : 0;
  };
  return descend(tree, where, (n) => n.type === 'text' && n.position!.start.offset === offset) as Text | undefined;
}

function claimAt(tree: Root, line: number, column: number): MdxJsxFlowElement | MdxJsxTextElement | undefined {
  // Whether a point is at or before `<Claim`; a node holds it if it starts there or before and ends after.
  const atOrBefore = (l: number, c: number) => l < line || (l === line && c <= column);
  const where: Where = (n) => {
    if (!n.position) return undefined;
    if (atOrBefore(n.position.end.line, n.position.end.column)) return -1;
    return atOrBefore(n.position.start.line, n.position.start.column) ? 0 : 1;
  };
  const wanted = (n: Node) =>
    (n.type === 'mdxJsxFlowElement' || n.type === 'mdxJsxTextElement') && (n as MdxJsxFlowElement).name === CLAIM_COMPONENT && n.position!.start.line === line && n.position!.start.column === column;
  return descend(tree, where, wanted) as MdxJsxFlowElement | MdxJsxTextElement | undefined;
}
