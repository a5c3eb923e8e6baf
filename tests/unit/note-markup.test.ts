import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { pathToFileURL } from 'node:url';
import { markdownToHtml, type MarkdownToHtmlResult } from 'satteri';
import { describe, expect, test } from 'vitest';
import { citationsPlugin } from '../../src/integration/citations-plugin.ts';
import { footnoteLabels } from '../../src/integration/footnote-labels.ts';
import { noteRolesPlugin } from '../../src/integration/note-roles-plugin.ts';
import { loadStyles } from '../../src/lib/csl-styles.ts';
import { loadSources } from '../../src/lib/sources.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const fixtureRoot = path.join(projectRoot, 'tests/fixtures/site');
const sources = loadSources(fixtureRoot, 'sources').byKey;

/** Render as the site does: Sätteri with the citations and note-roles plugins and the notes' labels. */
function render(markdown: string, site: string | undefined, base = '/') {
  const { html } = markdownToHtml(markdown, {
    features: { gfm: { footnotes: footnoteLabels }, smartPunctuation: false },
    mdastPlugins: [citationsPlugin({ root: fixtureRoot, base, site, getSources: () => sources, getStyles: () => loadStyles(fixtureRoot, 'styles'), style: 'apa' })],
    hastPlugins: [noteRolesPlugin()],
    fileURL: pathToFileURL(path.join(fixtureRoot, 'briefings/test.md')),
  }) as MarkdownToHtmlResult;
  return fromHtml(html, { fragment: true });
}

const md = 'Bridge [@city-council, l. 1], ministry [@ministry, ll. 1-2], again [@city-council, l. 1], by hand[^n].\n\n[^n]: A note.';

describe('the notes section', () => {
  test('carries DPUB-ARIA roles, named by its visible heading', () => {
    const tree = render(md, undefined);
    const section = select('section[data-footnotes]', tree)!;
    expect(section.properties.role).toBe('doc-endnotes');
    expect(section.properties.ariaLabelledBy).toEqual(['footnote-label']);
    expect(select('#footnote-label', tree)!.properties.className).toEqual(['footnotes-title']);
    expect(selectAll('a[data-footnote-ref]', tree).map((a) => a.properties.role)).toEqual(['doc-noteref', 'doc-noteref', 'doc-noteref', 'doc-noteref']);
    expect(selectAll('a[data-footnote-backref]', tree).map((a) => [a.properties.role, a.properties.ariaLabel])).toEqual([
      ['doc-backlink', 'Back to note 1 in the text'],
      ['doc-backlink', 'Back to note 1 in the text, place 2'],
      ['doc-backlink', 'Back to note 2 in the text'],
      ['doc-backlink', 'Back to note 3 in the text'],
    ]);
  });

  test('source links carry absolute URLs under the site and base, and the original URL if known', () => {
    const links = selectAll('a.cite-source-link', render(md, 'https://news.example/', '/desk/'));
    expect(links.map((a) => [a.properties.href, a.properties.dataPrintUrl, a.properties.dataOriginalUrl])).toEqual([
      ['/desk/sources/city-council/#L1', 'https://news.example/desk/sources/city-council/#L1', 'https://gazette.example/bridge'],
      ['/desk/sources/ministry/#L1-L2', 'https://news.example/desk/sources/ministry/#L1-L2', undefined],
    ]);
  });

  test('without a site, the print URL is the link itself', () => {
    const link = select('a.cite-source-link', render(md, undefined))!;
    expect(link.properties.dataPrintUrl).toBe('/sources/city-council/#L1');
  });
});
