/**
 * Fitting the NB GLM for every gene with fixed dispersions (DESeq2 `fitNbinomGLMs`
 * without a coefficient prior): starting values from least squares on
 * log(normalised counts + 0.1), a ridge of 1e-6 on the log2 scale, IRLS; coefficients
 * and standard errors reported on the log2 scale.
 */
import type { DispersionInput } from "./dispersions";
import { startingBetas, factorsRow } from "./dispersions";
import { fitBetaInto, fitBetaOptim, nbLogPmf, negLogPosterior, NbWorkspace, type BetaFit } from "./nbinom";
import { lbfgsb } from "../stats/lbfgsb";
import { cholesky, choleskyInverse, solve } from "../stats/linalg";

/** One gene's fit on the natural-log scale, after DESeq2's fallback to direct optimisation. */
export interface GeneFit extends BetaFit {
  converged: boolean;
  /** True when IRLS failed and the penalised likelihood was optimised directly. */
  optimised: boolean;
}

/**
 * Fit one gene as DESeq2's `fitNbinomGLMs` does: IRLS from `start` (natural log), and for a
 * gene where IRLS does not converge, gives non-finite coefficients or a non-positive
 * variance, direct optimisation on the log2 scale within [-30, 30], started (as DESeq2) from
 * the IRLS coefficients when finite and below 30 in absolute value, else from `start`
 * taken as log2 values; by default with a port of R's L-BFGS-B (`optim`), so that the
 * same approximate optimum is reached (`optimizer: "newton"` solves it exactly instead).
 * Hat values stay those of the IRLS fit, as in DESeq2. Observation `weights` (one per
 * sample) weight the likelihood, the working weights and the covariance, as DESeq2's
 * `useWeights`. With a workspace `ws`, the returned arrays of a gene fitted by IRLS are the
 * workspace's own (valid until its next use; copy them to keep them).
 */
export function fitGene(
  y: ArrayLike<number>,
  nf: ArrayLike<number>,
  x: Float64Array,
  m: number,
  p: number,
  alpha: number,
  start: ArrayLike<number>,
  lambda: ArrayLike<number>,
  opts: { tol: number; maxit: number; minmu: number; optimizer?: "lbfgsb" | "newton"; useOptim?: boolean },
  weights?: ArrayLike<number>,
  ws?: NbWorkspace,
): GeneFit {
  const work = ws && ws.m === m && ws.p === p ? ws : new NbWorkspace(m, p);
  const { iter, deviance } = fitBetaInto(y, nf, x, alpha, start, lambda, opts, weights, work);
  const fit: BetaFit = { beta: work.beta, betaVar: work.betaVar, sigma: work.sigma, iter, deviance, hat: work.hat, mu: work.mu };
  let stable = true;
  let varPositive = true;
  for (let k = 0; k < p; k++) {
    if (!Number.isFinite(fit.beta[k])) stable = false;
    if (!(fit.betaVar[k] > 0)) varPositive = false;
  }
  const conv = fit.iter < opts.maxit;
  // Without useOptim (as DESeq2), only unstable fits or non-positive variances are optimised.
  if (stable && varPositive && (conv || opts.useOptim === false)) return { ...fit, converged: conv, optimised: false };
  const irls2 = Array.from(fit.beta, (b) => b * Math.LOG2E);
  const startRow = stable && irls2.every((b) => Math.abs(b) < 30) ? irls2 : Array.from(start);
  const lambda2 = Array.from(lambda, (l) => l * Math.LN2 * Math.LN2);
  let beta2: Float64Array;
  let converged: boolean;
  if (opts.optimizer === "newton") {
    const o = fitBetaOptim(y, nf, x, m, p, alpha, startRow, lambda2, weights);
    beta2 = o.beta2;
    converged = o.converged;
  } else {
    const o = lbfgsb((b) => negLogPosterior(b, y, nf, x, m, p, 1 / alpha, lambda2, weights), startRow, { lower: -30, upper: 30 });
    beta2 = o.par;
    converged = o.convergence === 0 ? true : conv;
  }
  const beta = Float64Array.from(beta2, (b) => b * Math.LN2);
  const mu = new Float64Array(m);
  const w = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let eta = 0;
    for (let k = 0; k < p; k++) eta += x[i * p + k] * beta[k];
    mu[i] = nf[i] * Math.exp(eta);
    const muF = Math.max(mu[i], opts.minmu);
    w[i] = weights ? weights[i] * (1 / (1 / muF + alpha)) : 1 / (1 / muF + alpha);
  }
  const xtwx = new Float64Array(p * p);
  for (let i = 0; i < m; i++) for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) xtwx[a * p + c] += x[i * p + a] * w[i] * x[i * p + c];
  const ridged = Float64Array.from(xtwx);
  for (let k = 0; k < p; k++) ridged[k * p + k] += lambda[k];
  const l = cholesky(ridged, p);
  let inv: Float64Array;
  if (l) inv = choleskyInverse(l, p);
  else {
    inv = new Float64Array(p * p);
    for (let j = 0; j < p; j++) {
      const e = new Float64Array(p);
      e[j] = 1;
      const col = solve(ridged, e, p) ?? new Float64Array(p).fill(NaN);
      for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
    }
  }
  const sigma = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) {
    let s2 = 0;
    for (let u = 0; u < p; u++) for (let v = 0; v < p; v++) s2 += inv[a * p + u] * xtwx[u * p + v] * inv[v * p + c];
    sigma[a * p + c] = s2;
  }
  const betaVar = Float64Array.from({ length: p }, (_, k) => sigma[k * p + k]);
  return { beta, betaVar, sigma, iter: fit.iter, deviance: fit.deviance, hat: fit.hat, mu, converged, optimised: true };
}

