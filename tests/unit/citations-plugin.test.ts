import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownToHtml, type MarkdownToHtmlResult } from 'satteri';
import { beforeAll, describe, expect, test } from 'vitest';
import { citationsPlugin } from '../../src/integration/citations-plugin.ts';
import { loadStyles } from '../../src/lib/csl-styles.ts';
import { loadSources } from '../../src/lib/sources.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const fixtureRoot = path.join(projectRoot, 'tests/fixtures/site');
const sources = loadSources(fixtureRoot, 'sources').byKey;
const styles = loadStyles(fixtureRoot, 'styles');

const features = { gfm: true, smartPunctuation: false } as const;

function render(markdown: string, base = '/'): string {
  // Every plugin here is synchronous, so the result is too.
  return (markdownToHtml(markdown, {
    features,
    mdastPlugins: [citationsPlugin({ root: fixtureRoot, base, getSources: () => sources, getStyles: () => styles, style: 'apa' })],
    fileURL: pathToFileURL(path.join(fixtureRoot, 'briefings/test.md')),
  }) as MarkdownToHtmlResult).html;
}

const cases: Array<[string, string]> = [
  ['one-line', 'The bridge reopens [@city-council, l. 1].'],
  ['range-and-list', 'Vote [@city-council, ll. 1-2] and cost [@city-council, ll. 1, 4-5].'],
  ['prefix-suffix-groups', 'See [see @city-council, ll. 1-2, for the vote; @ministry, l. 2].'],
  ['reuse-and-handwritten', 'A [@city-council, l. 1], a note[^n], B [@city-council, line 1].\n\n[^n]: By hand.'],
  ['hostile-source', 'Hostile [@hostile, ll. 1-3].'],
  ['code-and-escapes', 'Code `[@city-council, l. 1]`, escaped \\[@city-council, l. 1], e-mail a@b.org.'],
  ['sub-path', 'Under a base path [@windows, l. 3].'],
  ['quotation-marked', 'The mayor said “we are confident” and the council voted "7-2 to approve" [@city-council, ll. 2-5].'],
];

describe('the citations plugin renders footnotes that quote the cited lines', () => {
  // citeproc-js compiles the APA style once per process; that takes seconds on a busy machine.
  beforeAll(() => void render('Warm up [@city-council, l. 1].'), 120_000);

  test.each(cases)('%s', async (name, markdown) => {
    const html = render(markdown, name === 'sub-path' ? '/archive/' : '/');
    await expect(html).toMatchFileSnapshot(`./__snapshots__/citations-plugin/${name}.html`);
  });

  test('source text is escaped, never markup', () => {
    const html = render('Hostile [@hostile, ll. 1-3].');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert("pwned")&lt;/script&gt; and {braces}');
  });

  test('a misquotation fails the file, naming the closest passage', () => {
    expect(() => render('He said “We are certain” [@city-council, l. 5].')).toThrowError(
      'briefings/test.md:1:9: error: quotation “We are certain” is not in l. 5 of `city-council`; the closest passage, in l. 5, is “We are confident” (64% alike) [misquote]',
    );
  });

  test('an error in a briefing fails the file with every diagnostic', () => {
    expect(() => render('A [@nope, l. 1] and [@city-council, l. 99].')).toThrowError(
      'briefings/test.md:1:4: error: no source has the key `nope` [unknown-source]\n' +
        'briefings/test.md:1:37: error: `city-council` has 5 lines; line 99 is past the end [line-out-of-range]',
    );
  });
});

describe('hand-written GFM footnotes render exactly as without the plugin', () => {
  const dir = path.join(projectRoot, '../shared/corpus/gfm-footnotes');
  const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
  const plain = (md: string) => (markdownToHtml(md, { features }) as MarkdownToHtmlResult).html;
  test.each(files)('%s', (file) => {
    const md = readFileSync(path.join(dir, file), 'utf8');
    expect(render(md)).toBe(plain(md));
  });
});
