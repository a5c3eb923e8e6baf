/**
 * A source page's numbered lines, with the anchors of cited ranges and the
 * briefings citing each, as one HTML string for `<Fragment set:html>`.
 *
 * Written as Astro markup, each line was a few elements for Astro to render
 * one by one; at 10,000 sources of 40 lines that is 1.5 million elements, the
 * largest part of rendering a source page. Every piece of source text and
 * every title goes through html-escaper, as Astro's own `{expressions}` do.
 *
 * A line is `<li id="L12"><a href="#L12">12</a>text</li>` and no more: this
 * markup is repeated 440,000 times in a 10,000-source archive, and Pagefind
 * reads every byte and every element of it (a `<span>` around the text cost it
 * 2 CPU-seconds there). The stylesheet and the scripts find the number by
 * position (`.source-lines > li > a`); the text is the list item's own, laid
 * out as the grid's anonymous item; and the list item gives the number its
 * meaning to a screen reader (the link's context).
 */
import { escape } from 'html-escaper';
import type { CitingBriefing } from './citation-index.ts';
import { describeRanges, rangeFragment, type LineRange } from './line-ranges.ts';

/**
 * The cited ranges that span more than one line, by fragment (`L3-L5`): each
 * gets an anchor at its first line and a highlight rule (`range-styles.ts`).
 * @param citing The citations of the source.
 * @returns The ranges, each once.
 */
export function multiLineRanges(citing: readonly CitingBriefing[]): Map<string, LineRange> {
  const ranges = new Map<string, LineRange>();
  for (const c of citing) for (const r of c.ranges) if (r.end > r.start) ranges.set(rangeFragment(r), r);
  return ranges;
}

/**
 * @param lines The source's lines; index 0 is line 1.
 * @param citing The citations of the source, newest briefing first.
 * @param base The site's base path, ending in `/`.
 * @param multiLine `multiLineRanges(citing)`, if the page has it already (for its highlight rules).
 * @returns The `<li>` of every line, for `<ol class="source-lines">`.
 */
export function sourceLinesHtml(lines: readonly string[], citing: readonly CitingBriefing[], base: string, multiLine = multiLineRanges(citing)): string {
  // One note per distinct cited range, at the range's first line, listing every briefing that cites it.
  const byStart = new Map<number, Map<string, { range: LineRange; briefings: CitingBriefing[] }>>();
  const cited = new Set<number>();
  for (const c of citing) {
    for (const range of c.ranges) {
      for (let n = range.start; n <= range.end; n++) cited.add(n);
      const at = byStart.get(range.start) ?? new Map<string, { range: LineRange; briefings: CitingBriefing[] }>();
      byStart.set(range.start, at);
      const id = rangeFragment(range);
      const entry = at.get(id) ?? { range, briefings: [] };
      at.set(id, entry);
      if (!entry.briefings.some((b) => b.slug === c.slug && b.footnote === c.footnote)) entry.briefings.push(c);
    }
  }
  const anchorsAt = new Map<number, string[]>();
  for (const [id, r] of multiLine) anchorsAt.set(r.start, [...(anchorsAt.get(r.start) ?? []), id]);

  let html = '';
  lines.forEach((text, i) => {
    const n = i + 1;
    html += cited.has(n) ? `<li id="L${n}" class="cited">` : `<li id="L${n}">`;
    for (const id of anchorsAt.get(n) ?? []) html += `<span id="${escape(id)}" class="range-anchor"></span>`;
    html += `<a href="#L${n}">${n}</a>${escape(text)}`;
    for (const { range, briefings } of byStart.get(n)?.values() ?? []) {
      const where = escape(describeRanges([range]));
      html += `<aside class="cited-by" aria-label="Briefings citing ${where}"><span class="cited-by-label">Cited at ${where} in </span><ul>`;
      for (const b of briefings) {
        html += `<li><a href="${escape(`${base}briefings/${b.slug}/#user-content-fn-${b.footnote}`)}">${escape(b.title)}, note ${b.number}</a></li>`;
      }
      html += '</ul></aside>';
    }
    html += '</li>';
  });
  return html;
}
