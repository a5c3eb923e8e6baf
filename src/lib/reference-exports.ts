/**
 * References for reference managers: BibTeX, RIS and CSL-JSON, written by
 * citation-js. One fix on top: citation-js's RIS output drops the author and
 * the full date of newspaper articles (its RIS mapping sends `author` to no
 * tag for `NEWS` and writes only `PY`, the year), so those records get the
 * `AU` and `DA` tags that the RIS specification, Zotero and EndNote read.
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
  // plugin-ris ships no types, so its output format is not in core's format map.
  const cite = new Cite([item]);
  const record = String((cite.format as (name: string) => unknown).call(cite, 'ris')).trimEnd();
  if (item.type !== 'article-newspaper') return record + '\n';
  const lines = record.split('\n');
  const extra: string[] = [];
  if (!lines.some((l) => l.startsWith('AU  - '))) {
    for (const a of item.author ?? []) extra.push(`AU  - ${a.literal ?? [a.family, a.given].filter(Boolean).join(', ')}`);
  }
  const parts = item.issued?.['date-parts']?.[0];
  if (parts && !lines.some((l) => l.startsWith('DA  - '))) {
    // RIS dates are YYYY/MM/DD/ with empty fields for unknown parts.
    const [y, m, d] = parts;
    extra.push(`DA  - ${y}/${m ? String(m).padStart(2, '0') : ''}/${d ? String(d).padStart(2, '0') : ''}/`);
  }
  // After `TY` and `ID`, before the rest, as citation-js orders tags.
  const at = lines.findIndex((l) => !/^(TY|ID) {2}-/.test(l));
  lines.splice(at === -1 ? lines.length : at, 0, ...extra);
  return lines.join('\n') + '\n';
}
