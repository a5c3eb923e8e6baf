import * as pagefind from 'pagefind';
import { afterAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSearchIndex, ensure, SearchIndexError } from '../../src/integration/search-index.ts';
import { claimRecords } from '../../src/lib/claim-records.ts';
import { bundleFiles, decodeCbor } from '../../src/lib/pagefind-bundle.ts';
import { briefingFields, sortableDate, sourceFields, UNDATED } from '../../src/lib/search-fields.ts';
import { bestLine, hitOf, markedExcerpt, type ResultData } from '../../src/lib/search-hits.ts';

describe('search fields', () => {
  test.each([
    ['2022', '2022-00-00'],
    ['2022-01', '2022-01-00'],
    ['2022-01-10', '2022-01-10'],
    [undefined, UNDATED],
  ])('sort key of %s is %s', (iso, key) => {
    expect(sortableDate(iso)).toBe(key);
  });

  test('partial dates sort before the days of their year and month', () => {
    const keys = ['2022-01-10', '2022', '2021-12-31', '2022-01'].map(sortableDate).sort();
    expect(keys).toEqual(['2021-12-31', '2022-00-00', '2022-01-00', '2022-01-10']);
  });

  test('a source is filtered by its outlet, else its publisher, and dated by issue, else by saving', () => {
    expect(sourceFields({ 'container-title': 'RT', publisher: 'TV-Novosti', issued: '2022-01-09' })).toEqual({
      kind: 'source',
      filters: { publisher: ['RT'], year: ['2022'] },
      sortDate: '2022-01-09',
      date: '2022-01-09',
    });
    expect(sourceFields({ publisher: 'Ministry', accessed: '2024-02-01' })).toEqual({
      kind: 'source',
      filters: { publisher: ['Ministry'] },
      sortDate: '2024-02-01',
      date: '2024-02-01',
    });
    expect(sourceFields({}).sortDate).toBe(UNDATED);
  });

  test('a briefing is filtered by tag and year', () => {
    expect(briefingFields({ date: '2022-01-11', tags: ['CSTO', 'Kazakhstan'] }).filters).toEqual({ tag: ['CSTO', 'Kazakhstan'], year: ['2022'] });
    expect(briefingFields({ date: '2022-01-11', tags: [] }).filters).toEqual({ year: ['2022'] });
  });
});

// A source page as Pagefind sees it: title, then one anchor per line.
const content = 'A title here Troops arrived on Monday. The toll rose to 18 police officers. Troops left on Friday, said officials.';
const words = content.split(' ');
const at = (word: string, from = 0) => words.indexOf(word, from);
const anchors = [
  { element: 'li', id: 'L1', location: at('Troops') },
  { element: 'span', id: 'L2-L3', location: at('The') },
  { element: 'li', id: 'L2', location: at('The') },
  { element: 'li', id: 'L3', location: at('Troops', at('The')) },
];

describe('the line a source hit leads to', () => {
  test('is the line holding the most distinct query words, not the one repeating one word', () => {
    // "troops officers": L1 and L3 have "troops"; only L2 has "officers"; L3 has "troops" and "officials".
    const locations = [at('Troops'), at('officers.'), at('Troops', at('The'))];
    expect(bestLine({ content, locations, anchors })?.line).toBe(1);
    const both = [at('toll'), at('officers.'), at('Troops')];
    expect(bestLine({ content, locations: both, anchors })?.line).toBe(2);
  });

  test('ignores range anchors and matches before the first line', () => {
    expect(bestLine({ content, locations: [at('title')], anchors })).toBeUndefined();
    expect(bestLine({ content, locations: [at('rose')], anchors })).toEqual({ line: 2, from: at('The'), to: at('Troops', at('The')) });
  });

  test('the excerpt is that line, escaped, with the matches marked', () => {
    const html = markedExcerpt('a <b> & c d', [1, 3], 0, 5);
    expect(html).toBe('a <mark>&lt;b&gt;</mark> &amp; <mark>c</mark> d');
    const long = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    expect(markedExcerpt(long, [50], 0, 100, 10)).toBe('… w48 w49 <mark>w50</mark> w51 w52 w53 w54 w55 w56 w57 …');
  });

  test('a source result opens the line; a briefing its best section', () => {
    const source: ResultData = { url: '/archive/sources/rt/', excerpt: '', content, locations: [at('toll')], anchors, meta: { title: 'RT', kind: 'source' } };
    expect(hitOf(source)).toMatchObject({ url: '/archive/sources/rt/#L2', line: 2, title: 'RT' });
    const briefing: ResultData = {
      url: '/briefings/a/',
      excerpt: 'page',
      content,
      locations: [],
      anchors: [],
      meta: { title: 'A', kind: 'briefing' },
      sub_results: [
        { url: '/briefings/a/', title: 'A', excerpt: 'top', locations: [1] },
        { url: '/briefings/a/#toll', title: 'Toll', excerpt: 'toll', locations: [5, 6], anchor: { element: 'h2', id: 'toll', location: 4 } },
      ],
    };
    expect(hitOf(briefing)).toEqual({ url: '/briefings/a/#toll', title: 'A', excerptHtml: 'toll' });
  });
});

