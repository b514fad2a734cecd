/**
 * DESeq2's `lfcShrink(dds, coef, type = "apeglm")` (apeglm 1.27, method "nbinomCR").
 *
 * Zhu, Ibrahim & Love (2018), "Heavy-tailed prior distributions for sequence count data:
 * removing the noise and preserving large differences", Bioinformatics 35:2084.
 *
 * Steps, as apeglm does them:
 * 1. Prior scale (empirical Bayes, apeglm `priorVar`): with the MLE X = ln2 * log2FoldChange
 *    and D = (ln2 * lfcSE)^2 of the shrunken coefficient, the Efron & Morris (1975) estimate A
 *    of the variance of a normal hierarchical model, the root in [0.001^2, 20^2] of
 *    sum((X^2 - D) w(A)) / sum(w(A)) - A with w(A) = 1/(2 (A + D)^2) found with R's
 *    `uniroot` (Brent's zeroin, tol = eps^0.25); A = 0.001^2 when the objective is already
 *    negative there. The Cauchy prior scale is S = min(sqrt(A), 1); all other coefficients
 *    get a N(0, 15^2) prior.
 * 2. MAP by L-BFGS (apeglm's C++ `nbinomGLM` calling RcppNumerical `optim_lbfgs(maxit = 300,
 *    eps_f = 1e-8, eps_g = 1e-8)`, ported in `stats/lbfgsNumer`. RcppNumerical is only linked at
 *    build time, so sessionInfo does not name it; the reference output is reproduced by
 *    RcppNumerical 0.6-0, i.e. LBFGS++ 0.3.0 with its Nocedal–Wright strong-Wolfe line search,
 *    and not by 0.5-0 / LBFGS++ 0.2.0) on the negative log posterior
 *      -sum w (y x'b - (y + 1/a) log(1/a + exp(x'b + o))) + sum_ns b^2/(2 sigma^2)
 *      + sum_s log1p(b^2/S^2),
 *    divided by c = max(1, value at b = 0) and shifted by 10, from b = (.1, -.1, ...); a
 *    second run from (-.1, .1, ...) flags the row as unconverged when the two differ by more
 *    than 0.01 in any coefficient. The C++ objective is evaluated as RcppEigen (Eigen 3.3,
 *    SSE2) does: `exp` by Eigen's vectorised Cephes exponential, sums in Eigen's reduction
 *    and matrix-vector orders; c uses R's long-double `sum()`.
 * 3. Posterior SD from R's `optimHess` (central differences of the analytic gradient with
 *    step 1e-3, symmetrised) at the MAP: sd = sqrt(diag(H^-1)). Rows that did not converge,
 *    or have a non-positive variance, are refitted with R's `optim(method = "BFGS")`
 *    (vmmin) from the C++ MAP and the Hessian recomputed there; rows whose variance is still
 *    non-positive keep the MAP with an NA SD.
 * 4. log2FoldChange = log2(e) MAP, lfcSE = log2(e) SD; baseMean, pvalue and padj from the
 *    unshrunken `results()` (alpha 0.1); DESeq2 drops `stat`.
 */
import { InputError } from "../io/errors";
import { optimLbfgsNumer, type LbfgsppVersion } from "../stats/lbfgsNumer";
import type { DESeqDataSet } from "./deseq";
import { DESeqResults } from "./results";

/** Options of {@link lfcShrinkApeglm}. */
export interface ApeglmOptions {
  /** Name of the coefficient to shrink (one of `dds.design.columns`, not the intercept). */
  coef: string;
  /** Prior variance override (experiments only; default: apeglm's priorVar estimate). */
  priorVar?: number;
}

/** Per-gene output of {@link apeglmFit}, natural-log scale. */
export interface ApeglmFit {
  /** MAP coefficients, gene-major (nGenes x p). NaN for all-zero rows. */
  map: Float64Array;
  /** Posterior SDs, gene-major. */
  sd: Float64Array;
  /** 0 = converged in C++, -1 = not (refitted in R). NaN for all-zero rows. */
  conv: Float64Array;
  /** Cauchy prior scale S and the estimated prior variance A. */
  priorScale: number;
  priorVar: number;
}

