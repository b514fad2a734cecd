import { describe, it, expect } from "vitest";
import { footerHtml, insertFooter, FooterFacts } from "../../src/report/footer";
import { escapeHtml } from "../../src/display/html";

const facts = (over: Partial<FooterFacts> = {}): FooterFacts => ({
  notebook: { path: "notebooks/01_<qc>.ipynb", sha256: "a".repeat(64) },
  versions: { p53lab: "0.1.0", node: "v20.19.0" },
  date: "2026-01-01T00:00:00Z",
  inputs: [
    { path: "/data/counts & more.tsv", sha256: "b".repeat(64), bytes: 1234 },
    { path: '/data/"samples".tsv', sha256: "c".repeat(64), bytes: 56 },
  ],
  ...over,
});

describe("footerHtml", () => {
  it("escapes paths and lists every input with its size and SHA-256", () => {
    const f = facts();
    const html = footerHtml(f);
    expect(html).toContain(`<code>${escapeHtml(f.notebook.path)}</code>`);
    expect(html).not.toContain("<qc>");
    for (const i of f.inputs) {
      const li = `<li><code>${escapeHtml(i.path)}</code> (${i.bytes} bytes) SHA-256 <code>${i.sha256}</code></li>`;
      expect(html).toContain(li);
    }
    expect(html).not.toContain("counts & more");
    expect(html).not.toContain('"samples"');
    expect(html.match(/<li>/g)!.length).toBe(2);
    expect(html).toContain("a".repeat(64));
  });

  it("states date and versions, escaped", () => {
    const html = footerHtml(facts({ versions: { "<x>": "1&2" } }));
    expect(html).toContain("2026-01-01T00:00:00Z");
    expect(html).toContain("&lt;x&gt; 1&amp;2");
    expect(html).not.toContain("<x>");
  });

  it("says when no input files were read", () => {
    const html = footerHtml(facts({ inputs: [] }));
    expect(html).not.toContain("<li>");
    expect(html).toMatch(/No input files were read/);
  });

  it("is one footer element", () => {
    const html = footerHtml(facts());
    expect(html.startsWith("<footer")).toBe(true);
    expect(html.endsWith("</footer>")).toBe(true);
    expect(html.match(/<footer/g)!.length).toBe(1);
  });
});

describe("insertFooter", () => {
  it("puts the footer just before </body>", () => {
    const out = insertFooter("<html><body><p>x</p></body></html>", "<footer>f</footer>");
    expect(out).toBe("<html><body><p>x</p><footer>f</footer></body></html>");
  });

  it("uses the last </body> when the text mentions it earlier", () => {
    const page = "<html><body><pre>&lt;/body&gt; </body> in code</pre></body></html>";
    const out = insertFooter(page, "<footer>F</footer>");
    expect(out.indexOf("<footer>F</footer>")).toBe(page.lastIndexOf("</body>"));
    expect(out.endsWith("<footer>F</footer></body></html>")).toBe(true);
  });

  it("appends when there is no </body>", () => {
    expect(insertFooter("<p>x</p>", "<footer>f</footer>")).toBe("<p>x</p><footer>f</footer>");
  });
});
