import path from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { Paragraph, RootContent } from 'mdast';
import { describe, expect, test } from 'vitest';
import { fragmentHtml } from '../../src/integration/html-fragments.ts';
import { checkProject } from '../../src/lib/check-project.ts';
import { citationFootnote } from '../../src/lib/footnote-content.ts';
import { referenceListNode } from '../../src/lib/reference-list.ts';
import { projectRoot } from '../helpers/run-astro.ts';

/** The markup as a browser reads it: parsed, then serialized one way. */
const parsed = (html: string) => toHtml(fromHtml(html, { fragment: true }));

/** What hast-util-to-html prints for a node carrying its hast. */
function reference(node: RootContent): string {
  const data = node.data!;
  const element: Element = { type: 'element', tagName: data.hName!, properties: data.hProperties ?? {}, children: data.hChildren! };
  return toHtml(element, { allowDangerousHtml: true });
}

describe("a note's blocks are printed as hast-util-to-html prints them", () => {
  // The fixture site's briefings: every citation form, hostile source text, a suffix with braces, a URL with quotes.
  const report = checkProject({ root: path.join(projectRoot, 'tests/fixtures/site') });
  const cites = report.briefings.flatMap((b) => b.occurrences.flatMap((o) => o.resolved));
  // A formatted reference is a raw node of safe HTML; a hostile prefix and suffix are text.
  const first = cites[0]!;
  const hostile = { ...first, source: { ...first.source, meta: { ...first.source.meta, URL: 'https://x.example/?a=1&b="2"><script>' } }, cite: { ...first.cite, prefix: '<b>"see"</b> & {x}', suffix: "it's <i>so</i>" } };
  const blocks = [...cites, hostile].flatMap((c, i) => {
    const note = citationFootnote(`cite-${i}`, [c], {
      base: '/desk/',
      site: 'https://news.example/',
      reference: () => ({ nodes: [{ type: 'raw', value: '<i>Doe</i>, 2024' } as never], showsLocator: false }),
    });
    // The blocks that carry their hast, and the inline one of the last paragraph.
    return (note.children as Paragraph[]).flatMap((b): RootContent[] => (b.data?.hChildren ? [b] : b.children.filter((n) => n.data?.hChildren)));
  });

  test('the same markup for every block of every note, and for a reference list', () => {
    expect(cites.length).toBeGreaterThan(10);
    const list = referenceListNode([{ source: { key: 'a"<b>' }, nodes: [{ type: 'raw', value: '<i>Doe</i>' } as never] }], '/desk/', 'x/y');
    for (const block of [...blocks, list]) expect(parsed(fragmentHtml(block)!)).toBe(parsed(reference(block)));
  });

  test('text and attribute values are escaped', () => {
    const html = blocks.map((b) => fragmentHtml(b)!).join('');
    expect(html).not.toMatch(/<(script|img)\b/);
    expect(html).toContain('&lt;b&gt;&quot;see&quot;&lt;/b&gt; &amp; {x}');
    expect(html).toContain('<i>Doe</i>, 2024');
    expect(html).toContain('data-original-url="https://x.example/?a=1&amp;b=&quot;2&quot;&gt;&lt;script&gt;"');
  });
});
