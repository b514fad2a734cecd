/**
 * limma-voom against limma 3.54 on both reference datasets (limma_voom.tsv, limma_params.tsv
 * from run_ref.R): voom on the filterByExpr-kept genes with TMM library sizes, weighted lmFit,
 * eBayes, topTable for the Nutlin-3a coefficient. Tolerance: the 1e-4 relative for
 * 99.9% of genes; the same genes at adj.P.Val < 0.05.
 */
import { describe, expect, it } from "vitest";
import { voom, lmFit, eBayes, topTable } from "../../src/de/limma";
import { CASES, haveRef, prepare, readRef, agreement, callDifferences } from "./edgerSetup";

for (const [ds, formula] of CASES) {
  describe.skipIf(!haveRef(ds, "limma_voom.tsv.gz"))(`limma-voom on ${ds}`, () => {
    it("matches limma 3.54 (logFC, AveExpr, t, P.Value, adj.P.Val, B) and the prior", () => {
      const { counts, design, normFactors } = prepare(ds, formula);
      const v = voom(counts, design.matrix, { normFactors });
      const fit = eBayes(lmFit(v.E, v.nGenes, design.matrix, { weights: v.weights, coefNames: design.columns }));
      const tab = topTable(fit, { genes: counts.genes });
      const ref = readRef(ds, "limma_voom.tsv.gz");
      expect(tab.column("gene_id")).toEqual(ref.genes);
      const params = readRef(ds, "limma_params.tsv");
      const s2 = [...fit.s2Prior].sort((a, b) => a - b)[0];
      expect(Math.abs(s2 / params.col("value")[0] - 1)).toBeLessThan(1e-6);
      expect(Math.abs(fit.dfPrior / params.col("value")[1] - 1)).toBeLessThan(1e-6);
      const report: Record<string, number> = {};
      for (const c of ["logFC", "AveExpr", "t", "P.Value", "adj.P.Val", "B"]) {
        report[c] = agreement(tab.column(c) as Float64Array, ref.col(c), 1e-4, 1e-12);
        expect(report[c], c).toBeGreaterThanOrEqual(0.999);
      }
      expect(callDifferences(tab.column("adj.P.Val") as Float64Array, ref.col("adj.P.Val"))).toBeLessThanOrEqual(Math.floor(0.001 * counts.nGenes));
      console.log(ds, JSON.stringify(report));
    });
  });
}