const DBL_EPSILON = 2.220446049250313e-16;
export { zeroin } from "../stats/zeroin";
import { zeroin } from "../stats/zeroin";


/**
 * apeglm `priorVar(mle)`: Efron–Morris estimate of the prior variance from MLEs and their SEs
 * (natural-log scale); NaN MLEs are dropped.
 */
export function apeglmPriorVar(mle: ArrayLike<number>, se: ArrayLike<number>, minVar = 0.001 ** 2, maxVar = 20 ** 2): number {
  const X: number[] = [];
  const D: number[] = [];
  for (let i = 0; i < mle.length; i++) {
    if (Number.isNaN(mle[i])) continue;
    X.push(mle[i]);
    D.push(se[i] * se[i]);
  }
  const objective = (A: number): number => {
    let num = 0;
    let den = 0;
    for (let i = 0; i < X.length; i++) {
      const I = 1 / (2 * (A + D[i]) ** 2);
      num += (X[i] * X[i] - D[i]) * I;
      den += I;
    }
    return num / den - A;
  };
  const fLow = objective(minVar);
  if (fLow < 0) return minVar;
  const fUp = objective(maxVar);
  if (fLow * fUp > 0) throw new InputError("apeglm priorVar: f() values at end points not of opposite sign", "lfcShrink");
  return zeroin(objective, minVar, maxVar, fLow, fUp, Math.pow(DBL_EPSILON, 0.25), 1000);
}

/** One gene's data for the negative binomial posterior. */
interface Row {
  x: Float64Array; // m x p, row-major
  m: number;
  p: number;
  y: Float64Array;
  w: Float64Array;
  off: Float64Array;
  size: number;
  sigma2: number;
  S2: number;
  shrink: Uint8Array; // 1 = Cauchy prior
}

/** apeglm `nbinomFn` (R): negative log posterior plus `cnst`. */
function nbinomFnR(r: Row, beta: ArrayLike<number>, cnst: number): number {
  const { x, m, p, y, w, off, size, shrink, sigma2, S2 } = r;
  // R's sum() accumulates in long double; a double-double sum rounded once reproduces it
  // (up to rare double-rounding cases) for these few terms.
  let prior = 0;
  for (let k = 0; k < p; k++) if (!shrink[k]) prior += -(beta[k] * beta[k]) / (2 * sigma2);
  let priorS = 0;
  for (let k = 0; k < p; k++) if (shrink[k]) priorS += -Math.log1p((beta[k] * beta[k]) / S2);
  prior += priorS;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < m; i++) {
    let xb = 0;
    for (let k = 0; k < p; k++) xb += x[i * p + k] * beta[k];
    const t = w[i] * (y[i] * xb - (y[i] + size) * Math.log(size + Math.exp(xb + off[i])));
    const sum = hi + t;
    const bv = sum - hi;
    lo += hi - (sum - bv) + (t - bv);
    hi = sum;
  }
  const s = hi + lo;
  return -s - prior + cnst;
}

/** apeglm `nbinomGr` (R): gradient of the negative log posterior. */
function nbinomGrR(r: Row, beta: ArrayLike<number>, out: Float64Array): void {
  const { x, m, p, y, w, off, size, shrink, sigma2, S2 } = r;
  out.fill(0);
  for (let i = 0; i < m; i++) {
    let xb = 0;
    for (let k = 0; k < p; k++) xb += x[i * p + k] * beta[k];
    const e = Math.exp(xb + off[i]);
    const v = w[i] * (y[i] - ((y[i] + size) * e) / (size + e));
    for (let k = 0; k < p; k++) out[k] += x[i * p + k] * v;
  }
  for (let k = 0; k < p; k++) {
    const pr = shrink[k] ? (-2 * beta[k]) / (S2 + beta[k] * beta[k]) : -beta[k] / sigma2;
    out[k] = -out[k] - pr;
  }
}

