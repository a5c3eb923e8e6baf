import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mdxToJs } from 'satteri';
import { afterEach, describe, expect, test } from 'vitest';
import { citationsPlugin } from '../../src/integration/citations-plugin.ts';
import { deferReferences, deferredReferencesReady, fillReferences, referenceList } from '../../src/integration/deferred-references.ts';
import { fragmentHtml } from '../../src/integration/html-fragments.ts';
import { allowLateReferences, fillLateReferences, forgetLateReferences, sourceReferenceNowOrLater } from '../../src/integration/late-references.ts';
import { briefingReferences, briefingRequest, noteCites } from '../../src/lib/briefing-references.ts';
import { checkProject } from '../../src/lib/check-project.ts';
import { loadStyles } from '../../src/lib/csl-styles.ts';
import { cslItem } from '../../src/lib/csl-item.ts';
import { citationFootnote } from '../../src/lib/footnote-content.ts';
import { briefingKey, computeBriefingReferences, computeSourceReference, formatSourceReference, sourceKey } from '../../src/lib/reference-format.ts';
import { expectReference, forgetReferences } from '../../src/lib/reference-store.ts';
import { referenceListNode } from '../../src/lib/reference-list.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const root = path.join(projectRoot, 'tests/fixtures/site');
const report = checkProject({ root });
const styles = loadStyles(root, 'styles');

describe('references filled in when the page renders', () => {
  test.each([
    ['every-form', undefined],
    ['second', undefined],
    // Vancouver prints no locator: the notes add the lines, placeheld too until the citation is formatted.
    ['every-form', 'vancouver'],
  ])('the notes and the list of %s (style %s) read as when formatted in the compile', (slug, styleName) => {
    forgetReferences();
    const b = report.briefings.find((x) => x.slug === slug)!;
    const style = styles.byName.get(styleName ?? b.data!.style ?? 'apa')!;
    const groups = [...new Map(b.occurrences.map((o) => [o.id, o])).values()];
    const id = `briefings/${slug}.mdx#${style.id}`;
    const deferred = deferReferences(id, noteCites(groups), style, b.data!.lang, { base: '/', slug });
    const inline = briefingReferences(noteCites(groups), style, b.data!.lang, true);
    const notes = (reference: typeof inline.reference) => groups.map((o) => citationFootnote(o.id, o.resolved, { base: '/', reference }).children.map((p) => fragmentHtml(p)!).join(''));
    const placeheld = notes(deferred.reference);
    // Placeholders only: nothing was formatted for the compiled notes.
    expect(placeheld.join('')).toContain('\u0000');
    // Nor was the style asked whether it prints the lines: each cite with lines holds a place for them.
    expect(placeheld.join('')).toContain('\u0000L');
    expect(placeheld.map((html) => fillReferences(id, html))).toEqual(notes(inline.reference));
    expect(notes(inline.reference).join('').includes('class="cite-locator"')).toBe(styleName === 'vancouver');
    expect(referenceList(id)).toBe(fragmentHtml(referenceListNode(inline.list!, '/', slug)));
    // Compiled again with the references formatted (a rebuild: they come from the cache), the notes read the same.
    const again = deferReferences(`${id}-again`, noteCites(groups), style, b.data!.lang, { base: '/', slug });
    expect(notes(again.reference).join('')).not.toContain('\u0000L');
    expect(notes(again.reference).map((html) => fillReferences(`${id}-again`, html))).toEqual(notes(inline.reference));
  });

  test("a build's .mdx compile leaves the references to the page: a call where each note and the list go", async () => {
    const file = path.join(root, 'briefings/second.mdx');
    const source = readFileSync(file, 'utf8').replace(/^---[\s\S]*?---\n/, '');
    const plugin = citationsPlugin({ root, base: '/', getSources: () => report.sources.byKey, getStyles: () => styles, style: 'line-brief', awaitWorkers: true, htmlFragments: true });
    // A build's plugin is asynchronous (a `.md` briefing waits for its references).
    const { code } = await mdxToJs(source, { mdastPlugins: [plugin], features: { gfm: true }, fileURL: pathToFileURL(file) });
    expect(code).toContain('__attestFillReferences("briefings/second.mdx"');
    expect(code).toContain('__attestReferenceList("briefings/second.mdx")');
    expect(code).toMatch(/import \{ fillReferences as __attestFillReferences, referenceList as __attestReferenceList, note as __attestNote, kept as __attestKept \} from ".*deferred-references\.ts"/);
    // line-brief prints "(Doe 2024: ll. 1–2)"; the compiled module holds none of it.
    expect(code).not.toContain('Doe 2024');
  });
});

