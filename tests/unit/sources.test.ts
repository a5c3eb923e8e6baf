import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic } from '../../src/lib/diagnostics.ts';
import { sourceDigest, sourceEntry } from '../../src/lib/source-entries.ts';
import { loadSources, parseMeta } from '../../src/lib/sources.ts';

/** Write files into a fresh project folder and return its root. */
function project(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'attest-sources-'));
  mkdirSync(path.join(root, 'sources'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(root, 'sources', name), content);
  return root;
}

describe('loadSources', () => {
  test('a second load sees edited, added and removed files, and reuses the rest', () => {
    const root = project({ 'a.txt': 'one', 'b.txt': 'two', 'c.txt': 'three' });
    const earlier = new Date(Date.now() - 10_000);
    for (const name of ['a.txt', 'b.txt', 'c.txt']) utimesSync(path.join(root, 'sources', name), earlier, earlier);
    const first = loadSources(root, 'sources').byKey;
    const file = (name: string) => path.join(root, 'sources', name);
    // Timestamps a second ahead, so the test does not depend on the clock's resolution.
    const later = new Date(Date.now() + 1000);
    writeFileSync(file('a.txt'), 'one, edited');
    writeFileSync(file('b.yaml'), 'key: bee');
    utimesSync(file('a.txt'), later, later);
    utimesSync(file('b.yaml'), later, later);
    const second = loadSources(root, 'sources').byKey;
    expect(second.get('a')!.lines).toEqual(['one, edited']);
    expect([...second.keys()]).toEqual(['a', 'bee', 'c']);
    rmSync(file('b.yaml'));
    const third = loadSources(root, 'sources').byKey;
    expect([...third.keys()]).toEqual(['a', 'b', 'c']);
    expect(third.get('c')).toBe(first.get('c'));
    expect(second.get('a')).not.toBe(first.get('a'));
  });

  test('keys are file stems unless the metadata sets `key:`', () => {
    const root = project({ 'a.txt': 'x', 'b.txt': 'y', 'b.yaml': 'key: kz-unrest-csto-jan10\ntitle: B' });
    const { byKey, diagnostics } = loadSources(root, 'sources');
    expect(diagnostics).toEqual([]);
    expect([...byKey.keys()]).toEqual(['a', 'kz-unrest-csto-jan10']);
    expect(byKey.get('kz-unrest-csto-jan10')).toMatchObject({ stem: 'b', file: 'sources/b.txt', metaFile: 'sources/b.yaml', lines: ['y'] });
    expect(byKey.get('a')!.meta.type).toBe('article-newspaper');
  });

  test('every source error is reported, with the file named, in one run', () => {
    const root = project({
      'empty.txt': '',
      'nul.txt': 'a\u0000b',
      'latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
      'x.txt': 'x',
      'y.txt': 'y',
      'y.yaml': 'key: x',
      'orphan.yaml': 'title: nothing',
    });
    const messages = loadSources(root, 'sources').diagnostics.map(formatDiagnostic).sort();
    expect(messages).toEqual([
      'sources/empty.txt:1:1: error: source is empty; a source needs at least one line of text [source-empty]',
      'sources/latin1.txt:1:4: error: source is not valid UTF-8; re-save it as UTF-8 [source-invalid-utf8]',
      'sources/nul.txt:1:2: error: source contains a NUL byte; sources must be plain text [source-nul-byte]',
      'sources/orphan.yaml:1:1: error: metadata has no source text next to it; add `orphan.txt` or remove the file [orphan-metadata]',
      'sources/y.yaml:1:1: error: key `x` is already used by `sources/x.txt`; give one of them a different `key:` in its metadata [duplicate-key]',
    ]);
  });

  test('a missing folder is simply empty', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'attest-none-'));
    expect(loadSources(root, 'sources').byKey.size).toBe(0);
  });
});

describe('parseMeta', () => {
  test.each<[string, string, string[]]>([
    ['a valid file', 'title: T\nissued: 2022-01-10\nURL: https://example.org/a\nauthor:\n  - family: Doe\n    given: J\n', []],
    ['bad YAML', 'title: [unclosed\n', ['m.yaml:2:1: error: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] [metadata-yaml]']],
    ['a misspelt field', 'title: T\ntitel: U\n', ['m.yaml:2:1: error: unknown metadata field `titel`; did you mean `title`? [metadata-field]']],
    ['an impossible date', 'issued: 2022-02-30\n', ['m.yaml:1:9: error: `issued`: `2022-02-30` is not an ISO date; write YYYY-MM-DD, YYYY-MM or YYYY [metadata-field]']],
    ['a non-http URL', 'URL: "javascript:alert(1)"\n', ['m.yaml:1:6: error: `URL`: only http: and https: URLs are allowed [metadata-field]']],
    ['an unknown type', 'type: newspaper-article\n', ['m.yaml:1:7: error: `type` must be one of the CSL types; did you mean `article-newspaper`? [metadata-field]']],
  ])('%s', (_name, yaml, expected) => {
    expect(parseMeta('m.yaml', yaml).diagnostics.map(formatDiagnostic)).toEqual(expected);
  });
});

describe('sources a build’s check read on its own thread', () => {
  test('each have a digest that changes with the text, the metadata or the file', () => {
    const [a] = [...loadSources(project({ 'a.txt': 'one\ntwo' }), 'sources').byKey.values()];
    const entry = sourceEntry(a!);
    expect(entry).toMatchObject({ key: 'a', stem: 'a', file: 'sources/a.txt', lineCount: 2 });
    expect(entry).not.toHaveProperty('lines');
    expect(sourceDigest({ ...a! })).toBe(entry.digest);
    for (const changed of [{ ...a!, lines: ['one', 'two!'] }, { ...a!, lines: ['one', 'two', ''] }, { ...a!, meta: { ...a!.meta, title: 'A' } }, { ...a!, file: 'sources/b.txt' }]) {
      expect(sourceDigest(changed)).not.toBe(entry.digest);
    }
  });
});
