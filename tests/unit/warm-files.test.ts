import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedAtTop, warmFiles } from '../../src/integration/warm-files.ts';

describe('warmFiles', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'attest-warm-'));
  const sources = path.join(root, 'sources');
  mkdirSync(path.join(root, 'briefings', 'nested'), { recursive: true });
  mkdirSync(sources);
  for (let i = 0; i < 40; i++) writeFileSync(path.join(sources, `s${i}.txt`), `line ${i}\n`);
  writeFileSync(path.join(root, 'briefings', 'nested', 'b.mdx'), '# b');

  it('leaves files alone that read as fast as cached files', async () => {
    // Files just written are in the page cache; no sample reads in over a second.
    expect(await warmFiles([sources, path.join(root, 'briefings')], 1_000_000)).toBe(false);
  });

  it('reads every file otherwise, and settles when one is gone by then', async () => {
    // No read takes under 0 µs, so the tree counts as on disk.
    const warm = warmFiles([sources, path.join(root, 'briefings')], 0);
    rmSync(path.join(sources, 's9.txt'));
    expect(await warm).toBe(true);
  });

  it('skips a folder that does not exist', async () => {
    expect(await warmFiles([path.join(root, 'missing')], 0)).toBe(false);
  });

  it('tells cached files from the top level of the folders, without a thread', () => {
    expect(cachedAtTop([sources], 1_000_000)).toBe(true);
    expect(cachedAtTop([sources], 0)).toBe(false);
  });

  it('leaves the answer to the thread when the top levels hold too few files', () => {
    // `briefings` holds only a folder: nothing at its top reads.
    expect(cachedAtTop([path.join(root, 'briefings')], 1_000_000)).toBeUndefined();
    expect(cachedAtTop([path.join(root, 'missing')], 1_000_000)).toBeUndefined();
    // Two files at the top are too few, however often the sample would pick them.
    const few = path.join(root, 'few');
    mkdirSync(path.join(few, 'deeper'), { recursive: true });
    for (const name of ['a.txt', 'b.txt']) writeFileSync(path.join(few, name), name);
    expect(cachedAtTop([few], 1_000_000)).toBeUndefined();
  });
});
