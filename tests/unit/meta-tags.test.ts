import { describe, expect, test } from 'vitest';
import { escapeAttribute, metaTags } from '../../src/lib/meta-tags.ts';

describe('meta tags from untrusted metadata', () => {
  test('escape every character that could end the attribute or look like a tag', () => {
    expect(escapeAttribute(`<script>alert('x')</script> "q" & {b}`)).toBe(`&lt;script&gt;alert('x')&lt;/script&gt; &quot;q&quot; &amp; {b}`);
  });

  test('leave out tags without content', () => {
    expect(metaTags([['property', 'og:title', 'A & B'], ['property', 'og:url', undefined], ['name', 'twitter:card', '']])).toBe(
      '<meta property="og:title" content="A &amp; B">',
    );
  });
});
