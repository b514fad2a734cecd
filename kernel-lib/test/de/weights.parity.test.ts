/**
 * Observation weights in the DESeq2 engine, against R DESeq2 1.38.3 with
 * assays(dds)[["weights"]] (outputs made by reference/weights/make_reference.R):
 *  - hct116: the Andrysik 2017 HCT116 counts (read in place from the shared data), ~ condition,
 *    with deterministic weights (hct116Weights, the same rules as the R script), including
 *    genes the weights make degenerate (weightsFail);
 *  - sim16: a simulated 8 vs 8 data set with outliers (counts and weights in the reference
 *    folder), where Cook's distances are recorded and outliers replaced and refitted.
 * Tolerances are those of deseq.parity.test.ts: dispersions, log2FoldChange, lfcSE, stat 1e-4
 * relative (or 1e-6 absolute) for 99.9% of genes; p-values 1e-3 relative where above 1e-300;
 * the same calls at padj < 0.05 (at most 0.1% differ).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { agreement } from "../helpers";
import { existsSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { gunzipSync } from "zlib";
import { readCounts, CountMatrix } from "../../src/io/counts";
import { readSamples, SampleTable } from "../../src/io/samples";
import { InputError } from "../../src/io/errors";
import { DESeqDataSet } from "../../src/de/deseq";
import type { DESeqResults } from "../../src/de/results";
import { lfcShrinkNormal } from "../../src/de/lfcShrink";
import { lfcShrinkApeglm } from "../../src/de/apeglm";
import { weightsFailOf, scaleWeights } from "../../src/de/weights";
import { matrix } from "../../src/stats/linalg";

const REFW = resolve(__dirname, "reference", "weights");
const DATA = process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data");
const HCT = join(DATA, "rnaseq", "andrysik2017_hct116");

interface RefTable {
  header: string[];
  rows: string[][];
  col(name: string): number[];
  text(name: string): string[];
}

function readRef(file: string): RefTable {
  let bytes = readFileSync(join(REFW, file));
  if (file.endsWith(".gz")) bytes = gunzipSync(bytes);
  const lines = bytes.toString("utf8").trim().split("\n").map((l) => l.split("\t"));
  const header = lines[0];
  const rows = lines.slice(1);
  const idx = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${file} has no column ${name}`);
    return i;
  };
  return {
    header,
    rows,
    col: (name) => rows.map((r) => (r[idx(name)] === "NA" ? NaN : Number(r[idx(name)]))),
    text: (name) => rows.map((r) => r[idx(name)]),
  };
}


/** The weight rules of make_reference.R (weightOf, weightsFor): gene g and sample j 1-based. */
function weightOf(g: number, j: number, m: number): number {
  let w = 1;
  if (g % 7 === 0 && j === (Math.floor(g / 7) % m) + 1) w = 0.1;
  if (g % 11 === 0 && j === (Math.floor(g / 11) % m) + 1) w = 0;
  if (g % 13 === 0) w = 0.5;
  if (g % 17 === 0) w = 0.3 + (0.7 * ((g * j) % 10)) / 9;
  if (g % 53 === 0 && j === (Math.floor(g / 53) % m) + 1) w = 0.005;
  return w;
}

function hct116Weights(counts: CountMatrix, dmso: boolean[]): Float64Array {
  const n = counts.nGenes;
  const m = counts.nSamples;
  const w = new Float64Array(n * m);
  for (let g = 0; g < n; g++) {
    let raw = 0, weighted = 0;
    for (let j = 0; j < m; j++) {
      w[g * m + j] = weightOf(g + 1, j + 1, m);
      raw += counts.values[g * m + j];
      weighted += w[g * m + j] * counts.values[g * m + j];
    }
    if (weighted === 0 && raw > 0) w.fill(1, g * m, (g + 1) * m);
  }
  for (let g = 0; g < n; g++) if ((g + 1) % 101 === 0) for (let j = 0; j < m; j++) if (dmso[j]) w[g * m + j] = 0.005;
  return w;
}

