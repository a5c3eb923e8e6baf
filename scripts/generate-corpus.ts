/**
 * Generate a deterministic Attest project of any size for timing builds:
 * `node scripts/generate-corpus.ts --out .bench/small --briefings 100 --sources 1000`.
 * Sources are shaped like saved news articles (one paragraph a line, some
 * blank lines); briefings cite them with every citation form and review
 * claims with `<Claim>`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RATINGS } from '../src/schemas/rating-scale.ts';

export interface CorpusSize {
  briefings: number;
  sources: number;
  /** Citation groups per briefing. */
  citations: number;
  /** Quotations per briefing, each checked against the lines it cites. */
  quotations?: number;
  /**
   * `<Claim>`s per briefing, verdicts taken in turn from the default rating
   * scale. Each quotes the line it appeared in and wraps two of the
   * briefing's citations as its evidence, so the citation count is unchanged.
   * @default 2
   */
  claims?: number;
  /** The site's CSL style. @default the integration's default */
  style?: string;
}

// A small, fixed PRNG (mulberry32) so every run generates the same corpus.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the council minister said protest price fuel government city police security report statement agency capital region troops leaders summit talks officials deployment order unrest week day night crowd vote budget bridge river court ruling appeal election turnout coalition border trade grain port'.split(
    ' ',
  );

/**
 * Write a corpus into `out` (replacing it): `sources/`, `briefings/`, `astro.config.mjs`.
 * @param out Target folder.
 * @param size How many briefings, sources, citations, quotations and claims.
 * @param projectRoot The Attest project whose `src/` the corpus is built with.
 */
