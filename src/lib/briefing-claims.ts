/**
 * Finding and checking every `<Claim>` in a parsed briefing: its attributes,
 * its verdict against the rating scale, the citation of where it appeared,
 * and which footnotes its review cites. The checker and the build's plugin
 * both call this, so `npm run check` reports what the build renders.
 */
import { slug } from 'github-slugger';
import type { Root, Text } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { SKIP, visit } from 'unist-util-visit';
import { IsoDate } from '../schemas/source-meta.ts';
import type { Rating } from '../schemas/rating-scale.ts';
import type { CitationOccurrence } from './briefing-citations.ts';
import { checkQuote } from './briefing-citations.ts';
import { parseGroup } from './citation-syntax.ts';
import type { Diagnostic } from './diagnostics.ts';
import { readAttributes } from './jsx-attributes.ts';
import { formatRanges, type LineRange } from './line-ranges.ts';
import { findQuotations } from './quotations.ts';
import type { LineSpan } from './quote-match.ts';
import { resolveCite, type CitedLine, type ResolvedCite } from './resolve.ts';
import type { Source } from './sources.ts';
import { suggestKeys } from './suggest.ts';
import { positionFinder, type TextAlignment } from './text-offsets.ts';

/** Where a claim was made: one resolved cite of its `appearance`. */
export interface ClaimAppearance {
  key: string;
  ranges: LineRange[];
  /** `16` or `3,7-9`, as in `data-lines`. */
  lines: string;
  /** The cited lines; a `gap` marks a jump between ranges. */
  excerpt: Array<CitedLine | { gap: true }>;
  /** Spans of the excerpt that quotations in the claim matched. */
  marks: LineSpan[];
  /** The short reference readers see, e.g. `RT, “…”, 2022-01-09`. */
  reference: string;
  title?: string;
  /** The outlet: `container-title`, else `publisher`. */
  outlet?: string;
  issued?: string;
  /** The original's address, when the metadata records one. */
  url?: string;
}

/** Everything a page needs about one claim; plain data, so it crosses into virtual modules and props. */
export interface ClaimData {
  /** The anchor, `claim-<slug>`, unique in its briefing. */
  id: string;
  claim: string;
  verdict: string;
  claimant?: string;
  /** When the claim was made (ISO). */
  date?: string;
  appearance: ClaimAppearance[];
  /** Footnote numbers the review cites, in reading order, each once. */
  notes: number[];
  /** Footnote identifiers matching `notes`, e.g. `cite-3`. */
  noteIds: string[];
  /** Distinct source keys the review cites. */
  sources: string[];
  /** Where `<Claim` starts in the briefing. */
  line: number;
  column: number;
}

export interface ClaimFinding {
  data: ClaimData;
  /** The element, for the build's plugin to hand `data` to the component. */
  node: MdxJsxFlowElement | MdxJsxTextElement;
  /** No error in this claim. */
  ok: boolean;
}

export interface CollectClaimsOptions {
  file: string;
  raw: string;
  sources: ReadonlyMap<string, Source>;
  ratings: readonly Rating[];
  /** The briefing's citations, from `collectCitations` on the same tree. */
  occurrences: readonly CitationOccurrence[];
}

/** The component's name in MDX. */
export const CLAIM_COMPONENT = 'Claim';
const ATTRIBUTES = ['claim', 'verdict', 'claimant', 'appearance', 'date', 'id'] as const;
type AttributeName = (typeof ATTRIBUTES)[number];
const ID = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;
/** Long claims make long anchors; a slug is cut at a word boundary past this. */
const MAX_SLUG = 60;

/**
 * Collect and check every claim in a briefing.
 * @param tree The briefing's mdast (parsed with MDX).
 * @param options File, raw text, sources, rating scale and the citations found in the same tree.
 * @returns The claims in document order and diagnostics.
 */
