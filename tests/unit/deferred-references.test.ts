import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mdxToJs } from 'satteri';
import { describe, expect, test } from 'vitest';
import { citationsPlugin } from '../../src/integration/citations-plugin.ts';
import { deferReferences, fillReferences, referenceList } from '../../src/integration/deferred-references.ts';
import { fragmentHtml } from '../../src/integration/html-fragments.ts';
import { briefingReferences, noteCites } from '../../src/lib/briefing-references.ts';
import { checkProject } from '../../src/lib/check-project.ts';
import { loadStyles } from '../../src/lib/csl-styles.ts';
import { citationFootnote } from '../../src/lib/footnote-content.ts';
import { referenceListNode } from '../../src/lib/reference-list.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const root = path.join(projectRoot, 'tests/fixtures/site');
const report = checkProject({ root });
const styles = loadStyles(root, 'styles');

describe('references filled in when the page renders', () => {
  test.each(['every-form', 'second'])('the notes and the list of %s read as when formatted in the compile', (slug) => {
    const b = report.briefings.find((x) => x.slug === slug)!;
    const style = styles.byName.get(b.data!.style ?? 'apa')!;
    const groups = [...new Map(b.occurrences.map((o) => [o.id, o])).values()];
    const id = `briefings/${slug}.mdx`;
    const deferred = deferReferences(id, noteCites(groups), style, b.data!.lang, { base: '/', slug });
    const inline = briefingReferences(noteCites(groups), style, b.data!.lang, true);
    const notes = (reference: typeof inline.reference) => groups.map((o) => citationFootnote(o.id, o.resolved, { base: '/', reference }).children.map((p) => fragmentHtml(p)!).join(''));
    const placeheld = notes(deferred.reference);
    // Placeholders only: nothing was formatted for the compiled notes.
    expect(placeheld.join('')).toContain('\u0000');
    expect(placeheld.map((html) => fillReferences(id, html))).toEqual(notes(inline.reference));
    expect(referenceList(id)).toBe(fragmentHtml(referenceListNode(inline.list!, '/', slug)));
    // Compiled again with the references formatted (a rebuild: they come from the cache), the notes read the same.
    const again = deferReferences(`${id}-again`, noteCites(groups), style, b.data!.lang, { base: '/', slug });
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
    expect(code).toMatch(/import \{ fillReferences as __attestFillReferences, referenceList as __attestReferenceList \} from ".*deferred-references\.ts"/);
    // line-brief prints "(Doe 2024: ll. 1–2)"; the compiled module holds none of it.
    expect(code).not.toContain('Doe 2024');
  });
});
