/**
 * Claims as search records of their own: a hit in a claim card should open
 * that claim (`/briefings/<slug>/#claim-<slug>`), and its verdict is a filter.
 * The cards are found in the built briefing page by their stable hooks
 * (`data-claim`, `data-verdict`, `id`), so this works with whatever markup
 * the `<Claim>` component renders.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { parse, parseFragment } from 'parse5';
import { select, selectAll } from 'hast-util-select';
import { claimFields, type SearchFields } from './search-fields.ts';

/** A Pagefind custom record (the shape `index.addCustomRecord` takes). */
export interface ClaimRecord {
  url: string;
  content: string;
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
}

const BLOCKS = new Set(['p', 'div', 'section', 'article', 'aside', 'blockquote', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'footer', 'figure', 'figcaption', 'table', 'tr', 'td', 'th', 'br']);

/**
 * Parts of a card that are not its words, as Pagefind leaves them out of a
 * page (`data-pagefind-ignore`, `hidden`, note numbers), and tooltips: a verdict's
 * description is the same in every card with that verdict, and would read
 * into the label before it ("AccurateThe claim is correct…").
 */
const skipped = (el: Element) =>
  el.properties['dataPagefindIgnore'] !== undefined || el.properties['hidden'] !== undefined || el.properties['role'] === 'tooltip' || el.properties['dataFootnoteRef'] !== undefined || el.tagName === 'template';

/** Text of an element, with block boundaries kept as spaces (`<p>a.</p><p>b</p>` is `a. b`, not `a.b`). */
function text(node: Element): string {
  const parts: string[] = [];
  const walk = (n: Element | ElementContent) => {
    if (n.type === 'text') parts.push(n.value);
    else if (n.type === 'element') {
      if (skipped(n)) return;
      const block = BLOCKS.has(n.tagName);
      if (block) parts.push(' ');
      for (const c of n.children) walk(c);
      if (block) parts.push(' ');
    }
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
const attr = (el: Element, name: string) => {
  const value = el.properties[name];
  return Array.isArray(value) ? value.join(' ') : value === undefined || value === null || value === false ? undefined : String(value);
};

/**
 * Where the card states the claim: an explicit hook if the component has one,
 * else the first quotation or heading in the card, else its opening words.
 */
function statement(card: Element): string {
  const own = attr(card, 'dataClaim');
  if (own && own.trim() !== '' && own !== 'true') return own.trim();
  const part = select('[data-claim-text], .claim-text, .claim-statement, q, blockquote, h2, h3, h4', card);
  const words = part ? text(part) : text(card);
  return words.length > 160 ? `${words.slice(0, 157)}…` : words;
}

/** The page around the cards (its language, search fields and title), and each card as its own tree. */
interface PageCards {
  page: Root;
  cards: Element[];
}

/**
 * The parts of the page a record reads (its `<html>` start tag, the search
 * fields' start tag, the first `<h1>`) and each claim card, each parsed on
 * its own: a briefing's text, notes and reference list are most of its bytes,
 * and none of them is read. A card is cut out where its end tag balances its
 * start tag. If a part is missing or not before the first card, or a cut does
 * not parse back into exactly one whole card (a comment or script holding
 * such a tag, an element that cannot stand alone), the whole page is parsed
 * instead. Astro escapes `>` in attribute values, so a start tag ends at the
 * first `>`.
 */
function parseCards(html: string): PageCards {
  const starts = cardStarts(html);
  const first = starts[0] ?? -1;
  const root = /<html\b[^>]*>/.exec(html);
  const fields = html.indexOf(' data-search-fields');
  const h1 = /<h1[\s>]/.exec(html);
  const h1End = html.indexOf('</h1>');
  if (first === -1 || !root || fields === -1 || !h1 || h1End === -1 || Math.max(root.index, fields, h1End) > first) return wholePage(html);
  const cards: Element[] = [];
  let last = 0;
  for (const start of starts) {
    // A `data-claim` inside a card read already (cards do not nest; the check says so).
    if (start < last) continue;
    const card = cardAt(html, start);
    if (!card) return wholePage(html);
    cards.push(card.element);
    last = card.end;
  }
  const fieldsTag = html.slice(html.lastIndexOf('<', fields), html.indexOf('>', fields) + 1);
  const page = `${root[0]}<body>${fieldsTag}</span>${html.slice(h1.index, h1End + '</h1>'.length)}`;
  return { page: fromParse5(parse(page)) as Root, cards };
}

function wholePage(html: string): PageCards {
  const page = fromParse5(parse(html)) as Root;
  return { page, cards: selectAll('[data-claim]', page) };
}

/** Where each tag carrying a `data-claim` attribute starts (or seems to: `cardAt` checks). */
function cardStarts(html: string): number[] {
  const starts: number[] = [];
  for (const m of html.matchAll(/\sdata-claim(?=[\s=>/])/g)) starts.push(html.lastIndexOf('<', m.index));
  return starts;
}

/** The card whose start tag begins at `start`, parsed alone, and where it ends; undefined if the cut is not exactly that card. */
function cardAt(html: string, start: number): { element: Element; end: number } | undefined {
  const name = /^<([a-zA-Z][\w-]*)/.exec(html.slice(start, start + 64))?.[1];
  if (!name) return undefined;
  const tags = new RegExp(`<(/?)${name}(?=[\\s>/])`, 'gi');
  tags.lastIndex = start;
  let depth = 0;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth > 0) continue;
    const end = html.indexOf('>', m.index) + 1;
    if (end === 0) return undefined;
    const fragment = parseFragment(html.slice(start, end), { sourceCodeLocationInfo: true });
    const [node, ...rest] = fragment.childNodes;
    const whole = node && rest.length === 0 && 'attrs' in node && node.attrs.some((a) => a.name === 'data-claim') && node.sourceCodeLocation?.endTag?.endOffset === end - start;
    return whole ? { element: fromParse5(node) as Element, end } : undefined;
  }
  return undefined;
}

/**
 * @param html A built briefing page.
 * @param pageUrl The page's URL as Pagefind stores it (without the site base), e.g. `/briefings/a/`.
 * @returns One record per claim card that has an `id`; none if the page has no claims.
 */
export function claimRecords(html: string, pageUrl: string): ClaimRecord[] {
  // Most pages have no claim; skip parsing them.
  if (!html.includes('data-claim')) return [];
  const { page: tree, cards } = parseCards(html);
  const root = select('html', tree);
  const language = (root && attr(root, 'lang')) || 'en';
  const fieldsEl = select('[data-search-fields]', tree);
  const briefing = fieldsEl ? (JSON.parse(attr(fieldsEl, 'dataSearchFields') ?? '{}') as SearchFields) : undefined;
  const briefingTitle = select('h1', tree);
  const records: ClaimRecord[] = [];
  for (const card of cards) {
    const id = attr(card, 'id');
    if (!id || !briefing) continue;
    const fields = claimFields(briefing, attr(card, 'dataVerdict'));
    const meta: Record<string, string> = { title: statement(card), kind: 'claim' };
    if (fields.date) meta['date'] = fields.date;
    const verdict = attr(card, 'dataVerdict');
    if (verdict) meta['verdict'] = verdict;
    if (briefingTitle) meta['briefing'] = text(briefingTitle);
    records.push({
      url: `${pageUrl}#${encodeURIComponent(id)}`,
      content: text(card),
      language,
      meta,
      filters: { kind: ['claim'], ...fields.filters },
      sort: { date: fields.sortDate },
    });
  }
  return records;
}