/**
 * Sum in Eigen's vectorised reduction order (SSE2, packets of two doubles, aligned start):
 * two packet accumulators over blocks of four, combined, one more packet if left, then the
 * horizontal add and the scalar tail. Used so the C++ objective rounds as RcppEigen's does.
 */
function eigenSum(v: Float64Array, n: number): number {
  if (n < 2) return n === 1 ? v[0] : 0;
  const aligned2 = Math.floor(n / 4) * 4;
  const aligned = Math.floor(n / 2) * 2;
  let a0 = v[0];
  let a1 = v[1];
  if (aligned > 2) {
    let b0 = v[2];
    let b1 = v[3];
    for (let i = 4; i < aligned2; i += 4) {
      a0 += v[i];
      a1 += v[i + 1];
      b0 += v[i + 2];
      b1 += v[i + 3];
    }
    a0 += b0;
    a1 += b1;
    if (aligned > aligned2) {
      a0 += v[aligned2];
      a1 += v[aligned2 + 1];
    }
  }
  let res = a0 + a1;
  for (let i = aligned; i < n; i++) res += v[i];
  return res;
}

/**
 * The scale factors 2^n of {@link eigenExp}, n = -1100 ... 1100, as Eigen builds them from the
 * exponent bits (n + 1023) << 52: zero once the biased exponent is not positive.
 */
const POW2_OFFSET = 1100;
const POW2 = Float64Array.from({ length: 2 * POW2_OFFSET + 1 }, (_, i) => (i - POW2_OFFSET <= -1023 ? 0 : Math.pow(2, i - POW2_OFFSET)));

/**
 * Eigen 3.3's SSE2 `pexp<Packet2d>` (the Cephes exp: n = floor(x log2(e) + 1/2), reduction by
 * n ln 2 in two parts, the rational approximation 1 + 2 x P(x^2) / (Q(x^2) - x P(x^2)), scaled
 * by 2^n), which `ArrayXd::exp()` uses for double packets; it differs from the C library's exp in
 * the last bit for many arguments.
 */
export function eigenExp(x0: number): number {
  let x = Math.max(Math.min(x0, 709.437), -709.436139303);
  let fx = 1.4426950408889634 * x + 0.5;
  const t = Math.trunc(fx);
  fx = t > fx ? t - 1 : t;
  x = x - fx * 0.693145751953125;
  x = x - fx * 1.42860682030941723212e-6;
  const x2 = x * x;
  let px = 1.26177193074810590878e-4;
  px = px * x2 + 3.0299440770744196130e-2;
  px = px * x2 + 9.9999999999999999991e-1;
  px = px * x;
  let qx = 3.00198505138664455042e-6;
  qx = qx * x2 + 2.52448340349684104192e-3;
  qx = qx * x2 + 2.27265548208155028766e-1;
  qx = qx * x2 + 2.00000000000000000009;
  x = px / (qx - px);
  x = 2 * x + 1;
  const r = x * (fx === fx ? POW2[fx + POW2_OFFSET] : NaN);
  return r > x0 ? r : x0; // _mm_max_pd(r, x0)
}

/**
 * Sum in the order of Eigen 3.3's row-major matrix-vector kernel (one two-lane packet
 * accumulator over the aligned part, lanes added, then the scalar tail).
 */
function gemvSum(v: Float64Array, n: number): number {
  const n2 = n - (n % 2);
  let c0 = 0;
  let c1 = 0;
  for (let i = 0; i < n2; i += 2) {
    c0 += v[i];
    c1 += v[i + 1];
  }
  let s = c0 + c1;
  for (let i = n2; i < n; i++) s += v[i];
  return s;
}

