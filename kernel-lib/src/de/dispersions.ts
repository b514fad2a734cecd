/**
 * Dispersion estimation, DESeq2's three stages (Love et al. 2014, methods):
 * 1. gene-wise estimates maximising the Cox-Reid adjusted likelihood;
 * 2. a trend of dispersion on mean (parametric a0 + a1/mean, fitted as a gamma GLM);
 * 3. maximum a posteriori estimates shrunk towards the trend, with a prior variance
 *    from the spread of the gene-wise estimates, and dispersion outliers kept as they are.
 */
import { InputError } from "../io/errors";
import type { Matrix } from "../stats/linalg";
import { trigamma } from "../stats/special";
import { NbWorkspace, fitDispersion, fitDispersionGrid, dispWeights, type DispWeights } from "./nbinom";
import { fitGene, interceptOnly } from "./glm";
import { simulatedPriorVariance, dispersionResiduals } from "./priorVariance";
import { linearModelFactors, leastSquaresOperator, designGroups } from "./linearModel";
import { median } from "../stats/select";

/** The data every stage works on. */
export interface DispersionInput {
  /** Raw counts, genes x samples, gene-major. */
  counts: Float64Array;
  nGenes: number;
  nSamples: number;
  sizeFactors: Float64Array;
  design: Matrix;
  /**
   * Gene-specific normalisation factors (genes x samples, gene-major), replacing the size
   * factors wherever given (DESeq2's `normalizationFactors`).
   */
  normFactors?: Float64Array;
  /** mean(1 / column means of the normalisation factors) over the non-zero genes of the whole data set. */
  xim?: number;
  /**
   * Observation weights for fitting (genes x samples, gene-major), each gene's divided by its
   * largest (DESeq2's `assays(dds)[["weights"]]` as `getAndCheckWeights` returns them).
   */
  weights?: Float64Array;
  /** The weights as given (genes x samples): DESeq2 weights the normalised counts by them for baseMean and baseVar. */
  baseWeights?: Float64Array;
  /** Genes whose weights leave the design degenerate (DESeq2's `weightsFail`): treated as all zero. */
  weightsFail?: Uint8Array;
  /** Weight above which a sample counts in the Cox-Reid term (DESeq2's `weightThreshold`). Default 0.01. */
  weightThreshold?: number;
}

/** The weights row of gene `g`, when the input has weights. */
function weightsRow(d: DispersionInput, g: number): Float64Array | undefined {
  return d.weights ? d.weights.subarray(g * d.nSamples, (g + 1) * d.nSamples) : undefined;
}

/**
 * The normalisation factors of gene `g` (its row of `normFactors`, else the size factors).
 *
 * @example
 * factorsRow(input, 0, new Float64Array(input.nSamples));
 */
export function factorsRow(d: DispersionInput, g: number, out: Float64Array): Float64Array {
  const m = d.nSamples;
  if (d.normFactors) for (let j = 0; j < m; j++) out[j] = d.normFactors[g * m + j];
  else out.set(d.sizeFactors);
  return out;
}

/** DESeq2's xim for the moments dispersion estimate: mean(1/sizeFactors), or with normalisation factors mean(1/colMeans) over non-zero genes. */
export function ximOf(d: DispersionInput): number {
  if (d.xim !== undefined) return d.xim;
  const m = d.nSamples;
  if (!d.normFactors) return d.sizeFactors.reduce((a, s) => a + 1 / s, 0) / m;
  const colSum = new Float64Array(m);
  let n = 0;
  for (let g = 0; g < d.nGenes; g++) {
    let any = false;
    for (let j = 0; j < m; j++) if (d.counts[g * m + j] !== 0) any = true;
    if (!any) continue;
    n++;
    for (let j = 0; j < m; j++) colSum[j] += d.normFactors[g * m + j];
  }
  let x = 0;
  for (let j = 0; j < m; j++) x += 1 / (colSum[j] / n);
  return x / m;
}

