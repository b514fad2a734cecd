import { describe, expect, it } from "vitest";
import { existsSync } from "fs";
import { join, resolve } from "path";
import { dispersionResiduals, simulatedPriorVariance, simulatedPriorVarianceDetails } from "../../src/de/priorVariance";
import { RRandom, crLog } from "../../src/stats/rrandom";
import { readCounts } from "../../src/io/counts";
import { readSamples, SampleTable } from "../../src/io/samples";
import { DESeqDataSet } from "../../src/de/deseq";
import { estimateDispersionsFit, estimateDispersionsGeneEst } from "../../src/de/dispersions";

// Expectations printed by R 4.2.2 / DESeq2 1.38.3 with sprintf("%.17g"): the "priorVariance"
// section of priorVariance.reference.R beside this file (`Rscript
// kernel-lib/test/de/priorVariance.reference.R ../shared/data`). For each case R reports
// [dispPriorVar from a copy of DESeq2's code, dispPriorVar from DESeq2:::estimateDispersionsPriorVar
// itself], the KL divergences at grid points 1, 2, 50, 100, 150, 200, the loess fit at fine-grid
// points 1, 137, 500, 999, 1000 and the 40 counts of the observed histogram.
const R = {
  sim_df1_n5000_pv: [0.73673673673673679, 0.73673673673673679],
  sim_df1_n5000_kl: [0.076919697825822073, 0.074306162728323952, 0.07164523571913653, 0.1965702233910325,
    0.30610055504758871, 0.430548092853623],
  sim_df1_n5000_fitted: [0.071764032358720295, 0.019381344227023759, 0.19758146420428818, 0.43025465573421168,
    0.43091732659320503],
  sim_df1_n5000_counts: [9, 11, 8, 19, 21, 22, 36, 58, 46, 75, 97, 131, 145, 223, 273, 297, 370, 429, 488, 541, 535,
    457, 291, 218, 100, 42, 21, 6, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  sim_df2_n5000_pv: [1.0330330330330331, 1.0330330330330331],
  sim_df2_n5000_kl: [0.44651369991803974, 0.33945694716157787, 0.055609716279307955, 0.24507559327745376,
    0.41172064184841667, 0.58783687214381231],
  sim_df2_n5000_fitted: [0.35634706257691717, 0.00759444354604816, 0.24598161449154043, 0.58390695951566585,
    0.58453374927985458],
  sim_df2_n5000_counts: [1, 0, 3, 3, 1, 2, 6, 3, 10, 30, 43, 57, 90, 139, 197, 290, 392, 519, 617, 687, 601, 499,
    350, 232, 134, 68, 15, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  sim_df3_n20000_pv: [0.50450450450450446, 0.50450450450450446],
  sim_df3_n20000_kl: [0.17155541969407331, 0.10565968209739177, 0.26413065762367605, 0.59976243087619863,
    0.8650009534467975, 1.0804984251722347],
  sim_df3_n20000_fitted: [0.10437902811273897, 0.092884270782344527, 0.59989176712269587, 1.0891333609109035,
    1.0897812694944771],
  sim_df3_n20000_counts: [0, 0, 0, 1, 0, 1, 1, 2, 6, 20, 34, 46, 96, 238, 430, 821, 1385, 2197, 3079, 3596, 3400,
    2551, 1387, 531, 153, 23, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  sim_df2_n20000_pv: [2.5145145145145147, 2.5145145145145147],
  sim_df2_n20000_kl: [1.1036454706871808, 0.99404059378175014, 0.014083340682346929, 0.048997363332114859,
    0.15313465767792311, 0.27961527393752306],
  sim_df2_n20000_fitted: [0.99375051977989026, 0.11942836860269952, 0.050160539514939817, 0.27787046496011092,
    0.27831457030901607],
  sim_df2_n20000_counts: [3, 0, 14, 11, 13, 23, 34, 60, 98, 161, 251, 374, 532, 756, 960, 1360, 1635, 1810, 1993,
    1998, 1902, 1658, 1436, 1059, 735, 490, 280, 191, 83, 36, 28, 4, 9, 1, 0, 0, 0, 0, 0, 0],
  floor_pv: [0.25, 0.25],
  mcf7_pv: [1.0730730730730731, 1.0730730730730731],
  mcf7_nResiduals: [21425, 21425],
  mcf7_counts: [1, 52, 1, 0, 3, 13, 29, 34, 103, 157, 248, 436, 618, 903, 1308, 1664, 2459, 2673, 2651, 2367, 1972,
    1584, 1101, 623, 257, 140, 28, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  mcf7_kl: [0.39578935280517852, 0.36666528326173947, 0.13818740862694526, 0.28627933710202941, 0.445834845228121,
    0.59663429486818675],
};

const KL_AT = [0, 1, 49, 99, 149, 199];
const FIT_AT = [0, 136, 499, 998, 999];

/** Relative agreement to `tol` (the KL curve is R's to the last bit or two: R's libm may misround a log). */
function expectRel(actual: number[], expected: number[], tol = 1e-14): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(tol * Math.abs(expected[i])));
}

/** R: set.seed(seed); c(log(rchisq(n, df) / df) + rnorm(n, 0, sqrt(v)), -12, 10, 15) */
function residuals(seed: number, df: number, n: number, v: number): number[] {
  const rng = new RRandom(seed);
  const chisq = Array.from({ length: n }, () => rng.rchisq(df));
  const sd = Math.sqrt(v);
  return [...chisq.map((c) => crLog(c / df) + rng.rnorm(0, sd)), -12, 10, 15];
}

type Key = "sim_df1_n5000" | "sim_df2_n5000" | "sim_df3_n20000" | "sim_df2_n20000";
const CASES: [Key, number, number, number, number][] = [
  ["sim_df1_n5000", 1, 5000, 0.7, 11],
  ["sim_df2_n5000", 2, 5000, 1.1, 12],
  ["sim_df3_n20000", 3, 20000, 0.4, 13],
  ["sim_df2_n20000", 2, 20000, 2.5, 14],
];

describe("simulatedPriorVariance reproduces DESeq2's estimateDispersionsPriorVar (m - p <= 3)", () => {
  for (const [key, df, n, v, seed] of CASES) {
    it(`df = ${df}, ${n} residuals (seed ${seed}, log-chi-square plus N(0, ${v}))`, () => {
      const res = residuals(seed, df, n, v);
      const t0 = performance.now();
      const sim = simulatedPriorVarianceDetails(res, df);
      const ms = performance.now() - t0;
      const [rCopy, rDESeq2] = R[`${key}_pv`];
      expect(rCopy).toBe(rDESeq2);
      expect(sim.dispPriorVar).toBe(rDESeq2);
      expect(Array.from(sim.obsCounts)).toEqual(R[`${key}_counts`]);
      expect(sim.nObserved).toBe(R[`${key}_counts`].reduce((a, b) => a + b, 0)); // 10 itself and -12, 15 are out
      expectRel(KL_AT.map((i) => sim.klDivs[i]), R[`${key}_kl`]);
      expectRel(FIT_AT.map((i) => sim.lofitFitted[i]), R[`${key}_fitted`]);
      expect(sim.obsVarGrid.length).toBe(200);
      expect(sim.obsVarFineGrid[999]).toBe(8);
      expect(ms).toBeLessThan(4000); // about 0.5 s on a 2020s laptop core
    });
  }

  it("the 0.25 floor", () => {
    const rng = new RRandom(15);
    const res = Array.from({ length: 3000 }, () => rng.rnorm(0, 0.3));
    expect(simulatedPriorVariance(res, 2)).toBe(R.floor_pv[1]);
  });

  it("input checks", () => {
    expect(() => simulatedPriorVariance([0.1, 0.2], 0)).toThrow(RangeError);
    expect(() => simulatedPriorVariance([-11, 12, NaN], 2)).toThrow(/no dispersion residuals/);
  });
});

describe("dispersionResiduals", () => {
  it("keeps genes with dispGeneEst >= 100 minDisp, in order, skipping NaN (all-zero genes)", () => {
    const r = dispersionResiduals([0.1, 1e-8, NaN, 0.4, 1e-6], [0.2, 0.2, 0.2, 0.2, 1e-6]);
    expect(Array.from(r)).toEqual([crLog(0.1) - crLog(0.2), crLog(0.4) - crLog(0.2), 0]);
    expect(() => dispersionResiduals([1], [1, 2])).toThrow(RangeError);
  });
});

const DATA = process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data");
const MCF7_DIR = join(DATA, "rnaseq", "andrysik2017_hct116_mcf7");
const HAVE_MCF7 = existsSync(join(MCF7_DIR, "counts.tsv")) && existsSync(join(MCF7_DIR, "samples.tsv"));
if (!HAVE_MCF7) console.warn(`priorVariance.test: shared data not found at ${MCF7_DIR} (set P53LAB_DATA); MCF7 case skipped`);

describe.skipIf(!HAVE_MCF7)("MCF7 samples, ~ condition (4 samples, df = 2), with p53lab's own dispersions", () => {
  it("gives R's dispPriorVar 1.0730730730730731", () => {
    const all = readCounts(join(MCF7_DIR, "counts.tsv"));
    const table = readSamples(join(MCF7_DIR, "samples.tsv"));
    const line = table.get("cell_line");
    const mcf7 = table.samples.filter((_, i) => line[i] === "mcf7");
    const columns: Record<string, string[]> = {};
    for (const v of table.variables) columns[v] = mcf7.map((s) => table.get(v)[table.samples.indexOf(s)]);
    const cm = all.selectSamples(mcf7);
    const dds = new DESeqDataSet(cm, new SampleTable(mcf7, columns), { design: "~ condition", reference: { condition: "dmso" } });
    dds.estimateSizeFactors();
    const input = { counts: cm.values, nGenes: cm.nGenes, nSamples: cm.nSamples, sizeFactors: dds.sizeFactors!, design: dds.design.matrix };
    const est = estimateDispersionsGeneEst(input);
    const trend = estimateDispersionsFit(est);
    const res = dispersionResiduals(est.dispGeneEst, trend.dispFit);
    const df = dds.design.matrix.rows - dds.design.matrix.cols;
    expect(df).toBe(2);
    expect(res.length).toBe(R.mcf7_nResiduals[0]);
    const sim = simulatedPriorVarianceDetails(res, df);
    // p53lab's gene-wise estimates differ slightly from R's for a few genes; the histogram does not
    expect(sim.nObserved).toBe(R.mcf7_nResiduals[1]);
    expect(Array.from(sim.obsCounts)).toEqual(R.mcf7_counts);
    expectRel(KL_AT.map((i) => sim.klDivs[i]), R.mcf7_kl);
    expect(R.mcf7_pv[0]).toBe(R.mcf7_pv[1]);
    expect(sim.dispPriorVar).toBe(R.mcf7_pv[0]);
  });
});
