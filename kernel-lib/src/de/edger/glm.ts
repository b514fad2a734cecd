/**
 * edgeR's negative-binomial GLMs (`glmFit`; McCarthy, Chen & Smyth 2012): per gene,
 * log(mu_gj) = offset_j + x_j' beta_g with a known dispersion. Designs equivalent to a one-way
 * layout are fitted group by group (`mglmOneWay`, one-group Newton fits); others by
 * Levenberg-Marquardt-damped Fisher scoring on the deviance (`mglmLevenberg`: lambda starts
 * at 1e-6 x the largest information, doubles on a rejected step, shrinks tenfold after an
 * accepted first try; stop when the score-step product drops below 1e-6). With a prior count,
 * the reported coefficients come from a second fit to counts plus library-scaled prior counts
 * (`predFC`), the unshrunk ones are kept for tests.
 */
import type { Matrix } from "../../stats/linalg";
import { choleskyInto, choleskySolve } from "../../stats/linalg";
import { InputError } from "../../io/errors";
import { expStep } from "./oneGroup";

/**
 * Unit deviance of one NB observation as edgeR computes it (y and mu shifted by 1e-8; a
 * second-order Poisson expansion for dispersion < 1e-4, the gamma limit when mu phi > 1e6).
 *
 * @example
 * unitDeviance(10, 12, 0.1);
 */
export function unitDeviance(y: number, mu: number, phi: number): number {
  y += 1e-8;
  mu += 1e-8;
  if (phi < 1e-4) {
    const resid = y - mu;
    return 2 * (y * Math.log(y / mu) - resid - 0.5 * resid * resid * phi * (1 - phi * y));
  }
  const product = mu * phi;
  if (product > 1e6) return ((2 * ((y - mu) / mu - Math.log(y / mu))) * mu) / (1 + product);
  const inv = 1 / phi;
  return 2 * (y * Math.log(y / mu) + (y + inv) * Math.log((mu + inv) / (y + inv)));
}

/**
 * One-group NB fit with means exp(beta) x lib_j over the samples in `cols` (edgeR's
 * mglmOneGroup: Newton steps to |step| < 1e-10, at most 50), from `start` when finite.
 */
function oneGroupLib(y: ArrayLike<number>, lib: Float64Array, phi: number, cols: Int32Array, start: number): number {
  const m = cols.length;
  let nonzero = false;
  let s = 0;
  for (let k = 0; k < m; k++) {
    const j = cols[k];
    if (y[j] > 1e-10) {
      nonzero = true;
      s += y[j] / lib[j];
    }
  }
  if (!nonzero) return -Infinity;
  let beta = Number.isFinite(start) ? start : Math.log(s / m);
  let eb = Math.exp(beta);
  for (let it = 0; it < 50; it++) {
    let dl = 0;
    let info = 0;
    for (let k = 0; k < m; k++) {
      const j = cols[k];
      const mu = eb * lib[j];
      const den = 1 + mu * phi;
      dl += (y[j] - mu) / den;
      info += mu / den;
    }
    const step = dl / info;
    beta += step;
    eb = expStep(eb, beta, step);
    if (Math.abs(step) < 1e-10) break;
  }
  return beta;
}

/** A one-way layout: sample groups of identical design rows, when there are as many as columns. */
export interface OneWayLayout {
  group: Int32Array;
  nGroups: number;
  /** Inverse of the groups' design rows (p x p, row-major), or null when they are indicators. */
  inverse: Float64Array | null;
}

/** The one-way layout of a design (edgeR's `designAsFactor` test), or null if there is none. */
export function oneWayLayout(X: ArrayLike<number>, n: number, p: number): OneWayLayout | null {
  const keys = new Map<string, number>();
  const group = new Int32Array(n);
  const firstRow: number[] = [];
  for (let j = 0; j < n; j++) {
    const key = Array.from({ length: p }, (_, c) => X[j * p + c]).join(",");
    let g = keys.get(key);
    if (g === undefined) {
      g = keys.size;
      keys.set(key, g);
      firstRow.push(j);
    }
    group[j] = g;
  }
  if (keys.size !== p) return null;
  let ones = 0;
  let zeros = 0;
  for (const j of firstRow) for (let c = 0; c < p; c++) {
    if (X[j * p + c] === 1) ones++;
    else if (X[j * p + c] === 0) zeros++;
  }
  const indicator = ones === p && zeros === (p - 1) * p;
  let inverse: Float64Array | null = null;
  if (!indicator) {
    // invert the p x p matrix of group rows (Gauss-Jordan with partial pivoting)
    const a = new Float64Array(p * 2 * p);
    firstRow.forEach((j, r) => {
      for (let c = 0; c < p; c++) a[r * 2 * p + c] = X[j * p + c];
      a[r * 2 * p + p + r] = 1;
    });
    for (let c = 0; c < p; c++) {
      let piv = c;
      for (let r = c + 1; r < p; r++) if (Math.abs(a[r * 2 * p + c]) > Math.abs(a[piv * 2 * p + c])) piv = r;
      for (let k = 0; k < 2 * p; k++) [a[c * 2 * p + k], a[piv * 2 * p + k]] = [a[piv * 2 * p + k], a[c * 2 * p + k]];
      const d = a[c * 2 * p + c];
      for (let k = 0; k < 2 * p; k++) a[c * 2 * p + k] /= d;
      for (let r = 0; r < p; r++) {
        if (r === c) continue;
        const f = a[r * 2 * p + c];
        if (f !== 0) for (let k = 0; k < 2 * p; k++) a[r * 2 * p + k] -= f * a[c * 2 * p + k];
      }
    }
    inverse = new Float64Array(p * p);
    for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) inverse[r * p + c] = a[r * 2 * p + p + c];
  }
  return { group, nGroups: p, inverse };
}

