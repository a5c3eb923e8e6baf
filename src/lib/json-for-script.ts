/**
 * JSON that is safe inside `<script type="application/ld+json">`: the HTML
 * parser ends a script at the first `</script`, whatever JSON says, so `<`,
 * `>` and `&` go out as `\u003c`-style escapes (still the same JSON value).
 * U+2028/2029 are escaped too, for scripts that read the text as JavaScript.
 * @param value Any JSON-serialisable value, possibly holding untrusted text.
 * @returns The JSON text, with no character that could close the script.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
