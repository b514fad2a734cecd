/**
 * Standalone HTML pages: what `show` would display, written to a self-contained
 * HTML file (plotly.js inlined once, no external links) for use outside a notebook.
 */
import { writeFileSync } from "fs";
import { escapeHtml } from "./html";
import { toBundle, ShowOptions } from "./show";
import { plotlyLibraryScript } from "./plotly";
import { Markdown } from "./markdown";

/** Options for {@link standaloneHtml}. */
export interface StandaloneOptions extends ShowOptions {
  /** Page title. Default "p53lab". */
  title?: string;
}

/**
 * A complete HTML document showing each item in turn. Markdown items are shown as
 * preformatted text (no markdown engine is bundled).
 *
 * @example
 * const html = standaloneHtml([md("Library sizes"), librarySizePlot(counts)], { title: "QC" });
 */
export function standaloneHtml(items: unknown[], options: StandaloneOptions = {}): string {
  const parts: string[] = [];
  let needsPlotly = false;
  for (const item of items) {
    if (item instanceof Markdown) {
      parts.push(`<pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(item.text)}</pre>`);
      continue;
    }
    const b = toBundle(item, { ...options, plotlyLibrary: "never" });
    if ("application/vnd.plotly.v1+json" in b) needsPlotly = true;
    const html = b["text/html"];
    parts.push(typeof html === "string" ? html : `<pre>${escapeHtml(String(b["text/plain"] ?? ""))}</pre>`);
  }
  const title = escapeHtml(options.title ?? "p53lab");
  return (
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title>` +
    (needsPlotly ? plotlyLibraryScript() : "") +
    `</head><body style="font-family:Helvetica,Arial,sans-serif;margin:24px">` +
    parts.map((p) => `<section style="margin-bottom:24px">${p}</section>`).join("\n") +
    `</body></html>\n`
  );
}

/**
 * Write {@link standaloneHtml} to `path`.
 *
 * @example
 * writeHtml("qc.html", [librarySizePlot(counts)]);
 */
export function writeHtml(path: string, items: unknown[], options: StandaloneOptions = {}): void {
  writeFileSync(path, standaloneHtml(items, options));
}
