/**
 * Escaping for HTML output: gene names, sample names and any data text are always
 * escaped, never interpreted as markup.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escape text for use in HTML content or a quoted attribute.
 *
 * @example
 * escapeHtml('<img src=x onerror="alert(1)">'); // "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Serialise a value as JSON that is safe inside an inline `<script>` element
 * (no `</script>`, `<!--` or line-separator characters can end or confuse it).
 *
 * @example
 * scriptJson({ name: "</script><script>alert(1)</script>" }); // contains "\u003c/script>" only
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
