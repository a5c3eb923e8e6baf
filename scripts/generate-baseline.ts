/**
 * The plain-Astro baseline of a generated corpus, for `npm run bench`: the
 * same briefings as ordinary MDX, each citation turned into a hand-written
 * GFM footnote quoting the same lines, each `<Claim>` a hand-written
 * `<aside>` (the claim, its verdict as words, where it was made and the review,
 * all with ordinary footnotes), and one plain page per source file.
 * Astro's defaults throughout (Sätteri for MDX), no Attest code: the floor
 * our build is measured against.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const GROUP = /\[([^[\]]*@[^[\]]*)\]/g;
const CITE = /@([\w-]+)(?:,\s*(?:l|ll)\.\s*(\d+)(?:[-\u2013](\d+))?)?/g;
const CLAIM = /<Claim\s+([^>]*)>\n([\s\S]*?)\n<\/Claim>/g;
const ATTRIBUTE = /(\w+)="([^"]*)"/g;

/**
 * A `<Claim>` as a plain MDX site would write it by hand: an aside with the
 * claim, the verdict in words and the review; where it was made becomes a
 * citation, so it turns into a footnote like every other.
 */
function plainClaim(_: string, attributes: string, review: string): string {
  const a = Object.fromEntries([...attributes.matchAll(ATTRIBUTE)].map((m) => [m[1]!, m[2]!]));
  const verdict = (a.verdict ?? '').replace(/-/g, ' ');
  const by = [a.claimant, a.date].filter(Boolean).join(', ');
  const where = a.appearance ? `[${a.appearance}]` : '';
  return `<aside>\n\n**Claim${by ? ` (${by})` : ''}:** ${a.claim ?? ''}${where}\n\n**Verdict: ${verdict.charAt(0).toUpperCase()}${verdict.slice(1)}**\n\n${review}\n\n</aside>`;
}

/**
 * Write the baseline project for the corpus in `corpus` into `out` (replacing it).
 * @param corpus A folder written by `generateCorpus`.
 * @param out Target folder.
 */
export function generateBaseline(corpus: string, out: string): void {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'briefings'), { recursive: true });
  cpSync(path.join(corpus, 'sources'), path.join(out, 'sources'), { recursive: true });
  const lines = new Map<string, string[]>();
  const linesOf = (key: string) => {
    let l = lines.get(key);
    if (!l) {
      l = readFileSync(path.join(corpus, 'sources', `${key}.txt`), 'utf8').split('\n');
      lines.set(key, l);
    }
    return l;
  };
  for (const name of readdirSync(path.join(corpus, 'briefings'))) {
    const text = readFileSync(path.join(corpus, 'briefings', name), 'utf8');
    const notes: string[] = [];
    const body = text.replace(CLAIM, plainClaim).replace(GROUP, (_, group: string) => {
      const quoted: string[] = [];
      for (const m of group.matchAll(CITE)) {
        const [, key, a, b] = m;
        const from = Number(a ?? 1);
        const to = Number(b ?? a ?? 1);
        const excerpt = linesOf(key!).slice(from - 1, to).join(' ');
        quoted.push(`${key}, l. ${from}${to > from ? `–${to}` : ''}: “${excerpt}” [source](/sources/${key}/#L${from})`);
      }
      notes.push(quoted.join('; '));
      return `[^c${notes.length}]`;
    });
    // Front matter fields the plain site does not declare are dropped by its schema-less collection.
    writeFileSync(path.join(out, 'briefings', name), `${body}\n${notes.map((n, i) => `[^c${i + 1}]: ${n}`).join('\n\n')}\n`);
  }
  const files: Record<string, string> = {
    'astro.config.mjs': `import mdx from '@astrojs/mdx';\nimport { defineConfig } from 'astro/config';\n\nexport default defineConfig({ site: 'https://baseline.example', integrations: [mdx()] });\n`,
    'src/content.config.ts': `import { defineCollection } from 'astro:content';\nimport { glob } from 'astro/loaders';\n\nexport const collections = { briefings: defineCollection({ loader: glob({ base: './briefings', pattern: '**/*.mdx' }) }) };\n`,
    'src/layouts/Page.astro': `---\nconst { title } = Astro.props;\n---\n<html lang="en"><head><meta charset="utf-8" /><title>{title}</title></head><body><nav><a href="/">Briefings</a></nav><main><slot /></main></body></html>\n`,
    'src/pages/index.astro': `---\nimport { getCollection } from 'astro:content';\nimport Page from '../layouts/Page.astro';\nconst all = await getCollection('briefings');\n---\n<Page title="Briefings"><ul>{all.map((b) => <li><a href={\`/briefings/\${b.id}/\`}>{b.data.title}</a></li>)}</ul></Page>\n`,
    'src/pages/briefings/[slug].astro': `---\nimport { getCollection, render } from 'astro:content';\nimport Page from '../../layouts/Page.astro';\nexport async function getStaticPaths() {\n  return (await getCollection('briefings')).map((entry) => ({ params: { slug: entry.id }, props: { entry } }));\n}\nconst { entry } = Astro.props;\nconst { Content } = await render(entry);\n---\n<Page title={entry.data.title}><article><h1>{entry.data.title}</h1><Content /></article></Page>\n`,
    'src/pages/sources/[key].astro': `---\nimport { readdirSync, readFileSync } from 'node:fs';\nimport Page from '../../layouts/Page.astro';\nexport function getStaticPaths() {\n  const dir = 'sources';\n  return readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => ({ params: { key: f.slice(0, -4) }, props: { text: readFileSync(dir + '/' + f, 'utf8') } }));\n}\nconst { key } = Astro.params;\nconst lines = Astro.props.text.split('\\n');\n---\n<Page title={key}><h1>{key}</h1><ol>{lines.map((l, i) => <li id={\`L\${i + 1}\`}>{l}</li>)}</ol></Page>\n`,
  };
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    writeFileSync(path.join(out, file), content);
  }
}
