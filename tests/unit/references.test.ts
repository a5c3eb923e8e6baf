import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownToHtml, type MarkdownToHtmlResult } from 'satteri';
import { beforeAll, describe, expect, test } from 'vitest';
import { citationsPlugin } from '../../src/integration/citations-plugin.ts';
import { checkProject } from '../../src/lib/check-project.ts';
import { Cite, type CslData } from '../../src/lib/citation-js.ts';
import { cslItem } from '../../src/lib/csl-item.ts';
import { loadStyles } from '../../src/lib/csl-styles.ts';
import { formatDiagnostic } from '../../src/lib/diagnostics.ts';
import { exportReferences, EXPORT_FORMATS } from '../../src/lib/reference-exports.ts';
import { formatBriefingReferences } from '../../src/lib/reference-format.ts';
import { loadSources } from '../../src/lib/sources.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const fixtures = path.join(projectRoot, 'tests/fixtures');
const expected = JSON.parse(readFileSync(path.join(fixtures, 'styles/expected.json'), 'utf8')) as {
  items: CslData[];
} & Record<string, { citations: Record<string, string>; bibliography: string[] }>;

// citeproc-js compiles each style once per process; that takes seconds on a busy machine.
beforeAll(() => {
  const styles = loadStyles(path.join(fixtures, 'site'), 'styles');
  for (const name of ['apa', 'harvard1', 'vancouver']) formatBriefingReferences(styles.byName.get(name)!, undefined, expected.items, []);
}, 120_000);

describe('each style formats a fixed source as its published examples do', () => {
  const styles = loadStyles(path.join(fixtures, 'site'), 'styles');
  test.each(['apa', 'harvard1', 'vancouver', 'line-brief'])('%s', (name) => {
    const style = styles.byName.get(name);
    expect(style, `style ${name}`).toBeDefined();
    const refs = formatBriefingReferences(style!, undefined, expected.items, [
      { key: 'rt', locator: '27-29' },
      { key: 'rt' },
      { key: 'carey', locator: '5' },
      { key: 'carey' },
    ]);
    const want = expected[name]!;
    expect({
      'rt 27-29': refs.citation('rt', '27-29').html,
      rt: refs.citation('rt').html,
      'carey 5': refs.citation('carey', '5').html,
      carey: refs.citation('carey').html,
    }).toEqual(want.citations);
    // The fixture is citeproc-js's own output; what is stored is that output made safe, without its indentation.
    expect(refs.bibliography?.map((e) => e.html.replace(/\s*\n\s*/g, ''))).toEqual(want.bibliography.map((entry) => entry.trim()));
  });

  test('a style that prints no locator says so, so the footnote adds the lines', () => {
    const refs = formatBriefingReferences(styles.byName.get('vancouver')!, undefined, expected.items, [{ key: 'rt', locator: '27-29' }]);
    expect(refs.citation('rt', '27-29').showsLocator).toBe(false);
    const apa = formatBriefingReferences(styles.byName.get('apa')!, undefined, expected.items, [{ key: 'rt', locator: '27-29' }]);
    expect(apa.citation('rt', '27-29').showsLocator).toBe(true);
  });

  test('two unsigned reports from one outlet and year are told apart (2022a, 2022b)', () => {
    const a = { id: 'a', type: 'article-newspaper', title: 'First report', 'container-title': 'RT', issued: { 'date-parts': [[2022, 1, 9]] } } as CslData;
    const b = { id: 'b', type: 'article-newspaper', title: 'Second report', 'container-title': 'RT', issued: { 'date-parts': [[2022, 1, 10]] } } as CslData;
    const refs = formatBriefingReferences(styles.byName.get('harvard1')!, undefined, [a, b], [{ key: 'a' }, { key: 'b' }]);
    expect([refs.citation('a').html, refs.citation('b').html]).toEqual(['(<i>RT</i>, 2022a)', '(<i>RT</i>, 2022b)']);
  });
});

function render(markdown: string, siteStyle = 'apa'): string {
  const root = path.join(fixtures, 'site');
  const sources = loadSources(root, 'sources').byKey;
  return (
    markdownToHtml(markdown, {
      features: { gfm: true, frontmatter: true, smartPunctuation: false },
      mdastPlugins: [citationsPlugin({ root, base: '/', getSources: () => sources, getStyles: () => loadStyles(root, 'styles'), style: siteStyle })],
      fileURL: pathToFileURL(path.join(root, 'briefings/switch.mdx')),
    }) as MarkdownToHtmlResult
  ).html;
}