/** apeglm C++ `optimFun::f_grad`: scaled negative log posterior + 10 and its gradient. */
function nbinomFnGradC(r: Row, cnst: number, beta: Float64Array, grad: Float64Array, work: Float64Array): number {
  const { x, m, p, y, w, off, size, shrink, sigma2, S2 } = r;
  const dw = work.subarray(0, m);
  const cw = work.subarray(m, 2 * m);
  const prod = work.subarray(2 * m, 3 * m);
  for (let i = 0; i < m; i++) {
    let xb = 0;
    for (let k = 0; k < p; k++) xb += x[i * p + k] * beta[k];
    const e = eigenExp(xb + off[i]);
    const a = y[i] + size;
    const b = e + size;
    const c = y[i] - (a * e) * (1 / b);
    dw[i] = (y[i] * xb - a * Math.log(b)) * w[i];
    cw[i] = c * w[i];
  }
  const dwSum = eigenSum(dw, m);
  let negPrior = 0;
  const dnp = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    if (!shrink[k]) {
      negPrior += (beta[k] * beta[k]) / (2 * sigma2);
      dnp[k] = beta[k] / sigma2;
    }
  }
  for (let k = 0; k < p; k++) {
    if (shrink[k]) {
      negPrior += Math.log1p((beta[k] * beta[k]) / S2);
      dnp[k] = (2 * beta[k]) / (S2 + beta[k] * beta[k]);
    }
  }
  for (let k = 0; k < p; k++) {
    for (let i = 0; i < m; i++) prod[i] = x[i * p + k] * cw[i];
    grad[k] = -gemvSum(prod, m) / cnst + dnp[k] / cnst;
  }
  return (-1 * dwSum) / cnst + negPrior / cnst + 10;
}

/** R `optimHess` with an analytic gradient (ndeps 1e-3, parscale 1), symmetrised. */
function optimHess(par: ArrayLike<number>, gr: (b: Float64Array, out: Float64Array) => void): Float64Array {
  const p = par.length;
  const dpar = Float64Array.from(par);
  const df1 = new Float64Array(p);
  const df2 = new Float64Array(p);
  const h = new Float64Array(p * p);
  const eps = 1e-3;
  for (let i = 0; i < p; i++) {
    dpar[i] = dpar[i] + eps;
    gr(dpar, df1);
    dpar[i] = dpar[i] - 2 * eps;
    gr(dpar, df2);
    for (let j = 0; j < p; j++) h[i * p + j] = (df1[j] - df2[j]) / (2 * eps);
    dpar[i] = dpar[i] + eps;
  }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) out[i * p + j] = 0.5 * (h[i * p + j] + h[j * p + i]);
  return out;
}

/** Inverse of a small dense matrix by Gaussian elimination with partial pivoting (LAPACK dgesv-like); null if singular. */
function invert(a: Float64Array, n: number): Float64Array | null {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[piv * n + c])) piv = r;
    if (m[piv * n + c] === 0) return null;
    if (piv !== c) {
      for (let k = 0; k < n; k++) {
        [m[c * n + k], m[piv * n + k]] = [m[piv * n + k], m[c * n + k]];
        [inv[c * n + k], inv[piv * n + k]] = [inv[piv * n + k], inv[c * n + k]];
      }
    }
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / m[c * n + c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
      for (let k = 0; k < n; k++) inv[r * n + k] -= f * inv[c * n + k];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    for (let k = 0; k < n; k++) {
      let s = inv[c * n + k];
      for (let j = c + 1; j < n; j++) s -= m[c * n + j] * inv[j * n + k];
      inv[c * n + k] = s / m[c * n + c];
    }
  }
  return inv;
}

/**
 * R's `optim(method = "BFGS")` core (`vmmin` in src/appl/optim.c: Nash's variable metric
 * method with an acceptable-point backtracking search, step reduction 0.2, Armijo 1e-4),
 * defaults maxit 100, abstol -Inf, reltol sqrt(eps). Returns the final point.
 */
