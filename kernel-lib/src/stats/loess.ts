/**
 * One-predictor loess as R's `loess(y ~ x, span, degree, family = "gaussian",
 * surface = "interpolate")` and `predict(fit, newx)`: Cleveland, Grosse & Shyu's
 * k-d tree and blending method (the `dloess` Fortran that R ships in
 * `src/library/stats/src/loessf.f`), specialised to one dimension.
 *
 * How R computes it (and so how this file does):
 * 1. A bounding interval: the data range widened by 0.5% of its width on each side
 *    (`ehg126`).
 * 2. A k-d tree over the data: a cell holding more than fc = floor(n * span * cell) points is
 *    cut at the median of its x values (order statistic floor((l + u) / 2) of the cell's
 *    points l..u), moved to the nearest gap between distinct values when the median is tied,
 *    searching alternately above and below; a cell whose cut would fall on one of its ends
 *    stays a leaf (`ehg124`, with Floyd & Rivest's selection `ehg106`). The cell ends are the
 *    tree's vertices.
 * 3. At every vertex v a local regression (`ehg127`): the q = floor(n * span) points nearest
 *    v, tricube weights (1 - (d / D)^3)^3 with D^2 = (q-th smallest squared distance) *
 *    max(1, span) (so the q-th point itself gets weight 0), a weighted least-squares fit of
 *    1, (x - v), (x - v)^2 (up to `degree`) solved through Householder QR of the column-scaled
 *    design and the pseudo-inverse of its triangular factor from LINPACK's SVD (singular
 *    values below 100 * machine epsilon * the largest are dropped). The fit gives the value and the slope
 *    of the local polynomial at v.
 * 4. Between two vertices the surface is the cubic Hermite interpolant of those values and
 *    slopes (`ehg128`). R returns NA outside the range of the data; so does this (NaN).
 *
 * The operation order follows the Fortran, R's modified LINPACK (`dqrdc`, `dqrsl`, `dsvdc`)
 * and the reference BLAS 3.11 it calls (`dnrm2`, `drotg` with Anderson's scaling), so fitted
 * values and predictions are the same doubles R computes, not merely close to them.
 *
 * References: Cleveland, W. S. and Grosse, E. (1991), Computational methods for local
 * regression, Statistics and Computing 1, 47-62; Cleveland, Grosse & Shyu (1992), Local
 * regression models, in Statistical Models in S, ch. 8.
 */

/** Options of `loess1d`. */
export interface Loess1dOptions {
  /** Fraction of the points in each local neighbourhood (R's `span`, default 0.75). */
  span?: number;
  /** Degree of the local polynomials, 0, 1 or 2 (R's `degree`, default 2). */
  degree?: 0 | 1 | 2;
  /** Cells of the k-d tree hold at most floor(n * span * cell) points (R's `cell`, default 0.2). */
  cell?: number;
  /** Prior weights (R's `weights`, default all 1). */
  weights?: ArrayLike<number>;
}

/** A fitted one-predictor loess surface. */
export interface Loess1dFit {
  /** Number of observations. */
  n: number;
  /** The neighbourhood size q = floor(n * span). */
  q: number;
  /** Fitted values at the data points (R's `fitted(fit)`). */
  fitted: Float64Array;
  /** Vertices of the k-d tree in increasing order. */
  vertices: Float64Array;
  /** Local-fit value at each vertex (same order as `vertices`). */
  vertexValues: Float64Array;
  /** Local-fit slope at each vertex (same order as `vertices`). */
  vertexSlopes: Float64Array;
  /**
   * The surface at new x values, as R's `predict(fit, newx)`; NaN outside the range of the
   * data (R's NA).
   */
  predict(xnew: ArrayLike<number>): Float64Array;
}

const MACHEP = 2.220446049250313e-16; // d1mach(4)
const TSML = Math.pow(2, -511); // dnrm2 thresholds of the reference BLAS (LAPACK 3.10+)
const TBIG = Math.pow(2, 486);

/**
 * Euclidean norm of v[off .. off+len), as the reference BLAS `dnrm2` (3.10 and later) for
 * moderate entries: the plain sum of squares in order, then one square root. Entries beyond
 * its safe range (none in loess practice) fall back to a scaled evaluation.
 */