/** Tuning constants (DESeq2 1.38 defaults). */
export interface DispersionOptions {
  minDisp?: number;
  kappa0?: number;
  dispTol?: number;
  maxit?: number;
  /** Mean floor when fitting dispersions. Default 0.5. */
  minmu?: number;
  outlierSD?: number;
  /** "parametric" (default; falls back to "mean" with a note when the fit fails) or "mean". */
  fitType?: "parametric" | "mean";
  /** Called with (genes done, total) as the gene-wise and MAP fits progress. */
  onProgress?: (done: number, total: number) => void;
}

/** Per-gene mean and variance of normalised counts. */
export interface BaseStats {
  baseMean: Float64Array;
  baseVar: Float64Array;
  allZero: Uint8Array;
}

/** Per-gene results of {@link estimateDispersionsGeneEst}; NaN for all-zero genes. */
export interface GeneEstimates extends BaseStats {
  dispGeneEst: Float64Array;
  dispGeneIter: Float64Array;
  /** Fitted means (floored at minmu) used for the dispersion fits, genes x samples. */
  mu: Float64Array;
}

/** The fitted dispersion trend. */
export interface DispersionTrend {
  fitType: "parametric" | "mean";
  /** a0 (asymptDisp) and a1 (extraPois) for the parametric trend. */
  coefficients: { asymptDisp: number; extraPois: number } | null;
  mean?: number;
  /** Trend value at each gene's mean; NaN for all-zero genes. */
  dispFit: Float64Array;
  /** Squared MAD of log(gene-wise / trend) over genes above 100 x minDisp. */
  varLogDispEsts: number;
  /** Why the parametric fit was replaced, when it was. */
  note?: string;
}

/** Final dispersions. */
export interface MapEstimates {
  dispPriorVar: number;
  /** How dispPriorVar was obtained: DESeq2's formula, its simulation (1 to 3 residual degrees of freedom), or given. */
  dispPriorVarMethod: "formula" | "simulation" | "given";
  dispMAP: Float64Array;
  dispIter: Float64Array;
  dispOutlier: Uint8Array;
  dispersion: Float64Array;
}

const DEFAULTS = { minDisp: 1e-8, kappa0: 1, dispTol: 1e-6, maxit: 100, minmu: 0.5, outlierSD: 2 };

/** Line-search settings for {@link fitDispersion} from the stage options. */
function lineSearch(o: typeof DEFAULTS) {
  return { minLogAlpha: Math.log(o.minDisp / 10), kappa0: o.kappa0, tol: o.dispTol, maxit: o.maxit, useCR: true };
}

/** DESeq2's fallback grid: 20 log-dispersions from log(1e-8) to log(max dispersion). */
function dispersionGrid(maxDisp: number): Float64Array {
  return Float64Array.from({ length: 20 }, (_, i) => Math.log(1e-8) + (i * (Math.log(maxDisp) - Math.log(1e-8))) / 19);
}

/**
 * Means and variances (n - 1 denominator) of normalised counts per gene; with observation
 * weights, of the normalised counts times the weights as given (as DESeq2's
 * `getBaseMeansAndVariances`). `allZero` marks genes whose counts are all zero.
 *
 * @example
 * baseStats(input).baseMean[0];
 */
export function baseStats(d: DispersionInput): BaseStats {
  const { nGenes: n, nSamples: m, counts } = d;
  const baseMean = new Float64Array(n);
  const baseVar = new Float64Array(n);
  const allZero = new Uint8Array(n);
  const nf = new Float64Array(m);
  const bw = d.baseWeights;
  const normOf = (g: number, j: number) => (bw ? bw[g * m + j] * (counts[g * m + j] / nf[j]) : counts[g * m + j] / nf[j]);
  for (let g = 0; g < n; g++) {
    factorsRow(d, g, nf);
    let s = 0;
    let raw = 0;
    for (let j = 0; j < m; j++) {
      s += normOf(g, j);
      raw += counts[g * m + j];
    }
    const mean = s / m;
    let v = 0;
    for (let j = 0; j < m; j++) v += (normOf(g, j) - mean) ** 2;
    baseMean[g] = mean;
    baseVar[g] = v / (m - 1);
    allZero[g] = raw === 0 ? 1 : 0;
  }
  return { baseMean, baseVar, allZero };
}

