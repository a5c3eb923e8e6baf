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
  if (format === 'bib') return new Cite([...items]).format('bibtex', { format: 'text' }) as string;
  return items.map(risRecord).join('\n');
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