export function vmmin(
  fn: (b: Float64Array) => number,
  gr: (b: Float64Array, out: Float64Array) => void,
  b0: ArrayLike<number>,
  maxit = 100,
  abstol = -Infinity,
  reltol = 1.4901161193847656e-8,
): { par: Float64Array; value: number; fail: number } {
  const stepredn = 0.2;
  const acctol = 0.0001;
  const reltest = 10.0;
  const n = b0.length;
  const b = Float64Array.from(b0);
  const g = new Float64Array(n);
  const t = new Float64Array(n);
  const X = new Float64Array(n);
  const c = new Float64Array(n);
  const B = new Float64Array(n * n);
  let f = fn(b);
  if (!Number.isFinite(f)) throw new InputError("initial value in 'vmmin' is not finite", "lfcShrink");
  let Fmin = f;
  let gradcount = 1;
  gr(b, g);
  let iter = 1;
  let ilast = gradcount;
  let count: number;
  do {
    if (ilast === gradcount) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) B[i * n + j] = 0;
        B[i * n + i] = 1;
      }
    }
    for (let i = 0; i < n; i++) {
      X[i] = b[i];
      c[i] = g[i];
    }
    let gradproj = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s -= B[i * n + j] * g[j];
      for (let j = i + 1; j < n; j++) s -= B[j * n + i] * g[j];
      t[i] = s;
      gradproj += s * g[i];
    }
    if (gradproj < 0) {
      let steplength = 1.0;
      let accpoint = false;
      do {
        count = 0;
        for (let i = 0; i < n; i++) {
          b[i] = X[i] + steplength * t[i];
          if (reltest + X[i] === reltest + b[i]) count++;
        }
        if (count < n) {
          f = fn(b);
          accpoint = Number.isFinite(f) && f <= Fmin + gradproj * steplength * acctol;
          if (!accpoint) steplength *= stepredn;
        }
      } while (!(count === n || accpoint));
      const enough = f > abstol && Math.abs(f - Fmin) > reltol * (Math.abs(Fmin) + reltol);
      if (!enough) {
        count = n;
        Fmin = f;
      }
      if (count < n) {
        Fmin = f;
        gr(b, g);
        gradcount++;
        iter++;
        let D1 = 0;
        for (let i = 0; i < n; i++) {
          t[i] = steplength * t[i];
          c[i] = g[i] - c[i];
          D1 += t[i] * c[i];
        }
        if (D1 > 0) {
          let D2 = 0;
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j <= i; j++) s += B[i * n + j] * c[j];
            for (let j = i + 1; j < n; j++) s += B[j * n + i] * c[j];
            X[i] = s;
            D2 += s * c[i];
          }
          D2 = 1 + D2 / D1;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i; j++) B[i * n + j] += (D2 * t[i] * t[j] - X[i] * t[j] - t[i] * X[j]) / D1;
          }
        } else {
          ilast = gradcount;
        }
      } else if (ilast < gradcount) {
        count = 0;
        ilast = gradcount;
      }
    } else {
      count = 0;
      if (ilast === gradcount) count = n;
      else ilast = gradcount;
    }
    if (iter >= maxit) break;
    if (gradcount - ilast > 2 * n) ilast = gradcount;
  } while (count !== n || ilast !== gradcount);
  return { par: b, value: Fmin, fail: iter < maxit ? 0 : 1 };
}

/** Inputs of {@link apeglmFit}. */
export interface ApeglmInput {
  /** Counts, gene-major (nGenes x nSamples). */
  counts: ArrayLike<number>;
  nGenes: number;
  nSamples: number;
  /** Design matrix, row-major nSamples x p. */
  design: { rows: number; cols: number; data: ArrayLike<number> };
  /** Offsets per sample (log size factors). */
  offset: ArrayLike<number>;
  /** NB dispersions per gene. */
  dispersion: ArrayLike<number>;
  /** 0-based index of the shrunken coefficient. */
  coef: number;
  /** MLE and SE of the coefficient (natural log scale) for the adaptive prior. */
  mle: ArrayLike<number>;
  mleSE: ArrayLike<number>;
  /** Use this prior variance instead of estimating it from `mle` (experiments). */
  priorVar?: number;
  /**
   * L-BFGS used for the C++ fits: the LBFGS++ version bundled by RcppNumerical ("0.3", the
   * default, RcppNumerical 0.6-0, which reproduces the reference; "0.2", RcppNumerical 0.5-0).
   */
  optimizer?: LbfgsppVersion;
}