/** Starting coefficients (natural log) for the NB fit: least squares of log(normalised + 0.1). */
export function startingBetas(d: DispersionInput, genes: ArrayLike<number>): Float64Array {
  const { nSamples: m, counts, design } = d;
  const nf = new Float64Array(m);
  const p = design.cols;
  const op = leastSquaresOperator(design).data;
  const out = new Float64Array(genes.length * p);
  const ly = new Float64Array(m);
  for (let k = 0; k < genes.length; k++) {
    const g = genes[k];
    factorsRow(d, g, nf);
    for (let j = 0; j < m; j++) ly[j] = Math.log(counts[g * m + j] / nf[j] + 0.1);
    for (let c = 0; c < p; c++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += op[c * m + j] * ly[j];
      out[k * p + c] = s;
    }
  }
  return out;
}

/**
 * Stage 1: gene-wise dispersion estimates (DESeq2 `estimateDispersionsGeneEst`, niter 1).
 * With observation weights: genes flagged in `weightsFail` are treated as all zero, the
 * means always come from the (weighted) GLM fit, and the weighted likelihood and Cox-Reid
 * term are maximised with weights floored at 1e-6, as DESeq2.
 */
export function estimateDispersionsGeneEst(d: DispersionInput, options: DispersionOptions = {}): GeneEstimates {
  const o = { ...DEFAULTS, ...options };
  const { nGenes: n, nSamples: m, counts, design } = d;
  const p = design.cols;
  const x = design.data;
  if (m <= p) throw new InputError("the number of samples equals the number of coefficients: no replicates to estimate the dispersion", "dispersions");
  const stats = baseStats(d);
  if (d.weightsFail) for (let g = 0; g < n; g++) if (d.weightsFail[g]) stats.allZero[g] = 1;
  const threshold = d.weightThreshold ?? 0.01;
  const justIntercept = p === 1 && x.every((v) => v === 1);
  const maxDisp = Math.max(10, m);
  const lm = linearModelFactors(design);
  const yq = new Float64Array(lm.k);
  const xim = ximOf(d);
  const nf = new Float64Array(m);
  const linearMu = designGroups(design) === p && !d.weights;
  const dispGeneEst = new Float64Array(n).fill(NaN);
  const dispGeneIter = new Float64Array(n).fill(NaN);
  const mu = new Float64Array(n * m).fill(NaN);
  const ws = new NbWorkspace(m, p);
  const norm = new Float64Array(m);
  const lin = new Float64Array(m);
  const y = new Float64Array(m);
  const muRow = new Float64Array(m);
  const lambda = new Float64Array(p).fill(1e-6 / Math.LN2 ** 2);
  const grid = dispersionGrid(maxDisp);
  const nonZero: number[] = [];
  for (let g = 0; g < n; g++) if (!stats.allZero[g]) nonZero.push(g);
  const betas = linearMu || (justIntercept && d.weights) ? null : startingBetas(d, nonZero);
  const wFloor = new Float64Array(m);
  nonZero.forEach((g, k) => {
    factorsRow(d, g, nf);
    for (let j = 0; j < m; j++) {
      y[j] = counts[g * m + j];
      norm[j] = y[j] / nf[j];
    }
    // Linear-model fitted values of the normalised counts.
    for (let c = 0; c < lm.k; c++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += norm[i] * lm.q[i * lm.k + c];
      yq[c] = s;
    }
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let c = 0; c < lm.k; c++) s += yq[c] * lm.xrinv[j * lm.k + c];
      lin[j] = s;
    }
    let rough = 0;
    for (let j = 0; j < m; j++) {
      const mj = Math.max(1, lin[j]);
      rough += ((norm[j] - mj) ** 2 - mj) / (mj * mj);
    }
    rough = Math.max(rough / (m - p), 0);
    const bm = stats.baseMean[g];
    const moments = (stats.baseVar[g] - xim * bm) / (bm * bm);
    const alphaInit = Math.min(Math.max(o.minDisp, Math.min(rough, moments)), maxDisp);
    const wRow = weightsRow(d, g);
    if (linearMu) {
      for (let j = 0; j < m; j++) muRow[j] = Math.max(lin[j] * nf[j], o.minmu);
    } else if (justIntercept && wRow) {
      const b = interceptOnly(y, nf, wRow);
      for (let j = 0; j < m; j++) muRow[j] = Math.max(nf[j] * Math.exp(b), o.minmu);
    } else {
      const fit = fitGene(y, nf, x, m, p, alphaInit, betas!.subarray(k * p, (k + 1) * p), lambda, {
        tol: 1e-8,
        maxit: 100,
        minmu: o.minmu,
      }, wRow, ws);
      for (let j = 0; j < m; j++) muRow[j] = Math.max(fit.mu[j], o.minmu);
    }
    mu.set(muRow, g * m);
    let dw: DispWeights | undefined;
    if (wRow) {
      for (let j = 0; j < m; j++) wFloor[j] = Math.max(wRow[j], 1e-6);
      dw = dispWeights(wFloor, x, m, p, threshold);
    }
    const logInit = Math.log(alphaInit);
    const fit = fitDispersion(y, muRow, x, logInit, { mean: logInit, variance: 1, use: false }, lineSearch(o), ws, dw);
    let est = Math.min(Math.exp(fit.logAlpha), maxDisp);
    if (fit.lastLp < fit.initialLp + Math.abs(fit.initialLp) / 1e6) est = alphaInit;
    const conv = fit.iter < o.maxit && fit.iter !== 1;
    if (!conv && est > o.minDisp * 10) {
      est = Math.exp(fitDispersionGrid(y, muRow, x, grid, { mean: 0, variance: 1, use: false }, true, ws, dw));
    }
    dispGeneEst[g] = Math.min(Math.max(est, o.minDisp), maxDisp);
    dispGeneIter[g] = fit.iter;
    if (options.onProgress && k % 500 === 499) options.onProgress(k + 1, nonZero.length * 2);
  });
  return { ...stats, dispGeneEst, dispGeneIter, mu };
}

