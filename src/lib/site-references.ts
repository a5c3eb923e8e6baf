/**
 * What the site's pages and export routes share: the CSL items of sources
 * as content entries hold them, and the site's style.
 */
import { cslItem } from './csl-item.ts';
import { inBuildSnapshot } from './build-snapshot.ts';
import { loadStyles, type CslStyle } from './csl-styles.ts';
import type { CslData } from './citation-js.ts';
import type { SourceMeta } from '../schemas/source-meta.ts';
import type { BriefingReport } from './check-project.ts';

/** A source as the content collection stores it. */
export interface SourceEntryData {
  key: string;
  meta: SourceMeta;
}

/**
 * @param byKey Source entries by key.
 * @param keys The keys wanted, in order.
 * @returns Their CSL items, in the order of `keys`; unknown keys are skipped.
 */
export function itemsFor(byKey: ReadonlyMap<string, SourceEntryData>, keys: readonly string[]): CslData[] {
  return keys.flatMap((k) => {
    const e = byKey.get(k);
    return e ? [cslItem(e)] : [];
  });
}

/**
 * The sources a briefing cites, in order of first citation: its reference downloads.
 * @param briefing A briefing of the check's report.
 * @returns Source keys.
 */
export function citedKeys(briefing: Pick<BriefingReport, 'occurrences'>): string[] {
  const keys = new Set<string>();
  for (const o of briefing.occurrences) for (const r of o.resolved) keys.add(r.source.key);
  return [...keys];
}

/**
 * @param briefings The check's briefings.
 * @returns Each briefing's slug → the sources it cites (`citedKeys`): `virtual:attest/references`.
 */
export function citedBySlug(briefings: readonly Pick<BriefingReport, 'slug' | 'occurrences'>[]): Record<string, string[]> {
  const cited: Record<string, string[]> = {};
  for (const b of briefings) cited[b.slug] = citedKeys(b);
  return cited;
}

/** The site's style as a build's pages last read it (`build-snapshot.ts`). */
const siteStyles = new Map<string, CslStyle>();

/**
 * The style pages use for "Cite this source".
 * @param root Project root.
 * @param stylesDir Styles folder.
 * @param name The site's style (checked before the build).
 * @returns The style.
 */
export function siteStyle(root: string, stylesDir: string, name: string): CslStyle {
  const key = `${root}\u0000${stylesDir}\u0000${name}`;
  const taken = inBuildSnapshot() ? siteStyles.get(key) : undefined;
  if (taken) return taken;
  const style = loadStyles(root, stylesDir).byName.get(name);
  // The checker stops the build on an unknown style before any page renders.
  if (!style) throw new Error(`unknown CSL style \`${name}\``);
  siteStyles.set(key, style);
  return style;
}
