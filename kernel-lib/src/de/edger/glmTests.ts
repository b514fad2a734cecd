/**
 * edgeR's GLM tests: likelihood-ratio tests (`glmLRT`) and quasi-likelihood F-tests
 * (`glmQLFit` + `glmQLFTest`; Lund, Nettleton, McCarthy & Smyth 2012, SAGMB 11:8; Chen, Lun &
 * Smyth 2016, F1000Research 5:1438). QL dispersions are the deviances over residual df (df
 * reduced for all-zero groups), squeezed towards an abundance trend by limma's empirical
 * Bayes; F = LR / df / posterior QL dispersion, with a Poisson-bound safeguard for genes whose
 * QL variance falls below the Poisson variance.
 */
import type { Matrix } from "../../stats/linalg";
import { norm2 } from "../../stats/linalg";
import { chiSquareUpper } from "../../stats/distributions";
import { fUpper } from "../../stats/tdist";
import { pAdjustBH } from "../../stats/padjust";
import { InputError } from "../../io/errors";
import { squeezeVar } from "../limma/squeezeVar";
import { glmFit, type NbGlmFit } from "./glm";
import { aveLogCpm as aveLogCpmOf } from "./aveLogCpm";
import { residualDf } from "./estimateDisp";
import { float64Of } from "../../stats/float64";

/** A GLM fit with QL dispersions (DGEGLM after glmQLFit). */
export interface QLFit extends NbGlmFit {
  aveLogCpm: Float64Array;
  dfResidualZeros: Float64Array;
  dfPrior: number;
  /** Prior df per gene (differs from dfPrior only with `robust`). */
  dfPriorGenes: Float64Array;
  varPrior: Float64Array;
  varPost: Float64Array;
  /** The counts, kept for the null-model refits of the tests. */
  counts: ArrayLike<number>;
}

/** Options of {@link glmQLFit}. */
export interface GlmQLFitOptions {
  /** Effective library sizes (lib.size x norm.factors). */
  libSize: ArrayLike<number>;
  /** NB dispersions, one per gene (edgeR uses the trended dispersions) or one value. */
  dispersion: number | ArrayLike<number>;
  /** Average log-CPM (default computed with the given dispersion's mean... as edgeR: from the counts). */
  aveLogCpm?: Float64Array;
  /** Trend of the QL prior in abundance (default true). */
  abundanceTrend?: boolean;
  /** Prior count for the reported log fold changes (default 0.125). */
  priorCount?: number;
  /** Robust empirical Bayes for the QL dispersions (edgeR's `robust = TRUE`). Default false. */
  robust?: boolean;
  winsorTailP?: [number, number];
  /** The GLM fit with these dispersions and prior count when already made (e.g. on worker threads); fitted here otherwise. */
  fit?: NbGlmFit;
}

/**
 * Fit NB GLMs and moderate the QL dispersions.
 *
 * @example
 * const fit = glmQLFit(kept.values, kept.nGenes, design.matrix, { libSize, dispersion: disp.trended, aveLogCpm: disp.aveLogCpm });
 */
export function glmQLFit(values: ArrayLike<number>, nGenes: number, design: Matrix, options: GlmQLFitOptions): QLFit {
  const offset = Float64Array.from(options.libSize, Math.log);
  const fit = options.fit ?? glmFit(values, nGenes, design, { offset, dispersion: options.dispersion, priorCount: options.priorCount ?? 0.125 });
  const ave = options.aveLogCpm ?? aveLogCpmOf(values, nGenes, options.libSize, { dispersion: options.dispersion });
  const n = design.rows;
  const zero = new Uint8Array(nGenes * n);
  for (let i = 0; i < nGenes * n; i++) zero[i] = fit.fitted[i] < 1e-4 && values[i] < 1e-4 ? 1 : 0;
  const df = residualDf(zero, nGenes, n, design.data, design.cols);
  const s2 = float64Of(fit.deviance.length, (g) => (df[g] === 0 ? 0 : Math.max(fit.deviance[g] / df[g], 0)));
  const sq = squeezeVar(s2, df, options.abundanceTrend === false ? undefined : ave, { robust: options.robust, winsorTailP: options.winsorTailP });
  return { ...fit, aveLogCpm: ave, dfResidualZeros: df, dfPrior: sq.dfPrior, dfPriorGenes: sq.dfPriorGenes, varPrior: sq.varPrior, varPost: sq.varPost, counts: values };
}

