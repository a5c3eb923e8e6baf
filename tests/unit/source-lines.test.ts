import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSourceLines } from '../../src/lib/source-lines.ts';
import { loadSources } from '../../src/lib/sources.ts';

describe('readSourceLines', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'attest-lines-'));
  writeFileSync(path.join(root, 'crlf.txt'), '\uFEFFFirst line\r\n\r\n  kept as is  \r\nlast');
  writeFileSync(path.join(root, 'nul.txt'), 'a\u0000b');

  it('gives a source page the same lines the checker numbered', () => {
    const checked = loadSources(root, '.').byKey.get('crlf')!;
    expect(readSourceLines(root, 'crlf.txt')).toEqual(checked.lines);
    expect(readSourceLines(root, 'crlf.txt')).toEqual(['First line', '', '  kept as is  ', 'last']);
  });

  it('reads a file edited since the checker parsed it, not the parse', () => {
    const file = path.join(root, 'edited.txt');
    writeFileSync(file, 'before');
    expect(loadSources(root, '.').byKey.get('edited')!.lines).toEqual(['before']);
    writeFileSync(file, 'after\nmore');
    // A file system's coarse clock can stamp a write earlier than the read before it.
    const stamp = new Date(Date.now() - 1000);
    utimesSync(file, stamp, stamp);
    expect(readSourceLines(root, 'edited.txt')).toEqual(['after', 'more']);
  });

  it('refuses a file the checker would reject', () => {
    expect(() => readSourceLines(root, 'nul.txt')).toThrow(/nul\.txt: source contains a NUL byte/);
  });
});
