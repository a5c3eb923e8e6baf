import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { collectCitations } from '../../src/lib/briefing-citations.ts';
import { collectClaims } from '../../src/lib/briefing-claims.ts';
import { checkProject } from '../../src/lib/check-project.ts';
import { buildClaimIndex, claimsOf } from '../../src/lib/claim-index.ts';
import { formatDiagnostic } from '../../src/lib/diagnostics.ts';
import { parseBriefing } from '../../src/lib/parse-briefing.ts';
import { loadSources } from '../../src/lib/sources.ts';
import { AttestOptionsSchema } from '../../src/schemas/options.ts';
import { DEFAULT_RATINGS, type Rating } from '../../src/schemas/rating-scale.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const sources = loadSources(projectRoot, 'sources').byKey;

/** Check one MDX briefing body against the seed sources. */
function check(body: string, ratings: readonly Rating[] = DEFAULT_RATINGS) {
  const raw = `---\ntitle: t\ndate: 2022-01-12\nsummary: s\n---\n\n${body}\n`;
  const parsed = parseBriefing('b.mdx', raw);
  const cites = collectCitations(parsed.tree!, { file: 'b.mdx', raw, sources });
  const claims = collectClaims(parsed.tree!, { file: 'b.mdx', raw, sources, ratings, occurrences: cites.occurrences });
  return { claims: claims.claims.map((c) => c.data), diagnostics: [...cites.diagnostics, ...claims.diagnostics].map(formatDiagnostic) };
}

test('every claim mistake is one positioned line, all in one run', () => {
  const report = checkProject({ root: path.join(projectRoot, 'tests/fixtures/claims'), sources: '../../../sources' });
  expect(report.diagnostics.filter((d) => d.rule !== 'uncited-source').map(formatDiagnostic)).toEqual([
    'briefings/claims.mdx:7:53: error: unknown verdict `flase`; did you mean `false`? [unknown-verdict]',
    'briefings/claims.mdx:11:1: error: a claim needs `claim`; add `claim="the statement reviewed"` [claim-missing]',
    'briefings/claims.mdx:13:1: error: a claim needs `verdict`; add `verdict="…"`, one of `accurate`, `mostly-accurate`, `misleading`, `unsupported`, `disputed`, `false` [claim-missing]',
    'briefings/claims.mdx:18:15: error: no source has the key `003_c8a108458748631`; did you mean `003_c8a1084587486314`? [unknown-source]',
    'briefings/claims.mdx:23:91: error: `000_60ecda00123db810` has 12 lines; line 99 is past the end [line-out-of-range]',
    'briefings/claims.mdx:25:47: error: claim date: `2022-02-30` is not an ISO date; write YYYY-MM-DD, YYYY-MM or YYYY [claim-date]',
    'briefings/claims.mdx:25:65: error: a claim has no attribute `claimnat`; did you mean `claimant`? [claim-attribute]',
    'briefings/claims.mdx:27:54: error: quotation “at home” is not in l. 23 of `001_08c405c403b49c17`; the closest passage, in l. 23, is “violent. He stated” (43% alike) [misquote]',
    'briefings/claims.mdx:29:81: error: range `23-11` ends before it starts; write `11-23` [reversed-range]',
    'briefings/claims.mdx:29:94: error: `date` must be text in quotes; write `date="…"` [claim-attribute]',
  ]);
});

test("a briefing's claims are the index's entries for its slug, in the index's order", () => {
  const index = buildClaimIndex(checkProject({ root: projectRoot }), false);
  const slugs = [...new Set(index.map((e) => e.briefing.slug))];
  // The demo's two briefings both review claims.
  expect(slugs.length).toBe(2);
  for (const slug of slugs) {
    const own = claimsOf(index, slug);
    expect(own.length).toBeGreaterThan(0);
    expect(own).toEqual(index.filter((e) => e.briefing.slug === slug));
  }
  expect(claimsOf(index, 'no-such-briefing')).toEqual([]);
});

