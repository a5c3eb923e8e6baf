import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'mdast';
import { mdxToMdast } from 'satteri';
import { describe, expect, test } from 'vitest';
import { checkedBriefings, placeCheckedFindings } from '../../src/integration/checked-findings.ts';
import { collectCitations, firstCitations } from '../../src/lib/briefing-citations.ts';
import { collectClaims } from '../../src/lib/briefing-claims.ts';
import { checkProject } from '../../src/lib/check-project.ts';
import { DEFAULT_RATINGS } from '../../src/schemas/rating-scale.ts';
import { projectRoot } from '../helpers/run-astro.ts';

/** What Astro hands the Markdown plugin: the front matter blanked out, line breaks kept. */
function asCompiled(raw: string): string {
  const end = raw.indexOf('\n---', 3) + 4;
  return raw.slice(0, end).replace(/[^\n]/g, ' ') + raw.slice(end);
}

const pluginTree = (text: string) => mdxToMdast(text, { features: { gfm: true, frontmatter: true }, position: true }) as unknown as Root;

describe("the build's plugin takes the check's findings", () => {
  const report = checkProject({ root: projectRoot });
  const lookup = checkedBriefings(report);

  test.each(report.briefings.map((b) => b.file))('%s: the same citations and claims as finding them again, on its own nodes', (file) => {
    const text = asCompiled(readFileSync(path.join(projectRoot, file), 'utf8'));
    const checked = lookup(file, text);
    expect(checked).toBeDefined();
    const tree = pluginTree(text);
    const placed = placeCheckedFindings(tree, checked!)!;
    const cites = collectCitations(tree, { file, raw: text, sources: report.sources.byKey });
    const claims = collectClaims(tree, { file, raw: text, sources: report.sources.byKey, ratings: DEFAULT_RATINGS, occurrences: cites.occurrences });
    expect(cites.occurrences.length).toBeGreaterThan(0);
    expect(claims.claims.length).toBeGreaterThan(0);
    expect(placed.occurrences).toEqual(cites.occurrences.map(({ parent: _parent, ...o }) => o));
    placed.occurrences.forEach((o, i) => expect(o.node).toBe(cites.occurrences[i]!.node));
    expect(placed.claims.map((c) => c.data)).toEqual(claims.claims.map((c) => c.data));
    placed.claims.forEach((c, i) => expect(c.node).toBe(claims.claims[i]!.node));
    // The notes merge the marks of a group cited again into copies; the report stays as checked.
    firstCitations(placed.occurrences)[0]!.resolved[0]!.marks.push({ line: 1, start: 0, end: 1 });
    expect(checked!.occurrences[0]!.resolved[0]!.marks).not.toContainEqual({ line: 1, start: 0, end: 1 });
  });

  test('an edited text, an unknown file or a briefing with errors is checked again by the plugin', () => {
    const file = report.briefings[0]!.file;
    const text = asCompiled(readFileSync(path.join(projectRoot, file), 'utf8'));
    expect(lookup(file, text.replace(/\.(\s)/, ',$1'))).toBeUndefined();
    expect(lookup('briefings/elsewhere.mdx', text)).toBeUndefined();
    const broken = checkProject({ root: path.join(projectRoot, 'tests/fixtures/claims'), sources: '../../../sources' });
    const brokenFile = broken.briefings[0]!.file;
    expect(checkedBriefings(broken)(brokenFile, asCompiled(readFileSync(path.join(projectRoot, 'tests/fixtures/claims', brokenFile), 'utf8')))).toBeUndefined();
  });

  test('a tree whose nodes are not where the check saw them is not used', () => {
    const file = report.briefings[0]!.file;
    const text = asCompiled(readFileSync(path.join(projectRoot, file), 'utf8'));
    // The same body one line lower: every node has moved.
    expect(placeCheckedFindings(pluginTree(`\n${text}`), lookup(file, text)!)).toBeUndefined();
  });
});
