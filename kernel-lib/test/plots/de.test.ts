/** DE figures (volcano, MA, p-value histogram, PCA, distances, dispersions, counts) and signature figures. */
import { describe, it, expect } from "vitest";
import { existsSync } from "fs";
import { join, resolve } from "path";
import { Table } from "../../src/io/table";
import { SampleTable } from "../../src/io/samples";
import { CountMatrix } from "../../src/io/counts";
import { readDelimited } from "../../src/io/delimited";
import { DESeqDataSet } from "../../src/de/deseq";
import { gseaPreranked } from "../../src/signatures/enrichment";
import { isPlotlyFigure, type PlotlyTrace } from "../../src/plots/figure";
import { maPlot, pValueHistogram, volcanoPlot } from "../../src/plots/de";
import { deColumnName } from "../../src/plots/deFigureParts";
import { pcaPlot, sampleDistanceHeatmap } from "../../src/plots/samples";
import { dispersionPlot, geneCountsPlot } from "../../src/plots/deDiagnostics";
import { principalComponents, sampleDistances, symmetricEigen } from "../../src/stats/pca";
import { gseaRunningSum, gseaRunningSumPlot, signatureHeatmap } from "../../src/plots/signatureFigures";

const EVIL = "<img src=x onerror=alert(1)>";
const noMarkup = (x: unknown) => expect(JSON.stringify(x)).not.toContain("<img");
const nPoints = (traces: PlotlyTrace[]) => traces.reduce((a, t) => a + (t.x as unknown[]).length, 0);

