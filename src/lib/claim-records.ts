/**
 * Claims as search records of their own: a hit in a claim card should open
 * that claim (`/briefings/<slug>/#claim-<slug>`), and its verdict is a filter.
 * The cards are found in the built briefing page by their stable hooks
 * (`data-claim`, `data-verdict`, `id`), so this works with whatever markup
 * the `<Claim>` component renders.
 *
 * The markup is parsed with htmlparser2, not parse5: the cards are the
 * build's own output, and a build parses 2,000 of them on the bench corpus
 * (7.5 MB) as its last pages are written. parse5 and hast took 0.6–1.2 s
 * of that thread; htmlparser2 and its DOM take 0.2 s.
 */
import { hasChildren, isTag, isText, type AnyNode, type Document, type Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
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
  el.attribs['data-pagefind-ignore'] !== undefined || el.attribs['hidden'] !== undefined || el.attribs['role'] === 'tooltip' || el.attribs['data-footnote-ref'] !== undefined || el.name === 'template';

/** Text of an element, with block boundaries kept as spaces (`<p>a.</p><p>b</p>` is `a. b`, not `a.b`). */
function text(node: Element): string {
  const parts: string[] = [];
  const walk = (n: AnyNode) => {
    if (isText(n)) parts.push(n.data);
    else if (isTag(n)) {
      if (skipped(n)) return;
      const block = BLOCKS.has(n.name);
      if (block) parts.push(' ');
      for (const c of n.children) walk(c);
      if (block) parts.push(' ');
    }
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
const attr = (el: Element, name: string): string | undefined => el.attribs[name];
const hasClass = (el: Element, name: string) => (el.attribs['class'] ?? '').split(/\s+/).includes(name);

/** The first element in document order under `root` (itself included) that passes `test`. */
function first(root: AnyNode, test: (el: Element) => boolean): Element | undefined {
  if (isTag(root) && test(root)) return root;
  return hasChildren(root) ? (DomUtils.findOne(test, root.children, true) ?? undefined) : undefined;
}

/** Where a card may state its claim (see `statement`). */
const STATEMENT_TAGS = new Set(['q', 'blockquote', 'h2', 'h3', 'h4']);
const statesClaim = (el: Element) => el.attribs['data-claim-text'] !== undefined || hasClass(el, 'claim-text') || hasClass(el, 'claim-statement') || STATEMENT_TAGS.has(el.name);

/**
 * Where the card states the claim: an explicit hook if the component has one,
 * else the first quotation or heading in the card, else its opening words.
 */
function statement(card: Element): string {
  const own = attr(card, 'data-claim');
  if (own && own.trim() !== '' && own !== 'true') return own.trim();
  const part = first(card, statesClaim);
  const words = part ? text(part) : text(card);
  return words.length > 160 ? `${words.slice(0, 157)}…` : words;
}

/** The page around the cards (its language, search fields and title), and each card as its own tree. */
interface PageCards {
  page: Document;
  cards: Element[];
}

/**
 * The parts of a page a record reads, cut out of its HTML: the page's
 * `<html>` start tag, the search fields' element and the first `<h1>`, as a
 * small page of their own, and each claim card's markup. A briefing's text,
 * notes and reference list are most of its bytes, and none of them is read.
 */
export interface CutCards {
  page: string;
  cards: string[];
}

/**
 * Cut a page's claim cards out of it (`CutCards`), without parsing anything.
 * A card ends where its end tag balances its start tag. Astro escapes `>` in
 * attribute values, so a start tag ends at the first `>`.
 * @param html A built briefing page.
 * @returns The cut, or undefined if a part is missing, not before the first card, or a card never ends (the page is then parsed whole).
 */
export function cutCards(html: string): CutCards | undefined {
  const starts = cardStarts(html);
  // A page without cards has nothing to cut.
  if (starts.length === 0) return { page: '', cards: [] };
  const first = starts[0]!;
  const root = /<html\b[^>]*>/.exec(html);
  const fields = html.indexOf(' data-search-fields');
  const h1 = /<h1[\s>]/.exec(html);
  const h1End = html.indexOf('</h1>');
  if (!root || fields === -1 || !h1 || h1End === -1 || Math.max(root.index, fields, h1End) > first) return undefined;
  const cards: string[] = [];
  let last = 0;
  for (const start of starts) {
    // A `data-claim` inside a card cut already (cards do not nest; the check says so).
    if (start < last) continue;
    const end = cardEnd(html, start);
    if (end === undefined) return undefined;
    cards.push(html.slice(start, end));
    last = end;
  }
  const fieldsTag = html.slice(html.lastIndexOf('<', fields), html.indexOf('>', fields) + 1);
  return { page: `${root[0]}<body>${fieldsTag}</span>${html.slice(h1.index, h1End + '</h1>'.length)}`, cards };
}

/**
 * Parse what `cutCards` cut.
 * @param cut The cut.
 * @returns The trees, or undefined if a cut does not parse back into exactly one whole card (a comment or script holding such a tag, an element that cannot stand alone).
 */
function parseCut(cut: CutCards): PageCards | undefined {
  const cards: Element[] = [];
  for (const markup of cut.cards) {
    const card = parseCard(markup);
    if (!card) return undefined;
    cards.push(card);
  }
  return { page: parseDocument(cut.page), cards };
}

function wholePage(html: string): PageCards {
  const page = parseDocument(html);
  return { page, cards: DomUtils.findAll((el) => el.attribs['data-claim'] !== undefined, page.children) };
}

/** Where each tag carrying a `data-claim` attribute starts (or seems to: `parseCard` checks). */
function cardStarts(html: string): number[] {
  const starts: number[] = [];
  for (const m of html.matchAll(/\sdata-claim(?=[\s=>/])/g)) starts.push(html.lastIndexOf('<', m.index));
  return starts;
}

/** Where the element whose start tag begins at `start` ends, by its tags alone; undefined if it does not. */
function cardEnd(html: string, start: number): number | undefined {
  const name = /^<([a-zA-Z][\w-]*)/.exec(html.slice(start, start + 64))?.[1];
  if (!name) return undefined;
  const tags = new RegExp(`<(/?)${name}(?=[\\s>/])`, 'gi');
  tags.lastIndex = start;
  let depth = 0;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth > 0) continue;
    const end = html.indexOf('>', m.index) + 1;
    return end === 0 ? undefined : end;
  }
  return undefined;
}

/** A card's markup as a tree, if it is exactly one whole element carrying `data-claim`. */
function parseCard(markup: string): Element | undefined {
  const [node, ...rest] = parseDocument(markup, { withEndIndices: true }).children;
  // Its end tag is the markup's last: an element left open (its end tag in a comment, say) ends one past it.
  const whole = node && rest.length === 0 && isTag(node) && node.attribs['data-claim'] !== undefined && node.endIndex === markup.length - 1;
  return whole ? node : undefined;
}

/**
 * @param html A built briefing page.
 * @param pageUrl The page's URL as Pagefind stores it (without the site base), e.g. `/briefings/a/`.
 * @returns One record per claim card that has an `id`; none if the page has no claims.
 */
export function claimRecords(html: string, pageUrl: string): ClaimRecord[] {
  // Most pages have no claim; skip parsing them.
  if (!html.includes('data-claim')) return [];
  const cut = cutCards(html);
  return recordsOf((cut && parseCut(cut)) ?? wholePage(html), pageUrl);
}

/**
 * @param cut A page's cards as `cutCards` cut them.
 * @param pageUrl As for `claimRecords`.
 * @returns Its records, or undefined if the cut does not parse back into whole cards (read the whole page with `claimRecords` then).
 */
export function cutClaimRecords(cut: CutCards, pageUrl: string): ClaimRecord[] | undefined {
  if (cut.cards.length === 0) return [];
  const parsed = parseCut(cut);
  return parsed && recordsOf(parsed, pageUrl);
}

function recordsOf({ page: tree, cards }: PageCards, pageUrl: string): ClaimRecord[] {
  const root = first(tree, (el) => el.name === 'html');
  const language = (root && attr(root, 'lang')) || 'en';
  const fieldsEl = first(tree, (el) => el.attribs['data-search-fields'] !== undefined);
  const briefing = fieldsEl ? (JSON.parse(attr(fieldsEl, 'data-search-fields') || '{}') as SearchFields) : undefined;
  const titleEl = first(tree, (el) => el.name === 'h1');
  const briefingTitle = titleEl ? text(titleEl) : undefined;
  const records: ClaimRecord[] = [];
  for (const card of cards) {
    const id = attr(card, 'id');
    if (!id || !briefing) continue;
    const verdict = attr(card, 'data-verdict');
    const fields = claimFields(briefing, verdict);
    const meta: Record<string, string> = { title: statement(card), kind: 'claim' };
    if (fields.date) meta['date'] = fields.date;
    if (verdict) meta['verdict'] = verdict;
    if (briefingTitle !== undefined) meta['briefing'] = briefingTitle;
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