function dnrm2(v: Float64Array, off: number, len: number): number {
  let amed = 0;
  for (let i = off; i < off + len; i++) {
    const ax = Math.abs(v[i]);
    if (ax > TBIG || (ax < TSML && ax !== 0)) return scaledNorm(v, off, len);
    amed += ax * ax;
  }
  return Math.sqrt(amed);
}

function scaledNorm(v: Float64Array, off: number, len: number): number {
  let scale = 0;
  for (let i = off; i < off + len; i++) scale = Math.max(scale, Math.abs(v[i]));
  if (scale === 0) return 0;
  let s = 0;
  for (let i = off; i < off + len; i++) {
    const t = v[i] / scale;
    s += t * t;
  }
  return scale * Math.sqrt(s);
}

/**
 * Floyd & Rivest's selection (CACM 1975, Algorithm 489, without the sampling step), as
 * loess's `ehg106`: permutes pi[il..ir] so that p[pi[k]] is the (k - il + 1)-th smallest of
 * p[pi[il..ir]], the ones before it no larger and the ones after no smaller. The exact swap
 * sequence matters (the permutation is kept between calls), so it is reproduced.
 */
function select(il: number, ir: number, k: number, p: Float64Array, pi: Int32Array): void {
  let l = il;
  let r = ir;
  let s: number;
  while (l < r) {
    const t = p[pi[k]];
    let i = l;
    let j = r;
    s = pi[l];
    pi[l] = pi[k];
    pi[k] = s;
    if (t < p[pi[r]]) {
      s = pi[l];
      pi[l] = pi[r];
      pi[r] = s;
    }
    while (i < j) {
      s = pi[i];
      pi[i] = pi[j];
      pi[j] = s;
      i++;
      j--;
      while (p[pi[i]] < t) i++;
      while (t < p[pi[j]]) j--;
    }
    if (p[pi[l]] === t) {
      s = pi[l];
      pi[l] = pi[j];
      pi[j] = s;
    } else {
      j++;
      s = pi[r];
      pi[r] = pi[j];
      pi[j] = s;
    }
    if (j <= k) l = j + 1;
    if (k <= j) r = j - 1;
  }
}

/** The k-d tree of `ehg124` in one dimension. */
interface KdTree {
  /** Vertex coordinates, in creation order (lower end, upper end, then cut points). */
  v: Float64Array;
  nv: number;
  /** Per cell: 0 for a leaf, else 1 (the split dimension). */
  a: Int32Array;
  /** Per cell: the cut point. */
  xi: Float64Array;
  lo: Int32Array;
  hi: Int32Array;
  /** Per cell: its lower and upper vertex. */
  cLow: Int32Array;
  cHigh: Int32Array;
  nc: number;
}

