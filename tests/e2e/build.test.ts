import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { selectAll, select } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Element, Root } from 'hast';
import { describe, expect, inject, test } from 'vitest';
import { Cite, type CslData } from '../../src/lib/citation-js.ts';
import { checkProject } from '../../src/lib/check-project.ts';
import { loadStyles } from '../../src/lib/csl-styles.ts';
import { referenceJobs } from '../../src/lib/reference-jobs.ts';
import { loadSources } from '../../src/lib/sources.ts';
import { projectRoot, runAstro } from '../helpers/run-astro.ts';

const siteOut = inject('siteOut');
const demoOut = inject('demoOut');

function page(out: string, route: string): Root {
  return fromHtml(readFileSync(path.join(out, route, 'index.html'), 'utf8'));
}

const attr = (el: Element, name: string) => String(el.properties[name] ?? '');
/** A source line's text: the list item's own text, without its number link or its "cited at" note. */
const lineText = (li: Element) => li.children.map((c) => (c.type === 'text' ? c.value : '')).join('');

describe('the fixture site', () => {
  test('has every route of the contract, and leaves drafts out', () => {
    for (const route of ['', 'sources', 'sources/city-council', 'sources/ministry', 'briefings/every-form', 'briefings/second']) {
      expect(existsSync(path.join(siteOut, route, 'index.html')), route).toBe(true);
    }
    expect(existsSync(path.join(siteOut, 'briefings/draft'))).toBe(false);
    expect(toString(page(siteOut, ''))).not.toContain('Not ready');
  });

  test('lists briefings newest first', () => {
    const titles = selectAll('.briefing-list h2', page(siteOut, '')).map((h) => toString(h));
    expect(titles).toEqual(['A second briefing', 'Every citation form', 'Claims under review']);
  });

  test('numbers citations and hand-written notes in one sequence', () => {
    const refs = selectAll('[data-footnote-ref]', page(siteOut, 'briefings/every-form')).map((a) => [attr(a, 'href'), toString(a)]);
    expect(refs).toEqual([
      ['#user-content-fn-cite-1', '1'],
      ['#user-content-fn-cite-2', '2'],
      ['#user-content-fn-cite-2', '2'],
      ['#user-content-fn-cite-3', '3'],
      ['#user-content-fn-cite-4', '4'],
      ['#user-content-fn-cite-5', '5'],
      ['#user-content-fn-cite-6', '6'],
      ['#user-content-fn-cite-1', '1'],
      ['#user-content-fn-aside', '7'],
      ['#user-content-fn-cite-7', '8'],
      ['#user-content-fn-cite-8', '9'],
    ]);
  });

  test('every excerpt is exactly the cited lines of its source, linked to them', () => {
    const sources = loadSources(path.join(projectRoot, 'tests/fixtures/site'), 'sources').byKey;
    const excerpts = selectAll('blockquote[data-source]', page(siteOut, 'briefings/every-form'));
    expect(excerpts.length).toBe(9);
    for (const bq of excerpts) {
      const key = attr(bq, 'dataSource');
      const lines = attr(bq, 'dataLines');
      const numbers = lines.split(',').flatMap((r) => {
        const [a, b = a] = r.split('-').map(Number);
        return Array.from({ length: b! - a! + 1 }, (_, i) => a! + i);
      });
      const shown = selectAll('.excerpt-line', bq).map((l) => [Number(toString(select('.ln', l)!)), toString(select('.lt', l)!)]);
      expect(shown).toEqual(numbers.map((n) => [n, sources.get(key)!.lines[n - 1]]));
      const first = lines.split(',')[0]!.split('-');
      const fragment = first.length === 1 ? `L${first[0]}` : `L${first[0]}-L${first[1]}`;
      expect(attr(bq, 'cite')).toBe(`/sources/${key}/#${fragment}`);
    }
  });

  test('prefix, suffix and every cite of a group appear in the footnote', () => {
    const doc = page(siteOut, 'briefings/every-form');
    const five = select('#user-content-fn-cite-5', doc)!;
    expect(toString(select('.cite-prefix', five)!)).toBe('see');
    expect(toString(select('.cite-suffix', five)!)).toBe('for the vote');
    const six = select('#user-content-fn-cite-6', doc)!;
    expect(selectAll('blockquote', six).map((b) => attr(b, 'dataSource'))).toEqual(['city-council', 'ministry']);
  });

  test('code, escaped brackets and e-mail addresses are not citations', () => {
    const text = toString(page(siteOut, 'briefings/every-form'));
    expect(text).toContain('[@code, l. 1]');
    expect(text).toContain('[@escaped, l. 1]');
    expect(text).toContain('[@block, l. 1]');
  });

  test('a source page numbers every line, keeps it verbatim, and lists who cites each range', () => {
    const doc = page(siteOut, 'sources/windows');
    expect(attr(select('main', doc)!, 'dataSource')).toBe('windows');
    const lines = selectAll('.source-lines > li', doc);
    expect(lines.map((l) => attr(l, 'id'))).toEqual(['L1', 'L2', 'L3']);
    expect(lines.map(lineText)).toEqual(['First line after a BOM', 'Second line, CRLF', '   indented third line   ']);
    // The note number is the one readers see: hand-written note 7 comes before it.
    expect(selectAll('.cited-by a', doc).map((a) => toString(a))).toEqual(['Every citation form, note 8']);
    const council = page(siteOut, 'sources/city-council');
    const notes = selectAll('.cited-by', council).map((a) => [attr(a, 'ariaLabel'), selectAll('a', a).map((x) => attr(x, 'href'))]);
    expect(notes).toContainEqual([
      'Briefings citing ll. 1–2',
      ['/briefings/second/#user-content-fn-cite-1', '/briefings/every-form/#user-content-fn-cite-2', '/briefings/every-form/#user-content-fn-cite-5'],
    ]);
  });

  test('a source holding <script> and {braces} renders as inert text everywhere', () => {
    for (const route of ['sources/hostile', 'briefings/every-form', 'sources']) {
      const html = readFileSync(path.join(siteOut, route, 'index.html'), 'utf8');
      expect(html, route).not.toMatch(/<script>alert|<img src=x|<b>/);
      const doc = fromHtml(html);
      expect(selectAll('script', doc).every((s) => !toString(s).includes('pwned')), route).toBe(true);
    }
    const lines = selectAll('.source-lines > li', page(siteOut, 'sources/hostile')).map(lineText);
    expect(lines[1]).toBe('<script>alert("pwned")</script> and {braces} and {props.x}');
    expect(lines[2]).toBe('<img src=x onerror=alert(1)> & &amp; </p>');
  });
});

