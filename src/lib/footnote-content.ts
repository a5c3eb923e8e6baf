/**
 * The content of a citation footnote, as mdast nodes carrying hast (`data.hName`,
 * `data.hChildren`) so that any unified pipeline renders the same markup. Every
 * piece of source text goes in as a hast text node, so the serializer escapes it.
 */
import type { ElementContent, Properties } from 'hast';
import type { FootnoteDefinition, Paragraph, PhrasingContent } from 'mdast';
import { describeRanges, formatRanges, rangeFragment, type LineRange } from './line-ranges.ts';
import type { LineSpan } from './quote-match.ts';
import type { ResolvedCite } from './resolve.ts';

/** A cite's short reference, formatted by citation-js in the briefing's style. */
export interface FormattedReference {
  /** The citation, as safe hast (see `cslHtmlToHast`). */
  nodes: ElementContent[];
  /** False when the style's citation leaves the locator out; the footnote then adds it (`locatorNodes`). */
  showsLocator: boolean;
  /** What the footnote adds instead, where whether the style prints the locator is not known yet (a placeholder filled in with the citation: `deferred-references.ts`). */
  locator?: ElementContent[];
}

// The mdast→hast fields that unified and Sätteri both honour (the same
// augmentation `mdast-util-to-hast` ships, declared here so `lib/` needs neither).
declare module 'mdast' {
  interface Data {
    hName?: string;
    hProperties?: Properties;
    hChildren?: ElementContent[];
  }
}

export interface FootnoteOptions {
  /** The site's base path, ending in `/`. */
  base: string;
  /** Astro's `site`, for the absolute URLs print shows; without it they stay root-relative. */
  site?: string | undefined;
  /** Formats the short reference of a cite, with its line locator. */
  reference: (cite: ResolvedCite) => FormattedReference;
}

/**
 * URL of a source page, optionally at a line range.
 * @param base The site's base path, ending in `/`.
 * @param key The source key.
 * @param fragment `L12` or `L12-L14`, without `#`.
 * @returns The path.
 */
export function sourceHref(base: string, key: string, fragment?: string): string {
  return `${base}sources/${encodeURIComponent(key)}/${fragment ? '#' + fragment : ''}`;
}

/**
 * Build the footnote definition for one citation group.
 * @param id The footnote identifier (`cite-3`).
 * @param cites The resolved cites of the group, in order.
 * @param options Base path and reference formatter.
 * @returns An mdast footnote definition.
 */
export function citationFootnote(id: string, cites: readonly ResolvedCite[], options: FootnoteOptions): FootnoteDefinition {
  const children: Paragraph[] = [];
  for (const c of cites) children.push(...citeNodes(c, options));
  return { type: 'footnoteDefinition', identifier: id, label: id, children };
}

function citeNodes(c: ResolvedCite, options: FootnoteOptions): Paragraph[] {
  const reference = options.reference(c);
  const first = c.ranges[0];
  const href = sourceHref(options.base, c.source.key, first ? rangeFragment(first) : undefined);
  const head: ElementContent[] = [];
  if (c.cite.prefix) head.push(span('cite-prefix', c.cite.prefix), text(' '));
  head.push(el('cite', { className: ['cite-ref'] }, reference.nodes));
  if (c.ranges.length && !reference.showsLocator) head.push(...(reference.locator ?? locatorNodes(c.ranges)));
  const nodes: Paragraph[] = [node('p', { className: ['cite-head'] }, head)];
  if (c.excerpt.length) {
    const lines: ElementContent[] = c.excerpt.map((line) =>
      'gap' in line
        ? el('span', { className: ['excerpt-gap'], ariaHidden: 'true' }, [text('\u22ef')])
        : el('span', { className: ['excerpt-line'] }, [
            el('a', { className: ['ln'], href: sourceHref(options.base, c.source.key, `L${line.n}`), ariaLabel: `line ${line.n}` }, [text(String(line.n))]),
            text(' '),
            el('span', { className: ['lt'] }, marked(line.text, c.marks.filter((m) => m.line === line.n))),
          ]),
    );
    nodes.push(
      node(
        'blockquote',
        { className: ['excerpt'], dataSource: c.source.key, dataLines: formatRanges(c.ranges), cite: href },
        lines,
      ),
    );
  }
  nodes.push(tailParagraph(c, href, options.site));
  return nodes;
}

/**
 * @param ranges A cite's lines.
 * @returns What a footnote adds after a citation whose style leaves the lines out (`, l. 23`).
 */
export function locatorNodes(ranges: readonly LineRange[]): ElementContent[] {
  return [text(', '), span('cite-locator', describeRanges(ranges))];
}

/**
 * The suffix and the link to the source, ended by a full stop. GFM appends
 * the back-link to a note's last paragraph, and Sätteri rebuilds that
 * paragraph from its mdast children, so this one is real mdast, holding one
 * inline node that carries its hast. The full stop is text of its own: MDX
 * unwraps a paragraph of nothing but elements, which would leave the
 * back-link outside it (`checked-text.ts` writes the note as MDX).
 */
function tailParagraph(c: ResolvedCite, href: string, site: string | undefined): Paragraph {
  const inner: ElementContent[] = [];
  const original = c.source.meta.URL;
  if (c.cite.suffix) inner.push(span('cite-suffix', c.cite.suffix), text(' '));
  // On paper a link is only its text: print shows these full URLs after it.
  const link = { href, className: ['cite-source-link'], dataPrintUrl: site ? new URL(href, site).href : href, ...(original ? { dataOriginalUrl: original } : {}) };
  inner.push(el('a', link, [text(c.ranges.length ? `View ${describeRanges(c.ranges)} in the source` : 'View the source')]));
  const tail: PhrasingContent = { type: 'emphasis', children: [], data: { hName: 'span', hProperties: { className: ['cite-tail'] }, hChildren: inner } };
  return { type: 'paragraph', children: [tail, { type: 'text', value: '.' }] };
}

/** A line's text with the quoted spans wrapped in `<mark>`. */
function marked(value: string, spans: readonly LineSpan[]): ElementContent[] {
  if (spans.length === 0) return [text(value)];
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: ElementContent[] = [];
  let at = 0;
  for (const s of sorted) {
    const start = Math.max(s.start, at);
    if (s.end <= start) continue;
    if (start > at) out.push(text(value.slice(at, start)));
    out.push(el('mark', {}, [text(value.slice(start, s.end))]));
    at = s.end;
  }
  if (at < value.length) out.push(text(value.slice(at)));
  return out;
}

/** An mdast paragraph that renders as an arbitrary hast element. */
function node(tagName: string, properties: Properties, children: ElementContent[]): Paragraph {
  return { type: 'paragraph', children: [], data: { hName: tagName, hProperties: properties, hChildren: children } };
}

function el(tagName: string, properties: Properties, children: ElementContent[]): ElementContent {
  return { type: 'element', tagName, properties, children };
}

function span(className: string, value: string): ElementContent {
  return el('span', { className: [className] }, [text(value)]);
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}
