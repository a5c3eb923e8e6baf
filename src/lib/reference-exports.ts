/**
 * References for reference managers: BibTeX, RIS and CSL-JSON, written by
 * citation-js. One fix on top: citation-js's RIS output drops the author and
 * the full date of newspaper articles (its RIS mapping sends `author` to no
 * tag for `NEWS` and writes only `PY`, the year), so those records get the
 * `AU` and `DA` tags that the RIS specification, Zotero and EndNote read;
 * and its text output wraps long values mid-word, so we write the lines.
 */
import { Cite, type CslData } from './citation-js.ts';

export type ExportFormat = 'bib' | 'ris' | 'json';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['bib', 'ris', 'json'];

/** Media types served with each export. */
export const EXPORT_TYPES: Record<ExportFormat, string> = {
  bib: 'application/x-bibtex; charset=utf-8',
  ris: 'application/x-research-info-systems; charset=utf-8',
  json: 'application/vnd.citationstyles.csl+json; charset=utf-8',
};

/** What each format is called next to its link. */
export const EXPORT_LABELS: Record<ExportFormat, string> = { bib: 'BibTeX', ris: 'RIS', json: 'CSL-JSON' };

/**
 * @param items CSL items (from `cslItem`).
 * @param format Which file.
 * @returns The file's text.
 */
export function exportReferences(items: readonly CslData[], format: ExportFormat): string {
  if (format === 'json') return JSON.stringify(items, null, 2) + '\n';
  if (items.length === 0) return '';
  // citation-js writes a list's BibTeX entry by entry, joined, then one newline.
  if (format === 'bib') return items.map((item) => kept(item, 'bib', bibEntry)).join('') + '\n';
  return items.map((item) => kept(item, 'ris', risRecord)).join('\n');
}

/**
 * Each item's BibTeX entry and RIS record, by the item's JSON. A source's
 * entry reads the same in its own download and in the download of every
 * briefing that cites it: at 1,000 briefings and 10,000 sources, 32,000
 * entries of each format are 10,000 different ones.
 */
const pieces = new Map<string, Partial<Record<'bib' | 'ris', string>>>();
/** A build keeps one per source; a dev server's edits add more, so the oldest go. */
const KEPT = 50_000;

function kept(item: CslData, format: 'bib' | 'ris', make: (item: CslData) => string): string {
  const key = JSON.stringify(item);
  let found = pieces.get(key);
  if (!found) {
    if (pieces.size >= KEPT) pieces.delete(pieces.keys().next().value!);
    pieces.set(key, (found = {}));
  }
  return (found[format] ??= make(item));
}

function bibEntry(item: CslData): string {
  const text = new Cite([item]).format('bibtex', { format: 'text' }) as string;
  // Without the list's closing newline, which `exportReferences` adds once.
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

function risRecord(item: CslData): string {
  // citation-js maps CSL to RIS tags; we write the lines ourselves, because
  // its text output breaks every value after 70 characters, mid-word, and a
  // parser joins the pieces with a space ("C STO").
  const cite = new Cite([item]);
  const [tags] = (cite.format as (name: string, options: object) => unknown).call(cite, 'ris', { format: 'object' }) as [Record<string, string | string[]>];
  if (item.type === 'article-newspaper') {
    if (!tags['AU'] && item.author?.length) tags['AU'] = item.author.map((a) => a.literal ?? [a.family, a.given].filter(Boolean).join(', '));
    const parts = item.issued?.['date-parts']?.[0];
    if (!tags['DA'] && parts) {
      // RIS dates are YYYY/MM/DD/ with empty fields for unknown parts.
      const [y, m, d] = parts;
      tags['DA'] = `${y}/${m ? String(m).padStart(2, '0') : ''}/${d ? String(d).padStart(2, '0') : ''}/`;
    }
  }
  const lines = [`TY  - ${tags['TY']}`];
  for (const [tag, value] of Object.entries(tags)) {
    if (tag === 'TY') continue;
    // A line break inside a value would end the tag early.
    for (const v of ([] as string[]).concat(value)) lines.push(`${tag}  - ${String(v).replace(/\s*[\r\n]+\s*/g, ' ')}`);
  }
  lines.push('ER  - ');
  return lines.join('\n') + '\n';
}
