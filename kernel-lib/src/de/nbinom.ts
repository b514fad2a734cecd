/**
 * The per-gene negative-binomial numerics of DESeq2 (Love, Huber & Anders 2014):
 * the Cox-Reid adjusted log posterior of log(dispersion) and its derivative, the
 * Armijo line search and grid search that maximise it, the ridge-stabilised IRLS
 * fit of the coefficients, and the NB log-likelihood. Pure functions on typed arrays;
 * the design matrix `x` is samples x coefficients, row-major.
 */
import { digamma } from "../stats/special";
import { rLgamma, rDnbinomMuLog } from "../stats/rmath";
import { cholesky, choleskyInto, choleskySolve, choleskyInverse, solve } from "../stats/linalg";

/** Prior on log(dispersion) (normal); `use: false` gives the plain (Cox-Reid adjusted) likelihood. */
export interface LogAlphaPrior {
  mean: number;
  variance: number;
  use: boolean;
}

/** X' diag(w) X for a row-major m x p design. */
function crossprodWeighted(x: Float64Array, m: number, p: number, w: Float64Array, out: Float64Array): Float64Array {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const wi = w[i];
    const o = i * p;
    for (let a = 0; a < p; a++) {
      const xa = x[o + a] * wi;
      for (let b = 0; b <= a; b++) out[a * p + b] += xa * x[o + b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) out[b * p + a] = out[a * p + b];
  return out;
}

function logDet(b: Float64Array, p: number, buf?: Float64Array): number {
  const l = buf && choleskyInto(b, p, buf) ? buf : buf ? null : cholesky(b, p);
  if (l) {
    let s = 0;
    for (let i = 0; i < p; i++) s += Math.log(l[i * p + i]);
    return 2 * s;
  }
  // Not positive definite (degenerate weights): determinant by elimination.
  const a = Float64Array.from(b);
  let det = 1;
  for (let k = 0; k < p; k++) {
    let piv = k;
    for (let i = k + 1; i < p; i++) if (Math.abs(a[i * p + k]) > Math.abs(a[piv * p + k])) piv = i;
    if (a[piv * p + k] === 0) return -Infinity;
    if (piv !== k) {
      for (let j = 0; j < p; j++) [a[k * p + j], a[piv * p + j]] = [a[piv * p + j], a[k * p + j]];
      det = -det;
    }
    det *= a[k * p + k];
    for (let i = k + 1; i < p; i++) {
      const f = a[i * p + k] / a[k * p + k];
      for (let j = k; j < p; j++) a[i * p + j] -= f * a[k * p + j];
    }
  }
  return Math.log(det);
}

/** Reusable buffers for one worker's per-gene computations. */
export class NbWorkspace {
  readonly w: Float64Array;
  readonly dw: Float64Array;
  readonly b: Float64Array;
  readonly db: Float64Array;
  readonly l: Float64Array;
  readonly col: Float64Array;
  constructor(
    readonly m: number,
    readonly p: number,
  ) {
    this.w = new Float64Array(m);
    this.dw = new Float64Array(m);
    this.b = new Float64Array(p * p);
    this.db = new Float64Array(p * p);
    this.l = new Float64Array(p * p);
    this.col = new Float64Array(p);
  }
}

/**
 * Observation weights of one gene for the dispersion fit (DESeq2's `useWeights`): each
 * sample's log-likelihood term is multiplied by its weight, and the Cox-Reid term uses the
 * design restricted to the samples whose weight is above the threshold (and to the columns
 * not all zero on them), with unweighted NB working weights.
 */
export interface DispWeights {
  /** Weights of the gene's samples (length m). */
  w: ArrayLike<number>;
  /** Samples kept for the Cox-Reid term. */
  rows: Int32Array;
  /** The design on those samples and the columns not all zero there (rows.length x ws.p). */
  xs: Float64Array;
  /** Workspace sized for `xs`. */
  ws: NbWorkspace;
  /** Buffer for the means of the kept samples. */
  mu: Float64Array;
}

/**
 * The {@link DispWeights} of one gene: weights `w` (length m) for the m x p design `x`,
 * samples with weight above `threshold` kept for the Cox-Reid term.
 *
 * @example
 * const dw = dispWeights([1, 0.5, 0, 1], x, 4, 2, 0.01); // dw.rows = [0, 1, 3]
 */
export function dispWeights(w: ArrayLike<number>, x: Float64Array, m: number, p: number, threshold: number): DispWeights {
  const rows: number[] = [];
  for (let i = 0; i < m; i++) if (w[i] > threshold) rows.push(i);
  const cols: number[] = [];
  for (let c = 0; c < p; c++) if (rows.some((i) => x[i * p + c] !== 0)) cols.push(c);
  const q = cols.length;
  const xs = new Float64Array(rows.length * q);
  rows.forEach((i, r) => cols.forEach((c, k) => (xs[r * q + k] = x[i * p + c])));
  return { w, rows: Int32Array.from(rows), xs, ws: new NbWorkspace(rows.length, q), mu: new Float64Array(rows.length) };
}

/** The workspace, design and means of the Cox-Reid term (the weighted subset when weights are used). */
/** With observation weights: the means of the samples above the weight threshold, copied into `dw.mu`. */
function crMeans(mu: ArrayLike<number>, dw: DispWeights): ArrayLike<number> {
  for (let r = 0; r < dw.rows.length; r++) dw.mu[r] = mu[dw.rows[r]];
  return dw.mu;
}

/**
 * Log posterior of log(alpha) for one gene: NB log-likelihood (up to a constant in alpha),
 * minus half the log determinant of X'WX (Cox-Reid), plus the normal prior when used.
 * With observation weights `dw`, the weighted likelihood and Cox-Reid term of DESeq2.
 */
export function logPosterior(
  logAlpha: number,
  y: ArrayLike<number>,
  mu: ArrayLike<number>,
  x: Float64Array,
  prior: LogAlphaPrior,
  useCR: boolean,
  ws: NbWorkspace,
  dw?: DispWeights,
): number {
  const { m } = ws;
  const alpha = Math.exp(logAlpha);
  const inv = 1 / alpha;
  // R's lgamma and DESeq2's term order: the likelihood is flat near the minimum dispersion,
  // where rounding decides the arg-max.
  let ll = 0;
  const lgInv = rLgamma(inv);
  for (let i = 0; i < m; i++) {
    // For a zero count the first three terms are exactly 0 (as R computes them).
    const t = y[i] === 0 ? 0 - inv * Math.log(1 + mu[i] * alpha) : rLgamma(y[i] + inv) - lgInv - y[i] * Math.log(mu[i] + inv) - inv * Math.log(1 + mu[i] * alpha);
    ll += dw ? dw.w[i] * t : t;
  }
  let cr = 0;
  if (useCR) {
    // The Cox-Reid term: all samples, or with weights those above the threshold (no tuple: hot path).
    const cx = dw ? dw.xs : x;
    const cmu = dw ? crMeans(mu, dw) : mu;
    const cws = dw ? dw.ws : ws;
    for (let i = 0; i < cws.m; i++) cws.w[i] = 1 / (1 / cmu[i] + alpha);
    cr = -0.5 * logDet(crossprodWeighted(cx, cws.m, cws.p, cws.w, cws.b), cws.p, cws.l);
  }
  const pr = prior.use ? (-0.5 * (logAlpha - prior.mean) ** 2) / prior.variance : 0;
  return ll + pr + cr;
}

/** Derivative of {@link logPosterior} with respect to log(alpha). */
export function dLogPosterior(
  logAlpha: number,
  y: ArrayLike<number>,
  mu: ArrayLike<number>,
  x: Float64Array,
  prior: LogAlphaPrior,
  useCR: boolean,
  ws: NbWorkspace,
  dw?: DispWeights,
): number {
  const { m } = ws;
  const alpha = Math.exp(logAlpha);
  const inv = 1 / alpha;
  const dgInv = digamma(inv);
  let s = 0;
  for (let i = 0; i < m; i++) {
    const ma = mu[i] * alpha;
    const dg = y[i] === 0 ? dgInv : digamma(y[i] + inv);
    const t = dgInv + Math.log(1 + ma) - ma / (1 + ma) - dg + y[i] / (mu[i] + inv);
    s += dw ? dw.w[i] * t : t;
  }
  const ll = inv * inv * s;
  let cr = 0;
  if (useCR) {
    // The Cox-Reid term: all samples, or with weights those above the threshold (no tuple: hot path).
    const cx = dw ? dw.xs : x;
    const cmu = dw ? crMeans(mu, dw) : mu;
    const cws = dw ? dw.ws : ws;
    const cm = cws.m;
    const p = cws.p;
    for (let i = 0; i < cm; i++) {
      const wi = 1 / (1 / cmu[i] + alpha);
      cws.w[i] = wi;
      cws.dw[i] = -wi * wi;
    }
    const b = crossprodWeighted(cx, cm, p, cws.w, cws.b);
    const db = crossprodWeighted(cx, cm, p, cws.dw, cws.db);
    // d log det(B) = trace(B^-1 dB), column by column through the Cholesky factor.
    let tr = 0;
    if (choleskyInto(b, p, cws.l)) {
      const l = cws.l;
      const v = cws.col;
      for (let c = 0; c < p; c++) {
        for (let i = 0; i < p; i++) {
          let t = db[i * p + c];
          for (let k = 0; k < i; k++) t -= l[i * p + k] * v[k];
          v[i] = t / l[i * p + i];
        }
        for (let i = p - 1; i >= 0; i--) {
          let t = v[i];
          for (let k = i + 1; k < p; k++) t -= l[k * p + i] * v[k];
          v[i] = t / l[i * p + i];
        }
        tr += v[c];
      }
    } else {
      for (let c = 0; c < p; c++) {
        const col = solve(b, Array.from({ length: p }, (_, r) => db[r * p + c]), p);
        if (col) tr += col[c];
      }
    }
    cr = -0.5 * tr;
  }
  const pr = prior.use ? -(logAlpha - prior.mean) / prior.variance : 0;
  return (ll + cr) * alpha + pr;
}

/** Result of {@link fitDispersion}. */
export interface DispFit {
  logAlpha: number;
  iter: number;
  initialLp: number;
  lastLp: number;
}

/**
 * Maximise the log posterior of log(alpha) by DESeq2's line search: gradient steps with
 * the Armijo rule (epsilon 1e-4), step kappa grown by 1.1 after an accepted step (capped
 * at kappa0) and halved every fifth accepted step or on rejection; log(alpha) kept in
 * [-30, 10]; stops when the gain is below `tol` or log(alpha) falls below `minLogAlpha`.
 */
export function fitDispersion(
  y: ArrayLike<number>,
  mu: ArrayLike<number>,
  x: Float64Array,
  start: number,
  prior: LogAlphaPrior,
  opts: { minLogAlpha: number; kappa0: number; tol: number; maxit: number; useCR: boolean },
  ws: NbWorkspace,
  dw?: DispWeights,
): DispFit {
  const epsilon = 1e-4;
  let a = start;
  let lp = logPosterior(a, y, mu, x, prior, opts.useCR, ws, dw);
  let dlp = dLogPosterior(a, y, mu, x, prior, opts.useCR, ws, dw);
  let kappa = opts.kappa0;
  const initialLp = lp;
  let iter = 0;
  let accepted = 0;
  for (let t = 0; t < opts.maxit; t++) {
    iter++;
    const propose = a + kappa * dlp;
    if (propose < -30) kappa = (-30 - a) / dlp;
    if (propose > 10) kappa = (10 - a) / dlp;
    const aNew = a + kappa * dlp;
    const thetaKappa = -logPosterior(aNew, y, mu, x, prior, opts.useCR, ws, dw);
    const thetaHatKappa = -lp - kappa * epsilon * dlp * dlp;
    if (thetaKappa <= thetaHatKappa) {
      accepted++;
      a = aNew;
      // The log posterior at the accepted point was just computed (DESeq2 computes it again).
      const lpnew = -thetaKappa;
      const change = lpnew - lp;
      if (change < opts.tol) {
        lp = lpnew;
        break;
      }
      if (a < opts.minLogAlpha) break;
      lp = lpnew;
      dlp = dLogPosterior(a, y, mu, x, prior, opts.useCR, ws, dw);
      kappa = Math.min(kappa * 1.1, opts.kappa0);
      if (accepted % 5 === 0) kappa = kappa / 2;
    } else {
      kappa = kappa / 2;
    }
  }
  return { logAlpha: a, iter, initialLp, lastLp: lp };
}

/**
 * Grid search of the log posterior over `grid` (equally spaced log(alpha) values), then over
 * a fine grid of the same size spanning one coarse step either side of the best point.
 */
export function fitDispersionGrid(
  y: ArrayLike<number>,
  mu: ArrayLike<number>,
  x: Float64Array,
  grid: Float64Array,
  prior: LogAlphaPrior,
  useCR: boolean,
  ws: NbWorkspace,
  dw?: DispWeights,
): number {
  const n = grid.length;
  const delta = grid[1] - grid[0];
  let best = 0;
  let bestLp = -Infinity;
  for (let t = 0; t < n; t++) {
    const lp = logPosterior(grid[t], y, mu, x, prior, useCR, ws, dw);
    if (lp > bestLp) {
      bestLp = lp;
      best = t;
    }
  }
  const center = grid[best];
  const lo = center - delta;
  const step = (2 * delta) / (n - 1);
  let bestFine = lo;
  bestLp = -Infinity;
  for (let t = 0; t < n; t++) {
    const a = t === n - 1 ? center + delta : lo + t * step;
    const lp = logPosterior(a, y, mu, x, prior, useCR, ws, dw);
    if (lp > bestLp) {
      bestLp = lp;
      bestFine = a;
    }
  }
  return bestFine;
}

/**
 * log of the NB probability mass with mean `mu` and size `size` (= 1/alpha), as R's
 * `dnbinom(x, size, mu = mu, log = TRUE)` (see stats/rmath `rDnbinomMuLog`).
 *
 * @example
 * nbLogPmf(0, 10, 5); // 10 * log(10 / 15) = -4.054651081081644
 */
export function nbLogPmf(x: number, size: number, mu: number): number {
  return rDnbinomMuLog(x, size, mu);
}

/**
 * The part of {@link nbLogPmf} that does not depend on the mean:
 * lgamma(x + size) - lgamma(size) - lgamma(x + 1). (It cancels badly for huge sizes; it is
 * only used in the denominator of the IRLS stopping rule, where that does not matter.)
 */
export function nbLogConstant(x: number, size: number): number {
  if (!Number.isFinite(size)) return -rLgamma(x + 1);
  return x === 0 ? 0 : rLgamma(x + size) - rLgamma(size) - rLgamma(x + 1);
}

/** The part of {@link nbLogPmf} that depends on the mean: nbLogPmf = nbLogConstant + nbLogKernel. */
export function nbLogKernel(x: number, size: number, mu: number): number {
  if (mu === 0) return x === 0 ? 0 : -Infinity;
  if (!Number.isFinite(size)) return x * Math.log(mu) - mu;
  const logP = size < mu ? Math.log(size / (size + mu)) : Math.log1p(-mu / (size + mu));
  return x === 0 ? size * logP : size * logP + x * Math.log(mu / (size + mu));
}

/** Result of {@link fitBeta} for one gene (coefficients on the natural-log scale). */
export interface BetaFit {
  beta: Float64Array;
  /** Diagonal of the sandwich covariance (X'WX + R)^-1 X'WX (X'WX + R)^-1. */
  betaVar: Float64Array;
  /** Full covariance matrix (p x p). */
  sigma: Float64Array;
  iter: number;
  deviance: number;
  /** Diagonal of the hat matrix W^1/2 X (X'WX + R)^-1 X' W^1/2. */
  hat: Float64Array;
  /** Fitted means (size factor times exp(X beta)), not floored. */
  mu: Float64Array;
}

/**
 * IRLS fit of the NB GLM log(mu_j) = log(s_j) + x_j' beta for one gene with fixed
 * dispersion, with ridge penalty `lambda` (natural-log scale), DESeq2's stopping rule
 * (relative change of deviance below `tol`), fitted means floored at `minmu` during the
 * iterations, and divergence (|beta| > 30) reported as iter = maxit. With observation
 * `weights` (DESeq2's `useWeights`), the working weights and the deviance are weighted.
 */
export function fitBeta(
  y: ArrayLike<number>,
  nf: ArrayLike<number>,
  x: Float64Array,
  m: number,
  p: number,
  alpha: number,
  betaStart: ArrayLike<number>,
  lambda: ArrayLike<number>,
  opts: { tol: number; maxit: number; minmu: number },
  weights?: ArrayLike<number>,
): BetaFit {
  const beta = Float64Array.from(betaStart);
  const muHat = new Float64Array(m);
  const w = new Float64Array(m);
  const z = new Float64Array(m);
  const xtwx = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  const large = 30;
  const size = 1 / alpha;
  const setMu = () => {
    for (let i = 0; i < m; i++) {
      let eta = 0;
      for (let k = 0; k < p; k++) eta += x[i * p + k] * beta[k];
      muHat[i] = Math.max(nf[i] * Math.exp(eta), opts.minmu);
    }
  };
  setMu();
  // The deviance's terms that do not depend on mu, summed once per gene.
  let constant = 0;
  for (let i = 0; i < m; i++) constant += weights ? weights[i] * nbLogConstant(y[i], size) : nbLogConstant(y[i], size);
  let dev = 0;
  let devOld = 0;
  let iter = 0;
  for (let t = 0; t < opts.maxit; t++) {
    iter++;
    for (let i = 0; i < m; i++) {
      w[i] = weights ? weights[i] * (muHat[i] / (1 + alpha * muHat[i])) : muHat[i] / (1 + alpha * muHat[i]);
      z[i] = Math.log(muHat[i] / nf[i]) + (y[i] - muHat[i]) / muHat[i];
    }
    crossprodWeighted(x, m, p, w, xtwx);
    for (let k = 0; k < p; k++) xtwx[k * p + k] += lambda[k];
    rhs.fill(0);
    for (let i = 0; i < m; i++) for (let k = 0; k < p; k++) rhs[k] += x[i * p + k] * w[i] * z[i];
    const l = cholesky(xtwx, p);
    const next = l ? choleskySolve(l, rhs, p) : solve(xtwx, rhs, p);
    if (!next) {
      iter = opts.maxit;
      break;
    }
    beta.set(next);
    if (beta.some((b) => Math.abs(b) > large)) {
      iter = opts.maxit;
      break;
    }
    setMu();
    let kernel = 0;
    for (let i = 0; i < m; i++) kernel += weights ? weights[i] * nbLogKernel(y[i], size, muHat[i]) : nbLogKernel(y[i], size, muHat[i]);
    dev = -2 * (constant + kernel);
    const conv = Math.abs(dev - devOld) / (Math.abs(dev) + 0.1);
    if (Number.isNaN(conv)) {
      iter = opts.maxit;
      break;
    }
    if (t > 0 && conv < opts.tol) break;
    devOld = dev;
  }
  // Covariance and hat values at the final fit (floored means, as in DESeq2).
  for (let i = 0; i < m; i++) w[i] = weights ? weights[i] * (muHat[i] / (1 + alpha * muHat[i])) : muHat[i] / (1 + alpha * muHat[i]);
  const xtwxPlain = crossprodWeighted(x, m, p, w, new Float64Array(p * p));
  const ridged = Float64Array.from(xtwxPlain);
  for (let k = 0; k < p; k++) ridged[k * p + k] += lambda[k];
  const lr = cholesky(ridged, p);
  const inv = lr ? choleskyInverse(lr, p) : invertGeneral(ridged, p);
  const sigma = mul(mul(inv, xtwxPlain, p), inv, p);
  const betaVar = new Float64Array(p);
  for (let k = 0; k < p; k++) betaVar[k] = sigma[k * p + k];
  const hat = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += x[i * p + a] * inv[a * p + b] * x[i * p + b];
    hat[i] = w[i] * s;
  }
  const mu = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let eta = 0;
    for (let k = 0; k < p; k++) eta += x[i * p + k] * beta[k];
    mu[i] = nf[i] * Math.exp(eta);
  }
  return { beta, betaVar, sigma, iter, deviance: dev, hat, mu };
}

