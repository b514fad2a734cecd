/**
 * Checking that an HTML report is self-contained: no element loads anything from
 * a URL (http, https, protocol-relative or file).
 */

/**
 * The external references of an HTML document: `src`/`href` attributes and CSS
 * `url(...)`/`@import` pointing at http(s), protocol-relative or file URLs. Links
 * the reader may click (`<a href>`) are allowed.
 *
 * @example
 * externalReferences('<script src="https://cdn.x/p.js"></script>'); // ["https://cdn.x/p.js"]
 * externalReferences('<a href="https://doi.org/x">paper</a>'); // []
 */
export function externalReferences(html: string): string[] {
  const out: string[] = [];
  const tag = /<(script|link|img|iframe|source|embed|object|video|audio)\b[^>]*?\b(?:src|href|data|poster)\s*=\s*["']?([^"'\s>]+)/gi;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(html))) if (isExternal(m[2])) out.push(m[2]);
  const srcset = /<(?:img|source)\b[^>]*?\bsrcset\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
  while ((m = srcset.exec(html))) {
    for (const part of (m[1] ?? m[2]).split(",")) {
      const url = part.trim().split(/\s+/)[0];
      if (url && isExternal(url)) out.push(url);
    }
  }
  const styles: string[] = [];
  const block = /<style\b[^>]*>([\s\S]*?)<\/style>/gi;
  while ((m = block.exec(html))) styles.push(m[1]);
  const attr = /\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
  while ((m = attr.exec(html))) styles.push(m[1] ?? m[2]);
  const css = /(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)/gi;
  for (const s of styles) while ((m = css.exec(s))) if (isExternal(m[1])) out.push(m[1]);
  return [...new Set(out)];
}

function isExternal(url: string): boolean {
  return /^(https?:|file:|\/\/)/i.test(url.trim());
}
