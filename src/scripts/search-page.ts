/**
 * The search page: a form over Pagefind's JS API. The query, order and
 * filters live in the URL (`/search/?q=…&kind=source&sort=date:desc`) so a
 * search can be shared; results lead to the exact source line or claim.
 */
import { hitOf, type ResultData } from '../lib/search-hits.ts';

interface PagefindSearch {
  results: { id: string; data: () => Promise<ResultData> }[];
  unfilteredResultCount: number;
  /** Matches per filter value for this query, with the other filters applied. */
  filters?: Record<string, Record<string, number>>;
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
  mergeIndex(url: string, o: Record<string, unknown>): Promise<void>;
  search(q: string | null, o: Record<string, unknown>): Promise<PagefindSearch>;
  debouncedSearch(q: string | null, o: Record<string, unknown>, ms?: number): Promise<PagefindSearch | null>;
}

/** Filter groups in the order readers meet them, with their labels. */
const GROUPS: [string, string][] = [
  ['kind', 'Kind'],
  ['verdict', 'Verdict'],
  ['tag', 'Tag'],
  ['publisher', 'Publisher'],
  ['year', 'Year'],
];
const KIND_LABEL: Record<string, string> = { briefing: 'Briefing', source: 'Source', claim: 'Claim' };
const PAGE_SIZE = 10;

const form = document.getElementById('search-form') as HTMLFormElement;
const input = document.getElementById('search-q') as HTMLInputElement;
const sort = document.getElementById('search-sort') as HTMLSelectElement;
const filterBox = document.getElementById('search-filters') as HTMLDivElement;
const status = document.getElementById('search-status') as HTMLParagraphElement;
const list = document.getElementById('search-results') as HTMLOListElement;
const more = document.getElementById('search-more') as HTMLButtonElement;
const bundle = form.dataset['bundle']!;
form.hidden = false;
document.getElementById('search-nojs')!.hidden = true;

const loading: Promise<Pagefind> = (async () => {
  const pagefind = (await import(/* @vite-ignore */ `${bundle}pagefind.js`)) as Pagefind;
  await pagefind.options({ excerptLength: 30 });
  await pagefind.init();
  // Each language has its own index (and stemmer); search them all.
  const entry = (await (await fetch(`${bundle}pagefind-entry.json`)).json()) as { languages: Record<string, unknown> };
  const own = (document.documentElement.lang || 'en').toLowerCase();
  const absolute = new URL(bundle, location.href).href;
  // The same bundle by its absolute URL, since Pagefind skips merging its primary path.
  const baseUrl = bundle.replace(/pagefind\/$/, '');
  for (const language of Object.keys(entry.languages)) {
    if (language !== own && language !== own.split('-')[0]) await pagefind.mergeIndex(absolute, { language, baseUrl });
  }
  return pagefind;
})();

let shown: PagefindSearch['results'] = [];
let generation = 0;
let rendered = 0;

/** The filters ticked in the form, as Pagefind wants them. */
function selectedFilters(): Record<string, string[]> {
  const chosen: Record<string, string[]> = {};
  for (const box of filterBox.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')) {
    (chosen[box.name] ??= []).push(box.value);
  }
  return chosen;
}