function mul(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let k = 0; k < p; k++) {
    const aik = a[i * p + k];
    if (aik === 0) continue;
    for (let j = 0; j < p; j++) out[i * p + j] += aik * b[k * p + j];
  }
  return out;
}

function invertGeneral(a: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p).fill(NaN);
  for (let j = 0; j < p; j++) {
    const e = new Float64Array(p);
    e[j] = 1;
    const col = solve(a, e, p);
    if (col) for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
  }
  return inv;
}

/** Neumaier-compensated sum (close to R's long-double accumulation in sum()). */
function accurateSum(terms: number[]): number {
  let s = 0;
  let c = 0;
  for (const t of terms) {
    const u = s + t;
    c += Math.abs(s) >= Math.abs(t) ? s - u + t : t - u + s;
    s = u;
  }
  return s + c;
}

/**
 * DESeq2's objective for direct optimisation (log2-scale coefficients): minus the NB
 * log-likelihood (weighted by `weights` when given) minus the normal log-prior with
 * variance 1/lambda; 1e300 where not finite.
 */
export function negLogPosterior(
  b: ArrayLike<number>,
  y: ArrayLike<number>,
  nf: ArrayLike<number>,
  x: Float64Array,
  m: number,
  p: number,
  size: number,
  lambda2: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  const ll: number[] = new Array(m);
  for (let i = 0; i < m; i++) {
    let eta = 0;
    for (let k = 0; k < p; k++) eta += x[i * p + k] * b[k];
    ll[i] = weights ? weights[i] * nbLogPmf(y[i], size, nf[i] * Math.pow(2, eta)) : nbLogPmf(y[i], size, nf[i] * Math.pow(2, eta));
  }
  const pr: number[] = new Array(p);
  for (let k = 0; k < p; k++) {
    const sd = Math.sqrt(1 / lambda2[k]);
    const z = b[k] / sd;
    pr[k] = -(0.918938533204672741780329736406 + 0.5 * z * z + Math.log(sd));
  }
  const v = -1 * (accurateSum(ll) + accurateSum(pr));
  return Number.isFinite(v) ? v : 1e300;
}