describe('switching the style changes footnotes and the reference list', () => {
  const body = 'Vote [@city-council, ll. 1-2] and statement [@ministry, l. 2].';
  const cites = (html: string) => [...html.matchAll(/<cite class="cite-ref">(.*?)<\/cite>/g)].map((m) => m[1]);
  const entries = (html: string) => [...html.matchAll(/<div class="csl-entry">(.*?)<\/div> <a/g)].map((m) => m[1]);

  test('the site style applies when the front matter names none', () => {
    const apa = render(body, 'apa');
    expect(cites(apa)).toEqual(['(Doe, 2024, Lines 1–2)', '(<i>Ministry Statement</i>, n.d., Line 2)']);
    const harvard = render(body, 'harvard');
    expect(cites(harvard)).toEqual(['(Doe, 2024, ll. 1–2)', '(“Ministry statement,” no date, l. 2)']);
    expect(entries(harvard)).not.toEqual(entries(apa));
  });

  test('front matter `style:` overrides the site style, footnotes and list alike', () => {
    const html = render(`---\nstyle: vancouver\n---\n\n${body}`, 'apa');
    expect(cites(html)).toEqual(['(1)', '(2)']);
    // Vancouver prints no locator; the footnote adds the lines after the number.
    expect(html).toContain('<cite class="cite-ref">(1)</cite>, <span class="cite-locator">ll. 1–2</span>');
    expect(html).toMatch(/<div class="csl-left-margin">1\.<\/div><div class="csl-right-inline">Doe J\. Council approves bridge repairs/);
  });

  test('a style from the styles folder works like a bundled one', () => {
    const html = render(`---\nstyle: line-brief\n---\n\n${body}`);
    expect(cites(html)).toEqual(['(Doe 2024: ll. 1–2)', '(Ministry statement undated: l. 2)']);
  });

  test('an unknown style fails the file, listing the available ones', () => {
    expect(() => render(`---\nstyle: chicago\n---\n\n${body}`)).toThrowError(/unknown CSL style `chicago`; available: apa, harvard, harvard1, vancouver, line-brief \(styles\/line-brief\.csl\)/);
  });
});

describe('exports import back into citation-js with the same titles, dates and containers', () => {
  const demo = [...loadSources(projectRoot, 'sources').byKey.values()].map(cslItem);
  const signed: CslData = {
    id: 'signed',
    'citation-key': 'signed',
    type: 'article-newspaper',
    title: 'A signed report, with a title longer than seventy characters so that RIS wraps it',
    'container-title': 'The Fixture Gazette',
    author: [{ family: 'Doe', given: 'Jane' }, { literal: 'Desk staff' }],
    issued: { 'date-parts': [[2024, 3, 5]] },
    URL: 'https://gazette.example/a?b=1&c=2',
  } as CslData;
  const items = [...demo, signed];
  const parse = (text: string) => new Cite(text).data as CslData[];
  const pick = (i: CslData) => ({ title: i.title, container: i['container-title'], year: i.issued?.['date-parts']?.[0]?.[0] });

  test('the demo metadata becomes items', () => {
    expect(demo).toHaveLength(5);
    expect(demo.every((i) => i.type === 'article-newspaper')).toBe(true);
  });

  test('CSL-JSON: identical', () => {
    expect(JSON.parse(exportReferences(items, 'json'))).toEqual(items);
  });

  test('BibTeX: titles, containers, full dates, authors and keys', () => {
    const back = parse(exportReferences(items, 'bib'));
    expect(back.map((i) => i['citation-key'])).toEqual(items.map((i) => i.id));
    expect(back.map((i) => ({ title: i.title, container: i['container-title'], issued: i.issued }))).toEqual(
      items.map((i) => ({ title: i.title, container: i['container-title'], issued: i.issued })),
    );
    // BibTeX has no literal names: `{Desk staff}` comes back as one family name, printed the same.
    expect(back.at(-1)!.author!.map((a) => a.literal ?? [a.given, a.family].filter(Boolean).join(' '))).toEqual(['Jane Doe', 'Desk staff']);
  });

  test('RIS: titles, containers and years as citation-js reads them; author and full date tags fixed', () => {
    const text = exportReferences(items, 'ris');
    const back = parse(text);
    expect(back.map(pick)).toEqual(items.map(pick));
    // citation-js reads a NEWS record's AU as `reporter` and ignores DA, so check the tags themselves.
    const records = text.split(/^ER {2}- *$/m).filter((r) => r.trim());
    const tags = records.map((r) => Object.groupBy(r.trim().split('\n').map((l) => l.split(/ {2}- /) as [string, string]), ([t]) => t));
    for (const [i, item] of items.entries()) {
      const parts = item.issued?.['date-parts']?.[0];
      const da = tags[i]!['DA']?.[0]?.[1];
      if (parts) expect(da).toBe(`${parts[0]}/${parts[1] ? String(parts[1]).padStart(2, '0') : ''}/${parts[2] ? String(parts[2]).padStart(2, '0') : ''}/`);
      else expect(da).toBeUndefined();
    }
    expect(tags.at(-1)!['AU']!.map(([, v]) => v)).toEqual(['Doe, Jane', 'Desk staff']);
    expect(back.at(-1)!['reporter' as keyof CslData]).toEqual(['Doe, Jane', 'Desk staff']);
    // No value is broken across lines.
    expect(text.split('\n').every((l) => l === '' || /^[A-Z][A-Z0-9] {2}-( |$)/.test(l))).toBe(true);
  });

  test("a list's BibTeX is citation-js's own and its RIS records follow the list, though each entry is written once", () => {
    // Entries are kept per item and joined (`reference-exports.ts`); the list must read as citation-js writes it whole.
    const list = [signed, ...demo, { ...signed, id: 'signed-2', 'citation-key': 'signed-2', title: 'Another title' } as CslData];
    expect(exportReferences(list, 'bib')).toBe(new Cite(list).format('bibtex', { format: 'text' }));
    expect(exportReferences(demo.slice(0, 2), 'bib')).toBe(new Cite(demo.slice(0, 2)).format('bibtex', { format: 'text' }));
    const ris = exportReferences(list, 'ris');
    expect(ris.split(/^ER {2}- *$/m).filter((r) => r.trim()).map((r) => /^T1 {2}- (.*)$/m.exec(r)?.[1] ?? /^TI {2}- (.*)$/m.exec(r)?.[1])).toEqual(list.map((i) => i.title));
  });

  test.each(EXPORT_FORMATS)('an empty list is a valid empty %s file', (format) => {
    expect(parse(exportReferences([], format))).toEqual([]);
  });
});