/** Scratch space for {@link fitGene}, reusable across genes of the same shape. */
export interface GlmWork {
  n: number;
  p: number;
  w: Float64Array;
  z: Float64Array;
  xtwx: Float64Array;
  chol: Float64Array;
  dl: Float64Array;
  dbeta: Float64Array;
  betaNew: Float64Array;
  muNew: Float64Array;
  groupBeta: Float64Array;
  cols: Int32Array[];
  disp: Float64Array;
  /** exp(offset) for the last offset vector seen (one-way fits use mu = exp(beta) x lib). */
  lib: Float64Array;
  libOf: ArrayLike<number> | null;
  expBeta: Float64Array;
}

export function glmWork(n: number, p: number, layout: OneWayLayout | null): GlmWork {
  const cols: Int32Array[] = [];
  if (layout) for (let g = 0; g < layout.nGroups; g++) cols.push(Int32Array.from(Array.from(layout.group).map((h, j) => (h === g ? j : -1)).filter((j) => j >= 0)));
  return {
    n,
    p,
    w: new Float64Array(n),
    z: new Float64Array(n),
    xtwx: new Float64Array(p * p),
    chol: new Float64Array(p * p),
    dl: new Float64Array(p),
    dbeta: new Float64Array(p),
    betaNew: new Float64Array(p),
    muNew: new Float64Array(n),
    groupBeta: new Float64Array(p),
    cols,
    disp: new Float64Array(n),
    lib: new Float64Array(n),
    libOf: null,
    expBeta: new Float64Array(p),
  };
}

function deviance(y: ArrayLike<number>, mu: ArrayLike<number>, phi: number, n: number): number {
  let d = 0;
  for (let j = 0; j < n; j++) d += unitDeviance(y[j], mu[j], phi);
  return d;
}

/**
 * Fit one gene: writes beta (p) and mu (n), returns the deviance (NaN when not wanted).
 * `start` (p values) seeds the Levenberg iteration; for one-way layouts any non-null `start`
 * means "warm start from this work area's previous group means" (the one-group fits
 * converge to 1e-10 either way).
 */
export function fitGene(
  y: ArrayLike<number>,
  offset: ArrayLike<number>,
  phi: number,
  X: ArrayLike<number>,
  layout: OneWayLayout | null,
  work: GlmWork,
  beta: Float64Array,
  mu: Float64Array,
  start?: ArrayLike<number> | null,
  maxit = 250,
  tol = 1e-6,
  wantDeviance = true,
): number {
  const { n, p } = work;
  if (layout) {
    if (work.libOf !== offset) {
      for (let j = 0; j < n; j++) work.lib[j] = Math.exp(offset[j]);
      work.libOf = offset;
    }
    const warm = start !== undefined && start !== null;
    for (let g = 0; g < layout.nGroups; g++) {
      work.groupBeta[g] = Math.max(oneGroupLib(y, work.lib, phi, work.cols[g], warm ? work.groupBeta[g] : NaN), -1e8);
    }
    for (let g = 0; g < layout.nGroups; g++) work.expBeta[g] = Math.exp(work.groupBeta[g]);
    for (let j = 0; j < n; j++) mu[j] = work.expBeta[layout.group[j]] * work.lib[j];
    if (layout.inverse) {
      for (let r = 0; r < p; r++) {
        let s = 0;
        for (let c = 0; c < p; c++) s += layout.inverse[r * p + c] * work.groupBeta[c];
        beta[r] = s;
      }
    } else beta.set(work.groupBeta.subarray(0, p));
    return wantDeviance ? deviance(y, mu, phi, n) : NaN;
  }
  return levenberg(y, offset, phi, X, work, beta, mu, start ?? null, maxit, tol);
}