/**
 * R's `mad(x)`: 1.4826 x median absolute deviation from the median.
 *
 * @example
 * mad([1, 2, 3, 4, 100]); // 1.4826
 */
export function mad(values: ArrayLike<number>): number {
  const a = Float64Array.from(values);
  const c = median(a, a);
  for (let i = 0; i < a.length; i++) a[i] = Math.abs(values[i] - c);
  return 1.4826 * median(a, a);
}

/**
 * The parametric trend a0 + a1 / mean fitted as DESeq2's `parametricDispersionFit`: a
 * gamma-family GLM with identity link (as R's `glm`, IRLS from the current coefficients),
 * refitted on the genes whose ratio to the current trend lies in (1e-4, 15), re-selected
 * from all genes at every round, until the coefficients change by less than 1e-6 (in
 * summed squared log ratio). Throws when a coefficient is not positive or after 10 rounds.
 */
export function parametricDispersionFit(means: ArrayLike<number>, disps: ArrayLike<number>): { asymptDisp: number; extraPois: number } {
  let coefs = [0.1, 1];
  let iter = 0;
  for (;;) {
    const good: number[] = [];
    for (let i = 0; i < means.length; i++) {
      const r = disps[i] / (coefs[0] + coefs[1] / means[i]);
      if (r > 1e-4 && r < 15) good.push(i);
    }
    const fit = gammaIdentityGlm(
      good.map((i) => 1 / means[i]),
      good.map((i) => disps[i]),
      coefs,
    );
    const old = coefs;
    coefs = fit.coefficients;
    if (!(coefs[0] > 0 && coefs[1] > 0)) throw new Error("parametric dispersion fit failed");
    const change = Math.log(coefs[0] / old[0]) ** 2 + Math.log(coefs[1] / old[1]) ** 2;
    if (change < 1e-6 && fit.converged) break;
    iter++;
    if (iter > 10) throw new Error("dispersion fit did not converge");
  }
  return { asymptDisp: coefs[0], extraPois: coefs[1] };
}

/**
 * R's `glm(y ~ x, family = Gamma(link = "identity"), start = start)`: IRLS with working
 * weights 1/mu^2, convergence when |dev - devold| / (|dev| + 0.1) < 1e-8 (at most 25
 * iterations), step halving while fitted means are not positive.
 */