describe('reading, sharing and deployment', () => {
  test('notes carry DPUB-ARIA roles, a visible heading and named back-links', () => {
    const doc = page(siteOut, 'briefings/every-form');
    const section = select('section[data-footnotes]', doc)!;
    expect(attr(section, 'role')).toBe('doc-endnotes');
    expect(toString(select(`#${attr(section, 'ariaLabelledBy')}`, doc)!)).toBe('Notes and evidence');
    const refs = selectAll('a[data-footnote-ref]', doc);
    expect(refs.length).toBe(11);
    expect(refs.every((a) => attr(a, 'role') === 'doc-noteref')).toBe(true);
    const back = selectAll('a[data-footnote-backref]', doc);
    expect(back.length).toBe(11);
    expect(back.every((a) => attr(a, 'role') === 'doc-backlink')).toBe(true);
    expect(attr(back[0]!, 'ariaLabel')).toBe('Back to note 1 in the text');
  });

  test('each source link carries its full URL, and the original URL when the metadata has one, for print', () => {
    const links = selectAll('a.cite-source-link', page(siteOut, 'briefings/every-form'));
    const council = links.find((a) => attr(a, 'href') === '/sources/city-council/#L1')!;
    expect(attr(council, 'dataPrintUrl')).toBe('https://fixture.example/sources/city-council/#L1');
    expect(attr(council, 'dataOriginalUrl')).toBe('https://gazette.example/bridge');
    const ministry = links.find((a) => attr(a, 'href').startsWith('/sources/ministry/'))!;
    expect(attr(ministry, 'dataOriginalUrl')).toBe('');
  });

  test('every page has a canonical URL and Open Graph meta; briefings are articles', () => {
    const meta = (doc: Root, property: string) => attr(select(`meta[property="${property}"]`, doc)!, 'content');
    const briefing = page(siteOut, 'briefings/every-form');
    expect(attr(select('link[rel=canonical]', briefing)!, 'href')).toBe('https://fixture.example/briefings/every-form/');
    expect(meta(briefing, 'og:url')).toBe('https://fixture.example/briefings/every-form/');
    expect(meta(briefing, 'og:title')).toBe('Every citation form');
    expect(meta(briefing, 'og:description')).toBe('A fixture that uses every citation form the syntax allows.');
    expect(meta(briefing, 'og:type')).toBe('article');
    const source = page(siteOut, 'sources/city-council');
    expect(meta(source, 'og:type')).toBe('website');
    expect(attr(select('link[rel=alternate][type="application/rss+xml"]', source)!, 'href')).toBe('/rss.xml');
  });

  test('a 404 page leads back to the briefings and sources, and claims no canonical URL', () => {
    const doc = fromHtml(readFileSync(path.join(siteOut, '404.html'), 'utf8'));
    expect(toString(select('h1', doc)!)).toBe('Page not found');
    expect(selectAll('main a', doc).map((a) => attr(a, 'href'))).toEqual(['/', '/sources/']);
    expect(select('link[rel=canonical]', doc)).toBeUndefined();
  });

  test('the feed lists published briefings, newest first, with their summaries', () => {
    const feed = readFileSync(path.join(siteOut, 'rss.xml'), 'utf8');
    const items = [...feed.matchAll(/<item><title>([^<]*)<\/title><link>([^<]*)<\/link>/g)].map((m) => [m[1], m[2]]);
    expect(items).toEqual([
      ['A second briefing', 'https://fixture.example/briefings/second/'],
      ['Every citation form', 'https://fixture.example/briefings/every-form/'],
      ['Claims under review', 'https://fixture.example/briefings/claims/'],
    ]);
    expect(feed).toContain('<description>A fixture that uses every citation form the syntax allows.</description>');
    expect(feed).not.toContain('Not ready');
  });
});

