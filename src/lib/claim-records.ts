/**
 * Claims as search records of their own: a hit in a claim card should open
 * that claim (`/briefings/<slug>/#claim-<slug>`), and its verdict is a filter.
 * The cards are found in the built briefing page by their stable hooks
 * (`data-claim`, `data-verdict`, `id`), so this works with whatever markup
 * the `<Claim>` component renders.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
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

/** Text of an element, with block boundaries kept as spaces (`<p>a.</p><p>b</p>` is `a. b`, not `a.b`). */
function text(node: Element): string {
  const parts: string[] = [];
  const walk = (n: Element | ElementContent) => {
    if (n.type === 'text') parts.push(n.value);
    else if (n.type === 'element') {
      const block = BLOCKS.has(n.tagName);
      if (block) parts.push(' ');
      if (n.tagName !== 'template') for (const c of n.children) walk(c);
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

type P5Node = DefaultTreeAdapterMap['node'];

/**
 * The page, parsed up to the end of its last claim card. A briefing's notes
 * and reference list follow its text and are most of its bytes (half of a
 * typical page), so the parse stops at the first `<section` after the last
 * card starts, unless that cut falls inside a card: then the whole page is
 * parsed. No positions are kept, which also halves the work.
 */
function parseThroughCards(html: string): Root {
  const cut = html.indexOf('<section', html.lastIndexOf('data-claim'));
  if (cut !== -1) {
    const head = parse(html.slice(0, cut), { sourceCodeLocationInfo: true });
    if (cardsClosed(head)) return fromParse5(head) as Root;
  }
  return fromParse5(parse(html)) as Root;
}

/** Whether every claim card in a parse of a page's beginning ended with its own end tag (none was cut off). */
function cardsClosed(node: P5Node): boolean {
  if ('attrs' in node && node.attrs.some((a) => a.name === 'data-claim') && !node.sourceCodeLocation?.endTag) return false;
  const children = 'childNodes' in node ? node.childNodes : [];
  return children.every(cardsClosed);
}

/**
 * @param html A built briefing page.
 * @param pageUrl The page's URL as Pagefind stores it (without the site base), e.g. `/briefings/a/`.
 * @returns One record per claim card that has an `id`; none if the page has no claims.
 */
export function claimRecords(html: string, pageUrl: string): ClaimRecord[] {
  // Most pages have no claim; skip parsing them.
  if (!html.includes('data-claim')) return [];
  const tree = parseThroughCards(html);
  const root = select('html', tree);
  const language = (root && attr(root, 'lang')) || 'en';
  const fieldsEl = select('[data-search-fields]', tree);
  const briefing = fieldsEl ? (JSON.parse(attr(fieldsEl, 'dataSearchFields') ?? '{}') as SearchFields) : undefined;
  const briefingTitle = select('h1', tree);
  const records: ClaimRecord[] = [];
  for (const card of selectAll('[data-claim]', tree)) {
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
