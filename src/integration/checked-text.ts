/**
 * A checked `.mdx` briefing, rewritten as MDX text before Sätteri parses it:
 * each citation group becomes a `[^cite-N]` reference, each `<Claim>` gets
 * its checked data, and the notes (and the reference list) are appended as
 * GFM footnote definitions whose blocks are `<Fragment set:html>`. Their
 * markup stays out of the text: each block is a call that prints it when the
 * page renders (`noteCall`), so the parser, the bundler and V8 do not each
 * take in 25 KB of string literals per briefing (on the bench corpus,
 * bundle 13.2 and 13.4 s against 14.0 and 15.1 s, render 16.0 and 16.8 s
 * against 17.8 and 18.0 s).
 *
 * The Markdown plugin (`citations-plugin.ts`) makes the same edits on the
 * parsed tree, with the same notes from `lib/footnote-content.ts`. In a
 * build it did so for every briefing, and Sätteri took longer to take in the
 * edited tree than to parse the same content written out: at 1,000
 * briefings, 4 to 5 s of the bundle's 22 s, against a plain site's 13 s
 * (measured on a copy of the bench corpus rewritten this way and built
 * without the plugin). So a build loads each briefing it checked without
 * error already rewritten, and the plugin leaves those alone. Anything that
 * does not line up with the check (a citation whose text differs from what
 * the check saw, a note block this cannot write) leaves the file to the
 * plugin, which edits its tree as before.
 */
import type { RootContent } from 'mdast';
import { firstCitations } from '../lib/briefing-citations.ts';
import { noteCites } from '../lib/briefing-references.ts';
import type { BriefingReport } from '../lib/check-project.ts';
import type { CslStyle } from '../lib/csl-styles.ts';
import { citationFootnote } from '../lib/footnote-content.ts';
import { lineStarts } from '../lib/text-offsets.ts';
import { CLAIM_DATA_PROP } from './claim-props.ts';
import { deferredImportCode, deferReferences, keptCall, listCall, noteCall } from './deferred-references.ts';
import { fragmentHtml } from './html-fragments.ts';

export interface CheckedTextOptions {
  /** The briefing, as the check names it (its path from the project root). */
  file: string;
  /** Its slug, for the reference list's links. */
  slug: string;
  /** The site's base path, ending in `/`. */
  base: string;
  /** Astro's `site`, for the absolute URLs print shows. */
  site?: string | undefined;
  /** Its style (its front matter's, or the site's). */
  style: CslStyle;
}

/**
 * @param raw The briefing's text, as checked.
 * @param report The check's report of that text (no errors).
 * @param options Where it is published, and its style.
 * @returns The text to compile instead, or undefined to leave the briefing to the Markdown plugin.
 */