/** Per-gene GLM results (genes x coefficients, gene-major; NaN rows for skipped genes). */
export interface GlmFit {
  /** log2-scale coefficients. */
  beta: Float64Array;
  /** log2-scale standard errors. */
  se: Float64Array;
  /** log2-scale covariance matrices, p x p per gene. */
  sigma: Float64Array;
  /** Fitted means, genes x samples. */
  mu: Float64Array;
  /** Hat-matrix diagonals, genes x samples. */
  hat: Float64Array;
  betaConv: Uint8Array;
  betaIter: Float64Array;
  deviance: Float64Array;
  /** Sum over samples of the NB log-likelihood at the fit. */
  logLike: Float64Array;
  p: number;
}

/** Options for {@link fitNbinomGLMs}. */
export interface GlmOptions {
  betaTol?: number;
  maxit?: number;
  minmu?: number;
  /** Ridge penalty per coefficient on the log2 scale. Default 1e-6. */
  lambda?: number;
  /** One penalty per coefficient (log2 scale), e.g. 1 / prior variance; overrides `lambda`. */
  lambdaPerCoef?: number[];
  /** Start from log(mean normalised count) for the intercept and 0 elsewhere (DESeq2's start for rank-deficient matrices). */
  interceptStart?: boolean;
  /** Also compute each gene's log-likelihood (needed by the likelihood-ratio test). Default false. */
  logLike?: boolean;
  /** Fall back to direct optimisation where IRLS fails (DESeq2's `useOptim`). Default true. */
  useOptim?: boolean;
  /** How to optimise those genes: "lbfgsb" (R's optim, as DESeq2; default) or "newton" (to the exact optimum). */
  optimizer?: "lbfgsb" | "newton";
  onProgress?: (done: number, total: number) => void;
}

/**
 * Fit every gene whose `skip` flag is 0.
 *
 * @example
 * const fit = fitNbinomGLMs(input, dispersions, allZero);
 */