/** A coefficient (0-based index) or a contrast vector over the coefficients. */
export type GlmComparison = { coef: number } | { contrast: number[] };

/** Per-gene test results. */
export interface GlmTestResult {
  logFC: Float64Array;
  logCPM: Float64Array;
  /** LR statistic (glmLRT) or F statistic (glmQLFTest). */
  statistic: Float64Array;
  pValue: Float64Array;
  dfTest: number;
  comparison: string;
}

/**
 * The null model's design for testing a coefficient or contrast: the other coefficients' columns,
 * or for a contrast an orthonormal basis of the coefficient directions orthogonal to it.
 *
 * @example
 * nullDesign(design.matrix, { coef: 1 }).X0; // the design without its second column
 */
export function nullDesign(design: Matrix, cmp: GlmComparison): { X0: Matrix; label: string } {
  const p = design.cols;
  const n = design.rows;
  if ("coef" in cmp) {
    if (!(cmp.coef >= 0 && cmp.coef < p)) throw new InputError(`coefficient ${cmp.coef} is outside the design's ${p} columns`, "glmLRT");
    const keep = Array.from({ length: p }, (_, c) => c).filter((c) => c !== cmp.coef);
    const data = new Float64Array(n * (p - 1));
    for (let j = 0; j < n; j++) keep.forEach((c, k) => (data[j * (p - 1) + k] = design.data[j * p + c]));
    return { X0: { rows: n, cols: p - 1, data }, label: `coefficient ${cmp.coef + 1}` };
  }
  const c = cmp.contrast;
  if (c.length !== p) throw new InputError(`contrast has ${c.length} entries for ${p} coefficients`, "glmLRT");
  const norm = norm2(c);
  if (!(norm > 0)) throw new InputError("the contrast is all zero", "glmLRT");
  const basis: Float64Array[] = [Float64Array.from(c, (v) => v / norm)];
  for (let e = 0; e < p && basis.length < p; e++) {
    const v = new Float64Array(p);
    v[e] = 1;
    for (let pass = 0; pass < 2; pass++) for (const q of basis) {
      let d = 0;
      for (let i = 0; i < p; i++) d += q[i] * v[i];
      for (let i = 0; i < p; i++) v[i] -= d * q[i];
    }
    const nv = norm2(v);
    if (nv > 1e-8) basis.push(v.map((x) => x / nv));
  }
  const others = basis.slice(1);
  const data = new Float64Array(n * (p - 1));
  for (let j = 0; j < n; j++) others.forEach((q, k) => {
    let s = 0;
    for (let i = 0; i < p; i++) s += design.data[j * p + i] * q[i];
    data[j * (p - 1) + k] = s;
  });
  return { X0: { rows: n, cols: p - 1, data }, label: c.map((v, i) => (v ? `${v}*x${i + 1}` : "")).filter(Boolean).join(" ") };
}

/** A fit with its counts, for the tests; `nullDeviance`: the null model's deviances when already fitted (see {@link nullDesign}). */
type TestInput = NbGlmFit & { counts: ArrayLike<number>; aveLogCpm?: Float64Array; nullDeviance?: Float64Array };

function lrtCore(fit: TestInput, cmp: GlmComparison) {
  const p = fit.design.cols;
  if (p < 2) throw new InputError("the design needs at least two columns (an intercept and a coefficient to test)", "glmLRT");
  const { X0, label } = nullDesign(fit.design, cmp);
  if (fit.nullDeviance && fit.nullDeviance.length !== fit.nGenes) throw new RangeError("nullDeviance needs one value per gene");
  const nullFit = fit.nullDeviance ? { deviance: fit.nullDeviance } : glmFit(fit.counts, fit.nGenes, X0, { offset: fit.offset, dispersion: fit.dispersion, priorCount: 0 });
  const LR = float64Of(fit.deviance.length, (g) => nullFit.deviance[g] - fit.deviance[g]);
  const logFC = new Float64Array(fit.nGenes);
  for (let g = 0; g < fit.nGenes; g++) {
    if ("coef" in cmp) logFC[g] = fit.coefficients[g * p + cmp.coef] / Math.LN2;
    else {
      let s = 0;
      for (let i = 0; i < p; i++) s += fit.coefficients[g * p + i] * cmp.contrast[i];
      logFC[g] = s / Math.LN2;
    }
  }
  const logCPM = fit.aveLogCpm ?? aveLogCpmOf(fit.counts, fit.nGenes, Float64Array.from(fit.offset, Math.exp), { dispersion: fit.dispersion });
  return { LR, logFC, logCPM, label };
}

