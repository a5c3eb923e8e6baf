import path from 'node:path';
import { expect, test } from 'vitest';
import { checkProject } from '../../src/lib/check-project.ts';
import { formatDiagnostic } from '../../src/lib/diagnostics.ts';
import { projectRoot } from '../helpers/run-astro.ts';

test('every citation mistake in a briefing is one positioned line, all in one run', () => {
  const report = checkProject({ root: path.join(projectRoot, 'tests/fixtures/broken-site'), sources: '../../../sources' });
  expect(report.diagnostics.filter((d) => d.rule !== 'uncited-source').map(formatDiagnostic)).toEqual([
    'briefings/all-mistakes.mdx:7:14: error: no source has the key `000_60ecda00123db81`; did you mean `000_60ecda00123db810`? [unknown-source]',
    'briefings/all-mistakes.mdx:8:38: error: `000_60ecda00123db810` has 12 lines; line 99 is past the end [line-out-of-range]',
    'briefings/all-mistakes.mdx:9:38: error: range `14-12` ends before it starts; write `12-14` [reversed-range]',
    'briefings/all-mistakes.mdx:10:39: error: `ll.` must be followed by line numbers such as `12` or `12-14`, not `abc` [malformed-range]',
    'briefings/all-mistakes.mdx:11:31: error: l. 4 of `001_08c405c403b49c17` is blank; the nearest line with text is 5 [blank-lines]',
    'briefings/all-mistakes.mdx:13:8: warning: cites the whole of `002_4e4b098dba0c21ca` (15 lines); cite the lines that support the claim, e.g. `ll. 3-5` [whole-source]',
    'briefings/bad-front-matter.mdx:2:1: error: front matter needs `summary` [front-matter]',
    'briefings/bad-front-matter.mdx:3:7: error: front matter `date`: `2022-13-45` is not an ISO date; write YYYY-MM-DD, YYYY-MM or YYYY [front-matter]',
    'briefings/bad-front-matter.mdx:4:1: error: unknown front matter field `tittle`; did you mean `title`? [front-matter]',
    'briefings/claim-mistakes.mdx:7:36: error: unknown verdict `wrong`; the rating scale has `accurate`, `mostly-accurate`, `misleading`, `unsupported`, `disputed`, `false` [unknown-verdict]',
    'briefings/claim-mistakes.mdx:11:91: error: `001_08c405c403b49c17` has 57 lines; line 99 is past the end [line-out-of-range]',
    'briefings/style-mistake.mdx:5:8: error: unknown CSL style `harvrd`; did you mean `harvard`? available: apa, harvard, harvard1, vancouver; or add `styles/harvrd.csl` [unknown-style]',
  ]);
});

test('the demo site checks clean and cites every seed', () => {
  const report = checkProject({ root: projectRoot });
  expect(report.diagnostics.map(formatDiagnostic)).toEqual([]);
  const cited = new Set(report.briefings.flatMap((b) => b.occurrences.flatMap((o) => o.resolved.map((r) => r.source.key))));
  expect([...cited].sort()).toEqual([...report.sources.byKey.keys()].sort());
  expect(report.briefings.length).toBeGreaterThanOrEqual(2);
});

test('a line split across a blockquote, escapes and entities still gets exact columns', () => {
  const report = checkProject({ root: path.join(projectRoot, 'tests/fixtures/positions'), sources: '../../../sources' });
  expect(report.diagnostics.filter((d) => d.rule !== 'uncited-source').map(formatDiagnostic)).toEqual([
    'briefings/positions.mdx:7:12: error: no source has the key `nope` [unknown-source]',
    'briefings/positions.mdx:9:28: error: no source has the key `nope2` [unknown-source]',
    'briefings/positions.mdx:11:48: error: `000_60ecda00123db810` has 12 lines; line 13 is past the end [line-out-of-range]',
  ]);
});

test('a source no briefing cites is a warning on the source file', () => {
  const report = checkProject({ root: path.join(projectRoot, 'tests/fixtures/broken-site'), sources: '../../../sources' });
  expect(report.diagnostics.filter((d) => d.rule === 'uncited-source').map(formatDiagnostic)).toEqual(
    ['003_c8a1084587486314', '004_7bd650501039e11f'].map(
      (key) =>
        `../../../sources/${key}.txt:1:1: warning: source \`${key}\` is never cited; cite the lines that support a claim, or remove the source if it supports none [uncited-source]`,
    ),
  );
});

test('quotation problems: a misquote is an error naming the closest passage, an unclosed mark a warning', () => {
  const report = checkProject({ root: path.join(projectRoot, 'tests/fixtures/quotes'), sources: '../../../sources' });
  expect(report.diagnostics.filter((d) => d.rule !== 'uncited-source').map(formatDiagnostic)).toEqual([
    'briefings/quotes.mdx:6:22: error: quotation “at least 19 police officers” is not in l. 31 of `001_08c405c403b49c17`; the closest passage, in l. 31, is “at least 18 police officers” (96% alike) [misquote]',
    'briefings/quotes.mdx:8:19: error: quotation “killed 20 Kazakh security personnel” is not in l. 31 of `001_08c405c403b49c17`; the closest passage, in l. 31, is “officers and military personnel” (46% alike) [misquote]',
    'briefings/quotes.mdx:10:12: warning: quotation mark is never closed; close the quotation, or escape a literal mark [unclosed-quote]',
  ]);
});
