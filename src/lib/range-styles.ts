/**
 * CSS that highlights a cited range when the page is opened at `#L12-L14`,
 * without JavaScript: each multi-line range gets an anchor element with that
 * id, and one `:has(:target)` rule lights its lines.
 */
import { rangeFragment, type LineRange } from './line-ranges.ts';

/**
 * @param ranges Every distinct multi-line range cited on the page.
 * @returns A style sheet (ids are digits and `L`/`-` only: safe to inline).
 */
export function rangeHighlightCss(ranges: readonly LineRange[]): string {
  const rules: string[] = [];
  for (const r of ranges) {
    if (r.start === r.end) continue;
    const lines: string[] = [];
    for (let n = r.start; n <= r.end; n++) lines.push(`#L${n}`);
    rules.push(`main:has(#${rangeFragment(r)}:target) :is(${lines.join(',')}){background:var(--highlight);}`);
  }
  return rules.join('\n');
}