export function gammaIdentityGlm(x: number[], y: number[], start: number[]): { coefficients: number[]; converged: boolean } {
  const n = x.length;
  const devOf = (b0: number, b1: number) => {
    let dev = 0;
    for (let i = 0; i < n; i++) {
      const mu = b0 + b1 * x[i];
      dev += -2 * (Math.log(y[i] === 0 ? 1 : y[i] / mu) - (y[i] - mu) / mu);
    }
    return dev;
  };
  let b = start.slice();
  let devOld = devOf(b[0], b[1]);
  let converged = false;
  for (let it = 0; it < 25; it++) {
    // Weighted least squares of z = eta + (y - mu) (identity link) with weights 1/mu^2.
    let sw = 0, swx = 0, swxx = 0, swz = 0, swxz = 0;
    for (let i = 0; i < n; i++) {
      const mu = b[0] + b[1] * x[i];
      const w = 1 / (mu * mu);
      const z = y[i];
      sw += w;
      swx += w * x[i];
      swxx += w * x[i] * x[i];
      swz += w * z;
      swxz += w * x[i] * z;
    }
    const det = sw * swxx - swx * swx;
    let nb = [(swxx * swz - swx * swxz) / det, (sw * swxz - swx * swz) / det];
    let dev = devOf(nb[0], nb[1]);
    // Step halving while the fit leaves the valid region or the deviance is not finite.
    let halvings = 0;
    const valid = (c: number[]) => x.every((xi) => c[0] + c[1] * xi > 0);
    while ((!Number.isFinite(dev) || !valid(nb)) && halvings < 25) {
      nb = [(nb[0] + b[0]) / 2, (nb[1] + b[1]) / 2];
      dev = devOf(nb[0], nb[1]);
      halvings++;
    }
    b = nb;
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < 1e-8) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  return { coefficients: b, converged };
}

/**
 * Stage 2: the dispersion trend over the non-zero genes.
 */
export function estimateDispersionsFit(est: GeneEstimates, options: DispersionOptions = {}): DispersionTrend {
  const minDisp = options.minDisp ?? DEFAULTS.minDisp;
  const n = est.baseMean.length;
  const use: number[] = [];
  for (let g = 0; g < n; g++) if (!est.allZero[g] && est.dispGeneEst[g] > 100 * minDisp) use.push(g);
  if (use.length === 0) {
    throw new InputError(
      "all gene-wise dispersion estimates are within 2 orders of magnitude of the minimum (1e-8), so no dispersion trend can be fitted: " +
        "the data show no overdispersion (too few genes, or counts that vary no more than Poisson); DESeq2 stops here too",
      "dispersions",
    );
  }
  let fitType = options.fitType ?? "parametric";
  let coefficients: DispersionTrend["coefficients"] = null;
  let note: string | undefined;
  let meanDisp: number | undefined;
  if (fitType === "parametric") {
    try {
      coefficients = parametricDispersionFit(use.map((g) => est.baseMean[g]), use.map((g) => est.dispGeneEst[g]));
    } catch (e) {
      note =
        `the parametric trend a0 + a1/mean did not fit (${(e as Error).message}); the mean of the gene-wise estimates is used instead ` +
        `(DESeq2 would use a local regression here, which p53lab does not yet provide)`;
      fitType = "mean";
    }
  }
  if (fitType === "mean") {
    const vals: number[] = [];
    for (let g = 0; g < n; g++) if (!est.allZero[g] && est.dispGeneEst[g] > 10 * minDisp) vals.push(est.dispGeneEst[g]);
    meanDisp = trimmedMean(vals, 0.001);
  }
  const dispFit = new Float64Array(n).fill(NaN);
  for (let g = 0; g < n; g++) {
    if (est.allZero[g]) continue;
    dispFit[g] = coefficients ? coefficients.asymptDisp + coefficients.extraPois / est.baseMean[g] : meanDisp!;
  }
  const resid: number[] = [];
  for (let g = 0; g < n; g++) {
    if (!est.allZero[g] && est.dispGeneEst[g] >= minDisp * 100) resid.push(Math.log(est.dispGeneEst[g]) - Math.log(dispFit[g]));
  }
  const varLogDispEsts = mad(resid) ** 2;
  return { fitType, coefficients, mean: meanDisp, dispFit, varLogDispEsts, note };
}

