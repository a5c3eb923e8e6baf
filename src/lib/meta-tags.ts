/**
 * `<meta>` tags whose content may come from untrusted metadata (a scraped
 * title). Astro escapes only `&` and `"` in attributes, which is valid HTML;
 * link-preview scrapers are often not HTML parsers, so `<` and `>` are
 * escaped too and no tag-like text reaches the page source.
 */

/**
 * @param value Any text.
 * @returns The text, safe inside a double-quoted attribute.
 */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * @param tags `[attribute, name, content]`, e.g. `['property', 'og:title', title]`; a tag without content is left out.
 * @returns The tags as HTML.
 */
export function metaTags(tags: ReadonlyArray<readonly [attribute: 'name' | 'property', name: string, content: string | undefined]>): string {
  return tags
    .filter(([, , content]) => content !== undefined && content !== '')
    .map(([attribute, name, content]) => `<meta ${attribute}="${escapeAttribute(name)}" content="${escapeAttribute(content!)}">`)
    .join('');
}
