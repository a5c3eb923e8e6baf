import { describe, expect, test } from 'vitest';
import { groupIdentity, parseGroup, scanCitations } from '../../src/lib/citation-syntax.ts';

type Expected = { key: string; ranges: Array<[number, number]>; prefix?: string; suffix?: string; label?: string };

const forms: Array<[string, string, Expected[]]> = [
  ['one line', '[@key, l. 12]', [{ key: 'key', ranges: [[12, 12]], label: 'l.' }]],
  ['a range with hyphen', '[@key, ll. 12-14]', [{ key: 'key', ranges: [[12, 14]], label: 'll.' }]],
  ['a range with en dash', '[@key, ll. 12–14]', [{ key: 'key', ranges: [[12, 14]] }]],
  ['spaces around the dash', '[@key, ll. 12 – 14]', [{ key: 'key', ranges: [[12, 14]] }]],
  ['several ranges', '[@key, ll. 3, 7-9]', [{ key: 'key', ranges: [[3, 3], [7, 9]] }]],
  ['the word line', '[@key, line 12]', [{ key: 'key', ranges: [[12, 12]], label: 'line' }]],
  ['the word lines', '[@key, lines 12–14]', [{ key: 'key', ranges: [[12, 14]], label: 'lines' }]],
  ['capitalised label', '[@key, Ll. 2-3]', [{ key: 'key', ranges: [[2, 3]] }]],
  ['no space after the label', '[@key, ll.2-3]', [{ key: 'key', ranges: [[2, 3]] }]],
  ['locator without comma', '[@key ll. 2-3]', [{ key: 'key', ranges: [[2, 3]] }]],
  ['prefix and suffix', '[see @key, ll. 12-14, for the toll]', [{ key: 'key', ranges: [[12, 14]], prefix: 'see', suffix: 'for the toll' }]],
  ['suffix after several ranges', '[@key, ll. 3, 7-9, emphasis added]', [{ key: 'key', ranges: [[3, 3], [7, 9]], suffix: 'emphasis added' }]],
  ['suffix without locator', '[@key, for context]', [{ key: 'key', ranges: [], suffix: 'for context' }]],
  [
    'several sources',
    '[@a, l. 3; @b, ll. 5-7]',
    [
      { key: 'a', ranges: [[3, 3]] },
      { key: 'b', ranges: [[5, 7]] },
    ],
  ],
  ['the whole source', '[@key]', [{ key: 'key', ranges: [] }]],
  ['a key with internal punctuation', '[@kz-unrest.csto:jan10, l. 1]', [{ key: 'kz-unrest.csto:jan10', ranges: [[1, 1]] }]],
  ['a braced key', '[@{odd key}, l. 1]', [{ key: 'odd key', ranges: [[1, 1]] }]],
  ['a seed key', '[@003_c8a1084587486314, l. 16]', [{ key: '003_c8a1084587486314', ranges: [[16, 16]] }]],
];

describe('scanCitations reads every form', () => {
  test.each(forms)('%s: %s', (_name, input, expected) => {
    const { groups, problems } = scanCitations(`Text ${input} more.`);
    expect(problems).toEqual([]);
    expect(groups).toHaveLength(1);
    const got = groups[0]!.cites.map((c) => ({
      key: c.key,
      ranges: c.ranges.map((r) => [r.start, r.end]),
      ...(expected.some((e) => e.prefix !== undefined) ? { prefix: c.prefix } : {}),
      ...(expected.some((e) => e.suffix !== undefined) ? { suffix: c.suffix } : {}),
      ...(expected.some((e) => e.label !== undefined) ? { label: c.label } : {}),
    }));
    expect(got).toEqual(expected);
    expect(groups[0]!.raw).toBe(input);
  });
});

const notCitations: Array<[string, string]> = [
  ['an e-mail address', 'write to [editor@example.com] today'],
  ['brackets without a key', 'the [sic] text'],
  ['a footnote call', 'a note[^1] here'],
  ['an at sign inside a word', '[user@host, l. 1]'],
];

describe('scanCitations leaves other brackets alone', () => {
  test.each(notCitations)('%s', (_name, input) => {
    expect(scanCitations(input)).toEqual({ groups: [], problems: [] });
  });

  test('an escaped bracket is literal', () => {
    const text = '[@key, l. 1]';
    expect(scanCitations(text, (i) => i === 0).groups).toEqual([]);
  });
});

const mistakes: Array<[string, string, string, string]> = [
  ['reversed range', '[@key, ll. 14-12]', 'reversed-range', 'range `14-12` ends before it starts; write `12-14`'],
  ['label without numbers', '[@key, ll. abc]', 'malformed-range', '`ll.` must be followed by line numbers such as `12` or `12-14`, not `abc`'],
  ['dangling dash', '[@key, ll. 12-]', 'malformed-range', '`ll. 12-` is not a line range; write a range as `12-14`'],
  ['line zero', '[@key, l. 0]', 'malformed-range', 'line numbers start at 1'],
  ['number without label', '[@key, 12]', 'malformed-range', 'locator `12` has no label; Pandoc would read it as a page; write `l. 12`'],
  ['page locator', '[@key, p. 12]', 'unsupported-locator', 'locator `p.` is not a line; sources are cited by line; use `l.` or `ll.` with line numbers'],
  ['a part without key', '[@a, l. 1; ll. 2]', 'malformed-citation', '`ll. 2` has no `@key`; each `;`-separated part of a citation names a source'],
];

describe('scanCitations reports mistakes with their offsets', () => {
  test.each(mistakes)('%s: %s', (_name, input, rule, message) => {
    const { problems } = scanCitations(input);
    expect(problems).toHaveLength(1);
    const p = problems[0]!;
    expect(p.rule).toBe(rule);
    expect(p.message + (p.suggestion ? `; ${p.suggestion}` : '')).toBe(message);
    expect(p.offset).toBeGreaterThan(0);
    expect(p.offset).toBeLessThan(input.length);
  });

  test('a broken locator marks the cite broken so it is not resolved', () => {
    const { groups } = scanCitations('[@key, ll. 14-12]');
    expect(groups[0]!.cites[0]!.broken).toBe(true);
  });
});

describe('offsets', () => {
  test('point at the @ of each key and at the locator', () => {
    const text = 'See [@a, l. 3; @b, ll. 5-7].';
    const [group] = scanCitations(text).groups;
    expect(group!.start).toBe(4);
    expect(group!.end).toBe(text.length - 1);
    expect(group!.cites.map((c) => text[c.offset])).toEqual(['@', '@']);
    expect(text.slice(group!.cites[1]!.locatorOffset)).toMatch(/^ll\. 5-7/);
  });

  test('parseGroup takes an unbracketed citation (a claim appearance)', () => {
    const { cites, problems } = parseGroup('@003_c8a1084587486314, l. 16');
    expect(problems).toEqual([]);
    expect(cites[0]!.ranges).toEqual([{ start: 16, end: 16 }]);
  });
});

describe('groupIdentity', () => {
  test('is equal for the same lines written differently, and differs otherwise', () => {
    const id = (s: string) => groupIdentity(scanCitations(s).groups[0]!);
    expect(id('[@k, ll. 1-2]')).toBe(id('[@k, lines 1–2]'));
    expect(id('[@k, ll. 1-2]')).not.toBe(id('[@k, ll. 1-3]'));
    expect(id('[@k, ll. 1-2]')).not.toBe(id('[see @k, ll. 1-2]'));
  });
});
