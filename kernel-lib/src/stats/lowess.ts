/**
 * LOWESS scatterplot smoothing, numerically identical to R's `stats::lowess()`.
 *
 * Algorithm: W. S. Cleveland (1979), "Robust locally weighted regression and
 * smoothing scatterplots", JASA 74, 829-836, as implemented by R's C routine
 * `clowess` (src/library/stats/src/lowess.c): local linear fits with tricube
 * weights over a window of `max(2, min(n, trunc(f * n + 1e-7)))` nearest points,
 * `iter` robustness passes with bisquare weights scaled by six times the median
 * absolute residual, and the `delta` shortcut (points closer than `delta` to the
 * last fitted point are linearly interpolated instead of fitted). This is an
 * independent TypeScript implementation that follows the same order of floating
 * point operations, so results agree with R to the last bit on IEEE doubles.
 */
import { selectInPlace } from "./select";
import { argsort } from "./argsort";

/** Options of {@link lowess}; defaults are R's. */
export interface LowessOptions {
  /** Smoother span: the fraction of points in each local fit (R default 2/3). Finite and > 0. */
  f?: number;
  /** Number of robustness iterations (R default 3). Truncated to an integer like R's asInteger; must be >= 0. */
  iter?: number;
  /**
   * Interpolation distance: fits are skipped for points within `delta` of the last
   * fitted x (R default `0.01 * diff(range(x))`). Finite and >= 0.
   */
  delta?: number;
}

/** The smooth: `x` sorted ascending (ties kept in input order) and the fitted `y`. */
export interface LowessResult {
  x: Float64Array;
  y: Float64Array;
}

/**
 * Local weighted linear fit at `xs` using points nleft..nright (0-based, inclusive),
 * extended to the right over ties, each point weighted by its robustness weight `rw` (ones in
 * the first pass). Weights are written into `w`. Returns the fitted
 * value, or null when all weights are zero (the caller then keeps the observed y).
 */
function localFit(
  x: Float64Array,
  y: Float64Array,
  n: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  rw: Float64Array,
): number | null {
  const range = x[n - 1] - x[0];
  const h = Math.max(xs - x[nleft], x[nright] - xs);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  // tricube weights; the loop runs past nright to collect points tied with x[nright]
  let total = 0;
  let j = nleft;
  // (the robustness weights are ones in the first pass, where R leaves them out: multiplying by
  // one changes no bit, and one loop for every pass keeps V8 from recompiling it when the
  // robust passes begin)
  while (j < n) {
    w[j] = 0;
    const r = Math.abs(x[j] - xs);
    if (r <= h9) {
      if (r <= h1) {
        w[j] = rw[j];
      } else {
        const q = r / h;
        const t = 1 - q * q * q;
        w[j] = t * t * t * rw[j];
      }
      total += w[j];
    } else if (x[j] > xs) {
      break;
    }
    j++;
  }
  const last = j - 1;
  if (total <= 0) return null;
  // R's passes fused where each sum still sees the same values in the same order:
  // normalising the weights with the weighted mean of x, the slope correction with the fit.
  let mean = 0;
  for (let k = nleft; k <= last; k++) {
    const wk = w[k] / total;
    w[k] = wk;
    mean += wk * x[k];
  }
  let fit = 0;
  if (h > 0) {
    // the slope correction when x is spread enough
    let b = xs - mean;
    let c = 0;
    for (let k = nleft; k <= last; k++) {
      const d = x[k] - mean;
      c += w[k] * (d * d);
    }
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (let k = nleft; k <= last; k++) fit += w[k] * (b * (x[k] - mean) + 1) * y[k];
      return fit;
    }
  }
  for (let k = nleft; k <= last; k++) fit += w[k] * y[k];
  return fit;
}

