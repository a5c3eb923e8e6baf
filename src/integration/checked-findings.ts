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
    // The plugin merges the marks of a group cited twice into its first citation.
    occurrences.push({ ...o, resolved: o.resolved.map((r) => ({ ...r, marks: [...r.marks] })), node });
  }
  const placed: ClaimFinding[] = [];
  for (const data of checked.claims) {
    const node = claimAt(tree, data.line, data.column);
    if (!node) return undefined;
    placed.push({ data, node, ok: true });
  }
  return { occurrences, claims: placed };
}

/**
 * The first node, depth first, that `wanted` accepts, looking only inside
 * nodes that `holds` accepts. Reading a node of Sätteri's tree builds it, so
 * the descent reads the nodes around the path to the target and no others.
 */
function descend(parent: Parent, holds: (node: Node) => boolean, wanted: (node: Node) => boolean): Node | undefined {
  for (const child of parent.children) {
    if (!holds(child)) continue;
    if (wanted(child)) return child;
    if ('children' in child) {
      const hit = descend(child as Parent, holds, wanted);
      if (hit) return hit;
    }
  }
  return undefined;
}

function textAt(tree: Root, offset: number): Text | undefined {
  const holds = (n: Node) => n.position?.start.offset !== undefined && n.position.start.offset <= offset && offset < (n.position.end.offset ?? -1);
  return descend(tree, holds, (n) => n.type === 'text' && n.position!.start.offset === offset) as Text | undefined;
}

function claimAt(tree: Root, line: number, column: number): MdxJsxFlowElement | MdxJsxTextElement | undefined {
  // Whether a point is at or before `<Claim`; a node holds it if it starts there or before and ends after.
  const atOrBefore = (l: number, c: number) => l < line || (l === line && c <= column);
  const holds = (n: Node) => Boolean(n.position && atOrBefore(n.position.start.line, n.position.start.column) && !atOrBefore(n.position.end.line, n.position.end.column));
  const wanted = (n: Node) =>
    (n.type === 'mdxJsxFlowElement' || n.type === 'mdxJsxTextElement') && (n as MdxJsxFlowElement).name === CLAIM_COMPONENT && n.position!.start.line === line && n.position!.start.column === column;
  return descend(tree, holds, wanted) as MdxJsxFlowElement | MdxJsxTextElement | undefined;
}