export function generateCorpus(out: string, size: CorpusSize, projectRoot: string): void {
  const rand = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const sentence = (n: number) => {
    const words = Array.from({ length: n }, () => pick(WORDS));
    words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
    return words.join(' ') + '.';
  };
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'sources'), { recursive: true });
  mkdirSync(path.join(out, 'briefings'), { recursive: true });
  const lineCounts: number[] = [];
  const texts: string[][] = [];
  for (let s = 0; s < size.sources; s++) {
    const count = 20 + Math.floor(rand() * 40);
    lineCounts.push(count);
    const lines = Array.from({ length: count }, (_, i) => (i % 7 === 3 ? '' : `${sentence(8)} ${sentence(12)} ${sentence(10)}`));
    texts.push(lines);
    writeFileSync(path.join(out, 'sources', `src-${String(s).padStart(5, '0')}.txt`), lines.join('\n') + '\n');
    if (s % 2 === 0) {
      writeFileSync(
        path.join(out, 'sources', `src-${String(s).padStart(5, '0')}.yaml`),
        `title: ${sentence(6).slice(0, -1)}\ncontainer-title: Wire ${s % 13}\nissued: 2023-${String((s % 12) + 1).padStart(2, '0')}-${String((s % 28) + 1).padStart(2, '0')}\nlanguage: en\n`,
      );
    }
  }
  const textLine = (s: number, r = rand) => {
    for (;;) {
      const n = 1 + Math.floor(r() * lineCounts[s]!);
      if (n % 7 !== 4) return n;
    }
  };
  // A quotation of a few consecutive words of the cited line, as an author would write it.
  const quoted = (s: number, line: number, r = rand) => {
    const words = texts[s]![line - 1]!.split(' ');
    const from = Math.floor(r() * (words.length - 6));
    return `\u201c${words.slice(from, from + 3 + Math.floor(r() * 4)).join(' ')}\u201d`;
  };
  const quote = (s: number, line: number) => `${quoted(s, line)} `;
  const cite = (quoted: boolean) => {
    const s = Math.floor(rand() * size.sources);
    const key = `src-${String(s).padStart(5, '0')}`;
    const a = textLine(s);
    const form = rand();
    if (quoted) return `said ${quote(s, a)}[@${key}, l. ${a}]`;
    if (form < 0.5) return `[@${key}, l. ${a}]`;
    const b = Math.min(a + 1 + Math.floor(rand() * 2), lineCounts[s]!);
    if (form < 0.8) return `[@${key}, ll. ${a}-${b}]`;
    if (form < 0.9) return `[see @${key}, ll. ${a}\u2013${b}, for context]`;
    const t = Math.floor(rand() * size.sources);
    return `[@${key}, l. ${a}; @src-${String(t).padStart(5, '0')}, l. ${textLine(t)}]`;
  };
  // Claims draw from a generator of their own, so the rest of the corpus is
  // the same with or without them (timings stay comparable across versions).
  const claimRand = random(7);
  const claims = size.claims ?? 2;
  // Each claim's review holds `span` consecutive citation paragraphs, centred in its share of the briefing.
  const span = Math.min(2, Math.floor(size.citations / Math.max(1, claims)));
  if (claims > 0 && span === 0) throw new Error(`${claims} claims need at least ${claims} citations per briefing for their evidence`);
  const share = size.citations / Math.max(1, claims);
  const claimStart = Array.from({ length: claims }, (_, j) => Math.floor(j * share + (share - span) / 2));
  let verdictTurn = 0;
  const claimElement = (review: string[]) => {
    const s = Math.floor(claimRand() * size.sources);
    const key = `src-${String(s).padStart(5, '0')}`;
    const line = textLine(s, claimRand);
    const verdict = DEFAULT_RATINGS[verdictTurn++ % DEFAULT_RATINGS.length]!.verdict;
    // Sources with metadata (even numbers) have an outlet and a date; the claimant is that outlet.
    const attributes = [
      `claim="${s % 2 === 0 ? `Wire ${s % 13}` : 'A spokesperson'} said ${quoted(s, line, claimRand)} about the ${WORDS[Math.floor(claimRand() * WORDS.length)]}."`,
      ...(s % 2 === 0 ? [`claimant="Wire ${s % 13}"`] : []),
      ...(s % 3 === 0 ? [`date="2023-${String((s % 12) + 1).padStart(2, '0')}-${String((s % 28) + 1).padStart(2, '0')}"`] : []),
      `appearance="@${key}, l. ${line}"`,
      `verdict="${verdict}"`,
    ];
    return `<Claim\n  ${attributes.join('\n  ')}\n>\n${review.join('\n\n')}\n</Claim>`;
  };
  for (let b = 0; b < size.briefings; b++) {
    const paragraphs: string[] = [];
    const every = size.quotations ? Math.max(1, Math.floor(size.citations / size.quotations)) : Infinity;
    // The open claim's review, and what follows it (note definitions, headings) once it closes.
    let review: string[] | undefined;
    let after: string[] = [];
    for (let c = 0; c < size.citations; c++) {
      const isQuoted = c % every === 0 && c / every < (size.quotations ?? 0);
      const start = claimStart.indexOf(c);
      if (start >= 0) review = [];
      const into = review ?? paragraphs;
      const rest = review ? after : paragraphs;
      // About 1,500 words a briefing, the shape of the issue #8 baseline.
      into.push(`${sentence(14)} ${sentence(18)} ${sentence(12)} ${sentence(16)} ${sentence(10)} ${cite(isQuoted)}${c % 5 === 0 ? `[^n${c}]` : ''}`);
      if (c % 5 === 0) rest.push(`[^n${c}]: ${sentence(10)}`);
      if (c % 4 === 0) rest.push(`## ${sentence(4).slice(0, -1)}`);
      if (review && review.length === span) {
        paragraphs.push(claimElement(review), ...after);
        review = undefined;
        after = [];
      }
    }
    const date = `2024-${String((b % 12) + 1).padStart(2, '0')}-${String((b % 28) + 1).padStart(2, '0')}`;
    writeFileSync(
      path.join(out, 'briefings', `briefing-${String(b).padStart(4, '0')}.mdx`),
      `---\ntitle: "Briefing ${b}: ${sentence(5).slice(0, -1)}"\ndate: ${date}\nsummary: ${sentence(20)}\ntags: [${pick(WORDS)}, ${pick(WORDS)}]\n---\n\n${paragraphs.join('\n\n')}\n`,
    );
  }
  const rel = path.relative(out, projectRoot).split(path.sep).join('/');
  writeFileSync(
    path.join(out, 'astro.config.mjs'),
    `import mdx from '@astrojs/mdx';\nimport { defineConfig } from 'astro/config';\nimport attest from '${rel}/src/integration/index.ts';\n\nexport default defineConfig({\n  site: 'https://bench.example',\n  srcDir: '${rel}/src',\n  integrations: [attest(${JSON.stringify({ searchIndex: 'separate', ...(size.style ? { style: size.style } : {}) })}), mdx()],\n});\n`,
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: '.bench/corpus' },
      briefings: { type: 'string', default: '100' },
      sources: { type: 'string', default: '1000' },
      citations: { type: 'string', default: '20' },
      quotations: { type: 'string', default: '5' },
      claims: { type: 'string', default: '2' },
    },
  });
  const root = path.resolve(import.meta.dirname, '..');
  generateCorpus(path.resolve(values.out), { briefings: Number(values.briefings), sources: Number(values.sources), citations: Number(values.citations), quotations: Number(values.quotations), claims: Number(values.claims) }, root);
  console.log(`wrote ${values.briefings} briefings and ${values.sources} sources to ${values.out}`);
}
