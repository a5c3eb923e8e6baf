import { describe, expect, it } from 'vitest';
import { dropSourceLines, keepSourceLines, packSourceLines, takeSourceLines } from '../../src/lib/source-lines-ahead.ts';

describe('source pages’ lines handed from the check thread to the pages', () => {
  const root = '/project';
  const pages = [
    ['/project/sources/a.txt', '<li id="L1"><a href="#L1">1</a>Café &amp; “quotes”</li>'],
    ['/project/sources/b.txt', '<li id="L1"><a href="#L1">1</a>b</li>'],
    ['/project/sources/c.txt', '<li id="L1"><a href="#L1">1</a>' + 'c'.repeat(40) + '</li>'],
  ] as const;

  it('packs the pages’ HTML as UTF-8 into buffers of about the size asked', () => {
    const sizes = pages.map(([, html]) => Buffer.byteLength(html));
    const packed = packSourceLines(pages, sizes[0]! + sizes[1]!);
    expect(packed.buffers.map((b) => b.byteLength)).toEqual([sizes[0]! + sizes[1]!, sizes[2]]);
    expect(packed.pages.map(([file]) => file)).toEqual(pages.map(([file]) => file));
    expect(packSourceLines(pages).buffers).toHaveLength(1);
  });

  it('gives each page its lines once, after the buffers were transferred', () => {
    const sent = packSourceLines(pages, 1);
    const received = structuredClone(sent, { transfer: sent.buffers });
    // Transferred, not copied: the sender's buffers are empty now.
    expect(sent.buffers.every((b) => b.byteLength === 0)).toBe(true);
    keepSourceLines(received);
    expect(takeSourceLines(root, 'sources/a.txt')).toBe(pages[0][1]);
    expect(takeSourceLines(root, 'sources/a.txt')).toBeUndefined();
    expect(takeSourceLines(root, '/project/sources/c.txt')).toBe(pages[2][1]);
    dropSourceLines();
    expect(takeSourceLines(root, 'sources/b.txt')).toBeUndefined();
  });
});
