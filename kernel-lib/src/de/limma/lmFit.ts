/**
 * Gene-wise (weighted) linear models, limma's `lmFit`: for each gene the least-squares fit of
 * its log-expression on the design, with optional per-observation precision weights (voom).
 * Observations with a non-finite value or a weight <= 0 are left out of that gene's fit.
 */
import type { Matrix } from "../../stats/linalg";
import { cholesky, choleskyInverse, choleskyInto, choleskySolveInto } from "../../stats/linalg";
import { InputError } from "../../io/errors";

/** A gene-wise linear-model fit (limma's MArrayLM before `eBayes`). */
export interface LinearModelFit {
  nGenes: number;
  /** Coefficient names (the design's columns). */
  coefNames: string[];
  /** Coefficients, genes x coefficients (gene-major). NaN where not estimable. */
  coefficients: Float64Array;
  /** Unscaled standard errors sqrt(diag((X'WX)^-1)), genes x coefficients. */
  stdevUnscaled: Float64Array;
  /** Residual standard deviations (NaN with no residual df). */
  sigma: Float64Array;
  /** Residual degrees of freedom per gene. */
  dfResidual: Float64Array;
  /** Average log-expression per gene (row mean of the finite values). */
  Amean: Float64Array;
  /** Unweighted (X'X)^-1 of the design, p x p (used by `contrastsFit`). */
  covCoefficients: Float64Array;
  /** The design used. */
  design: Matrix;
}

/** Options of {@link lmFit}. */
export interface LmFitOptions {
  /** Precision weights, genes x samples (gene-major), e.g. from `voom`. */
  weights?: Float64Array;
  /** Coefficient names; default x1, x2, ... */
  coefNames?: string[];
}

/**
 * Fit the design to every gene's values (`values` genes x samples, gene-major).
 *
 * @example
 * const fit = lmFit(logCpm, nGenes, design, { weights: v.weights, coefNames: ["(Intercept)", "conditionnutlin"] });
 */
export function lmFit(values: Float64Array, nGenes: number, design: Matrix, options: LmFitOptions = {}): LinearModelFit {
  const m = design.rows;
  const p = design.cols;
  if (values.length !== nGenes * m) throw new InputError(`expression matrix has ${values.length} values, expected ${nGenes} genes x ${m} samples`, "lmFit");
  const w = options.weights;
  if (w && w.length !== values.length) throw new InputError("weights must have the same shape as the expression matrix", "lmFit");
  const coefNames = options.coefNames ?? Array.from({ length: p }, (_, j) => `x${j + 1}`);
  const X = design.data;
  const xtx = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += X[i * p + a] * X[i * p + b];
    xtx[a * p + b] = s;
  }
  const l0 = cholesky(xtx, p);
  if (!l0) throw new InputError("the design matrix is not of full column rank", "lmFit");
  const covCoefficients = choleskyInverse(l0, p);
  const coefficients = new Float64Array(nGenes * p).fill(NaN);
  const stdevUnscaled = new Float64Array(nGenes * p).fill(NaN);
  const sigma = new Float64Array(nGenes).fill(NaN);
  const dfResidual = new Float64Array(nGenes);
  const Amean = new Float64Array(nGenes);
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  const use = new Uint8Array(m);
  // Per-gene buffers (no allocation in the loop): Cholesky factor, coefficients, a unit vector.
  const l = new Float64Array(p * p);
  const beta = new Float64Array(p);
  const e = new Float64Array(p);
  // Without weights a gene with every observation has X'X itself (summed in the same order), so
  // its factor and unscaled standard errors are the design's, computed once.
  const full = w ? null : { l: new Float64Array(p * p), se: new Float64Array(p) };
  if (full) {
    full.l.set(l0);
    for (let r = 0; r < p; r++) {
      e.fill(0);
      e[r] = 1;
      choleskySolveInto(full.l, e, p, e);
      full.se[r] = Math.sqrt(e[r]);
    }
  }
  for (let g = 0; g < nGenes; g++) {
    const off = g * m;
    let nObs = 0;
    let sumY = 0;
    let nFinite = 0;
    for (let i = 0; i < m; i++) {
      const y = values[off + i];
      if (Number.isFinite(y)) {
        sumY += y;
        nFinite++;
      }
      const wi = w ? w[off + i] : 1;
      use[i] = Number.isFinite(y) && Number.isFinite(wi) && wi > 0 ? 1 : 0;
      nObs += use[i];
    }
    Amean[g] = nFinite ? sumY / nFinite : NaN;
    if (nObs < p) continue;
    const shared = full && nObs === m;
    a.fill(0);
    b.fill(0);
    for (let i = 0; i < m; i++) {
      if (!use[i]) continue;
      const wi = w ? w[off + i] : 1;
      const y = values[off + i];
      for (let r = 0; r < p; r++) {
        const xr = wi * X[i * p + r];
        b[r] += xr * y;
        if (!shared) for (let c = 0; c <= r; c++) a[r * p + c] += xr * X[i * p + c];
      }
    }
    if (shared) l.set(full.l);
    else {
      for (let r = 0; r < p; r++) for (let c = r + 1; c < p; c++) a[r * p + c] = a[c * p + r];
      if (!choleskyInto(a, p, l)) continue;
    }
    choleskySolveInto(l, b, p, beta);
    let rss = 0;
    for (let i = 0; i < m; i++) {
      if (!use[i]) continue;
      let f = 0;
      for (let r = 0; r < p; r++) f += X[i * p + r] * beta[r];
      const res = values[off + i] - f;
      rss += (w ? w[off + i] : 1) * res * res;
    }
    for (let r = 0; r < p; r++) {
      coefficients[g * p + r] = beta[r];
      if (shared) {
        stdevUnscaled[g * p + r] = full.se[r];
        continue;
      }
      // Diagonal of (X'WX)^-1: the r-th entry of the solution for the r-th unit vector.
      e.fill(0);
      e[r] = 1;
      choleskySolveInto(l, e, p, e);
      stdevUnscaled[g * p + r] = Math.sqrt(e[r]);
    }
    dfResidual[g] = nObs - p;
    if (nObs > p) sigma[g] = Math.sqrt(rss / (nObs - p));
  }
  return { nGenes, coefNames, coefficients, stdevUnscaled, sigma, dfResidual, Amean, covCoefficients, design };
}