export function collectClaims(tree: Root, options: CollectClaimsOptions): { claims: ClaimFinding[]; diagnostics: Diagnostic[] } {
  const claims: ClaimFinding[] = [];
  const diagnostics: Diagnostic[] = [];
  // Most briefings have no claim; walking their trees would cost a sixth of the checker's time.
  if (!options.raw.includes(`<${CLAIM_COMPONENT}`)) return { claims, diagnostics };
  const at = positionFinder(options.raw);
  const usedIds = new Set<string>();
  const verdicts = options.ratings.map((r) => r.verdict);
  const occurrencesByNode = new Map<Text, CitationOccurrence[]>();
  for (const o of options.occurrences) occurrencesByNode.set(o.node, [...(occurrencesByNode.get(o.node) ?? []), o]);

  visit(tree, (node) => {
    if ((node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') || node.name !== CLAIM_COMPONENT) return undefined;
    const element = node as MdxJsxFlowElement | MdxJsxTextElement;
    const elementOffset = element.position?.start.offset ?? 0;
    let ok = true;
    const report = (offset: number, severity: Diagnostic['severity'], message: string, rule: string, suggestion?: string) => {
      const p = at(offset);
      diagnostics.push({ file: options.file, line: p.line, column: p.column, severity, message, rule, ...(suggestion ? { suggestion } : {}) });
      if (severity === 'error') ok = false;
    };

    const values = new Map<AttributeName, { value: string; offset: number; attributeOffset: number; align: TextAlignment }>();
    for (const read of readAttributes(element.attributes, options.raw, elementOffset)) {
      const attributeOffset = read.offset;
      if (read.kind === 'spread') {
        report(read.offset, 'error', 'a claim takes no spread attributes', 'claim-attribute', 'write each attribute as `name="text"`');
        continue;
      }
      const name = read.name;
      if (!(ATTRIBUTES as readonly string[]).includes(name)) {
        const near = suggestKeys(name, ATTRIBUTES, 1);
        report(attributeOffset, 'error', `a claim has no attribute \`${name}\``, 'claim-attribute', near.length ? `did you mean \`${near[0]}\`?` : `use ${ATTRIBUTES.map((a) => `\`${a}\``).join(', ')}`);
        continue;
      }
      if (read.kind !== 'string') {
        report(read.kind === 'expression' ? read.valueOffset : read.offset, 'error', `\`${name}\` must be text in quotes`, 'claim-attribute', `write \`${name}="…"\``);
        continue;
      }
      values.set(name as AttributeName, { value: read.value, offset: read.valueOffset, attributeOffset, align: read.align });
    }

    const claim = values.get('claim');
    const verdict = values.get('verdict');
    for (const [name, given] of [['claim', claim], ['verdict', verdict]] as const) {
      const fill = name === 'claim' ? '`claim="the statement reviewed"`' : `\`verdict="…"\`, one of ${verdicts.map((v) => `\`${v}\``).join(', ')}`;
      if (!given) report(elementOffset, 'error', `a claim needs \`${name}\``, 'claim-missing', `add ${fill}`);
      else if (!given.value.trim()) report(given.attributeOffset, 'error', `\`${name}\` is empty`, 'claim-missing', `write ${fill}`);
    }
    if (verdict && verdict.value.trim() && !verdicts.includes(verdict.value)) {
      const near = suggestKeys(verdict.value, verdicts, 1);
      report(
        verdict.attributeOffset,
        'error',
        `unknown verdict \`${verdict.value}\``,
        'unknown-verdict',
        near.length ? `did you mean \`${near[0]}\`?` : `the rating scale has ${verdicts.map((v) => `\`${v}\``).join(', ')}`,
      );
    }
    const date = values.get('date');
    let isoDate: string | undefined;
    if (date) {
      const parsed = IsoDate.safeParse(date.value);
      if (parsed.success) isoDate = parsed.data;
      else report(date.attributeOffset, 'error', `claim date: \`${date.value}\` is not an ISO date`, 'claim-date', 'write YYYY-MM-DD, YYYY-MM or YYYY');
    }

    const appearance: ClaimAppearance[] = [];
    const given = values.get('appearance');
    const resolvedAppearance: ResolvedCite[] = [];
    if (given) {
      // Tolerate brackets copied from a citation: `[@key, l. 3]`.
      const bracketed = /^\s*\[(.*)\]\s*$/s.exec(given.value);
      const inner = bracketed ? bracketed[1]! : given.value;
      const base = bracketed ? given.value.indexOf('[') + 1 : 0;
      const parsed = parseGroup(inner, base);
      for (const problem of parsed.problems) report(given.align.offsetOf(problem.offset), 'error', problem.message, problem.rule, problem.suggestion);
      if (!parsed.cites.length && !parsed.problems.length) {
        report(given.attributeOffset, 'error', '`appearance` names no source', 'malformed-citation', 'write `appearance="@key, l. 12"`');
      }
      for (const cite of parsed.cites) {
        if (cite.broken) continue;
        const r = resolveCite(cite, options.sources);
        for (const problem of r.problems) report(given.align.offsetOf(problem.offset), problem.severity, problem.message, problem.rule, problem.suggestion);
        if (r.resolved) resolvedAppearance.push(r.resolved);
      }
    }
    // Quotations inside the claim quote the place it was made, like prose before a citation.
    if (claim && resolvedAppearance.length) {
      const scan = findQuotations(claim.value);
      for (const q of scan.quotes) {
        const checked = checkQuote(q.text, resolvedAppearance);
        if (!checked.found) report(claim.align.offsetOf(q.start), 'error', checked.message, 'misquote', checked.suggestion);
      }
    }
    for (const r of resolvedAppearance) appearance.push(describeAppearance(r));

    // The review: every citation and hand-written note inside the element.
    const review = reviewNotes(element, occurrencesByNode);
    const idGiven = values.get('id');
    if (idGiven && !ID.test(idGiven.value)) {
      report(idGiven.attributeOffset, 'error', `claim id \`${idGiven.value}\` is not a slug`, 'claim-attribute', 'use letters, digits and single hyphens, e.g. `almaty-capital`');
    }
    let id = `claim-${idGiven && ID.test(idGiven.value) ? idGiven.value.toLowerCase() : shortSlug(claim?.value ?? '') || 'claim'}`;
    if (usedIds.has(id)) {
      if (idGiven) report(idGiven.attributeOffset, 'error', `claim id \`${idGiven.value}\` is used twice in this briefing`, 'claim-attribute', 'give each claim an `id` of its own');
      let n = 2;
      while (usedIds.has(`${id}-${n}`)) n++;
      id = `${id}-${n}`;
    }
    usedIds.add(id);

    const p = at(elementOffset);
    const data: ClaimData = {
      id,
      claim: claim?.value.trim() ?? '',
      verdict: verdict?.value ?? '',
      appearance,
      ...review,
      line: p.line,
      column: p.column,
    };
    const claimant = values.get('claimant')?.value.trim();
    if (claimant) data.claimant = claimant;
    if (isoDate) data.date = isoDate;
    claims.push({ data, node: element, ok });
    // A claim inside a claim would make two cards share one review.
    visit(element, (inner) => {
      if (inner !== element && (inner.type === 'mdxJsxFlowElement' || inner.type === 'mdxJsxTextElement') && (inner as MdxJsxFlowElement).name === CLAIM_COMPONENT) {
        report(inner.position?.start.offset ?? elementOffset, 'error', 'a claim cannot contain another claim', 'claim-nested', 'close the first `</Claim>` before opening the next');
      }
    });
    return SKIP;
  });
  return { claims, diagnostics };
}