/** apeglm(Y, x, param = disp, coef, mle, offset, method = "nbinomCR") with unit weights. */
export function apeglmFit(input: ApeglmInput): ApeglmFit {
  const { nGenes, nSamples: m, coef } = input;
  const p = input.design.cols;
  const priorVar = input.priorVar ?? apeglmPriorVar(input.mle, input.mleSE);
  const priorScale = Math.min(Math.sqrt(priorVar), 1);
  const sigma2 = 15 * 15;
  const S2 = priorScale * priorScale;
  const shrink = new Uint8Array(p);
  shrink[coef] = 1;
  const x = Float64Array.from(input.design.data);
  const w = new Float64Array(m).fill(1);
  const off = Float64Array.from(input.offset);
  const map = new Float64Array(nGenes * p).fill(NaN);
  const sd = new Float64Array(nGenes * p).fill(NaN);
  const conv = new Float64Array(nGenes).fill(NaN);
  const init1 = Float64Array.from({ length: p }, (_, k) => (k % 2 === 0 ? 0.1 : -0.1));
  const init2 = Float64Array.from({ length: p }, (_, k) => (k % 2 === 0 ? -0.1 : 0.1));
  const zero = new Float64Array(p);
  const work = new Float64Array(3 * m);
  // apeglm's nbinomGLM calls RcppNumerical optim_lbfgs(maxit = 300, eps_f = 1e-8,
  // eps_g = 1e-8); optimLbfgsNumer ports it (see stats/lbfgsNumer).
  const optimizer = input.optimizer ?? "0.3";
  for (let g = 0; g < nGenes; g++) {
    const y = new Float64Array(m);
    let total = 0;
    for (let j = 0; j < m; j++) {
      y[j] = input.counts[g * m + j];
      total += y[j];
    }
    if (!(total > 0)) continue;
    const row: Row = { x, m, p, y, w, off, size: 1 / input.dispersion[g], sigma2, S2, shrink };
    let cnst = nbinomFnR(row, zero, 0);
    cnst = cnst > 1 ? cnst : 1;
    const fg = (b: Float64Array, gr: Float64Array) => nbinomFnGradC(row, cnst, b, gr, work);
    const run = (init: Float64Array) => optimLbfgsNumer(fg, init, { maxit: 300, epsF: 1e-8, epsG: 1e-8, version: optimizer });
    const r1 = run(init1);
    const r2 = run(init2);
    let c = r1.status;
    let delta = 0;
    for (let k = 0; k < p; k++) delta = Math.max(delta, Math.abs(r1.x[k] - r2.x[k]));
    if (delta > 0.01) c = -1;
    conv[g] = c;
    let beta: Float64Array = Float64Array.from(r1.x);
    const gr = (b: Float64Array, out: Float64Array) => nbinomGrR(row, b, out);
    let cov: Float64Array | null = null;
    let ok = false;
    if (c === 0) {
      cov = invert(optimHess(beta, gr), p);
      ok = cov !== null && [...Array(p).keys()].every((k) => cov![k * p + k] > 0);
    }
    if (!ok) {
      // optimNbinom: R optim BFGS from the C++ fit, with cnst making f(init) = -1.
      const cn = -nbinomFnR(row, beta, 0) - 1;
      if (Number.isFinite(cn)) {
        const o = vmmin((b) => nbinomFnR(row, b, cn), gr, beta);
        beta = o.par;
        cov = invert(optimHess(beta, gr), p);
      } else {
        // R's optim() would stop with "initial value in 'vmmin' is not finite"; keep the
        // C++ estimate and report no SD for this row instead of failing the whole table.
        cov = null;
      }
    }
    for (let k = 0; k < p; k++) map[g * p + k] = beta[k];
    if (cov && [...Array(p).keys()].every((k) => cov![k * p + k] > 0)) {
      for (let k = 0; k < p; k++) sd[g * p + k] = Math.sqrt(cov[k * p + k]);
    }
  }
  return { map, sd, conv, priorScale, priorVar };
}

