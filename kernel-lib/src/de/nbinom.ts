/**
 * The per-gene negative-binomial numerics of DESeq2 (Love, Huber & Anders 2014):
 * the Cox-Reid adjusted log posterior of log(dispersion) and its derivative, the
 * Armijo line search and grid search that maximise it, the ridge-stabilised IRLS
 * fit of the coefficients, and the NB log-likelihood. Pure functions on typed arrays;
 * the design matrix `x` is samples x coefficients, row-major.
 */
import { digamma, digammaFromLog } from "../stats/special";
import { rLgamma, rLgammaFromLog, R_LGAMMA_STIRLING_MAX, rDnbinomMuLog, logFactorial } from "../stats/rmath";
import { cholesky, choleskyInto, choleskySolve, choleskySolveInto, solve } from "../stats/linalg";

/** Prior on log(dispersion) (normal); `use: false` gives the plain (Cox-Reid adjusted) likelihood. */
export interface LogAlphaPrior {
  mean: number;
  variance: number;
  use: boolean;
}

/** log det of a matrix that has no Cholesky factor (degenerate weights): by elimination with pivoting. */
function logDetByElimination(b: Float64Array, p: number): number {
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

/**
 * Reusable buffers for one worker's per-gene computations, and the design's distinct rows:
 * X'WX = sum over distinct rows r of (sum of the weights of r's samples) x_r x_r', so a
 * design with a few groups costs m additions and a few p x p updates per evaluation.
 */
export class NbWorkspace {
  readonly w: Float64Array;
  readonly dw: Float64Array;
  readonly b: Float64Array;
  readonly db: Float64Array;
  readonly l: Float64Array;
  readonly col: Float64Array;
  /** The design the row structure below was computed for. */
  /** The design the row structure was computed for (checked inline by the hot paths). */
  bound: Float64Array | null = null;
  /** Distinct row of each sample. */
  rowOf: Int32Array;
  /** Number of distinct rows. */
  nRows = 0;
  /** x_r x_r' of each distinct row (nRows x p x p). */
  outer: Float64Array = new Float64Array(0);
  /** The distinct rows themselves (nRows x p). */
  rowsX: Float64Array = new Float64Array(0);
  /** Per-row sums of the weights and of their derivatives (or of weighted working responses). */
  gw: Float64Array;
  gdw: Float64Array;
  /** Buffers of the IRLS fit ({@link fitBeta}). */
  readonly muHat: Float64Array;
  readonly wz: Float64Array;
  readonly rhs: Float64Array;
  readonly next: Float64Array;
  readonly inv: Float64Array;
  readonly tmp: Float64Array;
  readonly eta: Float64Array;
  /**
   * What {@link logPosterior} leaves for the derivative at the same point: log(1 + mu alpha)
   * and log(y + 1/alpha) per sample (NaN where not computed), and whether X'WX (in `b`) had a
   * Cholesky factor (in `l`).
   */
  readonly l1: Float64Array;
  readonly lx: Float64Array;
  cholOk = false;
  /** Results of the last {@link fitBetaInto}: coefficients, variances, covariance, hat values, means. */
  readonly beta: Float64Array;
  readonly betaVar: Float64Array;
  readonly sigma: Float64Array;
  readonly hat: Float64Array;
  readonly mu: Float64Array;
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
    this.rowOf = new Int32Array(m);
    this.gw = new Float64Array(m);
    this.gdw = new Float64Array(m);
    this.muHat = new Float64Array(m);
    this.wz = new Float64Array(m);
    this.rhs = new Float64Array(p);
    this.next = new Float64Array(p);
    this.inv = new Float64Array(p * p);
    this.tmp = new Float64Array(p * p);
    this.eta = new Float64Array(m);
    this.l1 = new Float64Array(m);
    this.lx = new Float64Array(m);
    this.beta = new Float64Array(p);
    this.betaVar = new Float64Array(p);
    this.sigma = new Float64Array(p * p);
    this.hat = new Float64Array(m);
    this.mu = new Float64Array(m);
  }

  /** Group the samples of the m x p design `x` by identical rows (once per design). */
  bind(x: Float64Array): void {
    if (this.bound === x) return;
    const { m, p } = this;
    const firsts: number[] = [];
    for (let i = 0; i < m; i++) {
      let r = 0;
      for (; r < firsts.length; r++) {
        const f = firsts[r];
        let same = true;
        for (let k = 0; k < p && same; k++) same = x[f * p + k] === x[i * p + k];
        if (same) break;
      }
      if (r === firsts.length) firsts.push(i);
      this.rowOf[i] = r;
    }
    this.nRows = firsts.length;
    this.rowsX = new Float64Array(firsts.length * p);
    firsts.forEach((f, r) => this.rowsX.set(x.subarray(f * p, (f + 1) * p), r * p));
    this.outer = new Float64Array(firsts.length * p * p);
    firsts.forEach((f, r) => {
      for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) this.outer[r * p * p + a * p + c] = x[f * p + a] * x[f * p + c];
    });
    this.bound = x;
  }
}

