import { describe, it, expect, beforeEach, afterAll } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import { standaloneHtml, writeHtml } from "../../src/display/standalone";
import { md } from "../../src/display/markdown";
import { escapeHtml } from "../../src/display/html";
import { figureBundle, resetPlotlyLibrary } from "../../src/display/plotly";
import { Table } from "../../src/io/table";
import { figure } from "../../src/plots/figure";
import { externalReferences } from "../../src/report/offline";
import { tempDir } from "../helpers";

const LIB_MARK = 'data-p53lab="plotly.js"';
const count = (s: string, sub: string) => s.split(sub).length - 1;
const fig = (t: string) => figure([{ type: "bar", x: ["a", "b"], y: [1, 2] }], { title: { text: t } });

const { dir, cleanup } = tempDir();
afterAll(() => cleanup());
beforeEach(() => resetPlotlyLibrary());

describe("standaloneHtml", () => {
  it("is a complete document with plotly.js exactly once for two figures", () => {
    const html = standaloneHtml([fig("one"), md("between"), fig("two")], { title: "QC" });
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    expect(count(html, LIB_MARK)).toBe(1);
    expect(count(html, 'class="p53lab-plotly"')).toBe(2);
    // the library comes before the figures
    expect(html.indexOf(LIB_MARK)).toBeLessThan(html.indexOf('class="p53lab-plotly"'));
    expect(html).toContain("<title>QC</title>");
  });

  it("does not inline plotly.js without a figure", () => {
    const html = standaloneHtml([md("text"), Table.fromColumns({ a: [1] })]);
    expect(count(html, LIB_MARK)).toBe(0);
    expect(html.length).toBeLessThan(1e5);
  });

  it("does not use up the notebook's 'once' library", () => {
    standaloneHtml([fig("x")]);
    expect(count(figureBundle(fig("y"))["text/html"] as string, LIB_MARK)).toBe(1);
  });

  it("escapes markdown text and the title", () => {
    const text = "**CDKN1A** <script>alert(1)</script> & p21";
    const title = "<b>QC</b>";
    const html = standaloneHtml([md(text)], { title });
    expect(html).toContain(escapeHtml(text));
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain(`<title>${escapeHtml(title)}</title>`);
  });

  it("has no http(s) or file src/href (self-contained)", () => {
    const html = standaloneHtml([fig("a"), Table.fromColumns({ url: ["https://example.org/x"] }), md("see https://doi.org/x")]);
    expect(externalReferences(html)).toEqual([]);
    // outside the inline scripts (plotly.js's own code mentions URLs in strings), no attribute points at a URL
    const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "<script></script>");
    expect(markup.length).toBeLessThan(1e5);
    expect(markup).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|file:|\/\/)/i);
  });

  it("writeHtml writes the same document", () => {
    const p = join(dir, "page.html");
    const items = [md("hello"), Table.fromColumns({ a: [1, 2] })];
    writeHtml(p, items, { title: "T" });
    const written = readFileSync(p, "utf8");
    // figure ids differ between calls, but this page has no figure
    expect(written).toBe(standaloneHtml(items, { title: "T" }));
  });
});