function buildTree(x: Float64Array, fc: number, nvmax: number): KdTree {
  const n = x.length;
  const ncmax = nvmax;
  // bounding box (ehg126)
  let alpha = Number.MAX_VALUE;
  let beta = -Number.MAX_VALUE;
  for (let i = 0; i < n; i++) {
    alpha = Math.min(alpha, x[i]);
    beta = Math.max(beta, x[i]);
  }
  const mu = 0.005 * Math.max(beta - alpha, 1e-10 * Math.max(Math.abs(alpha), Math.abs(beta)) + 1e-30);
  const v = new Float64Array(nvmax);
  v[0] = alpha - mu;
  v[1] = beta + mu;
  let nv = 2;
  const a = new Int32Array(ncmax);
  const xi = new Float64Array(ncmax);
  const lo = new Int32Array(ncmax);
  const hi = new Int32Array(ncmax);
  const cLow = new Int32Array(ncmax);
  const cHigh = new Int32Array(ncmax);
  const pi = new Int32Array(n);
  for (let i = 0; i < n; i++) pi[i] = i;
  let nc = 1;
  cLow[0] = 0;
  cHigh[0] = 1;
  // cells are processed in creation order; lo/hi hold a cell's point range until it is cut
  lo[0] = 0;
  hi[0] = n - 1;
  const fd = 0; // v(3) = 0 in R's call: no minimum cell diameter
  for (let p = 0; p < nc; p++) {
    const l = lo[p];
    const u = hi[p];
    const diag = v[cHigh[p]] - v[cLow[p]];
    const diam = Math.sqrt(diag * diag);
    let leaf = u - l + 1 <= fc || diam <= fd || ncmax < nc + 2 || nvmax < nv + 1;
    let m = 0;
    if (!leaf) {
      m = Math.floor((l + u) / 2);
      select(l, u, m, x, pi);
      // all ties go with the high son: look for the nearest gap between distinct values
      let offset = 0;
      while (m + offset < u && m + offset >= l) {
        if (offset < 0) {
          select(l, m + offset, m + offset, x, pi);
        } else {
          select(m + offset + 1, u, m + offset + 1, x, pi);
        }
        if (x[pi[m + offset]] === x[pi[m + offset + 1]]) {
          offset = -offset;
          if (offset >= 0) offset++;
        } else {
          m += offset;
          break;
        }
      }
      const cut = x[pi[m]];
      leaf = v[cLow[p]] === cut || v[cHigh[p]] === cut;
    }
    if (leaf) {
      a[p] = 0;
    } else {
      const cut = x[pi[m]];
      a[p] = 1;
      xi[p] = cut;
      const left = nc;
      const right = nc + 1;
      nc += 2;
      lo[p] = left;
      hi[p] = right;
      lo[left] = l;
      hi[left] = m;
      lo[right] = m + 1;
      hi[right] = u;
      // new vertex at the cut unless it already exists (ehg125)
      let vid = -1;
      for (let j = 0; j < nv; j++) {
        if (v[j] === cut) {
          vid = j;
          break;
        }
      }
      if (vid < 0) {
        vid = nv;
        v[nv++] = cut;
      }
      cLow[left] = cLow[p];
      cHigh[left] = vid;
      cLow[right] = vid;
      cHigh[right] = cHigh[p];
    }
  }
  return { v, nv, a, xi, lo, hi, cLow, cHigh, nc };
}

/**
 * Givens rotation as the reference BLAS `drotg` of LAPACK 3.10 and later (Anderson's safe
 * scaling): returns [r, c, s] with c a + s b = r and -s a + c b = 0.
 */
const SAFMIN = Math.pow(2, -1022);
const SAFMAX = Math.pow(2, 1023);
function drotg(a: number, b: number, out: Float64Array): void {
  const anorm = Math.abs(a);
  const bnorm = Math.abs(b);
  if (bnorm === 0) {
    out[0] = a;
    out[1] = 1;
    out[2] = 0;
  } else if (anorm === 0) {
    out[0] = b;
    out[1] = 0;
    out[2] = 1;
  } else {
    const scl = Math.min(SAFMAX, Math.max(SAFMIN, anorm, bnorm));
    const sigma = anorm > bnorm ? (a < 0 ? -1 : 1) : b < 0 ? -1 : 1;
    const as = a / scl;
    const bs = b / scl;
    const r = sigma * (scl * Math.sqrt(as * as + bs * bs));
    out[0] = r;
    out[1] = a / r;
    out[2] = b / r;
  }
}

/** Apply a plane rotation to columns cx and cy (length len) of X (BLAS `drot`). */
function drot(X: Float64Array, cx: number, cy: number, len: number, c: number, s: number): void {
  for (let i = 0; i < len; i++) {
    const t = c * X[cx + i] + s * X[cy + i];
    X[cy + i] = c * X[cy + i] - s * X[cx + i];
    X[cx + i] = t;
  }
}

/**
 * Singular value decomposition of a square k x k matrix, a port of LINPACK's `dsvdc`
 * (G. W. Stewart, 1978; the copy in R's src/appl) for job = 21, the call loess makes:
 * Householder bidiagonalisation, then implicitly shifted QR sweeps with Givens rotations.
 * X (column-major k x k) is overwritten by the left singular vectors U (loess passes the same
 * array for both); V receives the right singular vectors; s the singular values, decreasing.
 */