/** out = sum over distinct rows r of g[r] x_r x_r' (see {@link NbWorkspace}). */
function crossprodGrouped(ws: NbWorkspace, g: Float64Array, out: Float64Array): Float64Array {
  const pp = ws.p * ws.p;
  const outer = ws.outer;
  out.fill(0);
  for (let r = 0; r < ws.nRows; r++) {
    const gr = g[r];
    const o = r * pp;
    for (let k = 0; k < pp; k++) out[k] += gr * outer[o + k];
  }
  return out;
}

/** Per-row sums of the m values `v` into `g` (length nRows). */
function groupSums(ws: NbWorkspace, v: Float64Array, g: Float64Array): void {
  g.fill(0, 0, ws.nRows);
  const rowOf = ws.rowOf;
  for (let i = 0; i < ws.m; i++) g[rowOf[i]] += v[i];
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
 * Leaves in `ws` what the derivative at the same point reuses (see {@link NbWorkspace}).
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
  const { m, l1, lx } = ws;
  const alpha = Math.exp(logAlpha);
  const inv = 1 / alpha;
  // R's lgamma and DESeq2's order for the lgamma and log(1 + mu alpha) terms: the likelihood
  // is flat near the minimum dispersion, where their rounding decides the arg-max.
  // log(mu + 1/alpha) is taken as log(1 + mu alpha) - log(alpha) (one logarithm, not two).
  let ll = 0;
  const lgInv = rLgamma(inv);
  for (let i = 0; i < m; i++) {
    const yi = y[i];
    const li = Math.log(1 + mu[i] * alpha);
    l1[i] = li;
    let t: number;
    if (yi === 0) {
      // For a zero count the first three terms are exactly 0 (as R computes them).
      t = 0 - inv * li;
      lx[i] = NaN;
    } else {
      const xv = yi + inv;
      let lg: number;
      if (xv > 10 && xv <= R_LGAMMA_STIRLING_MAX) {
        const lxi = Math.log(xv);
        lx[i] = lxi;
        lg = rLgammaFromLog(xv, lxi);
      } else {
        lx[i] = NaN;
        lg = rLgamma(xv);
      }
      t = lg - lgInv - yi * (li - logAlpha) - inv * li;
    }
    ll += dw ? dw.w[i] * t : t;
  }
  let cr = 0;
  if (useCR) {
    // The Cox-Reid term: all samples, or with weights those above the threshold (no tuple: hot path).
    const cx = dw ? dw.xs : x;
    const cmu = dw ? crMeans(mu, dw) : mu;
    const cws = dw ? dw.ws : ws;
    if (cws.bound !== cx) cws.bind(cx);
    for (let i = 0; i < cws.m; i++) cws.w[i] = cmu[i] / (1 + cmu[i] * alpha);
    groupSums(cws, cws.w, cws.gw);
    const b = crossprodGrouped(cws, cws.gw, cws.b);
    cws.cholOk = choleskyInto(b, cws.p, cws.l);
    cr = -0.5 * (cws.cholOk ? logDetFromCholesky(cws.l, cws.p) : logDetByElimination(b, cws.p));
  }
  const pr = prior.use ? (-0.5 * (logAlpha - prior.mean) ** 2) / prior.variance : 0;
  return ll + pr + cr;
}

/** log det from a Cholesky factor: 2 sum log L_ii. */
function logDetFromCholesky(l: Float64Array, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) s += Math.log(l[i * p + i]);
  return 2 * s;
}

/**
 * trace(B^-1 dB) for the Cox-Reid derivative, B = cws.b and dB = cws.db, column by column
 * through the Cholesky factor in cws.l when `cholOk` (else by elimination).
 */
