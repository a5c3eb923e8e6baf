/**
 * The references of one briefing: each cite's formatted short reference and
 * the reference list, from the resolved citations, in the briefing's style.
 */
import { cslLocale } from './citation-js.ts';
import { cslHtmlToHast } from './csl-html.ts';
import { cslItem } from './csl-item.ts';
import type { CslStyle } from './csl-styles.ts';
import type { FormattedReference } from './footnote-content.ts';
import type { LineRange } from './line-ranges.ts';
import { formattedBriefing, formattedBriefingSoon, type BriefingReferences, type BriefingRequest, type CiteRequest } from './reference-format.ts';
import type { ResolvedCite } from './resolve.ts';
import type { Source } from './sources.ts';
import type { ElementContent } from 'hast';

export interface BriefingReferenceSet {
  /** The formatted short reference of a cite of this briefing. */
  reference(cite: ResolvedCite): FormattedReference;
  /** Reference list entries in the style's order; undefined if the style prints none. */
  list?: Array<{ source: Source; nodes: ElementContent[] }>;
}

/**
 * @param cites Every resolved cite of the briefing, in document order.
 * @param style The briefing's style.
 * @param lang The briefing's language (picks a bundled CSL locale if one fits).
 * @param raw Give each reference as one hast `raw` node of its safe HTML, for
 *   markup that is serialized as it is (`html-fragments.ts`),
 *   instead of parsing it into elements.
 * @returns Formatted references.
 */
export function briefingReferences(cites: readonly ResolvedCite[], style: CslStyle, lang?: string, raw = false): BriefingReferenceSet {
  return referenceSet(formattedBriefing(briefingRequest(cites, style, lang)), cites, raw ? rawNodes : cslHtmlToHast);
}

/**
 * `briefingReferences`, waiting for a worker that is formatting this briefing.
 * @param cites Every resolved cite of the briefing, in document order.
 * @param style The briefing's style.
 * @param lang The briefing's language.
 * @param raw As for `briefingReferences`.
 * @returns Formatted references.
 */
export async function briefingReferencesSoon(cites: readonly ResolvedCite[], style: CslStyle, lang?: string, raw = false): Promise<BriefingReferenceSet> {
  return referenceSet(await formattedBriefingSoon(briefingRequest(cites, style, lang)), cites, raw ? rawNodes : cslHtmlToHast);
}

/** Safe HTML (`safeCslHtml`) as it is, for a serializer that allows raw nodes. */
function rawNodes(html: string): ElementContent[] {
  return [{ type: 'raw', value: html } as unknown as ElementContent];
}

/**
 * What citeproc-js is asked for one briefing: the same for the build's
 * plugin and for the workers that format ahead of it.
 * @param cites Every resolved cite of the briefing, in document order.
 * @param style The briefing's style.
 * @param lang The briefing's language.
 * @returns The request.
 */
export function briefingRequest(cites: readonly ResolvedCite[], style: CslStyle, lang?: string): BriefingRequest {
  const sources = citedSources(cites);
  const requests: CiteRequest[] = cites.map((c) => ({ key: c.source.key, ...(c.ranges.length ? { locator: cslLocator(c.ranges) } : {}) }));
  return { style, locale: cslLocale(lang), items: [...sources.values()].map(cslItem), cites: requests };
}

/**
 * The cites a briefing's notes format: each distinct citation group once, in order.
 * @param occurrences The briefing's citations.
 * @returns Their resolved cites.
 */
export function noteCites(occurrences: ReadonlyArray<{ id: string; resolved: readonly ResolvedCite[] }>): ResolvedCite[] {
  const seen = new Set<string>();
  return occurrences.flatMap((o) => (seen.has(o.id) ? [] : (seen.add(o.id), o.resolved)));
}

/** The cited sources by key, in order of first citation. */
function citedSources(cites: readonly ResolvedCite[]): Map<string, Source> {
  const sources = new Map<string, Source>();
  for (const c of cites) if (!sources.has(c.source.key)) sources.set(c.source.key, c.source);
  return sources;
}

function referenceSet(formatted: BriefingReferences, cites: readonly ResolvedCite[], toNodes: (html: string) => ElementContent[]): BriefingReferenceSet {
  const sources = citedSources(cites);
  const set: BriefingReferenceSet = {
    reference(c) {
      const f = formatted.citation(c.source.key, c.ranges.length ? cslLocator(c.ranges) : undefined);
      return { nodes: toNodes(f.html), showsLocator: f.showsLocator };
    },
  };
  if (formatted.bibliography) set.list = formatted.bibliography.map((e) => ({ source: sources.get(e.key)!, nodes: toNodes(e.html) }));
  return set;
}

/**
 * Line ranges as a CSL locator: `27-29`, `3, 7-9` (citeproc-js adds the
 * label, the en dash and the plural).
 * @param ranges The cited ranges.
 * @returns The locator.
 */
export function cslLocator(ranges: readonly LineRange[]): string {
  return ranges.map((r) => (r.end > r.start ? `${r.start}-${r.end}` : String(r.start))).join(', ');
}