function dsvdc(X: Float64Array, k: number, s: Float64Array, V: Float64Array): void {
  const n = k;
  const p = k;
  const ld = k;
  const e = new Float64Array(p + 1); // 1-based below
  const S = new Float64Array(p + 2);
  const work = new Float64Array(n + 1);
  const rot = new Float64Array(3);
  // 1-based element access: x(i, j) = X[(j - 1) * ld + i - 1]
  const ix = (i: number, j: number) => (j - 1) * ld + i - 1;
  const maxit = 30;
  const ncu = Math.min(n, p);
  const nct = Math.min(n - 1, p);
  const nrt = Math.max(0, Math.min(p - 2, n));
  const lu = Math.max(nct, nrt);
  // reduce to bidiagonal form
  for (let l = 1; l <= lu; l++) {
    const lp1 = l + 1;
    if (l <= nct) {
      let sl = dnrm2(X, ix(l, l), n - l + 1);
      if (sl !== 0) {
        if (X[ix(l, l)] !== 0) sl = X[ix(l, l)] < 0 ? -Math.abs(sl) : Math.abs(sl);
        const sc = 1.0 / sl;
        for (let i = l; i <= n; i++) X[ix(i, l)] = sc * X[ix(i, l)];
        X[ix(l, l)] = 1.0 + X[ix(l, l)];
      }
      S[l] = -sl;
    }
    for (let j = lp1; j <= p; j++) {
      if (l <= nct && S[l] !== 0) {
        let dot = 0;
        for (let i = l; i <= n; i++) dot += X[ix(i, l)] * X[ix(i, j)];
        const t = -dot / X[ix(l, l)];
        for (let i = l; i <= n; i++) X[ix(i, j)] = X[ix(i, j)] + t * X[ix(i, l)];
      }
      e[j] = X[ix(l, j)];
    }
    // (U is X itself: the transformation stays in place)
    if (l <= nrt) {
      let el = 0;
      for (let i = lp1; i <= p; i++) el += e[i] * e[i];
      el = Math.sqrt(el);
      if (el !== 0) {
        if (e[lp1] !== 0) el = e[lp1] < 0 ? -Math.abs(el) : Math.abs(el);
        const sc = 1.0 / el;
        for (let i = lp1; i <= p; i++) e[i] = sc * e[i];
        e[lp1] = 1.0 + e[lp1];
      }
      e[l] = -el;
      if (lp1 <= n && e[l] !== 0) {
        for (let i = lp1; i <= n; i++) work[i] = 0;
        for (let j = lp1; j <= p; j++) {
          const a = e[j];
          for (let i = lp1; i <= n; i++) work[i] = work[i] + a * X[ix(i, j)];
        }
        for (let j = lp1; j <= p; j++) {
          const a = -e[j] / e[lp1];
          for (let i = lp1; i <= n; i++) X[ix(i, j)] = X[ix(i, j)] + a * work[i];
        }
      }
      for (let i = lp1; i <= p; i++) V[ix(i, l)] = e[i];
    }
  }
  // the final bidiagonal matrix of order m
  let m = Math.min(p, n + 1);
  const nctp1 = nct + 1;
  const nrtp1 = nrt + 1;
  if (nct < p) S[nctp1] = X[ix(nctp1, nctp1)];
  if (n < m) S[m] = 0;
  if (nrtp1 < m) e[nrtp1] = X[ix(nrtp1, m)];
  e[m] = 0;
  // generate U
  for (let j = nctp1; j <= ncu; j++) {
    for (let i = 1; i <= n; i++) X[ix(i, j)] = 0;
    X[ix(j, j)] = 1;
  }
  for (let ll = 1; ll <= nct; ll++) {
    const l = nct - ll + 1;
    if (S[l] !== 0) {
      for (let j = l + 1; j <= ncu; j++) {
        let dot = 0;
        for (let i = l; i <= n; i++) dot += X[ix(i, l)] * X[ix(i, j)];
        const t = -dot / X[ix(l, l)];
        for (let i = l; i <= n; i++) X[ix(i, j)] = X[ix(i, j)] + t * X[ix(i, l)];
      }
      for (let i = l; i <= n; i++) X[ix(i, l)] = -1.0 * X[ix(i, l)];
      X[ix(l, l)] = 1.0 + X[ix(l, l)];
      for (let i = 1; i <= l - 1; i++) X[ix(i, l)] = 0;
    } else {
      for (let i = 1; i <= n; i++) X[ix(i, l)] = 0;
      X[ix(l, l)] = 1;
    }
  }
  // generate V
  for (let ll = 1; ll <= p; ll++) {
    const l = p - ll + 1;
    const lp1 = l + 1;
    if (l <= nrt && e[l] !== 0) {
      for (let j = lp1; j <= p; j++) {
        let dot = 0;
        for (let i = lp1; i <= p; i++) dot += V[ix(i, l)] * V[ix(i, j)];
        const t = -dot / V[ix(lp1, l)];
        for (let i = lp1; i <= p; i++) V[ix(i, j)] = V[ix(i, j)] + t * V[ix(i, l)];
      }
    }
    for (let i = 1; i <= p; i++) V[ix(i, l)] = 0;
    V[ix(l, l)] = 1;
  }
  // QR iterations for the singular values
  const mm = m;
  let iter = 0;
  while (m !== 0) {
    if (iter >= maxit) break; // R would report info = m (loess warns "svddc failed")
    // inspect for negligible elements
    let l = 0;
    let kase = 0;
    for (let ll = 1; ll <= m; ll++) {
      l = m - ll;
      if (l === 0) break;
      const test = Math.abs(S[l]) + Math.abs(S[l + 1]);
      const ztest = test + Math.abs(e[l]);
      // R's change to LINPACK: negligible relative to 1e-15 rather than exactly
      if (!(Math.abs(test - ztest) / (1.0e-100 + test) > 1e-15)) {
        e[l] = 0;
        break;
      }
    }
    if (l === m - 1) {
      kase = 4;
    } else {
      const lp1 = l + 1;
      const mp1 = m + 1;
      let ls = l;
      for (let lls = lp1; lls <= mp1; lls++) {
        ls = m - lls + lp1;
        if (ls === l) break;
        let test = 0;
        if (ls !== m) test = test + Math.abs(e[ls]);
        if (ls !== l + 1) test = test + Math.abs(e[ls - 1]);
        const ztest = test + Math.abs(S[ls]);
        if (!(Math.abs(test - ztest) / (1.0e-100 + test) > 1e-15)) {
          S[ls] = 0;
          break;
        }
      }
      if (ls === l) {
        kase = 3;
      } else if (ls === m) {
        kase = 1;
      } else {
        kase = 2;
        l = ls;
      }
    }
    l = l + 1;
    if (kase === 1) {
      // deflate negligible S[m]
      const mm1 = m - 1;
      let f = e[m - 1];
      e[m - 1] = 0;
      for (let kk = l; kk <= mm1; kk++) {
        const kx = mm1 - kk + l;
        drotg(S[kx], f, rot);
        S[kx] = rot[0];
        const cs = rot[1];
        const sn = rot[2];
        if (kx !== l) {
          f = -sn * e[kx - 1];
          e[kx - 1] = cs * e[kx - 1];
        }
        drot(V, ix(1, kx), ix(1, m), p, cs, sn);
      }
    } else if (kase === 2) {
      // split at negligible S[l]
      let f = e[l - 1];
      e[l - 1] = 0;
      for (let kx = l; kx <= m; kx++) {
        drotg(S[kx], f, rot);
        S[kx] = rot[0];
        const cs = rot[1];
        const sn = rot[2];
        f = -sn * e[kx];
        e[kx] = cs * e[kx];
        drot(X, ix(1, kx), ix(1, l - 1), n, cs, sn);
      }
    } else if (kase === 3) {
      // one QR step: the shift
      const scale = Math.max(Math.abs(S[m]), Math.abs(S[m - 1]), Math.abs(e[m - 1]), Math.abs(S[l]), Math.abs(e[l]));
      const sm = S[m] / scale;
      const smm1 = S[m - 1] / scale;
      const emm1 = e[m - 1] / scale;
      const sl = S[l] / scale;
      const el = e[l] / scale;
      const b = ((smm1 + sm) * (smm1 - sm) + emm1 * emm1) / 2.0;
      const c = sm * emm1 * (sm * emm1);
      let shift = 0;
      if (!(b === 0 && c === 0)) {
        shift = Math.sqrt(b * b + c);
        if (b < 0) shift = -shift;
        shift = c / (b + shift);
      }
      let f = (sl + sm) * (sl - sm) + shift;
      let g = sl * el;
      // chase zeros
      const mm1 = m - 1;
      for (let kx = l; kx <= mm1; kx++) {
        drotg(f, g, rot);
        let cs = rot[1];
        let sn = rot[2];
        if (kx !== l) e[kx - 1] = rot[0];
        f = cs * S[kx] + sn * e[kx];
        e[kx] = cs * e[kx] - sn * S[kx];
        g = sn * S[kx + 1];
        S[kx + 1] = cs * S[kx + 1];
        drot(V, ix(1, kx), ix(1, kx + 1), p, cs, sn);
        drotg(f, g, rot);
        cs = rot[1];
        sn = rot[2];
        S[kx] = rot[0];
        f = cs * e[kx] + sn * S[kx + 1];
        S[kx + 1] = -sn * e[kx] + cs * S[kx + 1];
        g = sn * e[kx + 1];
        e[kx + 1] = cs * e[kx + 1];
        if (kx < n) drot(X, ix(1, kx), ix(1, kx + 1), n, cs, sn);
      }
      e[m - 1] = f;
      iter++;
    } else {
      // convergence: make the singular value positive, then order
      if (S[l] < 0) {
        S[l] = -S[l];
        for (let i = 1; i <= p; i++) V[ix(i, l)] = -1.0 * V[ix(i, l)];
      }
      while (l !== mm && !(S[l] >= S[l + 1])) {
        const t = S[l];
        S[l] = S[l + 1];
        S[l + 1] = t;
        if (l < p) {
          for (let i = 1; i <= p; i++) {
            const tv = V[ix(i, l)];
            V[ix(i, l)] = V[ix(i, l + 1)];
            V[ix(i, l + 1)] = tv;
          }
        }
        if (l < n) {
          for (let i = 1; i <= n; i++) {
            const tu = X[ix(i, l)];
            X[ix(i, l)] = X[ix(i, l + 1)];
            X[ix(i, l + 1)] = tu;
          }
        }
        l = l + 1;
      }
      iter = 0;
      m = m - 1;
    }
  }
  for (let j = 0; j < k; j++) s[j] = S[j + 1];
}