function crTrace(cws: NbWorkspace, cholOk: boolean): number {
  const p = cws.p;
  const b = cws.b;
  const db = cws.db;
  let tr = 0;
  if (cholOk) {
    const l = cws.l;
    const v = cws.col;
    // The two triangular solves written out here: calling choleskySolveInto from this hot
    // path makes V8 allocate on every call (measured: 4x the garbage of the whole derivative).
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
  return tr;
}

/**
 * Derivative of {@link logPosterior} with respect to log(alpha) (evaluates the log posterior
 * at the point first, for the pieces the derivative shares with it; the line search calls
 * {@link dLogPosteriorAfterLp} directly, right after evaluating it).
 */
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
  logPosterior(logAlpha, y, mu, x, prior, useCR, ws, dw);
  return dLogPosteriorAfterLp(logAlpha, y, mu, prior, useCR, ws, dw);
}

/**
 * {@link dLogPosterior} right after {@link logPosterior} at the same point (same log(alpha),
 * counts, means, design and weights): reuses the logarithms, weights and Cholesky factor that
 * call left in the workspace. Same value as dLogPosterior up to rounding.
 */
export function dLogPosteriorAfterLp(logAlpha: number, y: ArrayLike<number>, mu: ArrayLike<number>, prior: LogAlphaPrior, useCR: boolean, ws: NbWorkspace, dw?: DispWeights): number {
  const { m, l1, lx } = ws;
  const alpha = Math.exp(logAlpha);
  const inv = 1 / alpha;
  const dgInv = digamma(inv);
  let s = 0;
  for (let i = 0; i < m; i++) {
    const yi = y[i];
    const ma = mu[i] * alpha;
    const q = 1 / (1 + ma);
    const lxi = lx[i];
    const dg = yi === 0 ? dgInv : lxi === lxi ? digammaFromLog(yi + inv, lxi) : digamma(yi + inv);
    const t = dgInv + l1[i] - ma * q - dg + yi * alpha * q;
    s += dw ? dw.w[i] * t : t;
  }
  const ll = inv * inv * s;
  let cr = 0;
  if (useCR) {
    const cws = dw ? dw.ws : ws;
    // Weights (cws.w), X'WX (cws.b) and its factor (cws.l) are those of the log posterior.
    for (let i = 0; i < cws.m; i++) cws.dw[i] = -cws.w[i] * cws.w[i];
    groupSums(cws, cws.dw, cws.gdw);
    crossprodGrouped(cws, cws.gdw, cws.db);
    cr = -0.5 * crTrace(cws, cws.cholOk);
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
  let dlp = dLogPosteriorAfterLp(a, y, mu, prior, opts.useCR, ws, dw);
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
      // The log posterior was last evaluated at this point (aNew): its pieces are reused.
      dlp = dLogPosteriorAfterLp(a, y, mu, prior, opts.useCR, ws, dw);
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
  workspace?: NbWorkspace,
): BetaFit {
  const ws = workspace && workspace.m === m && workspace.p === p ? workspace : new NbWorkspace(m, p);
  const { iter, deviance } = fitBetaInto(y, nf, x, alpha, betaStart, lambda, opts, weights, ws);
  return {
    beta: ws.beta.slice(),
    betaVar: ws.betaVar.slice(),
    sigma: ws.sigma.slice(),
    iter,
    deviance,
    hat: ws.hat.slice(),
    mu: ws.mu.slice(),
  };
}

/** exp(x_r' beta) for each distinct design row r, into ws.eta. */
function rowExp(ws: NbWorkspace, beta: Float64Array): void {
  const { p, rowsX, eta } = ws;
  for (let r = 0; r < ws.nRows; r++) {
    let e = 0;
    for (let k = 0; k < p; k++) e += rowsX[r * p + k] * beta[k];
    eta[r] = Math.exp(e);
  }
}

/**
 * {@link fitBeta} without allocations: the results are left in the workspace (`ws.beta`,
 * `ws.betaVar`, `ws.sigma`, `ws.hat`, `ws.mu`, valid until its next use); returns the
 * iterations and the deviance. `ws` must be sized for the m x p design `x`.
 */
export function fitBetaInto(
  y: ArrayLike<number>,
  nf: ArrayLike<number>,
  x: Float64Array,
  alpha: number,
  betaStart: ArrayLike<number>,
  lambda: ArrayLike<number>,
  opts: { tol: number; maxit: number; minmu: number },
  weights: ArrayLike<number> | undefined,
  ws: NbWorkspace,
): { iter: number; deviance: number } {
  ws.bind(x);
  const { m, p, muHat, w, wz, rhs, next, l, rowsX, gw, gdw, rowOf, eta, beta } = ws;
  const nRows = ws.nRows;
  for (let k = 0; k < p; k++) beta[k] = betaStart[k];
  const xtwx = ws.b;
  const large = 30;
  const size = 1 / alpha;
  const minmu = opts.minmu;
  // Means from the linear predictors per distinct design row (floored at minmu).
  rowExp(ws, beta);
  for (let i = 0; i < m; i++) muHat[i] = Math.max(nf[i] * eta[rowOf[i]], minmu);
  // The deviance's terms that do not depend on mu, summed once per gene (nbLogConstant's
  // value, with lgamma(size) computed once and lgamma(y + 1) from a table).
  let constant = 0;
  const finite = Number.isFinite(size);
  const lgSize = finite ? rLgamma(size) : 0;
  for (let i = 0; i < m; i++) {
    const yi = y[i];
    const c = !finite ? -logFactorial(yi) : yi === 0 ? 0 : rLgamma(yi + size) - lgSize - logFactorial(yi);
    constant += weights ? weights[i] * c : c;
  }
  let dev = 0;
  let devOld = 0;
  let iter = 0;
  for (let t = 0; t < opts.maxit; t++) {
    iter++;
    // Working weights and responses, summed per distinct row: X'WX and X'Wz from a few rows.
    for (let i = 0; i < m; i++) {
      const mh = muHat[i];
      const wi = weights ? weights[i] * (mh / (1 + alpha * mh)) : mh / (1 + alpha * mh);
      w[i] = wi;
      wz[i] = wi * (Math.log(mh / nf[i]) + (y[i] - mh) / mh);
    }
    groupSums(ws, w, gw);
    groupSums(ws, wz, gdw);
    crossprodGrouped(ws, gw, xtwx);
    for (let k = 0; k < p; k++) xtwx[k * p + k] += lambda[k];
    for (let k = 0; k < p; k++) {
      let s = 0;
      for (let r = 0; r < nRows; r++) s += rowsX[r * p + k] * gdw[r];
      rhs[k] = s;
    }
    const solved = choleskyInto(xtwx, p, l) ? choleskySolveInto(l, rhs, p, next) : solve(xtwx, rhs, p);
    if (!solved) {
      iter = opts.maxit;
      break;
    }
    beta.set(solved);
    let diverged = false;
    for (let k = 0; k < p; k++) if (Math.abs(beta[k]) > large) diverged = true;
    if (diverged) {
      iter = opts.maxit;
      break;
    }
    rowExp(ws, beta);
    for (let i = 0; i < m; i++) muHat[i] = Math.max(nf[i] * eta[rowOf[i]], minmu);
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
  groupSums(ws, w, gw);
  const xtwxPlain = crossprodGrouped(ws, gw, ws.db);
  const ridged = ws.tmp;
  ridged.set(xtwxPlain);
  for (let k = 0; k < p; k++) ridged[k * p + k] += lambda[k];
  const inv = choleskyInto(ridged, p, l) ? choleskyInverseInto(l, p, ws.inv, next) : invertGeneral(ridged, p);
  // sigma = inv X'WX inv (through ws.tmp).
  mulInto(inv, xtwxPlain, p, ridged);
  mulInto(ridged, inv, p, ws.sigma);
  for (let k = 0; k < p; k++) ws.betaVar[k] = ws.sigma[k * p + k];
  // x_r' inv x_r once per distinct row.
  for (let r = 0; r < nRows; r++) {
    let s = 0;
    for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) s += rowsX[r * p + a] * inv[a * p + c] * rowsX[r * p + c];
    gdw[r] = s;
  }
  for (let i = 0; i < m; i++) ws.hat[i] = w[i] * gdw[rowOf[i]];
  rowExp(ws, beta);
  for (let i = 0; i < m; i++) ws.mu[i] = nf[i] * eta[rowOf[i]];
  return { iter, deviance: dev };
}

/** Inverse from a Cholesky factor into `inv`, column by column through `col` (length n). */
function choleskyInverseInto(l: Float64Array, n: number, inv: Float64Array, col: Float64Array): Float64Array {
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    choleskySolveInto(l, col, n, col);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i];
  }
  return inv;
}

/** out = a b for p x p matrices (out must not be a or b). */
function mulInto(a: Float64Array, b: Float64Array, p: number, out: Float64Array): Float64Array {
  out.fill(0);
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