describe('the demo site', () => {
  test('cites every seed, and every excerpt matches its source', () => {
    const sources = loadSources(projectRoot, 'sources').byKey;
    const cited = new Set<string>();
    for (const slug of ['kazakhstan-unrest-csto-deployment', 'csto-summit-and-the-terrorism-narrative']) {
      for (const bq of selectAll('blockquote[data-source]', page(demoOut, `briefings/${slug}`))) {
        const key = attr(bq, 'dataSource');
        cited.add(key);
        for (const line of selectAll('.excerpt-line', bq)) {
          const n = Number(toString(select('.ln', line)!));
          expect(toString(select('.lt', line)!)).toBe(sources.get(key)!.lines[n - 1]);
        }
      }
    }
    expect([...cited].sort()).toEqual([...sources.keys()].sort());
  });
});

describe('references', () => {
  const slugs = ['kazakhstan-unrest-csto-deployment', 'csto-summit-and-the-terrorism-narrative'];
  const demoSources = loadSources(projectRoot, 'sources').byKey;
  const exportFile = (route: string) => readFileSync(path.join(demoOut, route), 'utf8');

  test.each(slugs)('%s ends with a reference list of every cited source, linking its exports', (slug) => {
    const doc = page(demoOut, `briefings/${slug}`);
    const cited = new Set(selectAll('blockquote[data-source]', doc).map((bq) => attr(bq, 'dataSource')));
    const entries = selectAll('section.references li.reference', doc);
    expect(new Set(entries.map((li) => attr(li, 'dataSource')))).toEqual(cited);
    const links = selectAll('section.references .reference-exports a', doc).map((a) => attr(a, 'href'));
    expect(links).toEqual(['bib', 'ris', 'json'].map((f) => `/briefings/${slug}/references.${f}`));
    for (const href of links) expect(existsSync(path.join(demoOut, href)), href).toBe(true);
  });

  test.each(slugs)('%s exports import back with the titles, dates and containers of the metadata', (slug) => {
    const keys = selectAll('section.references li.reference', page(demoOut, `briefings/${slug}`)).map((li) => attr(li, 'dataSource'));
    const want = Object.fromEntries(keys.map((k) => {
      const m = demoSources.get(k)!.meta;
      return [k, { title: m.title, container: m['container-title'], year: m.issued ? Number(m.issued.slice(0, 4)) : undefined }];
    }));
    const got = (data: CslData[], key: 'id' | 'citation-key') =>
      Object.fromEntries(data.map((i) => [String(i[key]), { title: i.title, container: i['container-title'], year: i.issued?.['date-parts']?.[0]?.[0] }]));
    expect(got(new Cite(exportFile(`briefings/${slug}/references.json`)).data, 'id')).toEqual(want);
    expect(got(new Cite(exportFile(`briefings/${slug}/references.bib`)).data, 'citation-key')).toEqual(want);
    expect(got(new Cite(exportFile(`briefings/${slug}/references.ris`)).data, 'id')).toEqual(want);
    // Full dates too: CSL-JSON and BibTeX keep them; RIS carries them in DA.
    const ris = exportFile(`briefings/${slug}/references.ris`);
    for (const k of keys) {
      const issued = demoSources.get(k)!.meta.issued;
      if (!issued) continue;
      const record = ris.split(/^ER {2}- *$/m).find((r) => r.includes(`ID  - ${k}\n`));
      expect(record, k).toContain(`DA  - ${issued.replaceAll('-', '/')}/`);
    }
  });

  test('the site style (APA) and a front matter style (Harvard) format footnotes and lists differently', () => {
    const first = (slug: string) => toString(select('.cite-ref', page(demoOut, `briefings/${slug}`))!);
    expect(first('kazakhstan-unrest-csto-deployment')).toMatch(/^\(“.+,” 2022, Line \d+\)$/);
    expect(first('csto-summit-and-the-terrorism-narrative')).toBe('(Sputnik, 2022, l. 6)');
  });

  test('a style from the styles folder formats a briefing of the fixture site', () => {
    const doc = page(siteOut, 'briefings/second');
    expect(toString(select('.cite-ref', doc)!)).toBe('(Doe 2024: ll. 1–2)');
    expect(toString(select('section.references [data-source="city-council"] .csl-entry', doc)!)).toBe('Doe. 2024. “Council approves bridge repairs.”');
  });

  test('a source page has "Cite this source" with the reference and three downloads', () => {
    const doc = page(demoOut, 'sources/001_08c405c403b49c17');
    expect(toString(select('.cite-this-reference', doc)!)).toBe('Date of key allied summit on Kazakhstan crisis announced. (2022, January 9). RT.');
    const links = selectAll('.cite-this-source a', doc).map((a) => attr(a, 'href'));
    expect(links).toEqual(['bib', 'ris', 'json'].map((f) => `/sources/001_08c405c403b49c17/reference.${f}`));
    const [item] = new Cite(exportFile('sources/001_08c405c403b49c17/reference.bib')).data as CslData[];
    expect([item!.title, item!['container-title'], item!.issued]).toEqual(['Date of key allied summit on Kazakhstan crisis announced', 'RT', { 'date-parts': [[2022, 1, 9]] }]);
  });

  test('worker threads format the references ahead of the pages, and the next build reuses them', () => {
    const first = /references: (\d+) formatted ahead in \d+ ms, 0 from the cache, (\d+) the same as another; (\d+) kept for the next build/.exec(inject('siteBuildLog'));
    expect(first, 'the fixture build formats in worker threads').not.toBeNull();
    const [formatted = 0, same = 0, kept = 0] = first!.slice(1).map(Number);
    // One job per citing briefing and per source page, listed from the check; sources with the same metadata share one.
    const root = path.join(projectRoot, 'tests/fixtures/site');
    const jobs = referenceJobs(checkProject({ root }), loadStyles(root, 'styles'), 'apa');
    expect(formatted).toBe(new Set(jobs.map((j) => j.key)).size);
    expect(same).toBe(jobs.length - formatted);
    expect(kept).toBe(formatted);
    // The sub-path build changes links, not references: everything comes from the cache file.
    expect(inject('subPathBuildLog')).toContain(`references: 0 formatted ahead in 0 ms, ${formatted} from the cache, ${same} the same as another; ${kept} kept for the next build`);
    // Worker results render as in-line ones would: the custom style's entry (checked above) and APA's.
    const doc = page(siteOut, 'sources/city-council');
    expect(toString(select('.cite-this-reference', doc)!)).toMatch(/^Doe, J\. \(2024, March 5\)\. Council approves bridge repairs\./);
  });

  test('citation-js stays in the build: no client script carries it', () => {
    const scripts = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(dir, f), 'utf8'));
    for (const js of scripts(demoOut)) expect(js).not.toMatch(/citeproc|citation-js/i);
  });
});

