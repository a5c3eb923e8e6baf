/**
 * Checking a whole project: every source, every briefing, every citation.
 * `npm run check` prints the result; the build runs the same function first
 * and stops on any error, so the two never disagree.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BriefingData } from '../schemas/briefing.ts';
import { DEFAULT_RATINGS, type Rating } from '../schemas/rating-scale.ts';
import { collectCitations, type CitationOccurrence } from './briefing-citations.ts';
import { collectClaims, type ClaimData } from './briefing-claims.ts';
import { checkStyles, type BriefingStyleInput } from './check-styles.ts';
import { sortDiagnostics, type Diagnostic } from './diagnostics.ts';
import { parseBriefing } from './parse-briefing.ts';
import { loadSources, type SourceSet } from './sources.ts';

export interface ProjectPaths {
  /** Project root (absolute). */
  root: string;
  /** Sources folder relative to the root. @default `sources` */
  sources?: string;
  /** Briefings folder relative to the root. @default `briefings` */
  briefings?: string;
  /** The rating scale claims' verdicts come from. @default the default scale */
  ratings?: readonly Rating[];
  /** The site's default CSL style. @default `apa` */
  style?: string;
  /** Folder of `.csl` styles relative to the root. @default `styles` */
  styles?: string;
}

export interface BriefingReport {
  slug: string;
  file: string;
  data?: BriefingData;
  /** Its citations, without the syntax tree they were found in. */
  occurrences: CheckedCitation[];
  /** The `<Claim>`s reviewed, in document order. */
  claims: ClaimData[];
  /** A digest of the text checked (`briefingDigest`): the build's plugin reuses these findings only for the same text. */
  digest: string;
  /** Where the text after the front matter starts. */
  bodyStart: number;
}

/**
 * A citation as the report keeps it: the tree is dropped after checking, so a
 * large project's trees are not all held at once. Where its text node starts
 * is kept instead, for the build's plugin to find the node in its own tree.
 */
export type CheckedCitation = Omit<CitationOccurrence, 'node' | 'parent'> & { textStart: number | undefined };

/**
 * Astro hands the Markdown plugin a briefing with its front matter blanked
 * out (the same length, so positions hold), which is why only the body is
 * digested; the front matter reaches the plugin as data.
 * @param raw A briefing's text, as read or as Astro compiles it.
 * @param bodyStart Where the text after the front matter starts.
 * @returns The digest a `BriefingReport` records of it.
 */
export function briefingDigest(raw: string, bodyStart: number): string {
  return `${raw.length}:${createHash('sha1').update(raw.slice(bodyStart)).digest('hex')}`;
}

export interface ProjectReport {
  sources: SourceSet;
  briefings: BriefingReport[];
  diagnostics: Diagnostic[];
}

/**
 * Check every source and briefing of a project.
 * @param paths Where the project and its content folders are.
 * @param onSources Called with the sources as soon as they are read, before any briefing is checked.
 * @returns Sources, per-briefing citations and all diagnostics, sorted.
 */
export function checkProject(paths: ProjectPaths, onSources?: (sources: SourceSet) => void): ProjectReport {
  const sources = loadSources(paths.root, paths.sources ?? 'sources');
  onSources?.(sources);
  const diagnostics: Diagnostic[] = [...sources.diagnostics];
  const briefings: BriefingReport[] = [];
  const dir = path.resolve(paths.root, paths.briefings ?? 'briefings');
  const files = existsSync(dir) ? listBriefings(dir) : [];
  const styleInputs: BriefingStyleInput[] = [];
  for (const abs of files) {
    const file = path.relative(paths.root, abs).split(path.sep).join('/');
    const raw = readFileSync(abs, 'utf8');
    const parsed = parseBriefing(file, raw);
    diagnostics.push(...parsed.diagnostics);
    const slug = path.relative(dir, abs).replace(/\.mdx?$/, '').split(path.sep).join('/');
    const bodyStart = parsed.tree?.children.find((n) => n.type === 'yaml')?.position?.end.offset ?? 0;
    const report: BriefingReport = { slug, file, occurrences: [], claims: [], digest: briefingDigest(raw, bodyStart), bodyStart };
    if (parsed.data) report.data = parsed.data;
    styleInputs.push({ file, ...(parsed.tree ? { tree: parsed.tree } : {}), style: parsed.data?.style });
    if (parsed.tree) {
      const found = collectCitations(parsed.tree, { file, raw, sources: sources.byKey });
      diagnostics.push(...found.diagnostics);
      report.occurrences = found.occurrences.map(({ node, parent: _parent, ...rest }) => ({ ...rest, textStart: node.position?.start.offset }));
      const claims = collectClaims(parsed.tree, { file, raw, sources: sources.byKey, ratings: paths.ratings ?? DEFAULT_RATINGS, occurrences: found.occurrences });
      diagnostics.push(...claims.diagnostics);
      report.claims = claims.claims.map((c) => c.data);
    }
    briefings.push(report);
  }
  diagnostics.push(...checkStyles(paths.root, paths, styleInputs).diagnostics);
  const cited = new Set(
    briefings.flatMap((b) => [...b.occurrences.flatMap((o) => o.group.cites.map((c) => c.key)), ...b.claims.flatMap((c) => c.appearance.map((a) => a.key))]),
  );
  for (const source of sources.byKey.values()) {
    if (cited.has(source.key)) continue;
    diagnostics.push({
      file: source.file,
      line: 1,
      column: 1,
      severity: 'warning',
      message: `source \`${source.key}\` is never cited`,
      rule: 'uncited-source',
      suggestion: 'cite the lines that support a claim, or remove the source if it supports none',
    });
  }
  return { sources, briefings, diagnostics: sortDiagnostics(diagnostics) };
}

function listBriefings(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.mdx?$/.test(e.name) && !e.name.startsWith('_'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
