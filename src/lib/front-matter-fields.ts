/**
 * The front matter fields the citation pipeline needs (`style`, `lang`),
 * wherever the host put the front matter: Astro and @astrojs/mdx parse it
 * into `file.data.astro.frontmatter`; a plain unified pipeline with
 * remark-frontmatter leaves a `yaml` node in the tree.
 */
import type { Root, Yaml } from 'mdast';
import type { VFile } from 'vfile';
import { parse } from 'yaml';

export interface CitationFrontMatter {
  style?: string;
  lang?: string;
}

/**
 * @param tree The briefing's mdast.
 * @param file Its vfile.
 * @returns `style` and `lang` if set as strings.
 */
export function briefingFrontMatter(tree: Root, file: VFile): CitationFrontMatter {
  let data = (file.data as { astro?: { frontmatter?: Record<string, unknown> } }).astro?.frontmatter;
  if (!data) {
    const yaml = tree.children.find((n): n is Yaml => n.type === 'yaml');
    try {
      data = yaml ? (parse(yaml.value) as Record<string, unknown>) : undefined;
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