describe('a claim', () => {
  test('resolves its appearance to the cited lines and counts the sources its review cites', () => {
    const { claims, diagnostics } = check(
      [
        'Before [@001_08c405c403b49c17, l. 31].',
        '',
        '<Claim claim="Almaty is the capital." claimant="An outlet" date="2022-01-10" appearance="@003_c8a1084587486314, l. 16" verdict="false">',
        'It is "the former capital of the country" [@004_7bd650501039e11f, l. 27], as RT implies [@001_08c405c403b49c17, l. 31; @004_7bd650501039e11f, l. 27].',
        'Again [@004_7bd650501039e11f, l. 27].',
        '</Claim>',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(claims).toHaveLength(1);
    const c = claims[0]!;
    expect(c).toMatchObject({ id: 'claim-almaty-is-the-capital', claim: 'Almaty is the capital.', claimant: 'An outlet', date: '2022-01-10', verdict: 'false', line: 9, column: 1 });
    // Footnote 1 is the citation before the claim; the review cites notes 2 and 3 (2 again).
    expect(c.notes).toEqual([2, 3]);
    expect(c.sources).toEqual(['004_7bd650501039e11f', '001_08c405c403b49c17']);
    expect(c.appearance).toEqual([
      expect.objectContaining({ key: '003_c8a1084587486314', lines: '16', issued: '2022-01-10', excerpt: [{ n: 16, text: sources.get('003_c8a1084587486314')!.lines[15] }] }),
    ]);
  });

  test('a misquotation in its review is an error like anywhere else', () => {
    const { diagnostics } = check('<Claim claim="x" verdict="false">\nIt is "the present capital" [@004_7bd650501039e11f, l. 27].\n</Claim>');
    expect(diagnostics).toEqual([expect.stringMatching(/^b\.mdx:8:7: error: quotation “the present capital” is not in l\. 27 .*\[misquote\]$/)]);
  });

  test('quotations in the claim must occur where it appeared, and are marked there', () => {
    const { claims, diagnostics } = check('<Claim claim={"Tokayev said Kazakhstan was attacked by \\"terrorists\\" trained abroad"} verdict="unsupported" appearance="@001_08c405c403b49c17, l. 23">x</Claim>');
    expect(diagnostics).toEqual([]);
    const line = sources.get('001_08c405c403b49c17')!.lines[22]!;
    const mark = claims[0]!.appearance[0]!.marks[0]!;
    expect(line.slice(mark.start, mark.end)).toBe('terrorists');
  });

  test('an appearance may be written with brackets, and the whole source is a warning', () => {
    const { claims, diagnostics } = check('<Claim claim="x" verdict="false" appearance="[@003_c8a1084587486314, l. 16]">x</Claim>\n\n<Claim claim="y" verdict="false" appearance="@004_7bd650501039e11f">y</Claim>');
    expect(claims[0]!.appearance[0]!.lines).toBe('16');
    expect(diagnostics).toEqual(['b.mdx:9:46: warning: cites the whole of `004_7bd650501039e11f` (37 lines); cite the lines that support the claim, e.g. `ll. 3-5` [whole-source]']);
  });

  test('gets a stable, unique anchor from its text or its id', () => {
    const long = 'Kazakhstan has been under attack by terrorists who were trained abroad and are looking to undermine it';
    const { claims, diagnostics } = check(
      [`<Claim claim="${long}" verdict="unsupported">a</Claim>`, `<Claim claim="${long}" verdict="unsupported">b</Claim>`, '<Claim claim="z" id="Fuel-Price" verdict="accurate">c</Claim>', '<Claim claim="z" id="not a slug" verdict="accurate">c</Claim>'].join('\n\n'),
    );
    expect(claims.map((c) => c.id)).toEqual([
      'claim-kazakhstan-has-been-under-attack-by-terrorists-who-were',
      'claim-kazakhstan-has-been-under-attack-by-terrorists-who-were-2',
      'claim-fuel-price',
      'claim-z',
    ]);
    expect(diagnostics).toEqual(['b.mdx:13:18: error: claim id `not a slug` is not a slug; use letters, digits and single hyphens, e.g. `almaty-capital` [claim-attribute]']);
  });

  test('cannot contain another claim', () => {
    const { diagnostics } = check('<Claim claim="a" verdict="false">\n<Claim claim="b" verdict="false">x</Claim>\n</Claim>');
    expect(diagnostics).toEqual(['b.mdx:8:1: error: a claim cannot contain another claim; close the first `</Claim>` before opening the next [claim-nested]']);
  });
});

describe('the rating scale', () => {
  test('defaults to six verdicts, most accurate first, with distinct ordinals', () => {
    const options = AttestOptionsSchema.parse({});
    expect(options.ratings.map((r) => [r.verdict, r.ordinal])).toEqual([
      ['accurate', 6],
      ['mostly-accurate', 5],
      ['misleading', 4],
      ['unsupported', 3],
      ['disputed', 2],
      ['false', 1],
    ]);
    expect(options.ratings.every((r) => r.label && r.description && r.icon)).toBe(true);
  });

  test('is configurable, and verdicts follow the configured scale', () => {
    const options = AttestOptionsSchema.parse({ ratings: [{ verdict: 'true', label: 'True', description: 'Right.', ordinal: 2, icon: 'check' }, { verdict: 'pants-on-fire', label: 'Pants on fire', description: 'Wrong.', ordinal: 1 }] });
    expect(options.ratings[1]!.icon).toBe('dot');
    const { diagnostics } = check('<Claim claim="a" verdict="true">x</Claim>\n\n<Claim claim="b" verdict="false">x</Claim>', options.ratings);
    expect(diagnostics).toEqual(['b.mdx:9:18: error: unknown verdict `false`; the rating scale has `true`, `pants-on-fire` [unknown-verdict]']);
  });

  test('rejects repeated verdicts and ordinals', () => {
    const result = AttestOptionsSchema.safeParse({ ratings: [{ verdict: 'a', label: 'A', description: 'd', ordinal: 1 }, { verdict: 'a', label: 'B', description: 'd', ordinal: 1 }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['ratings.1.verdict', 'verdict `a` appears twice'],
      ['ratings.1.ordinal', 'ordinal 1 appears twice'],
    ]);
  });
});

describe('npm run check reads the rating scale from the Astro config', () => {
  test('a custom scale given to attest() is the one the checker uses', async () => {
    const { loadConfigOptions } = await import('../../src/cli/config-options.ts');
    const options = await loadConfigOptions(path.join(projectRoot, 'tests/fixtures/site'));
    expect(options.ratings.map((r) => r.verdict)).toEqual(['true', 'half-true', 'pants-on-fire']);
    const report = checkProject({ root: path.join(projectRoot, 'tests/fixtures/site'), ratings: options.ratings });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // With the default scale the fixture's verdicts are unknown: the scale really is read.
    const fallback = checkProject({ root: path.join(projectRoot, 'tests/fixtures/site') });
    expect(fallback.diagnostics.filter((d) => d.rule === 'unknown-verdict')).toHaveLength(3);
    // Importing a config loads Astro itself: seconds on a busy machine.
  }, 30_000);

  test('a plain attest() needs no import of the config', async () => {
    const { loadConfigOptions } = await import('../../src/cli/config-options.ts');
    expect((await loadConfigOptions(projectRoot)).ratings).toEqual(DEFAULT_RATINGS);
  });
});