describe('style names are checked with everything else', () => {
  function project(files: Record<string, string>): string {
    const root = mkdtempSync(path.join(os.tmpdir(), 'attest-styles-'));
    mkdirSync(path.join(root, 'sources'));
    copyFileSync(path.join(fixtures, 'site/sources/city-council.txt'), path.join(root, 'sources/city-council.txt'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    return root;
  }
  const briefing = (style: string) => `---\ntitle: T\ndate: 2024-01-01\nsummary: S\nstyle: ${style}\n---\n\nA [@city-council, l. 1].\n`;

  test('an unknown front matter style points at its value and lists the styles', () => {
    const root = project({ 'briefings/a.mdx': briefing('harvrd') });
    const lines = checkProject({ root }).diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    expect(lines).toEqual([
      'briefings/a.mdx:5:8: error: unknown CSL style `harvrd`; did you mean `harvard`? available: apa, harvard, harvard1, vancouver; or add `styles/harvrd.csl` [unknown-style]',
    ]);
  });

  test('an unknown site style points at astro.config.mjs', () => {
    const root = project({ 'briefings/a.mdx': briefing('apa'), 'astro.config.mjs': "export default {\n  integrations: [attest({ style: 'chicago' })],\n};\n" });
    const lines = checkProject({ root, style: 'chicago' }).diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    expect(lines).toEqual([
      "astro.config.mjs:2:34: error: unknown CSL style `chicago` in the integration's `style` option; available: apa, harvard, harvard1, vancouver; or add `styles/chicago.csl` [unknown-style]",
    ]);
  });

  test('a CSL file that does not parse is an error naming it; the others still work', () => {
    const root = project({
      'briefings/a.mdx': briefing('mine'),
      'styles/broken.csl': '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">\n  <citation><layout></citation>\n</style>\n',
      'styles/notcsl.csl': '<html><body>not a style</body></html>\n',
      'styles/mine.csl': readFileSync(path.join(fixtures, 'site/styles/line-brief.csl'), 'utf8'),
    });
    const lines = checkProject({ root }).diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^styles\/broken\.csl:2:\d+: error: CSL style `broken` is not well-formed XML: .*layout.* \[csl-style\]$/);
    expect(lines[1]).toMatch(/^styles\/notcsl\.csl:1:1: error: CSL style `notcsl` has no `<style>` root element; .* \[csl-style\]$/);
  });
});