/** Shared checks of a weighted run against the R tables with prefix `prefix`. */
function parityChecks(prefix: string, get: () => { dds: DESeqDataSet; res: DESeqResults; lrt: DESeqResults }, opts: { lrtSkipReplaced: boolean }) {
  const ref = () => readRef(`${prefix}_results.tsv.gz`);

  it("weightsFail and allZero as DESeq2", () => {
    const { dds } = get();
    const r = ref();
    const wf = r.text("weightsFail");
    const az = r.text("allZero");
    let differ = 0;
    wf.forEach((v, g) => {
      if ((v === "TRUE") !== (dds.weightsFail![g] === 1)) differ++;
    });
    expect(differ).toBe(0);
    // R's allZero after outlier replacement is recomputed from the counts alone (refit genes).
    const flagged = az.map((v, g) => v === "TRUE" || wf[g] === "TRUE");
    flagged.forEach((v, g) => {
      if (v !== (dds.geneEstimates!.allZero[g] === 1)) differ++;
    });
    expect(differ).toBe(0);
  });

  it("baseMean (weighted) within 1e-8", () => {
    const { res } = get();
    const a = agreement(res.column("baseMean") as Float64Array, ref().col("baseMean"), 1e-8, 1e-12);
    expect(a.naMismatch).toBe(0);
    expect(a.fraction).toBe(1);
  });

  it.each(["dispGeneEst", "dispFit", "dispMAP", "dispersion"])("%s within 1e-4 for 99.9% of genes", (col) => {
    const { dds } = get();
    const ours = { dispGeneEst: dds.geneEstimates!.dispGeneEst, dispFit: dds.trend!.dispFit, dispMAP: dds.map!.dispMAP, dispersion: dds.map!.dispersion }[col]!;
    const a = agreement(ours, ref().col(col), 1e-4);
    expect(a.naMismatch).toBe(0);
    expect(a.fraction).toBeGreaterThanOrEqual(0.999);
  });

  it("the dispersion trend, its spread and the prior variance", () => {
    const { dds } = get();
    const fn = readRef(`${prefix}_dispersion_function.tsv.gz`);
    const v = (k: string) => Number(fn.rows.find((r) => r[0] === k)![1]);
    expect(Math.abs(dds.trend!.coefficients!.asymptDisp / v("asymptDisp") - 1)).toBeLessThan(1e-6);
    expect(Math.abs(dds.trend!.coefficients!.extraPois / v("extraPois") - 1)).toBeLessThan(1e-6);
    expect(Math.abs(dds.trend!.varLogDispEsts / v("varLogDispEsts") - 1)).toBeLessThan(1e-6);
    expect(Math.abs(dds.map!.dispPriorVar / v("dispPriorVar") - 1)).toBeLessThan(1e-4);
    const out = ref().text("dispOutlier");
    let differ = 0;
    out.forEach((o, g) => {
      if (o !== "NA" && (o === "TRUE") !== (dds.map!.dispOutlier[g] === 1)) differ++;
    });
    expect(differ).toBe(0);
  });

  it.each(["log2FoldChange", "lfcSE", "stat"])("Wald %s within 1e-4 (or 1e-6 absolute) for 99.9% of genes", (col) => {
    const { res } = get();
    const a = agreement(res.column(col) as Float64Array, ref().col(col), 1e-4, 1e-6);
    expect(a.naMismatch).toBe(0);
    expect(a.fraction).toBeGreaterThanOrEqual(0.999);
  });

  it.each(["pvalue", "padj"])("Wald %s within 1e-3 where above 1e-300, for 99.9% of genes", (col) => {
    const { res } = get();
    const a = agreement(res.column(col) as Float64Array, ref().col(col), 1e-3, 0, 1e-300);
    expect(a.naMismatch).toBe(0);
    expect(a.fraction).toBeGreaterThanOrEqual(0.999);
  });

  it("the same calls at padj < 0.05", () => {
    const { res } = get();
    const padj = ref().col("padj");
    const ours = res.column("padj") as Float64Array;
    let differ = 0;
    padj.forEach((v, g) => {
      if ((v < 0.05) !== (ours[g] < 0.05)) differ++;
    });
    expect(differ / padj.length).toBeLessThanOrEqual(0.001);
  });

  it("likelihood-ratio test (~ 1): statistic, p-values and calls", () => {
    const { lrt, dds } = get();
    const r = ref();
    const keep = (a: number[]) => (opts.lrtSkipReplaced ? a.map((v, g) => (dds.replaced?.[g] ? NaN : v)) : a);
    const ours = (col: string) => {
      const v = Float64Array.from(lrt.column(col) as Float64Array);
      if (opts.lrtSkipReplaced) dds.replaced?.forEach((x, g) => x && (v[g] = NaN));
      return v;
    };
    const s = agreement(ours("stat"), keep(r.col("lrtStat")), 1e-4, 1e-6);
    expect(s.naMismatch).toBe(0);
    expect(s.fraction).toBeGreaterThanOrEqual(0.999);
    const p = agreement(ours("pvalue"), keep(r.col("lrtPvalue")), 1e-3, 0, 1e-300);
    expect(p.naMismatch).toBe(0);
    expect(p.fraction).toBeGreaterThanOrEqual(0.999);
    if (!opts.lrtSkipReplaced) {
      const padj = r.col("lrtPadj");
      const o = lrt.column("padj") as Float64Array;
      let differ = 0;
      padj.forEach((v, g) => {
        if ((v < 0.05) !== (o[g] < 0.05)) differ++;
      });
      expect(differ / padj.length).toBeLessThanOrEqual(0.001);
    }
  });
}

