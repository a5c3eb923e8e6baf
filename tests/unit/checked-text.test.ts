import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mdxToJs, type MdxToJsResult } from 'satteri';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { escape } from 'html-escaper';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkedBriefings } from '../../src/integration/checked-findings.ts';
import { checkedBriefingText } from '../../src/integration/checked-text.ts';
import { citationsPlugin } from '../../src/integration/citations-plugin.ts';
import { note } from '../../src/integration/deferred-references.ts';
import { footnoteLabels } from '../../src/integration/footnote-labels.ts';
import { checkProject, type BriefingReport } from '../../src/lib/check-project.ts';
import { loadStyles } from '../../src/lib/csl-styles.ts';
import { projectRoot } from '../helpers/run-astro.ts';

// The features the integration gives Sätteri.
const features = { smartPunctuation: false, gfm: { footnotes: footnoteLabels } } as const;
const out = path.join(projectRoot, 'tests/.out/checked-text');
const runtime = path.join(out, 'jsx-runtime.mjs');

/**
 * Run a compiled briefing with a JSX runtime that records elements, and
 * print what it renders as HTML (a `<Fragment set:html>` as its markup), as
 * a browser reads it: parsed, then serialized one way, with the white space
 * MDX puts between blocks left out.
 */
async function rendered(code: string, name: string): Promise<string> {
  const file = path.join(out, `${name}.mjs`);
  writeFileSync(file, code.replace(/from\s*"react\/jsx-runtime"/, `from ${JSON.stringify(pathToFileURL(runtime).href)}`));
  const { default: Content } = (await import(/* @vite-ignore */ `${pathToFileURL(file).href}?${Date.now()}`)) as { default: (props: object) => unknown };
  const html = print(Content({ components: { Fragment: 'Fragment', Claim: 'claim-card' } }));
  const tree = fromHtml(html.replace(/>\s*\n\s*</g, '><'), { fragment: true });
  // Attributes in one order: JSX and the notes' markup list them differently.
  visit(tree, 'element', (e) => void (e.properties = Object.fromEntries(Object.entries(e.properties).sort(([a], [b]) => (a < b ? -1 : 1)))));
  return toHtml(tree);
}

function print(node: unknown): string {
  if (node === null || node === undefined || node === false) return '';
  if (Array.isArray(node)) return node.map(print).join('');
  if (typeof node === 'string' || typeof node === 'number') return escape(String(node));
  const { type, props } = node as { type: unknown; props: Record<string, unknown> };
  const { children, ...attributes } = props;
  if (typeof type === 'symbol') return print(children);
  if (type === 'Fragment') return String(attributes['set:html']);
  const names = Object.entries(attributes).map(([k, v]) => ` ${k === 'className' ? 'class' : k}="${escape(String(v))}"`);
  return `<${String(type)}${names.join('')}>${print(children)}</${String(type)}>`;
}

