/**
 * Handing a claim's checked data (its anchor, the resolved appearance, the
 * footnotes its review cites) to the `<Claim>` component as a real object
 * prop, so the card renders what the checker saw without re-reading sources.
 */
import type { ClaimData } from '../lib/briefing-claims.ts';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { valueToEstree } from 'estree-util-value-to-estree';

/** The prop the component reads; authors cannot set it (unknown attributes are errors). */
export const CLAIM_DATA_PROP = 'resolved';

/**
 * Add `resolved={…}` to a `<Claim>` element.
 * @param node The MDX JSX element.
 * @param data What the checker found for it.
 */
export function attachClaimData(node: MdxJsxFlowElement | MdxJsxTextElement, data: ClaimData): void {
  node.attributes.push({
    type: 'mdxJsxAttribute',
    name: CLAIM_DATA_PROP,
    value: {
      type: 'mdxJsxAttributeValueExpression',
      value: JSON.stringify(data),
      data: { estree: { type: 'Program', sourceType: 'module', body: [{ type: 'ExpressionStatement', expression: valueToEstree(data) }] } },
    },
  });
}
