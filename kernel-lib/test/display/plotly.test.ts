import { describe, it, expect, beforeEach } from "vitest";
import { figureBundle, plainJson, plotlyLibrary, plotlyVersion, PLOTLY_MIME, resetPlotlyLibrary } from "../../src/display/plotly";
import { figure } from "../../src/plots/figure";

const LIB_MARK = 'data-p53lab="plotly.js"';
const count = (s: string, sub: string) => s.split(sub).length - 1;
const fig = (title = "t") => figure([{ type: "bar", x: ["a", "b"], y: [1, 2] }], { title: { text: title } });

/** The contents of each <script> element (what a browser's tokenizer would see). */
function scripts(html: string): string[] {
  const out: string[] = [];
  const re = /<script\b[^>]*>([\s\S]*?)<\/script/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) out.push(m[1]);
  return out;
}

beforeEach(() => resetPlotlyLibrary());

describe("plotly.js library", () => {
  it("is the installed plotly.js-dist-min", () => {
    const lib = plotlyLibrary();
    expect(lib.length).toBeGreaterThan(1e6);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(plotlyVersion()).toBe(require("plotly.js-dist-min/package.json").version);
    expect(lib).toContain(plotlyVersion());
  });
});

describe("figureBundle", () => {
  it("has the plotly JSON, HTML and text mimetypes", () => {
    const b = figureBundle(fig("Library sizes"));
    expect(Object.keys(b).sort()).toEqual([PLOTLY_MIME, "text/html", "text/plain"].sort());
    expect(b["text/plain"]).toBe("Plotly figure: Library sizes (1 trace)");
    const spec = b[PLOTLY_MIME] as { data: unknown[]; layout: Record<string, unknown>; config: Record<string, unknown> };
    expect(spec.data).toEqual([{ type: "bar", x: ["a", "b"], y: [1, 2] }]);
    expect(spec.layout.title).toEqual({ text: "Library sizes" });
    expect(spec.config.displaylogo).toBe(false);
  });

  it('"once" inlines plotly.js with the first figure only, until reset', () => {
    const a = figureBundle(fig())["text/html"] as string;
    const b = figureBundle(fig())["text/html"] as string;
    const c = figureBundle(fig(), "once")["text/html"] as string;
    expect(count(a, LIB_MARK)).toBe(1);
    expect(a.length).toBeGreaterThan(1e6);
    expect(count(b, LIB_MARK)).toBe(0);
    expect(b.length).toBeLessThan(1e5);
    expect(count(c, LIB_MARK)).toBe(0);
    resetPlotlyLibrary();
    expect(count(figureBundle(fig())["text/html"] as string, LIB_MARK)).toBe(1);
  });

  it('"always" inlines every time, "never" never (and does not use up "once")', () => {
    expect(count(figureBundle(fig(), "never")["text/html"] as string, LIB_MARK)).toBe(0);
    expect(count(figureBundle(fig(), "always")["text/html"] as string, LIB_MARK)).toBe(1);
    expect(count(figureBundle(fig(), "always")["text/html"] as string, LIB_MARK)).toBe(1);
    resetPlotlyLibrary();
    figureBundle(fig(), "never");
    expect(count(figureBundle(fig(), "once")["text/html"] as string, LIB_MARK)).toBe(1);
  });

  it("each figure gets its own element id, used by its drawing script", () => {
    const h1 = figureBundle(fig(), "never")["text/html"] as string;
    const h2 = figureBundle(fig(), "never")["text/html"] as string;
    const id1 = /<div id="([^"]+)"/.exec(h1)![1];
    const id2 = /<div id="([^"]+)"/.exec(h2)![1];
    expect(id1).not.toBe(id2);
    expect(h1).toContain(`var id=${JSON.stringify(id1)}`);
  });

  it("Float64Array data and NaN/Infinity become plain arrays and null in the JSON", () => {
    const f = figure([{ type: "scatter", x: Float64Array.from([1, 2, 3]), y: Float64Array.from([0.5, NaN, Infinity]), z: [NaN, 4] }]);
    const spec = figureBundle(f, "never")[PLOTLY_MIME] as { data: Record<string, unknown>[] };
    expect(Array.isArray(spec.data[0].x)).toBe(true);
    expect(spec.data[0].x).toEqual([1, 2, 3]);
    expect(spec.data[0].y).toEqual([0.5, null, null]);
    expect(spec.data[0].z).toEqual([null, 4]);
    // survives a JSON round trip unchanged (nothing typed or non-finite left)
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it("the HTML spec is the same plain data", () => {
    const f = figure([{ type: "scatter", x: Float64Array.from([1, 2]), y: [NaN, 2] }]);
    const html = figureBundle(f, "never")["text/html"] as string;
    const m = /var spec=(\{[\s\S]*?\});var id=/.exec(html);
    expect(m).not.toBeNull();
    const spec = JSON.parse(m![1]);
    expect(spec.data[0].x).toEqual([1, 2]);
    expect(spec.data[0].y).toEqual([null, 2]);
  });

  it("a title with </script><script>alert(1)</script> cannot break out of the script element", () => {
    const evil = "</script><script>alert(1)</script>";
    for (const mode of ["always", "never"] as const) {
      const html = figureBundle(fig(evil), mode)["text/html"] as string;
      expect(html).not.toContain(evil);
      expect(html).not.toContain("alert(1)</script>");
      // only the library and the drawing script, and the title survives inside the spec
      const s = scripts(html);
      expect(s.length).toBe(mode === "always" ? 2 : 1);
      const spec = JSON.parse(/var spec=(\{[\s\S]*?\});var id=/.exec(s[s.length - 1])![1]);
      expect(spec.layout.title.text).toBe(evil);
    }
  });

  it("the inlined library itself cannot close its script element early", () => {
    const html = figureBundle(fig(), "always")["text/html"] as string;
    const s = scripts(html);
    expect(s.length).toBe(2);
    expect(s[0].length).toBeGreaterThan(plotlyLibrary().length * 0.99);
  });

  it("text/plain counts traces and uses a string title", () => {
    const f = figure([{ type: "bar" }, { type: "bar" }], { title: "Plain title" });
    expect(figureBundle(f, "never")["text/plain"]).toBe("Plotly figure: Plain title (2 traces)");
    expect(figureBundle(figure([{ type: "bar" }]), "never")["text/plain"]).toBe("Plotly figure (1 trace)");
  });
});

describe("plainJson", () => {
  it("converts typed arrays nested in objects and drops undefined", () => {
    expect(plainJson({ a: { b: Int32Array.from([1, 2]) }, c: undefined, d: "x", e: [Float32Array.from([0.5])] })).toEqual({
      a: { b: [1, 2] },
      d: "x",
      e: [[0.5]],
    });
  });
});
