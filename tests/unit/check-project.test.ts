import path from 'node:path';
import { expect, test } from 'vitest';
import { checkProject } from '../../src/lib/check-project.ts';
import { formatDiagnostic } from '../../src/lib/diagnostics.ts';
import { projectRoot } from '../helpers/run-astro.ts';

test('every citation mistake in a briefing is one positioned line, all in one run', () => {
  const report = checkProject({ root: path.join(projectRoot, 'tests/fixtures/broken-site'), sources: '../../../sources' });
  expect(report.diagnostics.map(formatDiagnostic)).toEqual([
    'briefings/all-mistakes.mdx:7:14: error: no source has the key `000_60ecda00123db81`; did you mean `000_60ecda00123db810`? [unknown-source]',
    'briefings/all-mistakes.mdx:8:38: error: `000_60ecda00123db810` has 12 lines; line 99 is past the end [line-out-of-range]',
    'briefings/all-mistakes.mdx:9:38: error: range `14-12` ends before it starts; write `12-14` [reversed-range]',
    'briefings/all-mistakes.mdx:10:39: error: `ll.` must be followed by line numbers such as `12` or `12-14`, not `abc` [malformed-range]',
    'briefings/all-mistakes.mdx:11:31: error: l. 4 of `001_08c405c403b49c17` is blank; the nearest line with text is 5 [blank-lines]',
    'briefings/all-mistakes.mdx:13:8: warning: cites the whole of `002_4e4b098dba0c21ca` (15 lines); cite the lines that support the claim, e.g. `ll. 3-5` [whole-source]',
    'briefings/bad-front-matter.mdx:2:1: error: front matter needs `summary` [front-matter]',
    'briefings/bad-front-matter.mdx:3:7: error: front matter `date`: `2022-13-45` is not an ISO date; write YYYY-MM-DD, YYYY-MM or YYYY [front-matter]',
    'briefings/bad-front-matter.mdx:4:1: error: unknown front matter field `tittle`; did you mean `title`? [front-matter]',
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
  expect(report.diagnostics.map(formatDiagnostic)).toEqual([
    'briefings/positions.mdx:7:12: error: no source has the key `nope` [unknown-source]',
    'briefings/positions.mdx:9:28: error: no source has the key `nope2` [unknown-source]',
    'briefings/positions.mdx:11:48: error: `000_60ecda00123db810` has 12 lines; line 13 is past the end [line-out-of-range]',
  ]);
});
