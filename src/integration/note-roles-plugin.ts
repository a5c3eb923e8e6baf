/**
 * DPUB-ARIA roles on the footnotes GFM writes, so assistive technology
 * announces note references, the notes section and back-links as such (they
 * are otherwise plain links and a plain section); and the notes heading made
 * visible, since it says what the notes hold.
 */
import { defineHastPlugin, type HastPluginDefinition } from 'satteri';

/** The heading GFM gives the notes section. */
const NOTES_HEADING = 'footnote-label';

/**
 * `role="doc-noteref"` on note marks, `role="doc-endnotes"` on the notes
 * section (named by its heading) and `role="doc-backlink"` on the links back.
 * @returns A Sätteri hast plugin.
 */
export function noteRolesPlugin(): HastPluginDefinition {
  return defineHastPlugin({
    name: 'attest-note-roles',
    element: {
      filter: ['a', 'section', 'h2'],
      visit(node, ctx) {
        const p = node.properties;
        if (node.tagName === 'a' && p.dataFootnoteRef !== undefined) ctx.setProperty(node, 'role', 'doc-noteref');
        else if (node.tagName === 'a' && p.dataFootnoteBackref !== undefined) ctx.setProperty(node, 'role', 'doc-backlink');
        else if (node.tagName === 'section' && p.dataFootnotes !== undefined) {
          ctx.setProperty(node, 'role', 'doc-endnotes');
          ctx.setProperty(node, 'ariaLabelledBy', [NOTES_HEADING]);
        } else if (node.tagName === 'h2' && p.id === NOTES_HEADING) ctx.setProperty(node, 'className', ['footnotes-title']);
      },
    },
  });
}
