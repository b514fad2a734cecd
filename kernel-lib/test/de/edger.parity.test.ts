/**
 * edgeR 3.40 parity on both reference datasets (run_ref.R: filterByExpr on the design, TMM on
 * the kept genes): estimateDisp in classic mode + exactTest (edger_exact.tsv), estimateDisp
 * with the design + glmQLFit + glmQLFTest (edger_qlf.tsv, edger_qlf_fit.tsv, edger_params.tsv).
 * Tolerances: the 1e-4 relative for 99.9% of genes for logFC, statistics and p-values
 * (measured agreement is printed), dispersions and QL priors to 1e-5, and at most 0.1% of genes
 * called differently at FDR < 0.05.
 */
import { describe, expect, it } from "vitest";
import { estimateDisp, exactTest, glmQLFit, glmQLFTest } from "../../src/de/edger";
import { pAdjustBH } from "../../src/stats/padjust";
import { CASES, haveRef, prepare, readRef, agreement, callDifferences } from "./edgerSetup";

const rel = (a: number, b: number) => Math.abs(a / b - 1);

for (const [ds, formula] of CASES) {
  describe.skipIf(!haveRef(ds, "edger_exact.tsv.gz"))(`edgeR on ${ds}`, () => {
    const prep = prepare(ds, formula);
    const { counts, design, normFactors, group } = prep;
    const lib = Float64Array.from(counts.librarySizes(), (v, j) => v * normFactors[j]);
    const params = readRef(ds, "edger_params.tsv").col("value");
    const maxDiff = Math.floor(0.001 * counts.nGenes);

    it("classic estimateDisp and exactTest (nutlin vs dmso)", () => {
      const d = estimateDisp(counts.values, counts.nGenes, { libSize: lib, group });
      expect(rel(d.common, params[0])).toBeLessThan(1e-7);
      const ref = readRef(ds, "edger_exact.tsv.gz");
      expect(agreement(d.trended, ref.col("trended.dispersion"), 1e-5)).toBe(1);
      expect(agreement(d.tagwise, ref.col("tagwise.dispersion"), 1e-5)).toBe(1);
      const et = exactTest({ values: counts.values, nGenes: counts.nGenes, group: group.map((g) => ["dmso", "nutlin"].indexOf(g)), libSize: lib, dispersion: d.tagwise });
      const report = {
        logFC: agreement(et.logFC, ref.col("logFC")),
        logCPM: agreement(d.aveLogCpm, ref.col("logCPM")),
        PValue: agreement(et.pValue, ref.col("PValue")),
      };
      for (const [k, v] of Object.entries(report)) expect(v, k).toBeGreaterThanOrEqual(0.999);
      expect(callDifferences(pAdjustBH(et.pValue), ref.col("FDR"))).toBeLessThanOrEqual(maxDiff);
      console.log(ds, "exact", JSON.stringify(report));
    });

    it("estimateDisp with the design, glmQLFit and glmQLFTest", () => {
      const d = estimateDisp(counts.values, counts.nGenes, { libSize: lib, design: design.matrix });
      expect(rel(d.common, params[1])).toBeLessThan(1e-7);
      expect(rel(d.priorDf, params[2])).toBeLessThan(1e-6);
      const ref = readRef(ds, "edger_qlf.tsv.gz");
      expect(agreement(d.tagwise, ref.col("tagwise.dispersion"), 1e-5)).toBe(1);
      const fit = glmQLFit(counts.values, counts.nGenes, design.matrix, { libSize: lib, dispersion: d.trended, aveLogCpm: d.aveLogCpm });
      const qf = readRef(ds, "edger_qlf_fit.tsv.gz");
      expect(rel(fit.dfPrior, params[3])).toBeLessThan(1e-6);
      expect(agreement(fit.varPost, qf.col("s2.post"), 1e-6)).toBe(1);
      expect(agreement(fit.varPrior, qf.col("var.prior"), 1e-6)).toBe(1);
      expect(Array.from(fit.dfResidualZeros)).toEqual(Array.from(qf.col("df.residual.zeros")));
      const res = glmQLFTest(fit, { coef: design.matrix.cols - 1 });
      const report = {
        logFC: agreement(res.logFC, ref.col("logFC")),
        logCPM: agreement(res.logCPM, ref.col("logCPM")),
        F: agreement(res.statistic, ref.col("F")),
        PValue: agreement(res.pValue, ref.col("PValue")),
      };
      for (const [k, v] of Object.entries(report)) expect(v, k).toBeGreaterThanOrEqual(0.999);
      expect(callDifferences(pAdjustBH(res.pValue), ref.col("FDR"))).toBeLessThanOrEqual(maxDiff);
      console.log(ds, "QL", JSON.stringify(report));
    });
  });
}
