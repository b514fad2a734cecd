import { describe, it, expect, beforeEach } from "vitest";
import { show, toBundle } from "../../src/display/show";
import { md, Markdown } from "../../src/display/markdown";
import { TABLE_MIME } from "../../src/display/table";
import { PLOTLY_MIME, resetPlotlyLibrary } from "../../src/display/plotly";
import { Table } from "../../src/io/table";
import { CountMatrix } from "../../src/io/counts";
import { SampleTable } from "../../src/io/samples";
import { figure } from "../../src/plots/figure";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dfd = require("danfojs-node");

type TableJson = { names: string[]; rows: unknown[][]; nRows: number; title: string };

beforeEach(() => resetPlotlyLibrary());

describe("md", () => {
  it("as a function and as a template tag", () => {
    expect(md("**p21**")).toBeInstanceOf(Markdown);
    expect(md("**p21**").text).toBe("**p21**");
    const n = 4;
    const gene = "CDKN1A";
    expect(md`Samples: ${n}, top gene ${gene}.`.text).toBe("Samples: 4, top gene CDKN1A.");
    expect(md`no values`.text).toBe("no values");
  });
});

describe("toBundle dispatch", () => {
  it("Markdown gives text/markdown and text/plain", () => {
    expect(toBundle(md("# Results"))).toEqual({ "text/markdown": "# Results", "text/plain": "# Results" });
    const k = 3;
    expect(toBundle(md`${k} genes`)["text/markdown"]).toBe("3 genes");
  });

  it("Table gives a table bundle", () => {
    const b = toBundle(Table.fromColumns({ gene: ["MDM2"], lfc: [2.1] }, "Results"));
    const j = b[TABLE_MIME] as TableJson;
    expect(j.names).toEqual(["gene", "lfc"]);
    expect(j.rows).toEqual([["MDM2", 2.1]]);
    expect(j.title).toBe("Results");
  });

  it("CountMatrix gives a table with gene_id, the samples and a caption with its dimensions and source", () => {
    const m = new CountMatrix({ genes: ["A", "B", "C"], samples: ["s1", "s2"], values: [1, 2, 3, 4, 5, 6], source: "x.tsv" });
    const j = toBundle(m, { maxRows: 2 })[TABLE_MIME] as TableJson;
    expect(j.names).toEqual(["gene_id", "s1", "s2"]);
    expect(j.nRows).toBe(3);
    expect(j.rows).toEqual([
      ["A", 1, 2],
      ["B", 3, 4],
    ]);
    expect(j.title).toContain("3 genes x 2 samples");
    expect(j.title).toContain("x.tsv");
    const b = toBundle(m, { maxRows: 2 });
    expect(b["text/plain"]).toContain("3 rows x 3 columns, first 2 shown");
    expect(b["text/html"]).toContain("1 more rows");
  });

  it("SampleTable gives a table with the sample column first", () => {
    const st = new SampleTable(["s1", "s2"], { condition: ["dmso", "nutlin"] }, "samples.tsv");
    const j = toBundle(st)[TABLE_MIME] as TableJson;
    expect(j.names).toEqual(["sample", "condition"]);
    expect(j.rows).toEqual([
      ["s1", "dmso"],
      ["s2", "nutlin"],
    ]);
    expect(j.title).toContain("samples.tsv");
  });

  it("a danfo DataFrame gives a table with its columns and values", () => {
    const df = new dfd.DataFrame({ gene: ["TP53", "BAX"], lfc: [0.25, 1.5] });
    const j = toBundle(df)[TABLE_MIME] as TableJson;
    expect(j.names).toEqual(["gene", "lfc"]);
    expect(j.rows).toEqual([
      ["TP53", 0.25],
      ["BAX", 1.5],
    ]);
  });

  // Regression test for a fixed bug (src/io/dataframe.ts isDataFrame / fromDataFrame): a danfo Series has columns, index,
  // shape, values and $data, so isDataFrame() accepts it; fromDataFrame then indexes its 1-D
  // values as rows and every value is shown as NA.
  it("a danfo Series never has its values displayed as NA", () => {
    const s = new dfd.Series([1.5, 2.5]);
    const text = toBundle(s)["text/plain"] as string;
    expect(text).toContain("1.5");
    expect(text).toContain("2.5");
  });

  it("a plotly figure object gives a plotly bundle", () => {
    const b = toBundle({ data: [{ type: "bar", x: ["a"], y: [3] }], layout: { title: { text: "T" } } });
    expect(b[PLOTLY_MIME]).toEqual({ data: [{ type: "bar", x: ["a"], y: [3] }], layout: { title: { text: "T" } }, config: {} });
    expect(b["text/plain"]).toBe("Plotly figure: T (1 trace)");
    const b2 = toBundle(figure([{ type: "scatter" }]), { plotlyLibrary: "never" });
    expect(b2["text/html"]).not.toContain('data-p53lab="plotly.js"');
  });

  // Regression test for a fixed bug (src/display/plotly.ts figureBundle / figureHtml): isPlotlyFigure() accepts a figure
  // without `layout` (layout is optional), but figureBundle reads `layout.title` and figureHtml
  // `layout.height` on undefined: show({ data: [...] }) throws a TypeError.
  it("a plotly figure object without layout (accepted by isPlotlyFigure) gives a plotly bundle", () => {
    const b = toBundle({ data: [{ type: "bar", x: ["a"], y: [3] }] });
    expect(b[PLOTLY_MIME]).toBeDefined();
  });

  it("an array of records gives a table", () => {
    const j = toBundle([
      { gene: "MDM2", lfc: 2 },
      { gene: "BBC3", lfc: 1.5 },
    ])[TABLE_MIME] as TableJson;
    expect(j.names).toEqual(["gene", "lfc"]);
    expect(j.rows).toEqual([
      ["MDM2", 2],
      ["BBC3", 1.5],
    ]);
  });

  it("a plain string gives text/plain and escaped <pre> HTML", () => {
    const s = "p21 <b>up</b> & MDM2";
    const b = toBundle(s);
    expect(b).toEqual({ "text/plain": s, "text/html": "<pre>p21 &lt;b&gt;up&lt;/b&gt; &amp; MDM2</pre>" });
  });

  it("other values are shown as JSON text", () => {
    const b = toBundle({ n: 3, genes: ["A"] });
    expect(JSON.parse(b["text/plain"] as string)).toEqual({ n: 3, genes: ["A"] });
    expect(toBundle([1, 2])["text/plain"]).toBe(JSON.stringify([1, 2], null, 2));
    expect(toBundle(undefined)["text/plain"]).toBe("undefined");
  });

  it("an object with toMimeBundle is asked for its bundle, with the options", () => {
    const seen: unknown[] = [];
    const obj = { toMimeBundle: (o: unknown) => (seen.push(o), { "text/plain": "custom" }) };
    expect(toBundle(obj, { maxRows: 3 })).toEqual({ "text/plain": "custom" });
    expect(seen).toEqual([{ maxRows: 3 }]);
  });
});

describe("show outside a kernel", () => {
  it("returns the same bundle toBundle gives", () => {
    expect((globalThis as Record<string, unknown>).__tslab__).toBeUndefined();
    const t = Table.fromColumns({ gene: ["MDM2"], lfc: [2.1] });
    expect(show(t)).toEqual(toBundle(t));
    expect(show(md("**x**"))).toEqual({ "text/markdown": "**x**", "text/plain": "**x**" });
  });
});
