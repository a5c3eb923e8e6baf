import { describe, expect, test } from 'vitest';
import { decodeSourceText, splitLines } from '../../src/lib/source-text.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('decodeSourceText splits lines exactly as the contract says', () => {
  test.each<[string, Uint8Array, string[]]>([
    ['LF', bytes('a\nb\nc'), ['a', 'b', 'c']],
    ['CRLF', bytes('a\r\nb\r\nc\r\n'), ['a', 'b', 'c']],
    ['mixed endings', bytes('a\r\nb\nc'), ['a', 'b', 'c']],
    ['a final newline starts no line', bytes('a\nb\n'), ['a', 'b']],
    ['blank lines count', bytes('a\n\n\nb'), ['a', '', '', 'b']],
    ['a BOM is dropped', new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('a\nb')]), ['a', 'b']],
    ['nothing is trimmed', bytes('  a  \n\tb\t'), ['  a  ', '\tb\t']],
    ['a lone CR is not a line end', bytes('a\rb'), ['a\rb']],
    ['non-ASCII text', bytes('Алма-Ата\n“quoted”'), ['Алма-Ата', '“quoted”']],
  ])('%s', (_name, input, lines) => {
    expect(decodeSourceText(input)).toEqual({ ok: true, lines });
  });
});

describe('decodeSourceText rejects unusable files with a position', () => {
  test.each<[string, Uint8Array, string, number, number]>([
    ['empty', bytes(''), 'empty', 1, 1],
    ['only blank lines', bytes('\n  \n'), 'empty', 1, 1],
    ['a NUL byte', bytes('ok\nab\u0000c'), 'nul-byte', 2, 3],
    ['invalid UTF-8', new Uint8Array([...bytes('fine\nx'), 0xff, 0x41]), 'invalid-utf8', 2, 2],
    ['a truncated sequence', new Uint8Array([0x41, 0xe2, 0x80]), 'invalid-utf8', 1, 2],
  ])('%s', (_name, input, problem, line, column) => {
    expect(decodeSourceText(input)).toMatchObject({ ok: false, problem, line, column });
  });
});

test('splitLines keeps a single empty line for an empty string', () => {
  expect(splitLines('')).toEqual(['']);
});
