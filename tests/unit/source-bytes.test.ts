import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dropSourceBytes, keepSourceBytes, readSourceBytes, takeSourceBytes } from '../../src/lib/source-bytes.ts';
import { readSourceLines } from '../../src/lib/source-lines.ts';

describe('source bytes handed from the check thread to the pages', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'attest-bytes-'));
  const files = ['a.txt', 'b.txt', 'c.txt'].map((name, i) => {
    const file = path.join(root, name);
    writeFileSync(file, `${name}\r\nline ${'x'.repeat(i * 10)}\n`);
    return file;
  });
  afterEach(() => dropSourceBytes());

  it('reads files into buffers of about the size asked, skipping one that cannot be read', () => {
    const bytes = readSourceBytes([files[0]!, path.join(root, 'missing.txt'), files[1]!, files[2]!], 20);
    // 13 and 23 bytes fill the first buffer; the 33 of the third start the next.
    expect(bytes.buffers.map((b) => b.byteLength)).toEqual([36, 33]);
    expect(bytes.files.map(([file]) => file)).toEqual(files);
    const one = readSourceBytes(files);
    expect(one.buffers).toHaveLength(1);
    for (const [file, buffer, start, end] of one.files) {
      expect(Buffer.from(one.buffers[buffer]!, start, end - start).equals(readFileSync(file))).toBe(true);
    }
  });

  it('gives each file its bytes once, after the buffers were transferred', () => {
    const sent = readSourceBytes(files, 20);
    const received = structuredClone(sent, { transfer: sent.buffers });
    // Transferred, not copied: the sender's buffers are empty now.
    expect(sent.buffers.every((b) => b.byteLength === 0)).toBe(true);
    keepSourceBytes(received);
    expect(takeSourceBytes(files[1]!)?.toString()).toBe(readFileSync(files[1]!, 'utf8'));
    expect(takeSourceBytes(files[1]!)).toBeUndefined();
    dropSourceBytes();
    expect(takeSourceBytes(files[2]!)).toBeUndefined();
  });

  it('makes a source page take the lines from the bytes handed over, then from the file', () => {
    const sent = readSourceBytes([files[0]!]);
    keepSourceBytes(structuredClone(sent, { transfer: sent.buffers }));
    // A build shows its files as they were read; this one changed on disk since.
    writeFileSync(files[0]!, 'changed');
    expect(readSourceLines(root, 'a.txt')).toEqual(['a.txt', 'line ']);
    expect(readSourceLines(root, 'a.txt')).toEqual(['changed']);
  });
});