function levenberg(y: ArrayLike<number>, offset: ArrayLike<number>, phi: number, X: ArrayLike<number>, work: GlmWork, beta: Float64Array, mu: Float64Array, start: ArrayLike<number> | null, maxit: number, tol: number): number {
  const { n, p, w, z, xtwx, chol, dl, dbeta, betaNew, muNew } = work;
  let ymax = 0;
  for (let j = 0; j < n; j++) if (y[j] > ymax) ymax = y[j];
  if (ymax < 1e-10) {
    beta.fill(NaN);
    mu.fill(0);
    return 0;
  }
  if (start && Array.from(start).every(Number.isFinite)) beta.set(start);
  else nullStart(y, offset, phi, X, n, p, beta);
  const fill = (b: ArrayLike<number>, m: Float64Array) => {
    for (let j = 0; j < n; j++) {
      let s = offset[j];
      for (let c = 0; c < p; c++) s += X[j * p + c] * b[c];
      m[j] = Math.exp(s);
    }
  };
  fill(beta, mu);
  let dev = deviance(y, mu, phi, n);
  let maxInfo = -1;
  let lambda = 0;
  for (let iter = 1; iter <= maxit; iter++) {
    for (let j = 0; j < n; j++) {
      const den = 1 + mu[j] * phi;
      w[j] = mu[j] / den;
      z[j] = (y[j] - mu[j]) / den;
    }
    for (let a = 0; a < p; a++) {
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += X[j * p + a] * X[j * p + b] * w[j];
        xtwx[a * p + b] = s;
        xtwx[b * p + a] = s;
      }
      let s = 0;
      for (let j = 0; j < n; j++) s += z[j] * X[j * p + a];
      dl[a] = s;
      if (xtwx[a * p + a] > maxInfo) maxInfo = xtwx[a * p + a];
    }
    if (iter === 1) lambda = Math.max(maxInfo * 1e-6, 1e-13);
    let lev = 0;
    let lowDev = false;
    let failed = false;
    for (;;) {
      lev++;
      while (!dampedSolve(xtwx, lambda, p, chol, dl, dbeta)) {
        lambda *= 10;
        if (lambda <= 0) lambda = 1e-100;
      }
      for (let a = 0; a < p; a++) betaNew[a] = beta[a] + dbeta[a];
      fill(betaNew, muNew);
      const devNew = deviance(y, muNew, phi, n);
      if (devNew / ymax < 1e-13) lowDev = true;
      if (devNew <= dev || lowDev) {
        beta.set(betaNew);
        mu.set(muNew);
        dev = devNew;
        break;
      }
      lambda *= 2;
      if (lambda <= 0) lambda = 1e-100;
      if (lambda / maxInfo > 1e13) {
        failed = true;
        break;
      }
    }
    if (failed || lowDev) break;
    let divergence = 0;
    for (let a = 0; a < p; a++) divergence += dl[a] * dbeta[a];
    if (divergence < tol) break;
    if (lev === 1) lambda /= 10;
  }
  return dev;
}

/**
 * Solve (A + lambda I) x = b by an in-place Cholesky factorisation (row-major lower factor in
 * `l`); false when the damped matrix is not positive definite.
 */
function dampedSolve(a: Float64Array, lambda: number, p: number, l: Float64Array, b: Float64Array, x: Float64Array): boolean {
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j] + (i === j ? lambda : 0);
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      if (i === j) {
        if (!(s > 0)) return false;
        l[i * p + i] = Math.sqrt(s);
      } else l[i * p + j] = s / l[j * p + j];
    }
  }
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * x[k];
    x[i] = s / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
    x[i] = s / l[i * p + i];
  }
  return true;
}

/** edgeR's "null" start: the constant log(sum y w' / sum N w') regressed on the design. */
function nullStart(y: ArrayLike<number>, offset: ArrayLike<number>, phi: number, X: ArrayLike<number>, n: number, p: number, beta: Float64Array): void {
  let se = 0;
  let sw = 0;
  for (let j = 0; j < n; j++) {
    const N = Math.exp(offset[j]);
    const cw = N / (1 + phi * N);
    se += (y[j] * cw) / N;
    sw += cw;
  }
  const c = Math.log(se / sw);
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    for (let s = 0; s < p; s++) {
      let v = 0;
      for (let j = 0; j < n; j++) v += X[j * p + r] * X[j * p + s];
      a[r * p + s] = v;
    }
    let v = 0;
    for (let j = 0; j < n; j++) v += X[j * p + r] * c;
    b[r] = v;
  }
  const l = new Float64Array(p * p);
  if (choleskyInto(a, p, l)) beta.set(choleskySolve(l, b, p));
  else beta.fill(0);
}

