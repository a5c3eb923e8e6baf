/**
 * Handing a claim's checked data (its anchor, the resolved appearance, the
 * footnotes its review cites) to the `<Claim>` component, so the card renders
 * what the checker saw without re-reading sources. The data travels as JSON
 * in one string prop: Sätteri compiles a string attribute to an escaped JS
 * string literal, whatever the text holds.
 */
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import type { ClaimData } from '../lib/briefing-claims.ts';

/** The prop the component reads; authors cannot set it (unknown attributes are errors). */
export const CLAIM_DATA_PROP = 'resolved';

/**
 * The element with `resolved="<json>"` added.
 * @param node The MDX JSX element.
 * @param data What the checker found for it.
 * @returns A copy to put in its place; its children are the same nodes.
 */
export function withClaimData<T extends MdxJsxFlowElement | MdxJsxTextElement>(node: T, data: ClaimData): T {
  return { ...node, attributes: [...node.attributes, { type: 'mdxJsxAttribute', name: CLAIM_DATA_PROP, value: JSON.stringify(data) }], children: [...node.children] };
}
