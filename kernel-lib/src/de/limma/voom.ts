/**
 * voom (Law, Chen, Shi & Smyth 2014, Genome Biology 15:R29): log2-CPM values with precision
 * weights from the mean-variance trend, so that linear models (`lmFit`, `eBayes`) apply to
 * RNA-seq counts. The square root of each gene's residual standard deviation is smoothed
 * against its average log2 count by lowess (span 0.5); each observation's weight is the inverse
 * of the trend's variance at its fitted log2 count.
 */
import type { CountMatrix } from "../../io/counts";
import type { Matrix } from "../../stats/linalg";
import { lowess } from "../../stats/lowess";
import { InputError } from "../../io/errors";
import { lmFit } from "./lmFit";

/** Options of {@link voom}. */
export interface VoomOptions {
  /** Effective library sizes (default column sums x `normFactors`). */
  libSize?: ArrayLike<number>;
  /** Normalisation factors (e.g. TMM) multiplying the column sums. */
  normFactors?: ArrayLike<number>;
  /** lowess span. Default 0.5. */
  span?: number;
}

/** The voom-transformed data (limma's EList). */
export interface VoomResult {
  nGenes: number;
  nSamples: number;
  genes: string[];
  /** log2-CPM, genes x samples (gene-major). */
  E: Float64Array;
  /** Precision weights, same shape as `E`. */
  weights: Float64Array;
  libSize: Float64Array;
  design: Matrix;
  /** The mean-variance trend: x = log2 count size, y = sqrt(sd), and the lowess line. */
  trend: { x: Float64Array; y: Float64Array; lineX: Float64Array; lineY: Float64Array };
}

/**
 * Transform counts for linear modelling with precision weights.
 *
 * @example
 * const v = voom(counts, design, { normFactors: calcNormFactors(counts) });
 */
export function voom(counts: CountMatrix, design: Matrix, options: VoomOptions = {}): VoomResult {
  const { nGenes: n, nSamples: m, values } = counts;
  if (n < 2) throw new InputError("voom needs at least two genes to fit a mean-variance trend", "voom");
  if (design.rows !== m) throw new InputError(`the design has ${design.rows} rows for ${m} samples`, "voom");
  let lib: Float64Array;
  if (options.libSize) lib = Float64Array.from(options.libSize);
  else {
    lib = counts.librarySizes();
    if (options.normFactors) lib = Float64Array.from(lib, (v, j) => v * options.normFactors![j]);
  }
  if (lib.length !== m || lib.some((v) => !(v > 0) || !Number.isFinite(v))) throw new InputError("library sizes must be finite and positive, one per sample", "voom");
  const E = new Float64Array(n * m);
  // log2-CPM: small whole counts from a table per sample (the same expression, computed once)
  const T = 1024;
  const tables = Array.from({ length: m }, (_, j) => Float64Array.from({ length: T }, (_, v) => Math.log2(((v + 0.5) / (lib[j] + 1)) * 1e6)));
  for (let g = 0; g < n; g++) {
    for (let j = 0; j < m; j++) {
      const v = values[g * m + j];
      E[g * m + j] = v < T && (v | 0) === v ? tables[j][v] : Math.log2(((v + 0.5) / (lib[j] + 1)) * 1e6);
    }
  }
  const logLib = Float64Array.from(lib, (l) => Math.log2(l + 1) - Math.log2(1e6));
  const fit = lmFit(E, n, design);
  const p = design.cols;
  let withReps = 0;
  for (let g = 0; g < n; g++) if (fit.dfResidual[g] > 0) withReps++;
  const weights = new Float64Array(n * m);
  const empty = { x: new Float64Array(0), y: new Float64Array(0), lineX: new Float64Array(0), lineY: new Float64Array(0) };
  if (withReps < 2) {
    weights.fill(1);
    return { nGenes: n, nSamples: m, genes: counts.genes, E, weights, libSize: lib, design, trend: empty };
  }
  let meanLogLib = 0;
  for (const v of lib) meanLogLib += Math.log2(v + 1);
  meanLogLib /= m;
  const sx: number[] = [];
  const sy: number[] = [];
  for (let g = 0; g < n; g++) {
    let rowSum = 0;
    for (let j = 0; j < m; j++) rowSum += values[g * m + j];
    if (rowSum === 0) continue;
    sx.push(fit.Amean[g] + meanLogLib - Math.log2(1e6));
    sy.push(Math.sqrt(fit.sigma[g]));
  }
  const line = lowess(sx, sy, { f: options.span ?? 0.5 });
  const interp = trendInterpolator(line.x, line.y);
  const X = design.data;
  for (let g = 0; g < n; g++) {
    for (let j = 0; j < m; j++) {
      let f = 0;
      for (let r = 0; r < p; r++) f += fit.coefficients[g * p + r] * X[j * p + r];
      // log2(2^f 1e-6 (lib + 1)) without the round trip through 2^f
      const s2 = interp(f + logLib[j]);
      const s4 = s2 * s2;
      weights[g * m + j] = 1 / (s4 * s4);
    }
  }
  return {
    nGenes: n,
    nSamples: m,
    genes: counts.genes,
    E,
    weights,
    libSize: lib,
    design,
    trend: { x: Float64Array.from(sx), y: Float64Array.from(sy), lineX: line.x, lineY: line.y },
  };
}

/**
 * Linear interpolation through sorted (x, y) with tied x averaged and constant extrapolation
 * (R's `approxfun(rule = 2, ties = list("ordered", mean))`).
 */
export function trendInterpolator(xs: Float64Array, ys: Float64Array): (x: number) => number {
  const ux: number[] = [];
  const uy: number[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    let s = 0;
    while (j < xs.length && xs[j] === xs[i]) s += ys[j++];
    ux.push(xs[i]);
    uy.push(s / (j - i));
    i = j;
  }
  const last = ux.length - 1;
  // bucket index over the x range so that each lookup searches a few points only
  const nb = Math.max(1, Math.min(1 << 16, ux.length));
  const x0 = ux[0];
  const width = (ux[last] - x0) / nb || 1;
  const start = new Int32Array(nb + 1);
  for (let b = 0, i = 0; b <= nb; b++) {
    const edge = x0 + b * width;
    while (i < last && ux[i + 1] <= edge) i++;
    start[b] = i;
  }
  return (x: number) => {
    if (Number.isNaN(x)) return NaN;
    if (x <= ux[0]) return uy[0];
    if (x >= ux[last]) return uy[last];
    const b = Math.min(nb, Math.floor((x - x0) / width));
    let lo = start[b];
    let hi = Math.min(last, b + 1 <= nb ? start[Math.min(nb, b + 1)] + 1 : last);
    if (ux[lo] > x) lo = 0;
    if (ux[hi] < x) hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (ux[mid] <= x) lo = mid;
      else hi = mid;
    }
    return uy[lo] + ((uy[hi] - uy[lo]) * (x - ux[lo])) / (ux[hi] - ux[lo]);
  };
}