/**
 * Shrunken log2 fold changes with apeglm's adaptive Cauchy prior, as DESeq2's
 * `lfcShrink(dds, coef = ..., type = "apeglm")`: columns baseMean, log2FoldChange (MAP),
 * lfcSE (posterior SD), pvalue and padj (unshrunken test, alpha 0.1).
 *
 * @example
 * const shr = lfcShrinkApeglm(dds, { coef: "condition_nutlin_vs_dmso" });
 */
export function lfcShrinkApeglm(dds: DESeqDataSet, options: ApeglmOptions): DESeqResults {
  if (dds.weights) throw new InputError("not supported with weights: lfcShrink type apeglm (use type ashr, which shrinks the weighted results)", "lfcShrink");
  if (!dds.fit || !dds.map || !dds.geneEstimates) dds.nbinomWaldTest();
  const design = dds.design;
  const coef = design.columns.indexOf(options.coef);
  if (coef < 0) throw new InputError(`no coefficient "${options.coef}"; coefficients are ${design.columns.join(", ")}`, "lfcShrink");
  if (coef === 0) throw new InputError("apeglm cannot shrink the intercept", "lfcShrink");
  const res = dds.results({ contrast: { name: options.coef }, alpha: 0.1 });
  const lfc = res.column("log2FoldChange") as Float64Array;
  const lfcSE = res.column("lfcSE") as Float64Array;
  const n = dds.counts.nGenes;
  const m = dds.counts.nSamples;
  if (dds.normFactors) {
    throw new InputError("apeglm shrinkage with gene-specific normalisation factors is not available yet; use normal or ashr", "lfcShrink");
  }
  const sf = dds.sizeFactors!;
  const fit = apeglmFit({
    counts: dds.counts.values,
    nGenes: n,
    nSamples: m,
    design: design.matrix,
    offset: Float64Array.from(sf, (s) => Math.log(s)),
    dispersion: dds.map!.dispersion,
    coef,
    mle: Float64Array.from(lfc, (v) => Math.LN2 * v),
    mleSE: Float64Array.from(lfcSE, (v) => Math.LN2 * v),
    priorVar: options.priorVar,
  });
  const p = design.columns.length;
  const log2e = Math.LOG2E;
  const outLfc = new Float64Array(n);
  const outSE = new Float64Array(n);
  for (let g = 0; g < n; g++) {
    outLfc[g] = log2e * fit.map[g * p + coef];
    outSE[g] = log2e * fit.sd[g * p + coef];
  }
  const keep = ["baseMean", "log2FoldChange", "lfcSE", "pvalue", "padj"];
  const names: string[] = [];
  const columns: (Float64Array | string[])[] = [];
  res.names.forEach((name, i) => {
    if (name === "stat") return;
    if (!keep.includes(name) && res.columns[i] instanceof Float64Array) {
      // keep non-numeric identifier columns (gene_id); drop other numeric extras
      return;
    }
    names.push(name);
    columns.push(name === "log2FoldChange" ? outLfc : name === "lfcSE" ? outSE : (res.columns[i] as Float64Array | string[]));
  });
  const metadata = {
    ...res.metadata,
    contrast: `${res.metadata.contrast} (apeglm shrinkage)`,
    /** apeglm prior.control$prior.scale (natural-log scale). */
    priorScale: fit.priorScale,
    /** apeglm prior.control$prior.var. */
    priorVar: fit.priorVar,
  };
  return new DESeqResults(names, columns, metadata);
}