describe.skipIf(!existsSync(join(HCT, "counts.tsv")))("DESeq2 with weights: HCT116 (~ condition) against R", () => {
  let dds: DESeqDataSet;
  let res: DESeqResults;
  let lrt: DESeqResults;
  beforeAll(() => {
    const counts = readCounts(join(HCT, "counts.tsv"));
    const samples = readSamples(join(HCT, "samples.tsv")).alignTo(counts);
    const w = hct116Weights(counts, samples.get("condition").map((c) => c === "dmso"));
    dds = new DESeqDataSet(counts, samples, { design: "~ condition", reference: { condition: "dmso" }, weights: w }).run();
    res = dds.results({ contrast: ["condition", "nutlin", "dmso"], alpha: 0.05 });
    const l = new DESeqDataSet(counts, samples, { design: "~ condition", reference: { condition: "dmso" }, weights: w });
    Object.assign(l, { sizeFactors: dds.sizeFactors, geneEstimates: dds.geneEstimates, trend: dds.trend, map: dds.map });
    lrt = l.nbinomLRT("~ 1").results({ alpha: 0.05 });
  });
  parityChecks("hct116", () => ({ dds, res, lrt }), { lrtSkipReplaced: false });

  it("flags the degenerate genes and the filter threshold and number of calls are R's", () => {
    const md = readRef("hct116_metadata.tsv.gz");
    const v = (k: string) => Number(md.rows.find((r) => r[0] === k)![1]);
    expect(dds.weightsFail!.reduce((a, b) => a + b, 0)).toBe(v("nWeightsFail"));
    expect(Math.abs(res.metadata.filterThreshold! / v("filterThreshold") - 1)).toBeLessThan(1e-6);
    const nSig = Array.from(res.column("padj") as Float64Array).filter((x) => x < 0.05).length;
    expect(Math.abs(nSig - v("nSig_padj_lt_0.05"))).toBeLessThanOrEqual(Math.ceil(0.001 * dds.counts.nGenes));
  });
});