describe('claim records', () => {
  const page = (cards: string) =>
    `<!doctype html><html lang="de"><body><main data-pagefind-body><span hidden data-search-fields='${JSON.stringify(
      briefingFields({ date: '2024-03-07', tags: ['Bridges'] }),
    )}'></span><h1>A briefing</h1>${cards}</main></body></html>`;

  test('each card with an id becomes a record that opens it, filtered by verdict', () => {
    const html = page(
      '<section id="claim-cost" data-claim data-verdict="false"><p class="claim-text">It cost <b>ten</b> million.</p><p>It cost 1.2 million.</p></section><div data-claim data-verdict="accurate">no id</div>',
    );
    expect(claimRecords(html, '/briefings/a/')).toEqual([
      {
        url: '/briefings/a/#claim-cost',
        content: 'It cost ten million. It cost 1.2 million.',
        language: 'de',
        meta: { title: 'It cost ten million.', kind: 'claim', date: '2024-03-07', verdict: 'false', briefing: 'A briefing' },
        filters: { kind: ['claim'], tag: ['Bridges'], year: ['2024'], verdict: ['false'] },
        sort: { date: '2024-03-07' },
      },
    ]);
  });

  test('notes after the last card are left unparsed, and a card holding a section is read whole', () => {
    const card = (id: string, inner: string) => `<article id="${id}" data-claim data-verdict="false"><p class="claim-text">Claim ${id}.</p>${inner}</article>`;
    const notes = '<section data-footnotes><p>A note.</p></section>';
    const plain = claimRecords(page(card('a', '<p>Checked.</p>') + notes), '/briefings/a/');
    expect(plain.map((r) => r.content)).toEqual(['Claim a. Checked.']);
    // The cut at the first `<section` would fall inside this card.
    const nested = claimRecords(page(card('a', '<p>Checked.</p>') + card('b', '<section><p>Evidence.</p></section><p>After.</p>') + notes), '/briefings/a/');
    expect(nested.map((r) => r.content)).toEqual(['Claim a. Checked.', 'Claim b. Evidence. After.']);
  });

  test('a card whose end tag cannot be found by counting tags is read from the whole page', () => {
    const card = (id: string, inner: string) => `<article id="${id}" data-claim data-verdict="false"><p class="claim-text">Claim ${id}.</p>${inner}</article>`;
    // The comment's `</article>` would end the cut early, inside the card.
    const html = page(card('a', '<!-- </article> --><p>Checked.</p>') + card('b', '<p>Also.</p>'));
    expect(claimRecords(html, '/briefings/a/').map((r) => [r.url, r.content, r.meta['briefing']])).toEqual([
      ['/briefings/a/#a', 'Claim a. Checked.', 'A briefing'],
      ['/briefings/a/#b', 'Claim b. Also.', 'A briefing'],
    ]);
  });

  test('a record holds the card’s words, not its tooltips, note numbers, line numbers or hidden parts', () => {
    const html = page(
      '<article id="claim-cost" data-claim data-verdict="false"><header><a href="/claims/false/"><span class="sr-only">Verdict: </span><span>False</span></a><span role="tooltip">Not accurate.</span></header>' +
        '<p class="claim-text">It cost ten million.<sup><a href="#user-content-fn-1" data-footnote-ref>1</a></sup></p><blockquote data-source="s" data-lines="50"><span><a href="/sources/s/#L50" data-pagefind-ignore>50</a> <span>The bridge cost 1.2 million.</span></span></blockquote><span hidden>kept aside</span></article>',
    );
    expect(claimRecords(html, '/briefings/a/').map((r) => r.content)).toEqual(['Verdict: False It cost ten million. The bridge cost 1.2 million.']);
  });

  test('a page without claims gives none', () => {
    expect(claimRecords(page('<p>No claims.</p>'), '/briefings/a/')).toEqual([]);
  });
});

