import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { Element, ElementContent } from 'hast';
import { describe, expect, test } from 'vitest';
import { referenceListHtml, referenceListNode } from '../../src/lib/reference-list.ts';

/** The markup as a browser reads it: parsed, then serialized one way. */
const parsed = (html: string) => toHtml(fromHtml(html, { fragment: true }));

describe('the reference list as HTML reads as the hast version does', () => {
  // Keys, base and slug with every character HTML gives a meaning to; entries as their safe HTML.
  const list = [
    { key: 'plain-key', html: '<div class="csl-entry"><i>Wire</i> (2023). Title &#x26; more.</div>' },
    { key: 'q"u<o>t&e\'s', html: '<div class="csl-entry">“Quoted” &#x3C;text&#x3E;</div>' },
    { key: 'ünïcode key', html: '<div class="csl-entry">Entry</div>' },
  ];
  const hast = (base: string, slug: string, entries = list) => {
    const node = referenceListNode(
      entries.map((e) => ({ source: { key: e.key }, nodes: [{ type: 'raw', value: e.html } as unknown as ElementContent] })),
      base,
      slug,
    );
    const section: Element = { type: 'element', tagName: node.data!.hName!, properties: node.data!.hProperties!, children: node.data!.hChildren! };
    return toHtml(section, { allowDangerousHtml: true });
  };

  test.each([
    ['/', 'briefing-0001'],
    ['/desk & co/', 'year/"odd" <slug>'],
  ])('base %s, slug %s', (base, slug) => {
    const html = referenceListHtml(list, base, slug);
    expect(parsed(html)).toBe(parsed(hast(base, slug)));
    // Nothing escaped twice, nothing left raw outside the entries.
    expect(html).toContain('data-source="q&quot;u&lt;o&gt;t&amp;e&#39;s"');
    expect(fromHtml(html, { fragment: true }).children).toHaveLength(1);
  });

  test('an empty list is a section with no entries', () => {
    expect(parsed(referenceListHtml([], '/', 'b'))).toBe(parsed(hast('/', 'b', [])));
  });
});
