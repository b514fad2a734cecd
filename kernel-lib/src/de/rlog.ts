/**
 * Regularised logarithm (DESeq2 `rlog`, Love et al. 2014): per gene, a GLM with an
 * intercept and one coefficient per sample, the sample coefficients shrunk towards zero by
 * a normal prior whose variance matches the weighted upper quantile of the log fold changes
 * of each sample from the gene's mean; the transformed value is intercept + sample effect
 * (log2 scale). `blind` (default) estimates the dispersion trend with the design ~ 1.
 */
import type { CountMatrix } from "../io/counts";
import { Table } from "../io/table";
import { estimateSizeFactors } from "./sizeFactors";
import { estimateDispersionsGeneEst, estimateDispersionsFit } from "./dispersions";
import { fitNbinomGLMs } from "./glm";
import { weightedQuantile } from "./lfcShrink";
import { normalQuantile } from "../stats/distributions";

/** The rlog-transformed data. */
export interface RlogResult {
  genes: string[];
  samples: string[];
  /** Gene-major values (log2 scale; 0 for genes with only zero counts). */
  values: Float64Array;
  betaPriorVar: number;
  toTable(): Table;
}

/**
 * rlog-transform a count matrix (blind to the design).
 *
 * @example
 * const r = rlog(counts);
 * show(r.toTable());
 */
export function rlog(counts: CountMatrix, options: { sizeFactors?: Float64Array } = {}): RlogResult {
  const { nGenes: n, nSamples: m } = counts;
  const sf = options.sizeFactors ?? estimateSizeFactors(counts);
  const intercept = { rows: m, cols: 1, data: new Float64Array(m).fill(1) };
  const d = { counts: counts.values, nGenes: n, nSamples: m, sizeFactors: sf, design: intercept };
  const est = estimateDispersionsGeneEst(d);
  const trend = estimateDispersionsFit(est);
  // Prior variance from log2 fold changes of each sample against the gene's mean.
  const lfc: number[] = [];
  const w: number[] = [];
  for (let j = 0; j < m; j++) {
    for (let g = 0; g < n; g++) {
      if (est.allZero[g]) continue;
      lfc.push(Math.abs(Math.log2(counts.values[g * m + j] / sf[j] + 0.5) - Math.log2(est.baseMean[g] + 0.5)));
      w.push(1 / (1 / est.baseMean[g] + trend.dispFit[g]));
    }
  }
  const betaPriorVar = (weightedQuantile(lfc, w, 0.95) / normalQuantile(0.975)) ** 2;
  // Design: intercept plus one column per sample.
  const p = m + 1;
  const x = new Float64Array(m * p);
  for (let i = 0; i < m; i++) {
    x[i * p] = 1;
    x[i * p + 1 + i] = 1;
  }
  const lambda = [1e-6, ...new Array(m).fill(1 / betaPriorVar)];
  const fit = fitNbinomGLMs({ ...d, design: { rows: m, cols: p, data: x } }, trend.dispFit, est.allZero, {
    lambdaPerCoef: lambda,
    interceptStart: true,
    betaTol: 1e-4,
    useOptim: false,
  });
  const values = new Float64Array(n * m);
  for (let g = 0; g < n; g++) {
    if (est.allZero[g]) continue;
    for (let j = 0; j < m; j++) values[g * m + j] = fit.beta[g * p] + fit.beta[g * p + 1 + j];
  }
  const genes = counts.genes;
  const samples = counts.samples;
  return {
    genes,
    samples,
    values,
    betaPriorVar,
    toTable() {
      return Table.fromGeneMatrix(genes, samples, values, "rlog (blind)");
    },
  };
}