/** Result of {@link fitBetaOptim} (log2-scale coefficients). */
export interface BetaOptimFit {
  beta2: Float64Array;
  converged: boolean;
  iter: number;
}

/**
 * Maximise the ridge-penalised NB log-likelihood over log2-scale coefficients within
 * [-30, 30] (the problem DESeq2 hands to R's L-BFGS-B for genes where IRLS fails), by
 * projected Newton steps with the observed information and backtracking. The problem is
 * concave, so the optimum does not depend on the start; p53lab solves it to full precision.
 */
export function fitBetaOptim(
  y: ArrayLike<number>,
  nf: ArrayLike<number>,
  x: Float64Array,
  m: number,
  p: number,
  alpha: number,
  start: ArrayLike<number>,
  lambda2: ArrayLike<number>,
  weights?: ArrayLike<number>,
): BetaOptimFit {
  const large = 30;
  const size = 1 / alpha;
  const b = Float64Array.from(start, (v) => Math.min(large, Math.max(-large, v)));
  const lambda2Arr = Array.from(lambda2);
  const objective = (beta: Float64Array): number => negLogPosterior(beta, y, nf, x, m, p, size, lambda2Arr, weights);
  let f = objective(b);
  const grad = new Float64Array(p);
  const hess = new Float64Array(p * p);
  let converged = false;
  let iter = 0;
  for (; iter < 200; iter++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < m; i++) {
      let eta = 0;
      for (let k = 0; k < p; k++) eta += x[i * p + k] * b[k];
      const mu = nf[i] * Math.pow(2, eta);
      // d(-ll)/d eta2 and second derivative, eta2 = log2 scale (chain factor ln 2).
      const wi = weights ? weights[i] : 1;
      const g1 = wi * ((-size * (y[i] - mu)) / (mu + size)) * Math.LN2;
      const h1 = wi * (((y[i] + size) * mu * size) / ((mu + size) * (mu + size))) * Math.LN2 * Math.LN2;
      for (let a = 0; a < p; a++) {
        grad[a] += g1 * x[i * p + a];
        for (let c = 0; c < p; c++) hess[a * p + c] += h1 * x[i * p + a] * x[i * p + c];
      }
    }
    for (let k = 0; k < p; k++) {
      grad[k] += lambda2[k] * b[k];
      hess[k * p + k] += lambda2[k];
    }
    // Coordinates at a bound with the gradient pushing outwards are held fixed.
    const free = Array.from({ length: p }, (_, k) => !((b[k] >= large && grad[k] < 0) || (b[k] <= -large && grad[k] > 0)));
    const idx = free.map((v, k) => (v ? k : -1)).filter((k) => k >= 0);
    if (idx.length === 0) {
      converged = true;
      break;
    }
    const q = idx.length;
    const hq = new Float64Array(q * q);
    const gq = new Float64Array(q);
    idx.forEach((a, i) => {
      gq[i] = grad[a];
      idx.forEach((c, j) => (hq[i * q + j] = hess[a * p + c]));
    });
    const l = cholesky(hq, q);
    const stepQ = l ? choleskySolve(l, gq, q) : solve(hq, gq, q);
    if (!stepQ) break;
    let t = 1;
    let improved = false;
    const trial = new Float64Array(p);
    for (let h = 0; h < 60; h++) {
      trial.set(b);
      idx.forEach((a, i) => (trial[a] = Math.min(large, Math.max(-large, b[a] - t * stepQ[i]))));
      const ft = objective(trial);
      if (ft <= f) {
        improved = ft < f;
        const change = f - ft;
        b.set(trial);
        f = ft;
        if (change <= 1e-15 * Math.max(1, Math.abs(f))) converged = true;
        break;
      }
      t /= 2;
    }
    if (!improved) {
      converged = true;
      break;
    }
    if (converged) break;
  }
  return { beta2: b, converged, iter };
}