describe.skipIf(!existsSync(join(REFW, "sim16_counts.tsv.gz")))("DESeq2 with weights: 8 vs 8 with outliers against R", () => {
  let dds: DESeqDataSet;
  let res: DESeqResults;
  let lrt: DESeqResults;
  beforeAll(() => {
    const counts = readCounts(join(REFW, "sim16_counts.tsv.gz"));
    const samples = new SampleTable(counts.samples, { condition: counts.samples.map((_, j) => (j < 8 ? "A" : "B")) });
    const wr = readRef("sim16_weights.tsv.gz");
    const wt = { genes: wr.text("gene_id"), samples: wr.header.slice(1), values: wr.rows.map((r) => r.slice(1).map(Number)) };
    dds = new DESeqDataSet(counts, samples, { design: "~ condition", weights: wt }).run();
    res = dds.results({ contrast: ["condition", "B", "A"], alpha: 0.05 });
    const l = new DESeqDataSet(counts, samples, { design: "~ condition", weights: wt }).estimateSizeFactors().estimateDispersions();
    lrt = l.nbinomLRT("~ 1").results({ alpha: 0.05 });
  });
  parityChecks("sim16", () => ({ dds, res, lrt }), { lrtSkipReplaced: true });

  it("Cook's distances (weighted hat values) within 1e-4 for 99.9% of values", () => {
    const ref = readRef("sim16_cooks.tsv.gz");
    const m = dds.counts.nSamples;
    dds.counts.samples.forEach((s, j) => {
      const ours = Float64Array.from({ length: dds.counts.nGenes }, (_, g) => dds.cooks![g * m + j]);
      expect(agreement(ours, ref.col(s), 1e-4, 1e-8).fraction, s).toBeGreaterThanOrEqual(0.999);
    });
  });

  const DIST = join(__dirname, "..", "..", "dist", "de");
  it.skipIf(!existsSync(join(DIST, "worker.js")))("worker threads give bit-identical results with weights (1, 2 and 3 threads)", async () => {
    // The built module, so that the workers run the same code as the caller (build first).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(DIST) as typeof import("../../src/de");
    const wr = readRef("sim16_weights.tsv.gz");
    const wt = { genes: wr.text("gene_id"), samples: wr.header.slice(1), values: wr.rows.map((r) => r.slice(1).map(Number)) };
    const run = async (threads: number) => {
      const d = await new lib.DESeqDataSet(dds.counts, dds.samples, { design: "~ condition", weights: wt }).runAsync({ threads });
      return d.results({ contrast: ["condition", "B", "A"] }).toTSV() + d.dispersionTable().toTSV();
    };
    const one = await run(1);
    expect(await run(2)).toBe(one);
    expect(await run(3)).toBe(one);
    expect(one.split("\n").length).toBeGreaterThan(3000);
  });

  it("the same genes replaced and refitted, and the same maximum Cook's distances", () => {
    const r = readRef("sim16_results.tsv.gz");
    const rep = r.text("replace");
    let differ = 0;
    rep.forEach((v, g) => {
      if ((v === "TRUE") !== (dds.replaced?.[g] === 1)) differ++;
    });
    expect(rep.filter((v) => v === "TRUE").length).toBeGreaterThan(50);
    expect(differ).toBe(0);
    const a = agreement(dds.maxCooks!, r.col("maxCooks"), 1e-4, 1e-8);
    expect(a.naMismatch).toBe(0);
    expect(a.fraction).toBeGreaterThanOrEqual(0.999);
  });
});

