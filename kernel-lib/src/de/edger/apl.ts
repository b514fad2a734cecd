/**
 * edgeR's adjusted profile log-likelihood of the NB dispersion (`adjustedProfileLik`; McCarthy,
 * Chen & Smyth 2012, NAR 40:4288): the NB log-likelihood at the fitted means, minus the
 * Cox-Reid term half log det(X' W X) with working weights w = mu / (1 + phi mu). The
 * determinant comes from the diagonal of a Bunch-Kaufman LDL' factorisation (LAPACK dsytf2,
 * upper, as edgeR calls dsytrf), each entry floored at 1e-10, so near-singular designs (a group
 * of zero means) are treated as edgeR treats them.
 */
import { rLgamma } from "../../stats/rmath";

const LOW = 1e-10;
const LOG_LOW = Math.log(LOW);
const ALPHA_BK = (1 + Math.sqrt(17)) / 8;

/** Bunch-Kaufman LDL' (dsytf2, upper) of a column-major p x p matrix, in place. */
export function bunchKaufmanUpper(a: Float64Array, n: number): void {
  const A = (i: number, j: number) => a[j * n + i];
  const set = (i: number, j: number, v: number) => {
    a[j * n + i] = v;
  };
  let k = n - 1;
  while (k >= 0) {
    let kstep = 1;
    let kp = k;
    const absakk = Math.abs(A(k, k));
    let imax = 0;
    let colmax = 0;
    if (k > 0) {
      let m = Math.abs(A(0, k));
      for (let i = 1; i < k; i++) {
        const v = Math.abs(A(i, k));
        if (v > m) {
          m = v;
          imax = i;
        }
      }
      colmax = m;
    }
    if (!(Math.max(absakk, colmax) === 0 || Number.isNaN(absakk))) {
      if (absakk < ALPHA_BK * colmax) {
        let rowmax = Math.abs(A(imax, imax + 1));
        for (let j = imax + 2; j <= k; j++) rowmax = Math.max(rowmax, Math.abs(A(imax, j)));
        for (let i = 0; i < imax; i++) rowmax = Math.max(rowmax, Math.abs(A(i, imax)));
        if (absakk >= ALPHA_BK * colmax * (colmax / rowmax)) kp = k;
        else if (Math.abs(A(imax, imax)) >= ALPHA_BK * rowmax) kp = imax;
        else {
          kp = imax;
          kstep = 2;
        }
      }
      const kk = k - kstep + 1;
      if (kp !== kk) {
        for (let i = 0; i < kp; i++) {
          const t = A(i, kk);
          set(i, kk, A(i, kp));
          set(i, kp, t);
        }
        for (let j = 0; j < kk - kp - 1; j++) {
          const t = A(kp + 1 + j, kk);
          set(kp + 1 + j, kk, A(kp, kp + 1 + j));
          set(kp, kp + 1 + j, t);
        }
        let t = A(kk, kk);
        set(kk, kk, A(kp, kp));
        set(kp, kp, t);
        if (kstep === 2) {
          t = A(k - 1, k);
          set(k - 1, k, A(kp, k));
          set(kp, k, t);
        }
      }
      if (kstep === 1) {
        const r1 = 1 / A(k, k);
        for (let j = 0; j < k; j++) {
          const xj = A(j, k);
          if (xj !== 0) {
            const temp = -r1 * xj;
            for (let i = 0; i <= j; i++) set(i, j, A(i, j) + A(i, k) * temp);
          }
        }
        for (let i = 0; i < k; i++) set(i, k, r1 * A(i, k));
      } else if (k > 1) {
        let d12 = A(k - 1, k);
        const d22 = A(k - 1, k - 1) / d12;
        const d11 = A(k, k) / d12;
        const t = 1 / (d11 * d22 - 1);
        d12 = t / d12;
        for (let j = k - 2; j >= 0; j--) {
          const wkm1 = d12 * (d11 * A(j, k - 1) - A(j, k));
          const wk = d12 * (d22 * A(j, k) - A(j, k - 1));
          for (let i = j; i >= 0; i--) set(i, j, A(i, j) - A(i, k) * wk - A(i, k - 1) * wkm1);
          set(j, k, wk);
          set(j, k - 1, wkm1);
        }
      }
    }
    k -= kstep;
  }
}

