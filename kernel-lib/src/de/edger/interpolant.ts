/**
 * edgeR's `maximizeInterpolant`: the maximiser of a cubic spline through log-likelihoods
 * evaluated on a grid (the Forsythe-Malcolm-Moler spline of R's `spline(method = "fmm")`,
 * whose end conditions match the third derivatives of cubics through the four end points).
 * The maximum is the best grid point, or a stationary point of the spline on either adjacent
 * interval when that is higher.
 */

/** fmm spline coefficients: segment i is y_i + b_i t + c_i t^2 + d_i t^3 with t = u - x_i. */
export function fmmSpline(x: ArrayLike<number>, y: ArrayLike<number>, buffers?: { b: Float64Array; c: Float64Array; d: Float64Array }): { b: Float64Array; c: Float64Array; d: Float64Array } {
  const n = x.length;
  const b = buffers?.b ?? new Float64Array(n);
  const c = buffers?.c ?? new Float64Array(n);
  const d = buffers?.d ?? new Float64Array(n);
  if (buffers) {
    b.fill(0);
    c.fill(0);
    d.fill(0);
  }
  if (n < 2) return { b, c, d };
  if (n < 3) {
    const slope = (y[1] - y[0]) / (x[1] - x[0]);
    b[0] = slope;
    b[1] = slope;
    return { b, c, d };
  }
  const last = n - 1;
  // the tridiagonal solve for c (grid-only parts, then the row's), then the coefficients
  const plan = splinePlan(x);
  splineC(plan, y, c);
  d.set(plan.d);
  b[last] = (y[last] - y[last - 1]) / d[last - 1] + d[last - 1] * (c[last - 1] + 2 * c[last]);
  for (let i = 0; i < last; i++) {
    b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2 * c[i]);
    d[i] = (c[i + 1] - c[i]) / d[i];
    c[i] = 3 * c[i];
  }
  c[last] = 3 * c[last];
  d[last] = d[last - 1];
  return { b, c, d };
}

/**
 * The parts of the fmm spline that depend on the grid only (interval widths, the eliminated
 * diagonal and multipliers of the tridiagonal solve), computed as {@link fmmSpline} computes
 * them, for many rows on one grid.
 */
interface SplinePlan {
  x: ArrayLike<number>;
  d: Float64Array;
  diag: Float64Array;
  mult: Float64Array;
}

function splinePlan(x: ArrayLike<number>): SplinePlan {
  const n = x.length;
  const last = n - 1;
  const d = new Float64Array(n);
  const diag = new Float64Array(n);
  const mult = new Float64Array(n);
  d[0] = x[1] - x[0];
  for (let i = 1; i < last; i++) {
    d[i] = x[i + 1] - x[i];
    diag[i] = 2 * (d[i - 1] + d[i]);
  }
  diag[0] = -d[0];
  diag[last] = -d[last - 1];
  for (let i = 1; i <= last; i++) {
    const t = d[i - 1] / diag[i - 1];
    mult[i] = t;
    diag[i] -= t * d[i - 1];
  }
  return { x, d, diag, mult };
}

/**
 * The spline's second-derivative terms c (before fmmSpline's final scaling) for one row (y from
 * `off`), with the operations of {@link fmmSpline} on y in the same order (n >= 3).
 */
function splineC(plan: SplinePlan, y: ArrayLike<number>, c: Float64Array, off = 0): void {
  const { x, d, diag, mult } = plan;
  const n = x.length;
  const last = n - 1;
  c[1] = (y[off + 1] - y[off]) / d[0];
  for (let i = 1; i < last; i++) {
    c[i + 1] = (y[off + i + 1] - y[off + i]) / d[i];
    c[i] = c[i + 1] - c[i];
  }
  c[0] = 0;
  c[last] = 0;
  if (n > 3) {
    const c0 = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0]);
    const cn = c[last - 1] / (x[last] - x[last - 2]) - c[last - 2] / (x[last - 1] - x[last - 3]);
    c[0] = (c0 * d[0] * d[0]) / (x[3] - x[0]);
    c[last] = (-cn * d[last - 1] * d[last - 1]) / (x[last] - x[last - 3]);
  }
  for (let i = 1; i <= last; i++) c[i] -= mult[i] * c[i - 1];
  c[last] /= diag[last];
  for (let i = last - 1; i >= 0; i--) c[i] = (c[i] - d[i] * c[i + 1]) / diag[i];
}

