/** The two diagrams render to SVG with the bundled Graphviz (WebAssembly), offline. */
import { describe, expect, it } from "vitest";
import { mechanismDiagram, workflowDiagram, renderDot } from "../../src/plots/diagrams";

describe("diagrams", () => {
  it("mechanism and workflow render to SVG with their labels, and display as SVG and HTML", async () => {
    const m = await mechanismDiagram();
    expect(m.svg.startsWith("<svg")).toBe(true);
    expect(m.svg).toContain("Milademetan");
    expect(m.svg).toContain("CDKN1A (p21), BBC3 (PUMA),");
    const b = m.toMimeBundle();
    expect(b["image/svg+xml"]).toBe(m.svg);
    expect(b["text/html"]).toContain("<figcaption>Mechanism of action");
    const w = await workflowDiagram();
    expect((w.svg.match(/class="node"/g) ?? []).length).toBe(9);
    expect(w.svg).not.toMatch(/<script|xlink:href="http/);
  });
  it("renderDot reports DOT syntax errors", async () => {
    await expect(renderDot("digraph { a -> }")).rejects.toThrow();
  });
});