describe('a checked briefing rewritten as MDX renders what the Markdown plugin renders', () => {
  beforeAll(() => {
    mkdirSync(out, { recursive: true });
    writeFileSync(runtime, "export const Fragment = Symbol('Fragment');\nexport const jsx = (type, props) => ({ type, props });\nexport const jsxs = jsx;\n");
  });

  // The fixture site's own scale (its astro.config.mjs), so that its claims check without errors.
  const ratings = (['true', 'half-true', 'pants-on-fire'] as const).map((verdict, i) => ({ verdict, label: verdict, description: verdict, ordinal: 3 - i, icon: 'check' as const }));
  const roots = [{ root: projectRoot }, { root: path.join(projectRoot, 'tests/fixtures/site'), ratings }];
  const briefings = roots.flatMap(({ root, ratings }) => {
    const report = checkProject({ root, ...(ratings ? { ratings } : {}) });
    const lookup = checkedBriefings(report);
    return report.briefings.map((b) => [path.relative(projectRoot, path.join(root, b.file)), { root, ratings, report, lookup, briefing: b }] as const);
  });

  test.each(briefings)('%s', async (_name, { root, ratings, report, lookup, briefing }) => {
    const raw = readFileSync(path.join(root, briefing.file), 'utf8');
    const checked = lookup(briefing.file, raw);
    expect(checked).toBeDefined();
    const styles = loadStyles(root, 'styles');
    const style = styles.byName.get(briefing.data?.style ?? 'apa')!;
    const site = 'https://news.example/';
    const plugin = citationsPlugin({
      root,
      ...(ratings ? { ratings } : {}),
      base: '/desk/',
      site,
      getSources: () => report.sources.byKey,
      getStyles: () => styles,
      style: 'apa',
      awaitWorkers: true,
      htmlFragments: true,
      checked: lookup,
    });
    const fileURL = pathToFileURL(path.join(root, briefing.file));
    const byPlugin = (await mdxToJs(raw, { features, mdastPlugins: [plugin], fileURL })) as MdxToJsResult;
    const expected = await rendered(byPlugin.code, `${briefing.slug}-plugin`);
    // Rewritten after the plugin's page rendered: both keep the briefing's notes under its file (deferred-references.ts), and a build does one or the other.
    const text = checkedBriefingText(raw, checked!, { file: briefing.file, slug: briefing.slug, base: '/desk/', site, style });
    expect(text).toBeDefined();
    // Every citation group is gone from the text; each claim has its data.
    for (const o of checked!.occurrences) expect(text).not.toContain(o.group.raw);
    expect(text!.split('<Claim resolved={').length - 1).toBe(checked!.claims.length);
    // The plugin leaves the rewritten text as it is when told it is rewritten, and compiles it the same way.
    const skipping = citationsPlugin({ root, base: '/desk/', getSources: () => report.sources.byKey, getStyles: () => styles, style: 'apa', awaitWorkers: true, htmlFragments: true, rewritten: (_file, t) => t === text });
    // Left out before Sätteri parses the rewritten text, and kept for any other.
    const entry = skipping as (ctx: { fileURL: URL; source: string }) => unknown;
    expect(entry({ fileURL, source: text! })).toBe(false);
    expect(entry({ fileURL, source: raw })).toHaveProperty('name', 'attest-citations');
    const byText = (await mdxToJs(text!, { features, mdastPlugins: [skipping], fileURL })) as MdxToJsResult;
    const actual = await rendered(byText.code, `${briefing.slug}-text`);
    expect(actual).toContain('class="cite-source-link"');
    expect(actual).toEqual(expected);
  }, 60_000);

  const site = path.join(projectRoot, 'tests/fixtures/site');
  const report = checkProject({ root: site });
  const every = report.briefings.find((b) => b.file.endsWith('every-form.mdx'))!;
  const raw = readFileSync(path.join(site, every.file), 'utf8');
  const options = (b: BriefingReport) => ({ file: b.file, slug: b.slug, base: '/', style: loadStyles(site, 'styles').byName.get('apa')! });

  test('a citation whose offsets do not match the text is left to the plugin', () => {
    expect(checkedBriefingText(raw, every, options(every))).toBeDefined();
    // What the check saw at the first citation's place is now something else.
    const o = every.occurrences[0]!;
    const moved = { ...every, occurrences: [{ ...o, column: o.column + 1 }, ...every.occurrences.slice(1)] };
    expect(checkedBriefingText(raw, moved, options(every))).toBeUndefined();
  });

  test('a text that ends in an open code fence is left to the plugin', () => {
    expect(checkedBriefingText(`${raw}\n\n\`\`\`\nstill code\n`, every, options(every))).toBeUndefined();
    expect(checkedBriefingText(`${raw}\n\n\`\`\`\nclosed\n\`\`\`\n`, every, options(every))).toBeDefined();
  });

  test('source text stays out of the MDX: its notes are calls, and the markup they print is escaped', () => {
    const text = checkedBriefingText(raw, every, options(every))!;
    const notes = text.slice(text.indexOf('\n[^cite-1]: '));
    expect(notes).not.toContain('pwned');
    const calls = [...notes.matchAll(/__attestNote\((".*?"), (\d+)\)/g)].map((m) => note(JSON.parse(m[1]!) as string, Number(m[2])));
    expect(calls.length).toBeGreaterThan(every.occurrences.length / 2);
    // The hostile source's lines are escaped HTML in the note that quotes them.
    const hostile = calls.filter((html) => html.includes('pwned'));
    expect(hostile.length).toBeGreaterThan(0);
    for (const html of hostile) {
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; and {braces}');
    }
  });
});
