/**
 * The front matter fields the citation pipeline needs (`style`, `lang`),
 * wherever the host put the front matter: Astro parses it into
 * `data.astro.frontmatter` of the compile; a plain Sätteri compile leaves a
 * `yaml` node in the tree.
 */
import { load } from 'js-yaml';
import type { Root, Yaml } from 'mdast';

export interface CitationFrontMatter {
  style?: string;
  lang?: string;
}

/**
 * @param tree The briefing's mdast.
 * @param compileData The compile's data bag (Sätteri's `ctx.data`).
 * @returns `style` and `lang` if set as strings.
 */
export function briefingFrontMatter(tree: Root, compileData: Record<string, unknown>): CitationFrontMatter {
  let data = (compileData as { astro?: { frontmatter?: Record<string, unknown> } }).astro?.frontmatter;
  if (!data) {
    const yaml = tree.children.find((n): n is Yaml => n.type === 'yaml');
    try {
      data = yaml ? (load(yaml.value) as Record<string, unknown>) : undefined;
    } catch {
      // Invalid YAML is the checker's to report; the defaults apply here.
      data = undefined;
    }
  }
  const out: CitationFrontMatter = {};
  if (typeof data?.['style'] === 'string') out.style = data['style'];
  if (typeof data?.['lang'] === 'string') out.lang = data['lang'];
  return out;
}