function syncUrl(): void {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set('q', input.value.trim());
  if (sort.value) params.set('sort', sort.value);
  for (const [name, values] of Object.entries(selectedFilters())) for (const v of values) params.append(name, v);
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

async function renderFilters(wanted: URLSearchParams): Promise<void> {
  const pagefind = await loading;
  const available = await pagefind.filters();
  filterBox.replaceChildren();
  for (const [name, label] of GROUPS) {
    const values = available[name];
    if (!values || Object.keys(values).length === 0) continue;
    const set = document.createElement('fieldset');
    set.className = `search-filter filter-${name}`;
    const legend = document.createElement('legend');
    legend.textContent = label;
    set.append(legend);
    const entries = Object.entries(values).sort(([a], [b]) => (name === 'year' ? b.localeCompare(a) : a.localeCompare(b)));
    for (const [value, count] of entries) {
      const row = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = name;
      box.value = value;
      box.checked = wanted.getAll(name).includes(value);
      row.append(box, ` ${name === 'kind' ? (KIND_LABEL[value] ?? value) : value} `);
      const n = document.createElement('span');
      n.className = 'count';
      n.textContent = `(${count})`;
      row.append(n);
      set.append(row);
    }
    filterBox.append(set);
  }
}

function describe(data: ResultData, line: number | undefined): string {
  const kind = data.meta['kind'] ?? '';
  const parts = [KIND_LABEL[kind] ?? kind];
  if (line !== undefined) parts.push(`line ${line}`);
  if (data.meta['verdict']) parts.push(`verdict: ${data.meta['verdict']}`);
  if (data.meta['briefing']) parts.push(`in ${data.meta['briefing']}`);
  const publisher = data.filters?.['publisher']?.[0];
  if (publisher) parts.push(publisher);
  if (data.meta['date']) parts.push(data.meta['date']);
  return parts.join(' · ');
}

async function renderMore(): Promise<void> {
  const batch = shown.slice(rendered, rendered + PAGE_SIZE);
  const datas = await Promise.all(batch.map((r) => r.data()));
  for (const data of datas) {
    const hit = hitOf(data);
    const item = document.createElement('li');
    item.className = 'search-result';
    // Hooks for themes and tests: what the result is and the date it sorts by.
    item.dataset['kind'] = data.meta['kind'] ?? 'page';
    item.dataset['date'] = data.meta['date'] ?? '';
    const heading = document.createElement('h2');
    const link = document.createElement('a');
    link.href = hit.url;
    link.textContent = hit.line !== undefined ? `${hit.title}, l. ${hit.line}` : hit.title;
    heading.append(link);
    const meta = document.createElement('p');
    meta.className = 'search-result-meta';
    meta.textContent = describe(data, hit.line);
    const excerpt = document.createElement('p');
    excerpt.className = 'search-result-excerpt';
    // Pagefind's excerpts and ours are escaped HTML with <mark> around matches.
    excerpt.innerHTML = hit.excerptHtml;
    item.append(heading, meta, excerpt);
    list.append(item);
  }
  rendered += batch.length;
  more.hidden = rendered >= shown.length;
}

async function runSearch(): Promise<void> {
  // Busy from the keystroke until the results are in: assistive tech and tests wait on it.
  list.setAttribute('aria-busy', 'true');
  syncUrl();
  const q = input.value.trim();
  const filters = selectedFilters();
  if (!q && Object.keys(filters).length === 0) {
    shown = [];
    rendered = 0;
    list.replaceChildren();
    more.hidden = true;
    status.textContent = '';
    list.setAttribute('aria-busy', 'false');
    return;
  }
  const pagefind = await loading;
  const options: Record<string, unknown> = { filters };
  if (sort.value) {
    const [key, direction] = sort.value.split(':');
    options['sort'] = { [key!]: direction };
  }
  const mine = ++generation;
  const search = await pagefind.debouncedSearch(q || null, options, 200);
  if (search === null) return; // a newer search has started
  let ordered = search.results;
  // Pagefind ranks pages by their words; when the words also occur as a phrase, those places come first.
  if (!sort.value && /\s/.test(q) && !q.includes('"')) {
    const phrase = await pagefind.search(`"${q}"`, options);
    const first = new Set(phrase.results.map((r) => r.id));
    ordered = [...phrase.results, ...search.results.filter((r) => !first.has(r.id))];
  }
  if (mine !== generation) return;
  // Counts beside each filter follow the query.
  for (const box of filterBox.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) {
    const count = box.parentElement?.querySelector('.count');
    if (count && search.filters) count.textContent = `(${search.filters[box.name]?.[box.value] ?? 0})`;
  }
  shown = ordered;
  rendered = 0;
  list.replaceChildren();
  await renderMore();
  const n = shown.length;
  status.textContent = n === 0 ? `No results for “${q}”.` : `${n} result${n === 1 ? '' : 's'}${q ? ` for “${q}”` : ''}.`;
  list.setAttribute('aria-busy', 'false');
}

/** Arrow keys move between the search field and the result links. */
function onKeys(event: KeyboardEvent): void {
  const links = [...list.querySelectorAll<HTMLAnchorElement>('.search-result h2 a')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  let target: HTMLElement | undefined;
  if (event.key === 'ArrowDown') target = at < 0 && document.activeElement === input ? links[0] : links[Math.min(at + 1, links.length - 1)];
  else if (event.key === 'ArrowUp') target = at <= 0 ? input : links[at - 1];
  else if (event.key === 'Escape' && at >= 0) target = input;
  else if (event.key === 'Home' && at >= 0) target = links[0];
  else if (event.key === 'End' && at >= 0) target = links[links.length - 1];
  if (target && (document.activeElement === input || at >= 0)) {
    event.preventDefault();
    target.focus();
    if (target !== input) target.scrollIntoView({ block: 'nearest' });
  }
}

const params = new URLSearchParams(location.search);
input.value = params.get('q') ?? '';
sort.value = [...sort.options].some((o) => o.value === params.get('sort')) ? (params.get('sort') ?? '') : '';
form.addEventListener('submit', (e) => {
  e.preventDefault();
  void runSearch().catch(failed);
});
/** Say what went wrong instead of failing silently (e.g. `astro dev`, which builds no index). */
function failed(error: unknown): void {
  list.setAttribute('aria-busy', 'false');
  status.textContent = `Search is unavailable: the index did not load (${error instanceof Error ? error.message : String(error)}). It is built by npm run build.`;
}

input.addEventListener('input', () => void runSearch().catch(failed));
form.addEventListener('change', () => void runSearch().catch(failed));
more.addEventListener('click', () => {
  const first = rendered;
  void renderMore().then(() => list.querySelectorAll<HTMLAnchorElement>('.search-result h2 a')[first]?.focus());
});
document.addEventListener('keydown', onKeys);
void renderFilters(params).then(runSearch).catch(failed);
if (!params.get('q')) input.focus();