/** Deterministic uniform numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function deTable(n: number, names = { lfc: "log2FoldChange", padj: "padj" }): Table {
  const u = lcg(7);
  const lfc = Array.from({ length: n }, () => (u() - 0.5) * 8);
  const padj = Array.from({ length: n }, (_, i) => (i % 10 === 9 ? null : u() ** 3));
  return Table.fromColumns({ gene_id: Array.from({ length: n }, (_, i) => `g${i}`), [names.lfc]: lfc, [names.padj]: padj });
}

describe("DE column lookup", () => {
  it("finds DESeq2, edgeR and limma names and lists the columns otherwise", () => {
    expect(deColumnName(Table.fromColumns({ logFC: [1], FDR: [0.1] }), "padj")).toBe("FDR");
    expect(deColumnName(Table.fromColumns({ logFC: [1], "adj.P.Val": [0.1] }), "padj")).toBe("adj.P.Val");
    expect(deColumnName(Table.fromColumns({ "P.Value": [0.1] }), "pvalue")).toBe("P.Value");
    expect(() => deColumnName(Table.fromColumns({ x: [1] }), "lfc")).toThrow(/log2FoldChange, logFC.*columns are x/);
  });
});

describe("volcanoPlot", () => {
  it("plots genes with a padj, counts the NA ones and colours by thresholds", () => {
    const t = Table.fromColumns({
      gene_id: ["up", "down", "small", "ns", "na"],
      log2FoldChange: [2, -3, 0.5, 4, 5],
      padj: [0.001, 0.01, 0.001, 0.5, null],
    });
    const f = volcanoPlot(t, { top: 0 });
    expect(isPlotlyFigure(f)).toBe(true);
    expect(nPoints(f.data)).toBe(4);
    const byName = Object.fromEntries(f.data.map((tr) => [String(tr.name).split(" ")[0], tr]));
    expect(byName.up.text).toEqual(["up"]);
    expect(byName.down.text).toEqual(["down"]);
    expect(byName.not.text).toEqual(["small", "ns"]);
    expect(byName.up.y).toEqual([3]);
    expect(f.data.every((tr) => tr.type === "scatter")).toBe(true);
    const title = (f.layout.title as { text: string }).text;
    expect(title).toContain("1 up, 1 down");
    expect(title).toContain("1 with NA padj");
    expect(f.layout.annotations).toEqual([]);
  });

  it("labels the listed genes and the top n by padj", () => {
    const t = Table.fromColumns({ gene_id: ["a", "b", "c", "d"], log2FoldChange: [2, -2, 3, 0], padj: [1e-5, 1e-3, 1e-2, 0.9] });
    const f = volcanoPlot(t, { top: 2, label: ["d"] });
    const labels = (f.layout.annotations as { text: string }[]).map((a) => a.text).sort();
    expect(labels).toEqual(["a", "b", "d"]);
  });

  it("draws padj = 0 at the smallest positive padj instead of infinity", () => {
    const f = volcanoPlot(Table.fromColumns({ gene_id: ["a", "b"], log2FoldChange: [3, 2], padj: [0, 1e-10] }));
    const ys = f.data.flatMap((tr) => tr.y as number[]);
    expect(ys.every(Number.isFinite)).toBe(true);
    expect(Math.max(...ys)).toBeCloseTo(10, 10);
  });

  it("switches to scattergl above 10,000 points", () => {
    const ten = Table.fromColumns({ gene_id: Array.from({ length: 10000 }, (_, i) => `g${i}`), log2FoldChange: new Float64Array(10000).fill(1), padj: new Float64Array(10000).fill(0.5) });
    expect(volcanoPlot(ten).data[0].type).toBe("scatter");
    const more = deTable(11200); // 1,120 NA padj: 10,080 plotted
    const f = volcanoPlot(more);
    expect(nPoints(f.data)).toBe(10080);
    expect(f.data.every((tr) => tr.type === "scattergl")).toBe(true);
  });

  it("reads edgeR and limma tables", () => {
    expect(nPoints(volcanoPlot(deTable(50, { lfc: "logFC", padj: "FDR" })).data)).toBe(45);
    expect(nPoints(volcanoPlot(deTable(50, { lfc: "logFC", padj: "adj.P.Val" })).data)).toBe(45);
  });

  it("escapes gene names in hover text and labels", () => {
    const t = Table.fromColumns({ gene_id: [EVIL, "b"], log2FoldChange: [3, 0], padj: [1e-4, 0.9] });
    const f = volcanoPlot(t, { label: [EVIL], title: EVIL });
    noMarkup(f);
    expect(JSON.stringify(f)).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("maPlot and pValueHistogram", () => {
  it("uses a log axis for baseMean and a linear one for AveExpr", () => {
    const t = Table.fromColumns({ gene_id: ["a", "b", "c", EVIL], baseMean: [10, 0, 1000, 50], log2FoldChange: [1, null, -2, 3], padj: [0.01, null, null, 0.2] });
    const f = maPlot(t, { label: [EVIL] });
    expect((f.layout.xaxis as { type: string }).type).toBe("log");
    expect(nPoints(f.data)).toBe(3); // zero baseMean / NA lfc left out; NA padj shown as not significant
    expect(f.data[1].text).toEqual(["a"]);
    const ann = f.layout.annotations as { x: number; text: string }[];
    expect(ann.map((a) => a.x)).toEqual([Math.log10(50), 1]);
    noMarkup(f);
    const limma = maPlot(Table.fromColumns({ ID: ["a"], AveExpr: [7.5], logFC: [1], "adj.P.Val": [0.01] }));
    expect((limma.layout.xaxis as { type: string }).type).toBe("linear");
    expect(limma.data[1].x).toEqual([7.5]);
  });

  it("histograms the non-NA p-values in bins of 0.05", () => {
    const f = pValueHistogram(Table.fromColumns({ PValue: [0.01, 0.5, null, 0.99] }));
    expect(f.data[0].x).toEqual([0.01, 0.5, 0.99]);
    expect(f.data[0].xbins).toEqual({ start: 0, end: 1, size: 0.05 });
    expect((f.layout.title as { text: string }).text).toContain("1 NA");
  });
});

describe("PCA", () => {
  // genes x samples: g1 separates s1/s2, g2 separates s3/s4 with twice the spread, g3 barely varies
  const matrix = {
    genes: ["g1", "g2", "g3"],
    samples: ["s1", "s2", "s3", "s4"],
    values: Float64Array.from([6, 4, 5, 5, 5, 5, 7, 3, 1, 1, 1, 1.01]),
  };

  it("solves a symmetric eigenproblem", () => {
    const e = symmetricEigen([4, 1, 0, 1, 3, 1, 0, 1, 2], 3);
    // eigenvalues of this tridiagonal matrix: 3 + sqrt(3), 3, 3 - sqrt(3)
    expect(Array.from(e.values)).toEqual([expect.closeTo(3 + Math.sqrt(3), 12), expect.closeTo(3, 12), expect.closeTo(3 - Math.sqrt(3), 12)]);
    const a = [4, 1, 0, 1, 3, 1, 0, 1, 2];
    e.vectors.forEach((v, k) => {
      for (let i = 0; i < 3; i++) expect(a[i * 3] * v[0] + a[i * 3 + 1] * v[1] + a[i * 3 + 2] * v[2]).toBeCloseTo(e.values[k] * v[i], 12);
    });
  });

  it("matches the hand-computed components and variance fractions", () => {
    const p = principalComponents(matrix, { ntop: 2 });
    expect(p.genes).toEqual(["g2", "g1"]);
    // centred samples are (1, 0), (-1, 0), (0, 2), (0, -2) in (g1, g2): eigenvalues 8 and 2
    expect(p.varianceFraction[0]).toBeCloseTo(0.8, 12);
    expect(p.varianceFraction[1]).toBeCloseTo(0.2, 12);
    expect(Array.from(p.scores[0])).toEqual([0, 0, 2, -2].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(p.scores[1])).toEqual([1, -1, 0, 0].map((v) => expect.closeTo(v, 12)));
    const all = principalComponents(matrix);
    expect(all.genes).toHaveLength(3);
    expect(all.varianceFraction[0]).toBeLessThan(0.8);
  });

  it("plots the samples coloured and shaped by annotations with the variance on the axes", () => {
    const st = new SampleTable(["s4", "s3", "s2", "s1"], { condition: ["b", "b", "a", EVIL], batch: ["x", "y", "x", "y"] });
    const f = pcaPlot({ ...matrix, samples: ["s1", "s2", "s3", EVIL] }, new SampleTable(["s1", "s2", "s3", EVIL], { condition: ["a", "a", "b", "b"] }), { ntop: 2, colorBy: "condition" });
    expect((f.layout.xaxis as { title: { text: string } }).title.text).toBe("PC1: 80% variance");
    expect((f.layout.yaxis as { title: { text: string } }).title.text).toBe("PC2: 20% variance");
    expect(f.data.map((t) => t.name)).toEqual(["a", "b"]);
    expect(f.data[1].y).toEqual([expect.closeTo(0, 12), expect.closeTo(0, 12)]);
    noMarkup(f);
    const g = pcaPlot(matrix, st, { ntop: 2, colorBy: "condition", shapeBy: "batch" });
    expect(nPoints(g.data.filter((t) => t.legendgroup !== "shape"))).toBe(4);
    expect(g.data.filter((t) => t.legendgroup === "shape").map((t) => t.name)).toEqual(["y", "x"]);
    noMarkup(g);
    expect(() => pcaPlot(matrix, st, { colorBy: "dose" })).toThrow(/no column "dose"/);
  });
});

describe("sample distances", () => {
  it("computes Euclidean distances between samples and draws them", () => {
    const m = { genes: ["a", "b"], samples: ["s1", "s2", EVIL], values: [0, 3, 0, 0, 4, 1] };
    const d = sampleDistances(m);
    expect(d[1]).toBe(5);
    expect(d[3]).toBe(5);
    expect(d[2]).toBe(1);
    expect(d[5]).toBeCloseTo(Math.sqrt(18), 12);
    const f = sampleDistanceHeatmap(m, new SampleTable(["s1", "s2", EVIL], { condition: ["a", "b", EVIL] }), { annotateBy: "condition", cluster: false });
    expect(f.data).toHaveLength(2);
    expect((f.data[0].z as number[][])[0]).toEqual([0, 5, 1]);
    noMarkup(f);
    // clustered (complete linkage): s1 and the third sample (distance 1) sit together
    const c = sampleDistanceHeatmap(m);
    const xs = c.data[0].x as string[];
    expect(Math.abs(xs.indexOf("s1") - xs.indexOf(xs.find((x) => x !== "s1" && x !== "s2")!))).toBe(1);
    expect((c.data[0].z as number[][])[xs.indexOf("s2")][xs.indexOf("s1")]).toBe(5);
  });
});

describe("DESeqDataSet figures", () => {
  const u = lcg(11);
  const genes = Array.from({ length: 300 }, (_, g) => `gene${g}`);
  const samples = ["c1", "c2", "c3", "t1", "t2", "t3"];
  const values = genes.map((_, g) => {
    const mu = Math.exp(1 + 6 * u());
    return samples.map((s, j) => Math.round(mu * (s[0] === "t" && g % 7 === 0 ? 3 : 1) * (0.7 + 0.6 * u()) * (1 + 0.1 * j)));
  });
  const counts = new CountMatrix({ genes, samples, values });
  const st = new SampleTable(samples, { condition: ["ctrl", "ctrl", "ctrl", "trt", "trt", "trt"] });

  it("plots gene-wise, final and fitted dispersions on log axes", () => {
    const dds = new DESeqDataSet(counts, st, { design: "~ condition", reference: { condition: "ctrl" } });
    const f = dispersionPlot(dds);
    expect(f.data.map((t) => t.name)).toEqual(["gene-est", "final", "outlier", "fitted"]);
    expect((f.data[0].x as number[]).length).toBe(300);
    expect((f.layout.xaxis as { type: string }).type).toBe("log");
    expect((f.layout.yaxis as { type: string }).type).toBe("log");
    const fx = f.data[3].x as number[];
    expect(fx.every((v, i) => i === 0 || v >= fx[i - 1])).toBe(true);
  });

  it("plots one gene's normalised counts by group with group means", () => {
    const dds = new DESeqDataSet(counts, st, { design: "~ condition", reference: { condition: "ctrl" } });
    const f = geneCountsPlot(dds, "gene7", { groupBy: "condition" });
    const sf = dds.sizeFactors!;
    const norm = samples.map((_, j) => counts.values[7 * 6 + j] / sf[j]);
    expect(f.data[0].customdata).toEqual(norm.slice(0, 3));
    const means = f.data[2].customdata as number[];
    expect(means[1]).toBeCloseTo((norm[3] + norm[4] + norm[5]) / 3, 10);
    expect(() => geneCountsPlot(dds, "GENE7", { groupBy: "condition" })).toThrow(/gene "GENE7" is not in the counts.*"gene7"/);
    const g = geneCountsPlot({ counts, sizeFactors: [1, 1, 1, 1, 1, 1] }, "gene0", { groupBy: [EVIL, EVIL, EVIL, "b", "b", "b"] });
    expect(g.data[0].customdata).toEqual(Array.from(counts.values.subarray(0, 3)));
    noMarkup(g);
  });
});

describe("signature figures", () => {
  it("z-scores the set's genes per row and annotates the columns", () => {
    const m = { genes: ["A", EVIL, "C"], samples: ["s1", "s2", "s3"], values: [1, 2, 3, 5, 5, 5, 10, 0, 20] };
    const f = signatureHeatmap(m, { name: EVIL, genes: [EVIL, "A", "ZZZ"] }, new SampleTable(["s1", "s2", "s3"], { cond: ["a", "a", "b"] }), { annotateBy: "cond" });
    expect(f.data[0].z).toEqual([[0, 0, 0], [-1, 0, 1]]);
    expect(f.data[0].y).toEqual(["&lt;img src=x onerror=alert(1)&gt;", "A"]);
    expect((f.layout.title as { text: string }).text).toContain("2 of 3 genes (1 missing)");
    expect(f.data[1].z).toEqual([[0, 0, 1]]);
    noMarkup(f);
    expect(() => signatureHeatmap(m, { name: "none", genes: ["Q"] })).toThrow(/no gene of set "none"/);
  });

  it("computes the GSEA running sum with the ES, peak and leading edge of gseaPreranked", () => {
    const u = lcg(3);
    const N = 200;
    const genes = Array.from({ length: N }, (_, i) => `g${i}`);
    const stat = Float64Array.from({ length: N }, (_, i) => 3 - (6 * i) / N + 0.01 * u());
    const sets = [
      { name: "top", genes: genes.filter((_, i) => i % 9 === 0 || i < 20) },
      { name: "bottom", genes: genes.filter((_, i) => i > 150 && i % 3 === 0) },
    ];
    for (const weight of [0, 1]) {
      const ref = gseaPreranked(genes, stat, sets, { permutations: 0, weight });
      sets.forEach((s, j) => {
        const rs = gseaRunningSum(genes, stat, s, { weight });
        expect(rs.es).toBeCloseTo((ref.column("es") as Float64Array)[j], 10);
        expect(rs.peak + 1).toBe((ref.column("peak_rank") as Float64Array)[j]);
        expect(rs.leadingEdge.join(",")).toBe((ref.column("leading_edge") as string[])[j]);
        expect(rs.sum[N - 1]).toBeCloseTo(0, 10);
      });
    }
  });

  it("draws the running sum, hit ticks and ranked statistic with the ES marked", () => {
    const genes = ["CDKN1A", EVIL, "GAPDH", "ACTB", "MKI67"];
    const f = gseaRunningSumPlot(genes, Float64Array.of(40, 30, 1, -2, -25), { name: "P53", genes: ["CDKN1A", EVIL] });
    expect(f.data).toHaveLength(3);
    expect(f.data[0].y).toEqual([0, 40 / 70, 1, expect.closeTo(2 / 3, 12), expect.closeTo(1 / 3, 12), expect.closeTo(0, 12)]);
    expect(f.data[1].x).toEqual([1, 2]);
    expect((f.layout.annotations as { text: string }[])[0].text).toContain("ES = 1.000");
    noMarkup(f);
  });
});

const REFERENCE = process.env.P53LAB_REFERENCE ?? resolve(__dirname, "../../../../shared/reference");
const WALD = [join(REFERENCE, "rnaseq/andrysik2017_hct116/deseq2_wald.tsv.gz"), join(REFERENCE, "andrysik2017_hct116/deseq2_wald.tsv.gz")].find(existsSync);

describe.skipIf(!WALD)("HCT116 DESeq2 reference table", () => {
  it("draws the volcano, MA and p-value figures of the real results", () => {
    const d = readDelimited(WALD!);
    const cols: Record<string, (string | number | null)[]> = {};
    d.header.forEach((h, k) => {
      cols[h] = d.rows.map((r) => (k === 0 ? r[k] : r[k] === "NA" ? null : Number(r[k])));
    });
    const t = Table.fromColumns(cols);
    const padj = t.column("padj") as Float64Array;
    const lfc = t.column("log2FoldChange") as Float64Array;
    const tested = padj.filter((p, i) => !Number.isNaN(p) && Number.isFinite(lfc[i])).length;
    const v = volcanoPlot(t, { label: ["CDKN1A", "MDM2"] });
    expect(nPoints(v.data)).toBe(tested);
    expect(v.data[0].type).toBe(tested > 10000 ? "scattergl" : "scatter");
    expect((v.layout.title as { text: string }).text).toContain(`${t.nRows - tested} with NA padj`);
    const labels = (v.layout.annotations as { text: string }[]).map((a) => a.text);
    expect(labels).toEqual(expect.arrayContaining(["CDKN1A", "MDM2"]));
    const up = v.data.find((tr) => String(tr.name).startsWith("up"))!;
    expect((up.text as string[]).includes("CDKN1A")).toBe(true);
    expect(nPoints(maPlot(t).data)).toBeGreaterThan(tested);
    const pv = t.column("pvalue") as Float64Array;
    expect((pValueHistogram(t).data[0].x as number[]).length).toBe(pv.filter((p) => !Number.isNaN(p)).length);
  });
});
