/**
 * The reproducibility footer of an HTML report: versions, date, and the SHA-256 of
 * the notebook and of every input file the notebook read.
 */
import { escapeHtml } from "../display/html";
import type { InputFileRecord } from "../io/provenance";

/** What the footer states. */
export interface FooterFacts {
  notebook: { path: string; sha256: string };
  versions: Record<string, string>;
  /** ISO 8601 date-time (UTC). */
  date: string;
  inputs: InputFileRecord[];
}

/**
 * HTML of the footer (all values escaped).
 *
 * @example
 * footerHtml({ notebook: { path: "a.ipynb", sha256: "ab" }, versions: { p53lab: "0.1.0" }, date: "2026-01-01T00:00:00Z", inputs: [] });
 */
export function footerHtml(f: FooterFacts): string {
  const versions = Object.entries(f.versions)
    .map(([k, v]) => `${escapeHtml(k)} ${escapeHtml(v)}`)
    .join(", ");
  const inputs = f.inputs.length
    ? `<ul>${f.inputs
        .map((i) => `<li><code>${escapeHtml(i.path)}</code> (${i.bytes} bytes) SHA-256 <code>${escapeHtml(i.sha256)}</code></li>`)
        .join("")}</ul>`
    : "<p>No input files were read through p53lab (data were simulated or built in the notebook).</p>";
  return (
    `<footer class="p53lab-footer" id="p53lab-reproducibility">` +
    `<strong>Reproducibility</strong>` +
    `<p>Rendered ${escapeHtml(f.date)} with ${versions}.</p>` +
    `<p>Notebook <code>${escapeHtml(f.notebook.path)}</code> SHA-256 <code>${escapeHtml(f.notebook.sha256)}</code></p>` +
    `<p>Input files read:</p>${inputs}</footer>`
  );
}

/**
 * Insert the footer before `</body>` (or at the end when there is none).
 *
 * @example
 * insertFooter("<html><body>x</body></html>", "<footer>f</footer>"); // "<html><body>x<footer>f</footer></body></html>"
 */
export function insertFooter(html: string, footer: string): string {
  const i = html.lastIndexOf("</body>");
  return i < 0 ? html + footer : html.slice(0, i) + footer + html.slice(i);
}