describe('references left for the build to fill in after the pages are written', () => {
  const b = report.briefings.find((x) => x.slug === 'every-form')!;
  const style = styles.byName.get(b.data!.style ?? 'apa')!;
  const groups = [...new Map(b.occurrences.map((o) => [o.id, o])).values()];
  const notes = (reference: Parameters<typeof citationFootnote>[2]['reference']) => groups.map((o) => citationFootnote(o.id, o.resolved, { base: '/', reference }).children.map((p) => fragmentHtml(p)!).join('')).join('\n');
  const source = report.sources.byKey.get('city-council')!;
  afterEach(() => {
    forgetLateReferences();
    forgetReferences();
  });

  test('a page whose references a worker is still formatting writes markers, and the fill makes it read as if it had waited', async () => {
    forgetReferences();
    const id = 'briefings/every-form.mdx#late';
    const deferred = deferReferences(id, noteCites(groups), style, b.data!.lang, { base: '/', slug: 'every-form' });
    const request = briefingRequest(noteCites(groups), style, b.data!.lang);
    const entryKey = sourceKey(style, cslItem(source));
    // Workers on their way, as in a build: the briefing and the source's entry.
    let finish = () => {};
    const worker = new Promise<void>((resolve) => (finish = resolve));
    expectReference(briefingKey(request), worker.then(() => computeBriefingReferences(request)));
    expectReference(entryKey, worker.then(() => computeSourceReference(style, cslItem(source))));
    allowLateReferences();
    // The pages do not wait for the worker; the site is served from a sub-path.
    await deferredReferencesReady(id, '/archive/briefings/every-form/');
    const briefingPage = `${notes(deferred.reference).split('\n').map((html) => fillReferences(id, html)).join('\n')}\n${referenceList(id)}`;
    const sourcePage = await sourceReferenceNowOrLater(style, cslItem(source), '/archive/sources/city-council/');
    expect(briefingPage + sourcePage).not.toContain('csl-entry');
    expect(sourcePage).toMatch(/^<!--attest-late-[0-9a-f]{16}-\d+-->$/);
    finish();
    await worker;
    const dir = mkdtempSync(path.join(tmpdir(), 'attest-late-'));
    const write = (page: string, html: string) => {
      mkdirSync(path.join(dir, page), { recursive: true });
      writeFileSync(path.join(dir, page, 'index.html'), html);
      return path.join(dir, page, 'index.html');
    };
    const files = [write('briefings/every-form', briefingPage), write('sources/city-council', sourcePage), write('other', '<p>no markers</p>')];
    const filled = await fillLateReferences({ dir, base: '/archive/', files });
    expect(filled.files).toBe(2);
    const inline = briefingReferences(noteCites(groups), style, b.data!.lang, true);
    expect(readFileSync(files[0]!, 'utf8')).toBe(`${notes(inline.reference)}\n${fragmentHtml(referenceListNode(inline.list!, '/', 'every-form'))}`);
    expect(readFileSync(files[1]!, 'utf8')).toBe(formatSourceReference(style, cslItem(source)));
    expect(readFileSync(files[2]!, 'utf8')).toBe('<p>no markers</p>');
  });

  test('a marker is found on a page other than the one it named, and one found nowhere fails the build', async () => {
    forgetReferences();
    const entryKey = sourceKey(style, cslItem(source));
    expectReference(entryKey, Promise.resolve(computeSourceReference(style, cslItem(source))));
    allowLateReferences();
    const marker = await sourceReferenceNowOrLater(style, cslItem(source), '/sources/elsewhere/');
    expect(marker).toMatch(/^<!--attest-late-/);
    await expect(fillLateReferences({ dir: tmpdir(), base: '/', files: [] })).rejects.toThrow(/1 of 1 references left for later were not found/);
    const dir = mkdtempSync(path.join(tmpdir(), 'attest-late-'));
    const file = path.join(dir, 'index.html');
    // Around it, text in other scripts and comments that only look like markers (no fill by that number, no number).
    const lookalikes = marker.replace(/-\d+-->$/, '-999-->') + marker.replace(/-\d+-->$/, '-x-->');
    writeFileSync(file, `<p>Zürich — 東京</p>${marker}${lookalikes}`);
    expect(await fillLateReferences({ dir, base: '/', files: [file] })).toEqual({ markers: 1, files: 1 });
    expect(readFileSync(file, 'utf8')).toBe(`<p>Zürich — 東京</p>${formatSourceReference(style, cslItem(source))}${lookalikes}`);
  });

  test('without the fill (the dev server, a build without workers) a page waits for its references', async () => {
    forgetReferences();
    const entryKey = sourceKey(style, cslItem(source));
    expectReference(entryKey, Promise.resolve(computeSourceReference(style, cslItem(source))));
    expect(await sourceReferenceNowOrLater(style, cslItem(source), '/sources/city-council/')).toBe(formatSourceReference(style, cslItem(source)));
  });
});