/** Work arrays of the vertex fits. */
interface FitWork {
  dist: Float64Array;
  psi: Int32Array;
  w: Float64Array;
  b: Float64Array; // column-major nf x k design
  eta: Float64Array;
  qraux: Float64Array;
  colnor: Float64Array;
  U: Float64Array;
  V: Float64Array;
  sigma: Float64Array;
  gam: Float64Array;
}

/**
 * Local regression at the point q (`ehg127`): value and slope of the local polynomial,
 * written to out[0], out[1].
 */
function localFit(
  q: number,
  x: Float64Array,
  y: Float64Array,
  rw: Float64Array,
  nf: number,
  f: number,
  degree: number,
  wk: FitWork,
  out: Float64Array,
): void {
  const n = x.length;
  const { dist, psi, w, b, eta, qraux, colnor } = wk;
  for (let i = 0; i < n; i++) {
    const d = x[i] - q;
    dist[i] = d * d;
  }
  select(0, n - 1, nf - 1, dist, psi);
  const rho = dist[psi[nf - 1]] * Math.max(1, f);
  // tricube weights (square roots, for least squares)
  for (let i = 0; i < nf; i++) w[i] = Math.sqrt(dist[psi[i]] / rho);
  for (let i = 0; i < nf; i++) {
    const t = w[i] * w[i] * w[i];
    const u = 1 - t;
    w[i] = Math.sqrt(rw[psi[i]] * (u * u * u));
  }
  // design matrix, column-major (column j at offset j * nf)
  const k = degree + 1;
  for (let i = 0; i < nf; i++) b[i] = w[i];
  if (degree >= 1) for (let i = 0; i < nf; i++) b[nf + i] = w[i] * (x[psi[i]] - q);
  if (degree >= 2) {
    for (let i = 0; i < nf; i++) {
      const d = x[psi[i]] - q;
      b[2 * nf + i] = w[i] * (d * d);
    }
  }
  for (let i = 0; i < nf; i++) eta[i] = w[i] * y[psi[i]];
  // equilibrate columns
  for (let j = 0; j < k; j++) {
    let scal = 0;
    for (let i = 0; i < nf; i++) scal += b[j * nf + i] * b[j * nf + i];
    scal = Math.sqrt(scal);
    if (0 < scal) {
      for (let i = 0; i < nf; i++) b[j * nf + i] /= scal;
      colnor[j] = scal;
    } else {
      colnor[j] = 1;
    }
  }
  // Householder QR without pivoting (LINPACK dqrdc, job = 0)
  const lup = Math.min(nf, k);
  for (let l = 0; l < lup; l++) {
    qraux[l] = 0;
    if (l === nf - 1) continue;
    const cl = l * nf;
    let nrmxl = dnrm2(b, cl + l, nf - l);
    if (nrmxl === 0) continue;
    if (b[cl + l] !== 0) nrmxl = b[cl + l] < 0 ? -Math.abs(nrmxl) : Math.abs(nrmxl);
    const sc = 1.0 / nrmxl;
    for (let i = l; i < nf; i++) b[cl + i] = sc * b[cl + i];
    b[cl + l] = 1.0 + b[cl + l];
    for (let j = l + 1; j < k; j++) {
      const cj = j * nf;
      let dot = 0;
      for (let i = l; i < nf; i++) dot += b[cl + i] * b[cj + i];
      const t = -dot / b[cl + l];
      for (let i = l; i < nf; i++) b[cj + i] = b[cj + i] + t * b[cl + i];
    }
    qraux[l] = b[cl + l];
    b[cl + l] = -nrmxl;
  }
  // eta <- Q' eta (LINPACK dqrsl, job = 1000)
  const ju = Math.min(k, nf - 1);
  for (let j = 0; j < ju; j++) {
    if (qraux[j] === 0) continue;
    const cj = j * nf;
    const temp = b[cj + j];
    b[cj + j] = qraux[j];
    let dot = 0;
    for (let i = j; i < nf; i++) dot += b[cj + i] * eta[i];
    const t = -dot / b[cj + j];
    for (let i = j; i < nf; i++) eta[i] = eta[i] + t * b[cj + i];
    b[cj + j] = temp;
  }
  // pseudo-inverse of the triangular factor through its SVD (LINPACK dsvdc)
  const { U, V, sigma } = wk;
  U.fill(0);
  for (let i = 0; i < k; i++) for (let j = i; j < k; j++) U[j * k + i] = b[j * nf + i];
  dsvdc(U, k, sigma, V);
  const tol = sigma[0] * (100 * MACHEP);
  const gam = wk.gam;
  for (let j = 0; j < k; j++) {
    if (tol < sigma[j]) {
      let dot = 0;
      for (let i = 0; i < k; i++) dot += U[j * k + i] * eta[i];
      gam[j] = dot / sigma[j];
    } else {
      gam[j] = 0;
    }
  }
  for (let j = 0; j <= 1; j++) {
    if (j < k) {
      let s = 0;
      for (let i = 0; i < k; i++) s += (V[i * k + j] / colnor[j]) * gam[i];
      out[j] = s;
    } else {
      out[j] = 0;
    }
  }
}

