import { describe, it, expect } from "vitest";
import { librarySizePlot } from "../../src/plots/librarySizes";
import { GROUP_COLORS } from "../../src/plots/figure";
import { CountMatrix } from "../../src/io/counts";
import { SampleTable } from "../../src/io/samples";
import { InputError } from "../../src/io/errors";

const genes = ["A", "B", "C"];
const samples = ["d1", "n1", "d2", "n2"];
// rows = genes, columns = samples
const rows = [
  [1_000_000, 2_500_000, 1_200_000, 3_000_000],
  [500_000, 10, 0, 123_456],
  [7, 8, 9, 10],
];
const counts = new CountMatrix({ genes, samples, values: rows, source: "t" });
const sums = samples.map((_, s) => rows.reduce((acc, r) => acc + r[s], 0));

type Bar = { type: string; name?: string; x: string[]; y: number[]; marker: { color: string } };

describe("librarySizePlot", () => {
  it("one bar per sample with height = library size / 1e6", () => {
    const f = librarySizePlot(counts);
    expect(f.data.length).toBe(1);
    const t = f.data[0] as Bar;
    expect(t.type).toBe("bar");
    expect(t.x).toEqual(samples);
    expect(t.y.length).toBe(samples.length);
    t.y.forEach((y, i) => expect(y).toBeCloseTo(sums[i] / 1e6, 12));
    expect((f.layout.title as { text: string }).text).toBe("Library sizes");
    expect((f.layout.xaxis as { categoryarray: string[] }).categoryarray).toEqual(samples);
  });

  it("colouring by a sample column gives one trace per level, in order of appearance, with the right bars", () => {
    // sample table in a different order from the count columns: must be aligned
    const st = new SampleTable(["n2", "d1", "n1", "d2"], { condition: ["nutlin", "dmso", "nutlin", "dmso"] });
    const f = librarySizePlot(counts, { samples: st, colorBy: "condition", title: "QC" });
    const traces = f.data as Bar[];
    expect(traces.map((t) => t.name)).toEqual(["dmso", "nutlin"]);
    expect(traces[0].x).toEqual(["d1", "d2"]);
    expect(traces[1].x).toEqual(["n1", "n2"]);
    const byName = new Map(samples.map((s, i) => [s, sums[i] / 1e6]));
    for (const t of traces) t.x.forEach((s, i) => expect(t.y[i]).toBeCloseTo(byName.get(s)!, 12));
    expect(traces[0].marker.color).toBe(GROUP_COLORS[0]);
    expect(traces[1].marker.color).toBe(GROUP_COLORS[1]);
    expect((f.layout.title as { text: string }).text).toBe("QC");
    expect((f.layout.legend as { title: { text: string } }).title.text).toBe("condition");
    // every sample appears exactly once over all traces
    expect(traces.flatMap((t) => t.x).sort()).toEqual([...samples].sort());
  });

  it("sample names, levels and the title are escaped for plotly", () => {
    const m = new CountMatrix({ genes: ["A"], samples: ["<b>s1</b>", "s&2"], values: [[1, 2]] });
    const st = new SampleTable(["<b>s1</b>", "s&2"], { grp: ["<i>x</i>", "y"] });
    const f = librarySizePlot(m, { samples: st, colorBy: "grp", title: "<script>" });
    const json = JSON.stringify(f);
    expect(json).not.toContain("<b>");
    expect(json).not.toContain("<i>");
    expect(json).not.toContain("<script>");
    expect((f.data[0] as Bar).x).toEqual(["&lt;b&gt;s1&lt;/b&gt;"]);
    expect((f.data[0] as Bar).name).toBe("&lt;i&gt;x&lt;/i&gt;");
    expect((f.data[1] as Bar).x).toEqual(["s&amp;2"]);
  });

  it("an unknown colour column is an InputError listing the columns", () => {
    const st = new SampleTable(samples, { condition: ["a", "b", "a", "b"] });
    expect(() => librarySizePlot(counts, { samples: st, colorBy: "batch" })).toThrow(InputError);
    expect(() => librarySizePlot(counts, { samples: st, colorBy: "batch" })).toThrow(/"batch".*condition/);
  });

  it("a sample table that does not match the counts is an InputError", () => {
    const st = new SampleTable(["d1", "n1", "d2"], { condition: ["a", "b", "a"] });
    expect(() => librarySizePlot(counts, { samples: st, colorBy: "condition" })).toThrow(/n2/);
  });
});