/**
 * The x maximising the fmm spline through (x, y); x sorted and distinct.
 *
 * @example
 * maximizeSpline([-1, 0, 1, 2], [-1, 0, -1, -4]); // 0 (up to spline shape)
 */
export function maximizeSpline(x: ArrayLike<number>, y: ArrayLike<number>, buffers?: { b: Float64Array; c: Float64Array; d: Float64Array }): number {
  const n = x.length;
  const bufs = buffers ?? { b: new Float64Array(n), c: new Float64Array(n), d: new Float64Array(n) };
  return maximizeWith(n < 3 ? null : splinePlan(x), x, y, 0, bufs);
}

/**
 * {@link maximizeSpline} of the row y[off .. off + n - 1] with the grid's plan (null: through
 * {@link fmmSpline}). Written without closures, tuples or views: it runs once per gene.
 */
function maximizeWith(plan: SplinePlan | null, x: ArrayLike<number>, y: ArrayLike<number>, off: number, buffers: { b: Float64Array; c: Float64Array; d: Float64Array }): number {
  const n = x.length;
  let best = -Infinity;
  let at = -1;
  for (let i = 0; i < n; i++) {
    if (at < 0 || y[off + i] > best) {
      best = y[off + i];
      at = i;
    }
  }
  let xmax = x[at];
  const c = buffers.c;
  if (plan) splineC(plan, y, c, off);
  else fmmSpline(x, off === 0 ? y : Array.from({ length: n }, (_, i) => y[off + i]), buffers);
  // the cubics y_s + B t + C t^2 + D t^3 of the two segments beside the best grid point (with a
  // plan, fmmSpline's final coefficients computed for these two only)
  for (let s = at - 1; s <= at; s++) {
    if (s < 0 || s >= n - 1) continue;
    let bs: number, cs: number, ds: number;
    if (plan) {
      const d = plan.d;
      bs = (y[off + s + 1] - y[off + s]) / d[s] - d[s] * (c[s + 1] + 2 * c[s]);
      cs = 3 * c[s];
      ds = (c[s + 1] - c[s]) / d[s];
    } else {
      bs = buffers.b[s];
      cs = c[s];
      ds = buffers.d[s];
    }
    // smaller root of 3 d t^2 + 2 c t + b = 0
    const A = 3 * ds;
    const B = 2 * cs;
    const disc = B * B - 4 * A * bs;
    if (disc < 0) continue;
    const t = -B / (2 * A) - Math.sqrt(disc) / (2 * A);
    if (t > 0 && t < x[s + 1] - x[s]) {
      const val = ((ds * t + cs) * t + bs) * t + y[off + s];
      if (val > best) {
        best = val;
        xmax = t + x[s];
      }
    }
  }
  return xmax;
}

/**
 * Row-wise maximisers for a genes x grid matrix (gene-major) on grid `x`.
 *
 * @example
 * maximizeInterpolant(grid, loglik, nGenes);
 */
export function maximizeInterpolant(x: ArrayLike<number>, values: Float64Array, nRows: number): Float64Array {
  const k = x.length;
  if (k < 2) throw new RangeError("maximizeInterpolant needs at least two grid points");
  for (let i = 1; i < k; i++) if (!(x[i] > x[i - 1])) throw new RangeError("grid points must be unique and sorted");
  const out = new Float64Array(nRows);
  const buffers = { b: new Float64Array(k), c: new Float64Array(k), d: new Float64Array(k) };
  const plan = k < 3 ? null : splinePlan(x);
  for (let r = 0; r < nRows; r++) out[r] = maximizeWith(plan, x, values, r * k, buffers);
  return out;
}
