/**
 * Parity of the DESeq2 engine with R DESeq2 1.38.3 on real data: the reference outputs in
 * ../shared/reference/rnaseq (made by run_ref.R beside them) are read in place.
 * Tolerances are the project's (issue 3): size factors 1e-8; dispersions, log2FoldChange,
 * lfcSE, stat 1e-4 relative (or 1e-6 absolute) for 99.9% of genes; p-values 1e-3 relative
 * where above 1e-300; the same calls at padj < 0.05 (at most 0.1% differ).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { agreement } from "../helpers";
import { existsSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { gunzipSync } from "zlib";
import { readCounts } from "../../src/io/counts";
import { readSamples } from "../../src/io/samples";
import { DESeqDataSet } from "../../src/de/deseq";
import type { DESeqResults } from "../../src/de/results";
import { vst } from "../../src/de/vst";
import { lfcShrinkNormal } from "../../src/de/lfcShrink";
import { lfcShrinkAshr } from "../../src/de/ashr";

const REF = process.env.P53LAB_REFERENCE ?? resolve(__dirname, "../../../../shared/reference/rnaseq");
const DATA = process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data");

interface RefTable {
  header: string[];
  rows: string[][];
  col(name: string): number[];
}

function readRef(dataset: string, file: string): RefTable {
  let bytes = readFileSync(join(REF, dataset, file));
  if (file.endsWith(".gz")) bytes = gunzipSync(bytes);
  const lines = bytes.toString("utf8").trim().split("\n").map((l) => l.split("\t"));
  const header = lines[0];
  const rows = lines.slice(1);
  return {
    header,
    rows,
    col(name: string) {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`${file} has no column ${name}`);
      return rows.map((r) => (r[i] === "NA" ? NaN : Number(r[i])));
    },
  };
}


const CASES = [
  { dataset: "andrysik2017_hct116", design: "~ condition", reduced: "~ 1", contrast: ["condition", "nutlin", "dmso"] as [string, string, string] },
  {
    dataset: "andrysik2017_hct116_mcf7",
    design: "~ cell_line + condition",
    reduced: "~ cell_line",
    contrast: ["condition", "nutlin", "dmso"] as [string, string, string],
  },
];

for (const c of CASES) {
  const present = existsSync(join(REF, c.dataset, "deseq2_wald.tsv.gz")) && existsSync(join(DATA, "rnaseq", c.dataset, "counts.tsv"));
  describe.skipIf(!present)(`DESeq2 parity: ${c.dataset} (${c.design})`, () => {
    let dds: DESeqDataSet;
    let res: DESeqResults;
    let resNoIF: DESeqResults;
    beforeAll(() => {
      const counts = readCounts(join(DATA, "rnaseq", c.dataset, "counts.tsv"));
      const samples = readSamples(join(DATA, "rnaseq", c.dataset, "samples.tsv"));
      dds = new DESeqDataSet(counts, samples, { design: c.design, reference: { condition: "dmso" } }).run();
      res = dds.results({ contrast: c.contrast, alpha: 0.05 });
      resNoIF = dds.results({ contrast: c.contrast, alpha: 0.05, independentFiltering: false });
    });

    it("size factors within 1e-8", () => {
      const ref = readRef(c.dataset, "deseq2_size_factors.tsv").col("sizeFactor");
      const a = agreement(dds.sizeFactors!, ref, 1e-8);
      expect(a.fraction).toBe(1);
    });

    it("resultsNames", () => {
      const md = readRef(c.dataset, "deseq2_wald_metadata.tsv");
      const names = md.rows.find((r) => r[0] === "resultsNames")![1].split(",");
      expect(dds.resultsNames()).toEqual(names);
    });

    it.each(["dispGeneEst", "dispFit", "dispMAP", "dispersion"])("%s within 1e-4 for 99.9% of genes", (col) => {
      const ref = readRef(c.dataset, "deseq2_dispersions.tsv.gz").col(col);
      const ours = { dispGeneEst: dds.geneEstimates!.dispGeneEst, dispFit: dds.trend!.dispFit, dispMAP: dds.map!.dispMAP, dispersion: dds.map!.dispersion }[col]!;
      const a = agreement(ours, ref, 1e-4);
      expect(a.naMismatch).toBe(0);
      expect(a.fraction).toBeGreaterThanOrEqual(0.999);
    });

    it("dispersion outliers and the trend's coefficients", () => {
      const disp = readRef(c.dataset, "deseq2_dispersions.tsv.gz");
      const i = disp.header.indexOf("dispOutlier");
      let differ = 0;
      disp.rows.forEach((r, g) => {
        if (r[i] === "NA") return;
        if ((r[i] === "TRUE") !== (dds.map!.dispOutlier[g] === 1)) differ++;
      });
      expect(differ).toBe(0);
      const fn = readRef(c.dataset, "deseq2_dispersion_function.tsv");
      const get = (k: string) => Number(fn.rows.find((r) => r[0] === k)![1]);
      expect(dds.trend!.coefficients!.asymptDisp).toBeCloseTo(get("asymptDisp"), 7);
      expect(Math.abs(dds.trend!.coefficients!.extraPois / get("extraPois") - 1)).toBeLessThan(1e-6);
      expect(Math.abs(dds.trend!.varLogDispEsts / get("varLogDispEsts") - 1)).toBeLessThan(1e-6);
      expect(Math.abs(dds.map!.dispPriorVar / get("dispPriorVar") - 1)).toBeLessThan(1e-4);
    });

    it.each(["log2FoldChange", "lfcSE", "stat"])("%s within 1e-4 (or 1e-6 absolute) for 99.9% of genes", (col) => {
      const ref = readRef(c.dataset, "deseq2_wald.tsv.gz");
      const a = agreement(res.column(col) as Float64Array, ref.col(col), 1e-4, 1e-6);
      expect(a.naMismatch).toBe(0);
      expect(a.fraction).toBeGreaterThanOrEqual(0.999);
    });

    it.each(["pvalue", "padj"])("%s within 1e-3 where above 1e-300, for 99.9% of genes", (col) => {
      for (const [file, table] of [["deseq2_wald.tsv.gz", res], ["deseq2_wald_noIndependentFiltering.tsv.gz", resNoIF]] as const) {
        const ref = readRef(c.dataset, file);
        const a = agreement(table.column(col) as Float64Array, ref.col(col), 1e-3, 0, 1e-300);
        expect(a.naMismatch, `${file} ${col} NA pattern`).toBe(0);
        expect(a.fraction, `${file} ${col}`).toBeGreaterThanOrEqual(0.999);
      }
    });

    it("all coefficients and their standard errors", () => {
      const coef = readRef(c.dataset, "deseq2_coef_log2.tsv.gz");
      const se = readRef(c.dataset, "deseq2_coefSE_log2.tsv.gz");
      const p = dds.design.columns.length;
      dds.design.columns.forEach((name, k) => {
        const ours = Float64Array.from({ length: dds.counts.nGenes }, (_, g) => dds.fit!.beta[g * p + k]);
        const oursSE = Float64Array.from({ length: dds.counts.nGenes }, (_, g) => dds.fit!.se[g * p + k]);
        expect(agreement(ours, coef.col(name), 1e-4, 1e-6).fraction, name).toBeGreaterThanOrEqual(0.999);
        expect(agreement(oursSE, se.col(`SE_${name}`), 1e-4, 1e-6).fraction, `SE_${name}`).toBeGreaterThanOrEqual(0.999);
      });
    });

    it("the same genes at padj < 0.05 and the same independent-filtering threshold", () => {
      const ref = readRef(c.dataset, "deseq2_wald.tsv.gz").col("padj");
      const ours = res.column("padj") as Float64Array;
      let differ = 0;
      ref.forEach((v, g) => {
        if ((v < 0.05) !== (ours[g] < 0.05)) differ++;
      });
      expect(differ / ref.length).toBeLessThanOrEqual(0.001);
      const md = readRef(c.dataset, "deseq2_wald_metadata.tsv");
      const get = (k: string) => Number(md.rows.find((r) => r[0] === k)![1]);
      expect(Math.abs(res.metadata.filterThreshold! / get("filterThreshold") - 1)).toBeLessThan(1e-8);
      expect(Math.abs(res.metadata.filterTheta! / get("filterTheta") - 1)).toBeLessThan(1e-8);
      expect(Array.from(ours).filter((v) => v < 0.05).length).toBe(get("nSig_padj_lt_alpha"));
    });

    it("normalised counts within 1e-8", () => {
      const ref = readRef(c.dataset, "deseq2_normalized_counts.tsv.gz");
      const ours = dds.normalizedCounts();
      for (const s of dds.counts.samples) {
        expect(agreement(ours.column(s) as Float64Array, ref.col(s), 1e-8, 1e-12).fraction).toBe(1);
      }
    });

    it("likelihood-ratio test: every column and the calls", () => {
      const lrt = new DESeqDataSet(dds.counts, dds.samples, { design: c.design, reference: { condition: "dmso" } });
      lrt.sizeFactors = dds.sizeFactors;
      lrt.geneEstimates = dds.geneEstimates;
      lrt.trend = dds.trend;
      lrt.map = dds.map;
      const r = lrt.nbinomLRT(c.reduced).results({ alpha: 0.05 });
      const ref = readRef(c.dataset, "deseq2_lrt.tsv.gz");
      for (const col of ["log2FoldChange", "lfcSE", "stat"]) {
        expect(agreement(r.column(col) as Float64Array, ref.col(col), 1e-4, 1e-6).fraction, col).toBeGreaterThanOrEqual(0.999);
      }
      for (const col of ["pvalue", "padj"]) {
        const a = agreement(r.column(col) as Float64Array, ref.col(col), 1e-3, 0, 1e-300);
        expect(a.naMismatch, col).toBe(0);
        expect(a.fraction, col).toBeGreaterThanOrEqual(0.999);
      }
      const padj = ref.col("padj");
      const ours = r.column("padj") as Float64Array;
      let differ = 0;
      padj.forEach((v, g) => {
        if ((v < 0.05) !== (ours[g] < 0.05)) differ++;
      });
      expect(differ / padj.length).toBeLessThanOrEqual(0.001);
    });

    it("lfcShrink type normal: log2FoldChange and lfcSE within 1e-4 for 99.9% of genes", () => {
      const shr = lfcShrinkNormal(dds, { contrast: c.contrast, results: { alpha: 0.05 } });
      const ref = readRef(c.dataset, "deseq2_lfcshrink_normal.tsv.gz");
      for (const col of ["log2FoldChange", "lfcSE"]) {
        const a = agreement(shr.column(col) as Float64Array, ref.col(col), 1e-4, 1e-6);
        expect(a.naMismatch, col).toBe(0);
        expect(a.fraction, col).toBeGreaterThanOrEqual(0.999);
      }
      expect(agreement(shr.column("padj") as Float64Array, ref.col("padj"), 1e-3, 0, 1e-300).fraction).toBeGreaterThanOrEqual(0.999);
    });

    it("lfcShrink type ashr: posterior means and SDs within 1e-4 for 99.9% of genes", () => {
      const shr = lfcShrinkAshr(dds, { contrast: c.contrast, results: { alpha: 0.05 } });
      const ref = readRef(c.dataset, "deseq2_lfcshrink_ashr.tsv.gz");
      expect(shr.names).toEqual(ref.header.map((h) => (h === "gene_id" ? "gene_id" : h)));
      for (const col of ["log2FoldChange", "lfcSE"]) {
        const a = agreement(shr.column(col) as Float64Array, ref.col(col), 1e-4, 1e-6);
        expect(a.naMismatch, col).toBe(0);
        expect(a.fraction, col).toBeGreaterThanOrEqual(0.999);
      }
    });

    it("vst (blind) within 1e-10 for every value", () => {
      const ref = readRef(c.dataset, "deseq2_vst_blind.tsv.gz");
      const v = vst(dds.counts);
      const m = dds.counts.nSamples;
      dds.counts.samples.forEach((s, j) => {
        const ours = Float64Array.from({ length: dds.counts.nGenes }, (_, g) => v.values[g * m + j]);
        expect(agreement(ours, ref.col(s), 1e-10).fraction, s).toBe(1);
      });
    });

    it("Cook's distances within 1e-4 for 99.9% of values", () => {
      const ref = readRef(c.dataset, "deseq2_cooks.tsv.gz");
      const m = dds.counts.nSamples;
      dds.counts.samples.forEach((s, j) => {
        const ours = Float64Array.from({ length: dds.counts.nGenes }, (_, g) => dds.cooks![g * m + j]);
        expect(agreement(ours, ref.col(s), 1e-4, 1e-8).fraction, s).toBeGreaterThanOrEqual(0.999);
      });
    });
  });
}