describe("weights: unit weights, API and bad input", () => {
  const genes = ["g1", "g2", "g3", "g4", "g5", "g6"];
  const smp = ["a1", "a2", "a3", "b1", "b2", "b3"];
  const values = [
    [10, 12, 9, 30, 28, 35],
    [0, 0, 0, 0, 0, 0],
    [100, 90, 120, 95, 110, 105],
    [5, 0, 7, 20, 15, 0],
    [50, 60, 55, 20, 25, 22],
    [3, 4, 2, 9, 8, 12],
  ];
  const counts = () => new CountMatrix({ genes, samples: smp, values, source: "test" });
  const samples = () => new SampleTable(smp, { condition: ["a", "a", "a", "b", "b", "b"] });
  const make = (w: unknown) => new DESeqDataSet(counts(), samples(), { design: "~ condition", weights: w as Float64Array });
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error("no error");
  };

  it("rejects weights of the wrong shape, out of [0, 1], not numbers, or all zero for a gene", () => {
    expect(message(() => make(new Float64Array(5)))).toMatch(/5 weights for 6 genes x 6 samples/);
    expect(message(() => make(values.map((r) => r.slice(1))))).toMatch(/gene g1 has 5 weights for 6 samples/);
    const bad = (g: number, j: number, v: number) => {
      const w = new Float64Array(36).fill(1);
      w[g * 6 + j] = v;
      return w;
    };
    expect(message(() => make(bad(2, 4, 1.5)))).toMatch(/weight for gene g3, sample b2 must be a number in \[0, 1\], got 1.5/);
    expect(message(() => make(bad(0, 0, -0.1)))).toMatch(/gene g1, sample a1 .* got -0.1/);
    expect(message(() => make(bad(5, 5, NaN)))).toMatch(/gene g6, sample b3 .* got NaN/);
    const zero = new Float64Array(36).fill(1);
    zero.fill(0, 18, 24);
    expect(message(() => make(zero))).toMatch(/gene g4 has weight 0 in every sample/);
    expect(message(() => new DESeqDataSet(counts(), samples(), { design: "~ condition", weights: new Float64Array(36).fill(1), weightThreshold: 1 }))).toMatch(
      /weightThreshold must be in \[0, 1\)/,
    );
  });

  it("rejects a gene whose counts are all in samples of weight 0 (DESeq2 stops there)", () => {
    const w = new Float64Array(36).fill(1);
    for (const j of [0, 2, 3, 4]) w[3 * 6 + j] = 0; // g4 counts sit in a1, a3, b1, b2
    expect(message(() => make(w))).toMatch(/gene g4 has counts only in samples of weight 0/);
  });

  it("matches named weights to the counts' genes and samples", () => {
    const w = new Float64Array(36).fill(1);
    w[4 * 6 + 1] = 0.25;
    const named = { genes: genes.slice().reverse(), samples: smp.slice().reverse(), values: genes.map((_, g) => smp.map((_, j) => w[(5 - g) * 6 + (5 - j)])) };
    const a = make(w);
    const b = make(named);
    expect(Array.from(b.weights!)).toEqual(Array.from(a.weights!));
    expect(message(() => make({ genes: genes.slice(1), samples: smp, values: new Float64Array(30).fill(1) }))).toMatch(/no weights for 1 gene of the counts \(g1\)/);
    expect(message(() => make({ genes, samples: smp.slice(1), values: new Float64Array(30).fill(1) }))).toMatch(/no weights for sample a1/);
  });

  it("flags genes whose weights leave the design degenerate, as DESeq2's getAndCheckWeights", () => {
    const x = matrix([[1, 0], [1, 0], [1, 0], [1, 1], [1, 1], [1, 1]]);
    const w = new Float64Array(4 * 6).fill(1);
    w.set([0.005, 0.001, 0.01, 1, 1, 1], 6); // reference group at or below the threshold: fails
    w.set([0, 0, 0, 1, 1, 1], 12); // reference group dropped: fails
    w.set([1, 1, 1, 0.005, 0.001, 0.002], 18); // only the condition coefficient left: dropped from the test, passes
    expect(Array.from(weightsFailOf(scaleWeights(w, 4, 6), x, 4, 0.01))).toEqual([0, 1, 1, 0]);
    const dds = make(Float64Array.from({ length: 36 }, (_, k) => (Math.floor(k / 6) === 4 && k % 6 < 3 ? 0.001 : 1))).run();
    expect(Array.from(dds.weightsFail!)).toEqual([0, 0, 0, 0, 1, 0]);
    const res = dds.results();
    expect(Number.isNaN((res.column("pvalue") as Float64Array)[4])).toBe(true);
    expect(dds.dispersionTable().column("weightsFail")).toEqual(["FALSE", "FALSE", "FALSE", "FALSE", "TRUE", "FALSE"]);
  });

  it("lfcShrink types normal and apeglm say they do not support weights", () => {
    const dds = make(new Float64Array(36).fill(1)).run();
    expect(message(() => lfcShrinkNormal(dds, { contrast: ["condition", "b", "a"] }))).toMatch(/not supported with weights/);
    expect(message(() => lfcShrinkApeglm(dds, { coef: dds.resultsNames()[1] }))).toMatch(/not supported with weights: lfcShrink type apeglm/);
  });

  const MIX = join(DATA, "rnaseq", "andrysik2017_hct116_mcf7");
  it.skipIf(!existsSync(join(MIX, "counts.tsv")))("unit weights give exactly the unweighted results (~ cell_line + condition)", () => {
    const counts = readCounts(join(MIX, "counts.tsv"));
    const s = readSamples(join(MIX, "samples.tsv"));
    const opts = { design: "~ cell_line + condition", reference: { condition: "dmso" } };
    const plain = new DESeqDataSet(counts, s, opts).run();
    const unit = new DESeqDataSet(counts, s, { ...opts, weights: new Float64Array(counts.nGenes * counts.nSamples).fill(1) }).run();
    expect(unit.weightsFail!.every((v) => v === 0)).toBe(true);
    expect(Array.from(unit.map!.dispersion)).toEqual(Array.from(plain.map!.dispersion));
    const contrast = { contrast: ["condition", "nutlin", "dmso"] as [string, string, string], alpha: 0.05 };
    expect(unit.results(contrast).toTSV()).toBe(plain.results(contrast).toTSV());
    expect(unit.nbinomLRT("~ cell_line").results().toTSV()).toBe(plain.nbinomLRT("~ cell_line").results().toTSV());
  });
});