function describeAppearance(r: ResolvedCite): ClaimAppearance {
  const m = r.source.meta;
  const a: ClaimAppearance = { key: r.source.key, ranges: r.ranges, lines: formatRanges(r.ranges), excerpt: r.excerpt, marks: r.marks, reference: appearanceLabel(r.source) };
  if (m.title) a.title = m.title;
  const outlet = m['container-title'] ?? m.publisher;
  if (outlet) a.outlet = outlet;
  if (m.issued) a.issued = m.issued;
  if (m.URL) a.url = m.URL;
  return a;
}

/**
 * Where a claim appeared, as the card names it: outlet, title, date. A label
 * from the metadata, not a bibliographic reference (those are citation-js's,
 * in the notes and the reference list).
 */
function appearanceLabel(source: Source): string {
  const m = source.meta;
  const parts = [m['container-title'] ?? m.publisher, m.title ? `\u201c${m.title}\u201d` : undefined, m.issued].filter(Boolean);
  return parts.length ? parts.join(', ') : source.key;
}

function reviewNotes(element: MdxJsxFlowElement | MdxJsxTextElement, occurrencesByNode: ReadonlyMap<Text, CitationOccurrence[]>): Pick<ClaimData, 'notes' | 'noteIds' | 'sources'> {
  const notes: number[] = [];
  const noteIds: string[] = [];
  const sources: string[] = [];
  visit(element, (node) => {
    if (node.type !== 'text') return;
    for (const o of occurrencesByNode.get(node as Text) ?? []) {
      if (!noteIds.includes(o.id)) {
        noteIds.push(o.id);
        notes.push(o.number);
      }
      for (const r of o.resolved) if (!sources.includes(r.source.key)) sources.push(r.source.key);
    }
  });
  return { notes, noteIds, sources };
}

/** `almaty-is-the-capital-of-kazakhstan`, cut at a word boundary. */
function shortSlug(text: string): string {
  const full = slug(text.trim()).replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (full.length <= MAX_SLUG) return full;
  const cut = full.slice(0, MAX_SLUG + 1);
  const last = cut.lastIndexOf('-');
  return last > 20 ? cut.slice(0, last) : full.slice(0, MAX_SLUG);
}