describe('a site served from a sub-path', () => {
  const out = inject('subPathOut');
  const base = inject('subPathBase');
  const html = (file: string) => readFileSync(path.join(out, file), 'utf8');
  const pages = ['index.html', 'briefings/every-form/index.html', 'sources/index.html', 'sources/city-council/index.html', '404.html'];

  test('prefixes every root-relative link and asset with the base', () => {
    expect(base).toBe('/briefings-archive/');
    for (const file of pages) {
      const rooted = [...html(file).matchAll(/(?:href|src|cite)="(\/[^"]*)"/g)].map((m) => m[1]!);
      expect(rooted.length, file).toBeGreaterThan(0);
      expect(rooted.filter((u) => !u.startsWith(base)), file).toEqual([]);
    }
    // Every page links the one icon file the build writes.
    const icons = new Set(pages.map((file) => attr(select('link[rel=icon]', fromHtml(html(file)))!, 'href')));
    expect([...icons]).toEqual([`${base}favicon.svg`]);
    expect(html('favicon.svg')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  test('gives absolute URLs (canonical, Open Graph, print, feed, sitemap) under the base', () => {
    const origin = `https://fixture.example${base}`;
    const absolute = (text: string) => [...text.matchAll(/https?:\/\/fixture\.example[^"<\s]*/g)].map((m) => m[0]);
    for (const file of pages.filter((f) => f !== '404.html')) {
      const urls = absolute(html(file));
      expect(urls.length, file).toBeGreaterThan(0);
      expect(urls.filter((u) => !u.startsWith(origin)), file).toEqual([]);
    }
    const briefing = fromHtml(html('briefings/every-form/index.html'));
    expect(attr(select('link[rel=canonical]', briefing)!, 'href')).toBe(`${origin}briefings/every-form/`);
    expect(attr(select('a.cite-source-link', briefing)!, 'dataPrintUrl')).toBe(`${origin}sources/city-council/#L1`);
    const feed = html('rss.xml');
    expect([...feed.matchAll(/<link>([^<]*)<\/link>/g)].map((m) => m[1])).toEqual([
      origin,
      `${origin}briefings/second/`,
      `${origin}briefings/every-form/`,
      `${origin}briefings/claims/`,
    ]);
    const sitemap = readdirSync(out).filter((f) => /^sitemap-\d+\.xml$/.test(f)).map(html).join('');
    const locs = [...sitemap.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]!);
    expect(locs).toContain(`${origin}briefings/every-form/`);
    expect(locs).toContain(`${origin}sources/city-council/`);
    expect(locs.filter((u) => !u.startsWith(origin) || u.includes('404') || u.includes('draft'))).toEqual([]);
  });
});

describe('a briefing with every kind of mistake', () => {
  test('fails the build with one clear line per mistake and no stack trace', () => {
    const run = runAstro(path.join(projectRoot, 'tests/fixtures/broken-site'), ['build'], { ATTEST_OUT: path.join(projectRoot, 'tests/.out/broken') });
    expect(run.status).toBe(1);
    const lines = run.stderr.split('\n').filter((l) => /^briefings\/.*\[[a-z-]+\]$/.test(l));
    expect(lines.map((l) => l.replace(/^.*\[([a-z-]+)\]$/, '$1'))).toEqual([
      'unknown-source',
      'line-out-of-range',
      'reversed-range',
      'malformed-range',
      'blank-lines',
      'whole-source',
      'front-matter',
      'front-matter',
      'front-matter',
      'unknown-verdict',
      'line-out-of-range',
      'unknown-style',
    ]);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    // Stopped by the check's own error, not by a rejection left unhandled (Node then prints where it threw).
    expect(run.stdout + run.stderr).toContain('found 11 errors in sources and briefings; see the lines above');
    expect(run.stdout + run.stderr).not.toMatch(/node:internal|triggerUncaughtException/);
    expect(existsSync(path.join(projectRoot, 'tests/.out/broken/index.html'))).toBe(false);
  });

  test('stops before compiling any page when only the check finds mistakes (content sync passes)', () => {
    const out = path.join(projectRoot, 'tests/.out/broken-citations');
    const run = runAstro(path.join(projectRoot, 'tests/fixtures/broken-site'), ['build'], { ATTEST_OUT: out, ATTEST_BRIEFINGS: 'citations-only' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('citations-only/unknown-source.mdx:7:29: error: no source has the key `000_60ecda00123db81`; did you mean `000_60ecda00123db810`? [unknown-source]');
    expect(run.stdout + run.stderr).toContain('found 1 error in sources and briefings; see the lines above');
    expect(run.stdout + run.stderr).not.toMatch(/node:internal|triggerUncaughtException|\n\s+at .*\(.*:\d+:\d+\)/);
    // The bundler starts before the verdict (verdict-gate.ts), and stops at its first briefing or check data.
    expect(run.stdout + run.stderr).not.toMatch(/built in|generating static routes/);
    expect(existsSync(out)).toBe(false);
  });
});