describe('Pagefind errors', () => {
  afterAll(() => pagefind.close());

  test('stop the build with Pagefind’s own message', async () => {
    const { index } = await pagefind.createIndex();
    const response = await index!.addHTMLFile({ content: '<p>no URL</p>' });
    expect(() => ensure(response, 'index a page')).toThrow(SearchIndexError);
    expect(() => ensure(response, 'index a page')).toThrow(/^Pagefind failed to index a page: .*url/);
  });

  test('a briefing that cannot be read for claims stops the index with one error, after cards already sent', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'attest-index-'));
    try {
      const card = '<article id="claim-a" data-claim data-verdict="false"><p class="claim-text">It cost ten million.</p></article>';
      const briefing = (fields: string) => `<!doctype html><html lang="en"><body><main data-pagefind-body><span hidden data-search-fields='${fields}'></span><h1>A</h1>${card}</main></body></html>`;
      for (const [slug, fields] of [['a', JSON.stringify(briefingFields({ date: '2024-03-07', tags: [] }))], ['b', '{not json']]) {
        mkdirSync(path.join(out, 'briefings', slug!), { recursive: true });
        writeFileSync(path.join(out, 'briefings', slug!, 'index.html'), briefing(fields!));
      }
      writeFileSync(path.join(out, 'index.html'), '<!doctype html><html lang="en"><body><p>Home</p></body></html>');
      const pages = [{ pathname: '/' }, { pathname: '/briefings/a/' }, { pathname: '/briefings/b/' }];
      // Briefing a's card is with Pagefind when b fails: closing Pagefind must not leave its reply unhandled.
      await expect(buildSearchIndex(pathToFileURL(out + path.sep), pages, { info: () => {}, warn: () => {} })).rejects.toThrow(SearchIndexError);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('an index written over the last one', () => {
  const logger = { info: () => {}, warn: (m: string) => expect.fail(m) };
  /** The index's hashed files (pages, chunks, filters, metadata), relative to it. */
  const hashed = (bundle: string) =>
    readdirSync(bundle, { recursive: true, encoding: 'utf8' })
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => /\.pf_(fragment|index|filter|meta)$/.test(f))
      .sort();

  test('keeps what the new index names and nothing else', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'attest-index-'));
    const write = (route: string, words: string) => {
      mkdirSync(path.join(out, route), { recursive: true });
      writeFileSync(path.join(out, route, 'index.html'), `<!doctype html><html lang="en"><body><main data-pagefind-body><h1>${words}</h1><p>${words}</p></main></body></html>`);
    };
    try {
      write('', 'home');
      write('sources/a', 'alpha bridge');
      write('sources/b', 'beta river');
      await buildSearchIndex(pathToFileURL(out + path.sep), [], logger);
      const bundle = path.join(out, 'pagefind');
      const first = hashed(bundle);
      expect(first.filter((f) => f.startsWith('fragment/'))).toHaveLength(3);
      // The next build: a gone, b changed, and a file no index names.
      rmSync(path.join(out, 'sources/a'), { recursive: true });
      write('sources/b', 'gamma harbour');
      writeFileSync(path.join(bundle, 'fragment', 'en_0000000.pf_fragment'), 'left over');
      await buildSearchIndex(pathToFileURL(out + path.sep), [], logger);
      const second = hashed(bundle);
      expect(second).toEqual([...bundleFiles(bundle)].sort());
      expect(second.filter((f) => f.startsWith('fragment/'))).toHaveLength(2);
      // The home page's record is the same file as before; a's and b's old ones are gone.
      expect(second.filter((f) => first.includes(f) && f.startsWith('fragment/'))).toHaveLength(1);
      expect(second).not.toContain('fragment/en_0000000.pf_fragment');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('reads CBOR as RFC 8949 encodes it', () => {
    // ["1.6.0", [["en_1", 300]], {"a": -2}, h'01', true]: text, arrays, a wide integer, a map, bytes, a simple value.
    const bytes = Uint8Array.from([0x85, 0x65, ...Buffer.from('1.6.0'), 0x81, 0x82, 0x64, ...Buffer.from('en_1'), 0x19, 0x01, 0x2c, 0xa1, 0x61, 0x61, 0x21, 0x41, 0x01, 0xf5]);
    expect(decodeCbor(bytes)).toEqual(['1.6.0', [['en_1', 300]], new Map([['a', -2]]), Uint8Array.from([1]), true]);
    expect(() => decodeCbor(Uint8Array.from([0x82, 0x01]))).toThrow(/ends early/);
  });
});