/** R's `mean(x, trim = t)`. */
function trimmedMean(v: number[], trim: number): number {
  const s = v.slice().sort((a, b) => a - b);
  const lo = Math.floor(s.length * trim);
  const kept = s.slice(lo, s.length - lo);
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

/**
 * Variance of the normal prior on log dispersion, as DESeq2: var(log residuals) -
 * trigamma(df / 2), at least 0.25; with 1 to 3 residual degrees of freedom, DESeq2's
 * seeded simulation instead (the variance whose simulated residual distribution is closest
 * in KL divergence to the observed one; see `simulatedPriorVariance`).
 *
 * @example
 * dispersionPriorVariance(est, trend, 8, 3).value; // 1.6269 on the HCT116 + MCF7 data
 */
export function dispersionPriorVariance(
  est: GeneEstimates,
  trend: DispersionTrend,
  m: number,
  p: number,
): { value: number; method: MapEstimates["dispPriorVarMethod"] } {
  const df = m - p;
  if (df >= 1 && df <= 3) {
    const residuals = dispersionResiduals(est.dispGeneEst, trend.dispFit);
    return { value: simulatedPriorVariance(residuals, df), method: "simulation" };
  }
  const v = Math.max(trend.varLogDispEsts - trigamma(df / 2), 0.25);
  return { value: Number.isFinite(v) ? v : 0.25, method: "formula" };
}

/**
 * Stage 3: MAP dispersions with a normal prior on log dispersion centred on the trend.
 * The prior variance is var(log residuals) - trigamma(df/2), at least 0.25.
 */
export function estimateDispersionsMAP(
  d: DispersionInput,
  est: GeneEstimates,
  trend: DispersionTrend,
  options: DispersionOptions & { dispPriorVar?: number } = {},
): MapEstimates {
  const o = { ...DEFAULTS, ...options };
  const { nGenes: n, nSamples: m, counts, design } = d;
  const p = design.cols;
  const x = design.data;
  const maxDisp = Math.max(10, m);
  const prior =
    options.dispPriorVar === undefined ? dispersionPriorVariance(est, trend, m, p) : { value: options.dispPriorVar, method: "given" as const };
  const dispPriorVar = prior.value;
  const dispPriorVarMethod = prior.method;
  const dispMAP = new Float64Array(n).fill(NaN);
  const dispIter = new Float64Array(n).fill(NaN);
  const dispOutlier = new Uint8Array(n);
  const dispersion = new Float64Array(n).fill(NaN);
  const ws = new NbWorkspace(m, p);
  const y = new Float64Array(m);
  const grid = dispersionGrid(maxDisp);
  const sdLimit = o.outlierSD * Math.sqrt(trend.varLogDispEsts);
  let done = 0;
  for (let g = 0; g < n; g++) {
    if (est.allZero[g]) continue;
    for (let j = 0; j < m; j++) y[j] = counts[g * m + j];
    const mu = est.mu.subarray(g * m, (g + 1) * m);
    const fitG = trend.dispFit[g];
    const init = est.dispGeneEst[g] > 0.1 * fitG ? est.dispGeneEst[g] : fitG;
    const prior = { mean: Math.log(fitG), variance: dispPriorVar, use: true };
    const wRow = weightsRow(d, g);
    const dw = wRow ? dispWeights(wRow, x, m, p, d.weightThreshold ?? 0.01) : undefined;
    const fit = fitDispersion(y, mu, x, Math.log(init), prior, lineSearch(o), ws, dw);
    let a = Math.exp(fit.logAlpha);
    if (!(fit.iter < o.maxit)) a = Math.exp(fitDispersionGrid(y, mu, x, grid, prior, true, ws, dw));
    a = Math.min(Math.max(a, o.minDisp), maxDisp);
    dispMAP[g] = a;
    dispIter[g] = fit.iter;
    const outlier = Math.log(est.dispGeneEst[g]) > Math.log(fitG) + sdLimit;
    dispOutlier[g] = outlier ? 1 : 0;
    dispersion[g] = outlier ? est.dispGeneEst[g] : a;
    if (options.onProgress && ++done % 500 === 0) options.onProgress(done, n);
  }
  return { dispPriorVar, dispPriorVarMethod, dispMAP, dispIter, dispOutlier, dispersion };
}