/** The core smoother on x already sorted ascending (R's clowess). */
function smoothSorted(x: Float64Array, y: Float64Array, f: number, nsteps: number, delta: number): Float64Array {
  const n = x.length;
  const ys = new Float64Array(n);
  if (n < 2) {
    ys[0] = y[0];
    return ys;
  }
  const rw = new Float64Array(n).fill(1);
  const res = new Float64Array(n);
  // window size: at least two, at most n points (C int truncation of f*n + 1e-7)
  const ns = Math.max(2, Math.min(n, Math.trunc(f * n + 1e-7)));

  for (let iter = 1; iter <= nsteps + 1; iter++) {
    let nleft = 0;
    let nright = ns - 1;
    let last = -1; // index of the previously fitted point
    let i = 0; // index of the current point
    for (;;) {
      if (nright < n - 1) {
        // slide the window right while that does not widen the radius
        const d1 = x[i] - x[nleft];
        const d2 = x[nright + 1] - x[i];
        if (d1 > d2) {
          nleft++;
          nright++;
          continue;
        }
      }
      const fit = localFit(x, y, n, x[i], nleft, nright, res, rw);
      ys[i] = fit === null ? y[i] : fit;
      if (last < i - 1) {
        // interpolate the points skipped by the delta shortcut
        const denom = x[i] - x[last];
        for (let j = last + 1; j < i; j++) {
          const alpha = (x[j] - x[last]) / denom;
          ys[j] = alpha * ys[i] + (1 - alpha) * ys[last];
        }
      }
      last = i;
      const cut = x[last] + delta;
      for (i = last + 1; i < n; i++) {
        if (x[i] > cut) break;
        if (x[i] === x[last]) {
          ys[i] = ys[last];
          last = i;
        }
      }
      i = Math.max(last + 1, i - 1);
      if (last >= n - 1) break;
    }

    for (let k = 0; k < n; k++) res[k] = y[k] - ys[k];
    let sc = 0;
    for (let k = 0; k < n; k++) sc += Math.abs(res[k]);
    sc /= n;
    if (iter > nsteps) break;

    // robustness weights: bisquare of |residual| / (6 * median |residual|)
    // (the order statistics by selection: the values R's partial sort picks)
    const abs = new Float64Array(n);
    for (let k = 0; k < n; k++) abs[k] = Math.abs(res[k]);
    const m1 = Math.floor(n / 2);
    const a1 = selectInPlace(abs, 0, n - 1, m1);
    let cmad: number;
    if (n % 2 === 0) {
      // the largest value below position m1, now all in abs[0 .. m1 - 1]
      let a2 = abs[0];
      for (let k = 1; k < m1; k++) if (abs[k] > a2) a2 = abs[k];
      cmad = 3 * (a1 + a2);
    } else {
      cmad = 6 * a1;
    }
    if (cmad < 1e-7 * sc) break; // residuals effectively zero: stop iterating
    const c9 = 0.999 * cmad;
    const c1 = 0.001 * cmad;
    for (let k = 0; k < n; k++) {
      const r = Math.abs(res[k]);
      if (r <= c1) {
        rw[k] = 1;
      } else if (r <= c9) {
        const q = r / cmad;
        const t = 1 - q * q;
        rw[k] = t * t;
      } else {
        rw[k] = 0;
      }
    }
  }
  return ys;
}

/**
 * Robust locally weighted scatterplot smoothing, equal to R's
 * `lowess(x, y, f = 2/3, iter = 3, delta = 0.01 * diff(range(x)))`.
 *
 * Points are first ordered by x (a stable sort, as R's `order()`), and the result
 * is returned in that order. Implements Cleveland (1979) exactly as R's C routine
 * `clowess`: tricube neighbourhood weights, ties at the window edge all included,
 * linear interpolation for points within `delta` of the last fitted point, and
 * `iter` bisquare robustness passes with scale 6 * median(|residual|) that stop
 * early when that scale is below 1e-7 times the mean absolute residual.
 *
 * @param x - Predictor values (finite).
 * @param y - Responses (finite), same length as `x`.
 * @param options - `f` (span, default 2/3), `iter` (default 3), `delta` (default 1% of the x range).
 * @returns `{ x, y }`: sorted x and the smoothed values.
 * @throws RangeError on empty or mismatched input, non-finite values, or invalid options.
 *
 * @example
 * const fit = lowess([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [2, 4, 3, 6, 5, 8, 30, 9, 11, 10], { f: 0.5 });
 * fit.x; // Float64Array [1, 2, ..., 10]
 * fit.y; // the robust smooth, the outlier at x = 7 downweighted, as R's lowess(x, y, f = 0.5)
 */
export function lowess(x: ArrayLike<number>, y: ArrayLike<number>, options: LowessOptions = {}): LowessResult {
  const n = x.length;
  if (n === 0) throw new RangeError("lowess: x is empty");
  if (y.length !== n) throw new RangeError(`lowess: x and y differ in length (${n} and ${y.length})`);
  const f = options.f ?? 2 / 3;
  if (!Number.isFinite(f) || f <= 0) throw new RangeError(`lowess: f must be finite and > 0, got ${f}`);
  const iterRaw = options.iter ?? 3;
  if (!Number.isFinite(iterRaw) || iterRaw < 0) {
    throw new RangeError(`lowess: iter must be a finite number >= 0, got ${iterRaw}`);
  }
  const iter = Math.trunc(iterRaw);
  let xmin = Infinity;
  let xmax = -Infinity;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const yi = y[i];
    if (!Number.isFinite(xi)) throw new RangeError(`lowess: x[${i}] is not finite (${xi})`);
    if (!Number.isFinite(yi)) throw new RangeError(`lowess: y[${i}] is not finite (${yi})`);
    if (xi < xmin) xmin = xi;
    if (xi > xmax) xmax = xi;
  }
  const delta = options.delta ?? 0.01 * (xmax - xmin);
  if (!Number.isFinite(delta) || delta < 0) {
    throw new RangeError(`lowess: delta must be finite and >= 0, got ${delta}`);
  }
  // stable ordering by x (a radix sort: the same order as sorting by x, ties by index)
  const order = argsort(x, Uint32Array.from({ length: n }, (_, i) => i));
  const xs = new Float64Array(n);
  const yv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = x[order[i]];
    yv[i] = y[order[i]];
  }
  return { x: xs, y: smoothSorted(xs, yv, f, iter, delta) };
}
