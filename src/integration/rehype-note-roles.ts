/**
 * DPUB-ARIA roles on the footnotes that remark-rehype writes, so assistive
 * technology announces note references, the notes section and back-links as
 * such (they are otherwise plain links and a plain section).
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Adds `role="doc-noteref"` to note marks, `role="doc-endnotes"` to the notes
 * section and `role="doc-backlink"` to the links back to the text.
 * @returns A unified transformer over hast.
 */
export function rehypeNoteRoles() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      const p = node.properties;
      if (node.tagName === 'a' && p.dataFootnoteRef !== undefined) p.role = 'doc-noteref';
      else if (node.tagName === 'a' && p.dataFootnoteBackref !== undefined) p.role = 'doc-backlink';
      else if (node.tagName === 'section' && p.dataFootnotes !== undefined) {
        p.role = 'doc-endnotes';
        // The notes are a landmark; name it by its heading.
        const heading = node.children.find((c): c is Element => c.type === 'element' && /^h[1-6]$/.test(c.tagName) && Boolean(c.properties.id));
        if (heading) p.ariaLabelledBy = [String(heading.properties.id)];
      }
    });
  };
}