/**
 * One gene's adjusted profile log-likelihood. `design` is samples x p row-major over the
 * samples listed in `cols` (the caller's subset); y, mu, dispersion are indexed by `cols`.
 *
 * `lgammaY1` (lgamma(y_j + 1), indexed like y), `lgammaR` (lgamma(1/dispersion)) and
 * `lgammaYR` (lgamma(k + 1/dispersion) for integers k below its length) may be passed
 * precomputed when the same gene or dispersion is evaluated many times, and `logMu` (log of
 * the fitted means, indexed like mu) when the caller has it.
 *
 * @example
 * adjustedProfileLik(y, mu, 0.05, design, p, cols);
 */
export function adjustedProfileLik(
  y: ArrayLike<number>,
  mu: ArrayLike<number>,
  dispersion: number,
  design: ArrayLike<number>,
  p: number,
  cols: ArrayLike<number>,
  adjust = true,
  work?: { w: Float64Array; a: Float64Array },
  lgammaY1?: Float64Array,
  lgammaR?: number,
  lgammaYR?: Float64Array,
  logMu?: Float64Array,
): number {
  const n = cols.length;
  const w = work?.w ?? new Float64Array(n);
  let ll = 0;
  const r = dispersion > 0 ? 1 / dispersion : 0;
  const lgr = dispersion > 0 ? (lgammaR ?? rLgamma(r)) : 0;
  const rlogr = dispersion > 0 ? r * Math.log(r) : 0;
  for (let k = 0; k < n; k++) {
    const j = cols[k];
    const m = mu[j];
    if (m === 0) {
      w[k] = 0;
      continue;
    }
    const yy = y[j];
    if (dispersion > 0) {
      const logmur = Math.log(m + r);
      const lg1 = lgammaY1 ? lgammaY1[j] : rLgamma(yy + 1);
      const lgyr = lgammaYR && yy < lgammaYR.length && yy === Math.floor(yy) ? lgammaYR[yy] : rLgamma(yy + r);
      ll += yy * (logMu ? logMu[j] : Math.log(m)) - yy * logmur + rlogr - r * logmur + lgyr - lg1 - lgr;
    } else ll += yy * Math.log(m) - m - (lgammaY1 ? lgammaY1[j] : rLgamma(yy + 1));
    w[k] = m / (1 + dispersion * m);
  }
  if (!adjust) return ll;
  if (p === 1) {
    let s = 0;
    for (let k = 0; k < n; k++) s += w[k];
    return ll - Math.log(Math.abs(s)) / 2;
  }
  const a = work?.a ?? new Float64Array(p * p);
  for (let c1 = 0; c1 < p; c1++) {
    for (let c2 = 0; c2 <= c1; c2++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += design[k * p + c1] * design[k * p + c2] * w[k];
      a[c1 * p + c2] = s;
    }
  }
  bunchKaufmanUpper(a, p);
  let logdet = 0;
  for (let i = 0; i < p; i++) {
    const v = a[i * p + i];
    logdet += v < LOW || !Number.isFinite(v) ? LOG_LOW : Math.log(v);
  }
  return ll - logdet / 2;
}

/**
 * Half the log-determinant of X'WX as edgeR takes it: the diagonal of its Bunch-Kaufman factor,
 * each entry floored at 1e-10 (`a`: column-major upper triangle, overwritten).
 */
export function coxReidHalfLogDet(a: Float64Array, p: number): number {
  bunchKaufmanUpper(a, p);
  let logdet = 0;
  for (let i = 0; i < p; i++) {
    const v = a[i * p + i];
    logdet += v < LOW || !Number.isFinite(v) ? LOG_LOW : Math.log(v);
  }
  return logdet / 2;
}