export function checkedBriefingText(raw: string, report: Pick<BriefingReport, 'occurrences' | 'claims' | 'data'>, options: CheckedTextOptions): string | undefined {
  if (opensFence(raw)) return undefined;
  const edits: Edit[] = [];
  const starts = lineStarts(raw);
  let previousEnd = 0;
  for (const o of report.occurrences) {
    if (o.textStart === undefined) return undefined;
    // Where the check saw its `[` (the group's own offsets are into its text node's value, which drops a list item's indentation).
    const start = (starts[o.line - 1] ?? Number.NaN) + o.column - 1;
    // A group broken over indented lines does not read the same in the file.
    if (raw.slice(start, start + o.group.raw.length) !== o.group.raw) return undefined;
    // Pandoc attaches a note to the preceding word: the space before it goes, within its text node.
    let from = start;
    while (from > Math.max(o.textStart, previousEnd) && /\s/.test(raw[from - 1]!)) from--;
    edits.push({ from, to: start + o.group.raw.length, text: `[^${o.id}]` });
    previousEnd = start + o.group.raw.length;
  }
  const appended = notesText(report, options);
  if (appended === undefined) return undefined;
  for (const c of report.claims) {
    const at = (starts[c.line - 1] ?? Number.NaN) + c.column - 1;
    if (!raw.startsWith('<Claim', at)) return undefined;
    const end = at + '<Claim'.length;
    // Kept out of the module with the notes, if the briefing has any (a string literal otherwise).
    const data = JSON.stringify(c);
    edits.push({ from: end, to: end, text: ` ${CLAIM_DATA_PROP}={${keptCall(options.file, data) ?? JSON.stringify(data)}}` });
  }
  edits.sort((a, b) => b.from - a.from);
  let text = raw;
  for (const e of edits) text = text.slice(0, e.from) + e.text + text.slice(e.to);
  return appended ? `${text.trimEnd()}\n\n${appended}\n` : text;
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

/** The import, the reference list and the notes, as MDX; empty without citations; undefined if a note cannot be written. */
function notesText(report: Pick<BriefingReport, 'occurrences' | 'data'>, options: CheckedTextOptions): string | undefined {
  const notes = firstCitations(report.occurrences);
  if (!notes.length) return '';
  const references = deferReferences(options.file, noteCites(notes), options.style, report.data?.lang, { base: options.base, slug: options.slug });
  const blocks: string[] = [deferredImportCode()];
  if (references.hasList) blocks.push(fragment(listCall(references.id)));
  for (const o of notes) {
    const note = citationFootnote(o.id, o.resolved, { base: options.base, site: options.site, reference: references.reference });
    const parts: string[] = [];
    // Blocks that are markup through and through, one after another, print as one:
    // each fragment took Sätteri some 10 µs to compile, and the bundler and V8 more.
    let run: string[] = [];
    const endRun = () => {
      if (run.length) parts.push(fragment(noteCall(references.id, run.join(BLOCK_BREAK))));
      run = [];
    };
    for (const child of note.children) {
      const html = fragmentHtml(child);
      if (html !== undefined) {
        run.push(html);
        continue;
      }
      endRun();
      const part = paragraphText(child, (markup) => noteCall(references.id, markup));
      if (part === undefined) return undefined;
      parts.push(part);
    }
    endRun();
    // A definition's later blocks are indented under it.
    blocks.push(`[^${o.id}]: ${parts.join('\n\n    ')}`);
  }
  return blocks.join('\n\n');
}

/** What MDX writes between two blocks of a note, so that blocks printed as one read the same. */
const BLOCK_BREAK = '\n';

/**
 * A note's block that is not markup alone as MDX: the tail paragraph
 * (`citationFootnote`'s inline node with its hast, and text), a paragraph so
 * that GFM's back-link goes into it.
 */
function paragraphText(node: RootContent, keep: (html: string) => string): string | undefined {
  // The call that prints the markup, kept aside (`noteCall`).
  const markup = (html: string) => fragment(keep(html));
  if (node.type !== 'paragraph') return undefined;
  let out = '';
  for (const child of node.children) {
    const inline = fragmentHtml(child);
    if (inline !== undefined) out += markup(inline);
    // Only punctuation and spaces are written as text, so nothing in it can be Markdown or MDX syntax.
    else if (child.type === 'text' && /^[ .,;:]*$/.test(child.value)) out += child.value;
    else return undefined;
  }
  return /[^ ]$/.test(out) && !out.endsWith('/>') ? out : undefined;
}

/** `<Fragment set:html={js} />`, for JS that computes the markup. */
function fragment(js: string): string {
  return `<Fragment set:html={${js}} />`;
}

/** Whether a fenced code block is still open at the end: what is appended would land in it. */
function opensFence(raw: string): boolean {
  let open: string | undefined;
  for (const m of raw.matchAll(/^ {0,3}(`{3,}|~{3,})/gm)) {
    const fence = m[1]!;
    if (open === undefined) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length) open = undefined;
  }
  return open !== undefined;
}