/** A fitted edgeR GLM (DGEGLM). */
export interface NbGlmFit {
  nGenes: number;
  nSamples: number;
  design: Matrix;
  /** Coefficients (natural log scale), genes x p; shrunk by the prior count when one is used. */
  coefficients: Float64Array;
  /** Coefficients without the prior count. */
  unshrunkCoefficients: Float64Array;
  /** Fitted means of the unshrunk fit, genes x samples. */
  fitted: Float64Array;
  deviance: Float64Array;
  dfResidual: number;
  offset: Float64Array;
  dispersion: Float64Array;
  priorCount: number;
}

/** Options of {@link glmFit}. */
export interface GlmFitOptions {
  /** log effective library sizes, one per sample (default log of the column sums). */
  offset?: ArrayLike<number>;
  /** Dispersion: one value or one per gene. */
  dispersion: number | ArrayLike<number>;
  /** Prior count for the reported coefficients (edgeR default 0.125). */
  priorCount?: number;
  /** Starting coefficients, genes x p (Levenberg designs). */
  start?: Float64Array;
  /**
   * The fit without prior counts of these genes, design, offsets and dispersions when already
   * made (as estimateDisp's fit for the prior df at the trended dispersions): taken as it is,
   * and only the prior-count coefficients are fitted.
   */
  unshrunk?: { unshrunkCoefficients: Float64Array; fitted: Float64Array; deviance: Float64Array };
}

/**
 * Fit NB GLMs to all genes (`values` genes x samples, gene-major), as edgeR's `glmFit`.
 *
 * @example
 * glmFit(counts.values, counts.nGenes, design.matrix, { offset: logLib, dispersion: trended });
 */
export function glmFit(values: ArrayLike<number>, nGenes: number, design: Matrix, options: GlmFitOptions): NbGlmFit {
  const n = design.rows;
  const p = design.cols;
  if (values.length !== nGenes * n) throw new InputError(`count matrix has ${values.length} values, expected ${nGenes} x ${n}`, "glmFit");
  let offset: Float64Array;
  if (options.offset) offset = Float64Array.from(options.offset);
  else {
    offset = new Float64Array(n);
    for (let g = 0; g < nGenes; g++) for (let j = 0; j < n; j++) offset[j] += values[g * n + j];
    offset = offset.map(Math.log);
  }
  if (offset.length !== n || offset.some((o) => !Number.isFinite(o))) throw new InputError("offsets must be finite, one per sample", "glmFit");
  const dispersion = typeof options.dispersion === "number" ? new Float64Array(nGenes).fill(options.dispersion) : Float64Array.from(options.dispersion);
  if (dispersion.length !== nGenes) throw new InputError(`${dispersion.length} dispersions for ${nGenes} genes`, "glmFit");
  if (dispersion.some((d) => Number.isNaN(d) || d < 0)) throw new InputError("dispersions must be non-negative numbers", "glmFit");
  const X = design.data;
  const layout = oneWayLayout(X, n, p);
  const work = glmWork(n, p, layout);
  const priorCount = options.priorCount ?? 0.125;
  const given = options.unshrunk;
  if (given && (given.unshrunkCoefficients.length !== nGenes * p || given.fitted.length !== nGenes * n || given.deviance.length !== nGenes)) throw new RangeError("the given unshrunk fit does not match the genes and design");
  const unshrunk = given ? given.unshrunkCoefficients : new Float64Array(nGenes * p);
  const fitted = given ? given.fitted : new Float64Array(nGenes * n);
  const dev = given ? given.deviance : new Float64Array(nGenes);
  const y = new Float64Array(n);
  for (let g = 0; g < nGenes && !given; g++) {
    for (let j = 0; j < n; j++) y[j] = values[g * n + j];
    dev[g] = fitGene(y, offset, dispersion[g], X, layout, work, unshrunk.subarray(g * p, (g + 1) * p), fitted.subarray(g * n, (g + 1) * n), options.start?.subarray(g * p, (g + 1) * p));
  }
  let coefficients = unshrunk;
  if (priorCount > 0) {
    coefficients = new Float64Array(nGenes * p);
    const lib = Float64Array.from(offset, Math.exp);
    const meanLib = lib.reduce((a, b) => a + b, 0) / n;
    const adj = Float64Array.from(lib, (l) => (priorCount * l) / meanLib);
    const offAug = Float64Array.from(lib, (l, j) => Math.log(l + 2 * adj[j]));
    const mu = new Float64Array(n);
    for (let g = 0; g < nGenes; g++) {
      for (let j = 0; j < n; j++) y[j] = values[g * n + j] + adj[j];
      // (the deviance of this fit is not reported: not computed)
      fitGene(y, offAug, dispersion[g], X, layout, work, coefficients.subarray(g * p, (g + 1) * p), mu, null, 250, 1e-6, false);
    }
  }
  return { nGenes, nSamples: n, design, coefficients, unshrunkCoefficients: unshrunk, fitted, deviance: dev, dfResidual: n - p, offset, dispersion, priorCount };
}