/**
 * Likelihood-ratio test of one coefficient or contrast (edgeR's `glmLRT`).
 *
 * @example
 * glmLRT({ ...fit, counts: kept.values }, { coef: 1 });
 */
export function glmLRT(fit: TestInput, cmp: GlmComparison): GlmTestResult {
  const { LR, logFC, logCPM, label } = lrtCore(fit, cmp);
  const pValue = float64Of(LR.length, (g) => chiSquareUpper(LR[g], 1));
  return { logFC, logCPM, statistic: LR, pValue, dfTest: 1, comparison: label };
}

/**
 * Quasi-likelihood F-test (edgeR's `glmQLFTest`, with the Poisson bound).
 *
 * @example
 * glmQLFTest(glmQLFit(values, nGenes, design, { libSize, dispersion }), { coef: 1 });
 */
export function glmQLFTest(fit: QLFit & { nullDeviance?: Float64Array }, cmp: GlmComparison, poissonBound = true): GlmTestResult {
  const { LR, logFC, logCPM, label } = lrtCore(fit, cmp);
  const n = fit.nSamples;
  const maxDf = n - fit.design.cols;
  const F = float64Of(LR.length, (g) => LR[g] / fit.varPost[g]);
  const dfTotal = float64Of(fit.dfResidualZeros.length, (g) => Math.min(fit.dfPriorGenes[g] + fit.dfResidualZeros[g], fit.nGenes * maxDf));
  const pValue = float64Of(F.length, (g) => fUpper(F[g], 1, dfTotal[g]));
  if (poissonBound) {
    const below: number[] = [];
    for (let g = 0; g < fit.nGenes; g++) {
      for (let j = 0; j < n; j++) {
        if ((1 + fit.fitted[g * n + j] * fit.dispersion[g]) * fit.varPost[g] < 1) {
          below.push(g);
          break;
        }
      }
    }
    if (below.length) {
      const k = below.length;
      const values = new Float64Array(k * n);
      const start = new Float64Array(k * fit.design.cols);
      below.forEach((g, i) => {
        for (let j = 0; j < n; j++) values[i * n + j] = fit.counts[g * n + j];
        start.set(fit.unshrunkCoefficients.subarray(g * fit.design.cols, (g + 1) * fit.design.cols), i * fit.design.cols);
      });
      const pois = glmFit(values, k, fit.design, { offset: fit.offset, dispersion: 0, priorCount: 0, start });
      const res = glmLRT({ ...pois, counts: values, aveLogCpm: new Float64Array(k) }, cmp);
      below.forEach((g, i) => (pValue[g] = Math.max(pValue[g], res.pValue[i])));
    }
  }
  return { logFC, logCPM, statistic: F, pValue, dfTest: 1, comparison: label };
}

/**
 * Classify genes as up (1), down (-1) or not significant (0) at a BH-adjusted p-value cut-off
 * and an optional minimum |log2 fold change| (edgeR's `decideTests` for one comparison).
 *
 * @example
 * decideTests(res.pValue, res.logFC); // Int8Array of -1 / 0 / 1
 */
export function decideTests(pValue: ArrayLike<number>, logFC: ArrayLike<number>, options: { pValue?: number; lfc?: number; adjust?: "BH" | "none" } = {}): Int8Array {
  const cut = options.pValue ?? 0.05;
  const lfc = options.lfc ?? 0;
  const adj = options.adjust === "none" ? Float64Array.from(pValue) : pAdjustBH(pValue);
  return Int8Array.from(adj, (p, g) => (p < cut && Math.abs(logFC[g]) >= lfc ? (logFC[g] > 0 ? 1 : logFC[g] < 0 ? -1 : 0) : 0));
}