export function fitNbinomGLMs(d: DispersionInput, dispersion: Float64Array, skip: Uint8Array, options: GlmOptions = {}): GlmFit {
  const { nGenes: n, nSamples: m, counts, design } = d;
  const nf = new Float64Array(m);
  const p = design.cols;
  const wts = d.weights;
  const x = design.data;
  const maxit = options.maxit ?? 100;
  const log2e = Math.LOG2E;
  const lambda = options.lambdaPerCoef
    ? Float64Array.from(options.lambdaPerCoef, (l) => l / Math.LN2 ** 2)
    : new Float64Array(p).fill((options.lambda ?? 1e-6) / Math.LN2 ** 2);
  const genes: number[] = [];
  for (let g = 0; g < n; g++) if (!skip[g]) genes.push(g);
  const out: GlmFit = {
    beta: new Float64Array(n * p).fill(NaN),
    se: new Float64Array(n * p).fill(NaN),
    sigma: new Float64Array(n * p * p).fill(NaN),
    mu: new Float64Array(n * m).fill(NaN),
    hat: new Float64Array(n * m).fill(NaN),
    betaConv: new Uint8Array(n),
    betaIter: new Float64Array(n).fill(NaN),
    deviance: new Float64Array(n).fill(NaN),
    logLike: new Float64Array(n).fill(NaN),
    p,
  };
  const justIntercept = p === 1 && x.every((v) => v === 1) && !options.lambdaPerCoef;
  let starts: Float64Array | null = null;
  if (options.interceptStart) {
    starts = new Float64Array(genes.length * p);
    genes.forEach((g, k) => {
      let s2 = 0;
      factorsRow(d, g, nf);
      for (let j = 0; j < m; j++) s2 += counts[g * m + j] / nf[j];
      starts![k * p] = Math.log(s2 / m);
    });
  } else if (!justIntercept) {
    starts = startingBetas(d, genes);
  }
  const y = new Float64Array(m);
  const ws = new NbWorkspace(m, p);
  const start = new Float64Array(p);
  const fitOpts = { tol: options.betaTol ?? 1e-8, maxit, minmu: options.minmu ?? 0.5, useOptim: options.useOptim, optimizer: options.optimizer };
  genes.forEach((g, k) => {
    for (let j = 0; j < m; j++) y[j] = counts[g * m + j];
    factorsRow(d, g, nf);
    const alpha = dispersion[g];
    const wRow = wts ? wts.subarray(g * m, (g + 1) * m) : undefined;
    if (justIntercept) {
      // Closed form: the (weighted) mean of normalised counts.
      const b = interceptOnly(y, nf, wRow);
      let xtwx = 0;
      let ll = 0;
      for (let j = 0; j < m; j++) {
        const mu = nf[j] * Math.exp(b);
        out.mu[g * m + j] = mu;
        const w = wRow ? wRow[j] * (1 / (1 / mu + alpha)) : 1 / (1 / mu + alpha);
        xtwx += w;
        ll += wRow ? wRow[j] * nbLogPmf(y[j], 1 / alpha, mu) : nbLogPmf(y[j], 1 / alpha, mu);
      }
      for (let j = 0; j < m; j++) out.hat[g * m + j] = (wRow ? wRow[j] * (1 / (1 / out.mu[g * m + j] + alpha)) : 1 / (1 / out.mu[g * m + j] + alpha)) / xtwx;
      out.beta[g] = b * log2e;
      out.se[g] = log2e * Math.sqrt(1 / xtwx);
      out.sigma[g] = (log2e * log2e) / xtwx;
      out.betaConv[g] = 1;
      out.betaIter[g] = 1;
      out.logLike[g] = ll;
      out.deviance[g] = -2 * ll;
      return;
    }
    for (let c = 0; c < p; c++) start[c] = starts![k * p + c];
    const fit = fitGene(y, nf, x, m, p, alpha, start, lambda, fitOpts, wRow, ws);
    for (let c = 0; c < p; c++) {
      out.beta[g * p + c] = log2e * fit.beta[c];
      out.se[g * p + c] = log2e * Math.sqrt(Math.max(fit.betaVar[c], 0));
    }
    for (let c = 0; c < p * p; c++) out.sigma[g * p * p + c] = log2e * log2e * fit.sigma[c];
    // As DESeq2: the log-likelihood of directly optimised genes uses means floored at minmu.
    const floor = fit.optimised ? options.minmu ?? 0.5 : 0;
    let ll = 0;
    for (let j = 0; j < m; j++) {
      out.mu[g * m + j] = fit.mu[j];
      out.hat[g * m + j] = fit.hat[j];
      if (options.logLike) ll += wRow ? wRow[j] * nbLogPmf(y[j], 1 / alpha, Math.max(fit.mu[j], floor)) : nbLogPmf(y[j], 1 / alpha, Math.max(fit.mu[j], floor));
    }
    out.logLike[g] = options.logLike ? ll : NaN;
    out.deviance[g] = fit.deviance;
    out.betaIter[g] = fit.iter;
    out.betaConv[g] = fit.converged ? 1 : 0;
    if (options.onProgress && k % 1000 === 999) options.onProgress(k + 1, genes.length);
  });
  return out;
}

/**
 * log of the intercept-only fit in closed form (DESeq2's `justIntercept`): the mean of the
 * normalised counts, or with observation weights their weighted mean.
 *
 * @example
 * interceptOnly([10, 20], [1, 2]); // log(10)
 */
export function interceptOnly(y: ArrayLike<number>, nf: ArrayLike<number>, weights?: ArrayLike<number>): number {
  const m = y.length;
  let s = 0;
  if (!weights) {
    for (let j = 0; j < m; j++) s += y[j] / nf[j];
    return Math.log(s / m);
  }
  let sw = 0;
  for (let j = 0; j < m; j++) {
    s += weights[j] * (y[j] / nf[j]);
    sw += weights[j];
  }
  return Math.log(s / sw);
}
