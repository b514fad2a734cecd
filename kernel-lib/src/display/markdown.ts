/**
 * Markdown output: text shown as formatted markdown in notebooks and reports.
 */
import type { MimeBundle } from "./kernel";

/** Markdown text to be shown as such. */
export class Markdown {
  constructor(readonly text: string) {}
}

/**
 * Mark text as markdown for `show`. Works as a function or as a template tag.
 *
 * @example
 * show(md("**CDKN1A** is induced 8-fold"));
 * show(md`Samples: ${n}`);
 */
export function md(text: string | TemplateStringsArray, ...values: unknown[]): Markdown {
  if (typeof text === "string") return new Markdown(text);
  let out = "";
  text.forEach((part, i) => {
    out += part + (i < values.length ? String(values[i]) : "");
  });
  return new Markdown(out);
}

/** MIME bundle for markdown (text/markdown and the same text as text/plain). */
export function markdownBundle(m: Markdown): MimeBundle {
  return { "text/markdown": m.text, "text/plain": m.text };
}