/**
 * Fit a one-predictor loess surface exactly as R's
 * `loess(y ~ x, span = span, degree = degree, family = "gaussian", surface = "interpolate")`
 * (statistics, robustness iterations and `surface = "direct"` are not provided).
 *
 * @param x predictor values (finite)
 * @param y responses (finite), same length
 * @example
 * const x = Array.from({ length: 50 }, (_, i) => i / 10);
 * const y = x.map((t) => Math.sin(t));
 * const fit = loess1d(x, y, { span: 0.3 });
 * fit.predict([0.55, 2.5]); // as predict(loess(y ~ x, span = 0.3), c(0.55, 2.5)) in R
 */
export function loess1d(x: ArrayLike<number>, y: ArrayLike<number>, options: Loess1dOptions = {}): Loess1dFit {
  const span = options.span ?? 0.75;
  const degree = options.degree ?? 2;
  const cell = options.cell ?? 0.2;
  const n = x.length;
  if (y.length !== n) throw new RangeError(`x and y differ in length (${n} and ${y.length})`);
  if (n === 0) throw new RangeError("loess needs at least one observation");
  if (!(span > 0) || !Number.isFinite(span)) throw new RangeError(`span must be positive, got ${span}`);
  if (degree !== 0 && degree !== 1 && degree !== 2) throw new RangeError(`degree must be 0, 1 or 2, got ${degree}`);
  if (!(cell > 0)) throw new RangeError(`cell must be positive, got ${cell}`);
  const xs = Float64Array.from(x);
  const ys = Float64Array.from(y);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) throw new RangeError(`x and y must be finite (index ${i})`);
  }
  const rw = new Float64Array(n).fill(1);
  if (options.weights) {
    if (options.weights.length !== n) throw new RangeError("weights must have the length of x");
    for (let i = 0; i < n; i++) {
      const wi = options.weights[i];
      if (!(wi >= 0) || !Number.isFinite(wi)) throw new RangeError(`weights must be finite and non-negative (index ${i})`);
      rw[i] = wi;
    }
  }
  const nf = Math.min(n, Math.floor(n * span));
  const k = degree + 1;
  if (nf <= 0 || k > nf - 1) {
    throw new RangeError(`span too small: ${nf} points per neighbourhood for ${k} local coefficients`);
  }
  const fcell = span * cell;
  const fc = Math.floor(n * fcell);
  const nvmax = Math.max(200, n);
  const tree = buildTree(xs, fc, nvmax);

  // local fits at the vertices, in vertex order (the permutation psi carries over)
  const wk: FitWork = {
    dist: new Float64Array(n),
    psi: Int32Array.from({ length: n }, (_, i) => i),
    w: new Float64Array(nf),
    b: new Float64Array(nf * k),
    eta: new Float64Array(nf),
    qraux: new Float64Array(k),
    colnor: new Float64Array(k),
    U: new Float64Array(k * k),
    V: new Float64Array(k * k),
    sigma: new Float64Array(k),
    gam: new Float64Array(k),
  };
  const val = new Float64Array(tree.nv);
  const slope = new Float64Array(tree.nv);
  const out = new Float64Array(2);
  for (let i = 0; i < tree.nv; i++) {
    localFit(tree.v[i], xs, ys, rw, nf, span, degree, wk, out);
    val[i] = out[0];
    slope[i] = out[1];
  }

  let xmin = Infinity;
  let xmax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (xs[i] < xmin) xmin = xs[i];
    if (xs[i] > xmax) xmax = xs[i];
  }

  const evaluate = (z: number): number => {
    let j = 0;
    while (tree.a[j] !== 0) j = z <= tree.xi[j] ? tree.lo[j] : tree.hi[j];
    const ll = tree.cLow[j];
    const ur = tree.cHigh[j];
    const v0 = tree.v[ll];
    const v1 = tree.v[ur];
    const h = (z - v0) / (v1 - v0);
    const phi0 = (1 - h) * (1 - h) * (1 + 2 * h);
    const phi1 = h * h * (3 - 2 * h);
    const psi0 = h * ((1 - h) * (1 - h));
    const psi1 = h * h * (h - 1);
    return phi0 * val[ll] + phi1 * val[ur] + (psi0 * slope[ll] + psi1 * slope[ur]) * (v1 - v0);
  };

  const predict = (xnew: ArrayLike<number>): Float64Array => {
    const res = new Float64Array(xnew.length);
    for (let i = 0; i < xnew.length; i++) {
      const z = xnew[i];
      res[i] = z >= xmin && z <= xmax ? evaluate(z) : NaN;
    }
    return res;
  };

  const order = Array.from({ length: tree.nv }, (_, i) => i).sort((i, j) => tree.v[i] - tree.v[j]);
  return {
    n,
    q: nf,
    fitted: predict(xs),
    vertices: Float64Array.from(order, (i) => tree.v[i]),
    vertexValues: Float64Array.from(order, (i) => val[i]),
    vertexSlopes: Float64Array.from(order, (i) => slope[i]),
    predict,
  };
}
