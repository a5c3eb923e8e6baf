/**
 * Resolving parsed cites against the sources: does the key exist, are the
 * lines there, is there anything on them.
 */
import type { Cite } from './citation-syntax.ts';
import { describeRanges, linesOf, type LineRange } from './line-ranges.ts';
import type { LineSpan } from './quote-match.ts';
import type { Source } from './sources.ts';
import { suggestKeys } from './suggest.ts';

export interface CitedLine {
  /** 1-based line number. */
  n: number;
  text: string;
}

export interface ResolvedCite {
  cite: Cite;
  source: Source;
  /** The ranges cited; empty for a whole-source cite. */
  ranges: LineRange[];
  /** The cited lines, in citation order; a `gap` marks a jump between ranges. */
  excerpt: Array<CitedLine | { gap: true }>;
  /** Spans of the excerpt that quotations matched, highlighted with `<mark>`. */
  marks: LineSpan[];
}

export type ResolveRule = 'unknown-source' | 'line-out-of-range' | 'blank-lines' | 'whole-source';

export interface ResolveProblem {
  rule: ResolveRule;
  severity: 'error' | 'warning';
  message: string;
  suggestion?: string;
  /** Offset in the scanned text where the problem is best shown. */
  offset: number;
}

/**
 * Resolve one cite.
 * @param cite A parsed cite (not `broken`).
 * @param sources Sources by key.
 * @returns The resolved cite, or undefined, and the problems found.
 */
export function resolveCite(
  cite: Cite,
  sources: ReadonlyMap<string, Source>,
): { resolved?: ResolvedCite; problems: ResolveProblem[] } {
  const source = sources.get(cite.key);
  if (!source) {
    const near = suggestKeys(cite.key, sources.keys());
    return {
      problems: [
        {
          rule: 'unknown-source',
          severity: 'error',
          message: `no source has the key \`${cite.key}\``,
          ...(near.length ? { suggestion: `did you mean ${near.map((k) => `\`${k}\``).join(', ')}?` } : {}),
          offset: cite.offset,
        },
      ],
    };
  }
  const count = source.lines.length;
  if (cite.ranges.length === 0) {
    return {
      resolved: { cite, source, ranges: [], excerpt: [], marks: [] },
      problems: [
        {
          rule: 'whole-source',
          severity: 'warning',
          message: `cites the whole of \`${cite.key}\` (${count} lines)`,
          suggestion: 'cite the lines that support the claim, e.g. `ll. 3-5`',
          offset: cite.offset,
        },
      ],
    };
  }
  const problems: ResolveProblem[] = [];
  for (const r of cite.ranges) {
    if (r.end > count) {
      problems.push({
        rule: 'line-out-of-range',
        severity: 'error',
        message: `\`${cite.key}\` has ${count} line${count === 1 ? '' : 's'}; ${r.start === r.end ? `line ${r.end} is` : `range ${r.start}-${r.end} runs`} past the end`,
        offset: cite.locatorOffset,
      });
    }
  }
  if (problems.length) return { problems };
  const numbers = linesOf(cite.ranges);
  if (numbers.every((n) => source.lines[n - 1]!.trim() === '')) {
    problems.push({
      rule: 'blank-lines',
      severity: 'error',
      message: `${describeRanges(cite.ranges)} of \`${cite.key}\` ${numbers.length === 1 ? 'is' : 'are all'} blank`,
      suggestion: nearestTextHint(source, numbers[0]!),
      offset: cite.locatorOffset,
    });
    return { problems };
  }
  const excerpt: ResolvedCite['excerpt'] = [];
  let previous = 0;
  for (const n of numbers) {
    if (previous !== 0 && n !== previous + 1) excerpt.push({ gap: true });
    excerpt.push({ n, text: source.lines[n - 1]! });
    previous = n;
  }
  return { resolved: { cite, source, ranges: cite.ranges, excerpt, marks: [] }, problems };
}

function nearestTextHint(source: Source, from: number): string {
  for (let d = 1; d < source.lines.length; d++) {
    for (const n of [from + d, from - d]) {
      if (n >= 1 && n <= source.lines.length && source.lines[n - 1]!.trim() !== '') return `the nearest line with text is ${n}`;
    }
  }
  return 'cite a line with text';
}
