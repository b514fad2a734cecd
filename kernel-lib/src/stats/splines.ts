/**
 * Natural cubic regression splines: a basis spanning the same column space as R's
 * `splines::ns(x, df, intercept = TRUE)` (interior knots at quantiles of x, boundary knots at
 * its range, linear beyond them). Built from the truncated-power form of Hastie, Tibshirani &
 * Friedman (Elements of Statistical Learning, 2nd ed., eq. 5.4-5.5) on x rescaled to [0, 1];
 * least-squares fits on it equal fits on `ns()` because only the span matters.
 */
import type { Matrix } from "./linalg";

/**
 * Sample quantile by linear interpolation between order statistics (R's default, type 7).
 *
 * @example
 * quantile7([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantile7(values: ArrayLike<number>, p: number, sorted = false): number {
  const s = sorted ? values : Float64Array.from(values).sort();
  const n = s.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** A natural-spline basis and how to evaluate it at new points. */
export interface NaturalSplineBasis {
  /** n x df basis matrix (row-major) at the given x. */
  basis: Matrix;
  /** Knots on the original scale: boundary, interior..., boundary. */
  knots: number[];
  /** Basis rows at new points (linear extrapolation outside the boundary knots). */
  evaluate(x: ArrayLike<number>): Matrix;
}

/**
 * Basis of natural cubic splines with `df` columns including the constant (as
 * `ns(x, df = df, intercept = TRUE)`): df - 2 interior knots at equally spaced quantiles.
 *
 * @example
 * naturalSplineBasis([1, 2, 3, 4, 5, 6, 7], 4).basis.cols; // 4
 */
export function naturalSplineBasis(x: ArrayLike<number>, df: number): NaturalSplineBasis {
  if (!(df >= 1) || !Number.isInteger(df)) throw new RangeError(`spline df must be a positive integer, got ${df}`);
  const sorted = Float64Array.from(x).sort();
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  const nInterior = Math.max(0, df - 2);
  const knots = [lo];
  for (let k = 1; k <= nInterior; k++) knots.push(quantile7(sorted, k / (nInterior + 1), true));
  knots.push(hi);
  const scale = hi > lo ? hi - lo : 1;
  const u = knots.map((k) => (k - lo) / scale);
  const K = u.length;
  const cube = (v: number) => (v > 0 ? v * v * v : 0);
  const d = (t: number, k: number) => (cube(t - u[k]) - cube(t - u[K - 1])) / (u[K - 1] - u[k]);
  const evaluate = (pts: ArrayLike<number>): Matrix => {
    const n = pts.length;
    const data = new Float64Array(n * df);
    for (let i = 0; i < n; i++) {
      const t = (pts[i] - lo) / scale;
      const row = i * df;
      data[row] = 1;
      if (df >= 2) data[row + 1] = t;
      if (df >= 3) {
        const dLast = d(t, K - 2);
        for (let k = 0; k < K - 2; k++) data[row + 2 + k] = d(t, k) - dLast;
      }
    }
    return { rows: n, cols: df, data };
  };
  return { basis: evaluate(x), knots, evaluate };
}
