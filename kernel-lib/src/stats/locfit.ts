/**
 * Local-constant regression as R's locfit 1.5-9 computes it (Loader 1999, "Local Regression
 * and Likelihood"): `fitted(locfit(y ~ x, weights = w, alpha = span, deg = 0))`, the smoother
 * edgeR uses for its dispersion trends. Tricube kernel with a nearest-neighbour bandwidth (the
 * distance to the floor(n alpha)-th closest x), fits at the vertices of locfit's adaptive tree
 * (a cell splits at its midpoint while wider than 0.8 bandwidths), linear interpolation between
 * vertices; arithmetic ordered as locfit's C code so results agree to the last bit.
 */

interface Neighbourhood {
  idx: Int32Array;
  K: Float64Array;
  /** The sums of the local fit that do not involve y (sum K p; sum K p over p != 0), once computed. */
  s0?: number;
  Z?: number;
}

interface Cell {
  a: number;
  b: number;
  mid: number;
  left: number;
  right: number;
}

/** Everything that depends only on x, the prior weights and the span (reusable across y). */
export interface LocfitStructure {
  n: number;
  alpha: number;
  nn: number;
  sorted: boolean;
  p: Float64Array;
  box: number[];
  nvm: number;
  vx: Float64Array;
  vh: Float64Array;
  vpseudo: Int8Array;
  vlo: Int32Array;
  vhi: Int32Array;
  vnb: (Neighbourhood | null)[];
  cells: Cell[];
  ptA: Int32Array;
  ptB: Int32Array;
  ptT: Float64Array;
  ptD: Float64Array;
  /** The parametric component's neighbourhood (every point, weight 1), made on first use. */
  global?: Neighbourhood;
}

const CUT = 0.8;      // rbox() default cut
const MAXK = 100;     // locfit.raw default maxk

function tricube(u: number): number {
  // locfit W(u, WTCUB): u = |u|; u > 1 -> 0; else (1-u^3)^3
  u = Math.abs(u);
  if (u > 1) return 0.0;
  u = 1 - u * u * u;
  return u * u * u;
}

/* k-th smallest distance |x_i - v| (k >= 1), using a sorted copy xs. */
function nnBandwidth(xs: Float64Array, v: number, k: number): number {
  const n = xs.length;
  if (k < 1) return 0.0;
  if (k >= n) {
    // compbandwid: max distance * (k/n)^(1/d); k == n -> exp(log(1)) = 1
    let m = 0;
    const a = v - xs[0], b = xs[n - 1] - v;
    m = Math.max(Math.abs(a), Math.abs(b));
    return m * Math.exp(Math.log(1.0 * k / n) / 1);
  }
  // closest data point
  let z = 0, l = 0, r = 0;
  if (v <= xs[0]) z = 0;
  else if (v >= xs[n - 1]) z = n - 1;
  else {
    l = 0; r = n - 1;
    while (r - l > 1) {
      z = (r + l) >> 1;
      if (xs[z] > v) r = z; else l = z;
    }
    z = ((v - xs[l]) > (xs[r] - v)) ? r : l;
  }
  l = r = z;
  if (l === 0) r = k - 1;
  if (r === n - 1) l = n - k;
  while (r - l < k - 1) {
    if ((v - xs[l - 1]) < (xs[r + 1] - v)) l--; else r++;
    if (l === 0) r = k - 1;
    if (r === n - 1) l = n - k;
  }
  let h = Math.abs(v - xs[l]);
  const hr = Math.abs(xs[r] - v);
  if (h < hr) h = hr;
  return h;
}

/**
 * Neighbourhood of fitting point v: indices with positive kernel weight, in
 * the order locfit accumulates them.
 *  - x not sorted: index order 0..n-1 (nbhd()).
 *  - x sorted non-decreasing: nbhd1() order: from the point just left of v
 *    downwards, then rightwards; each scan stops at the first zero weight.
 */
function neighbourhood(x: Float64Array, sorted: boolean, v: number, h: number): Neighbourhood {
  const n = x.length;
  const idx: number[] = [], wt: number[] = [];
  const kw = (di: number) => (h === 0 ? (di === 0 ? 1.0 : 0.0) : tricube(di / h));
  if (!sorted) {
    for (let i = 0; i < n; i++) {
      const di = Math.abs(x[i] - v);
      const K = kw(di);
      if (K > 0) { idx.push(i); wt.push(K); }
    }
  } else {
    let z = 0, l = 0, r = 0;
    if (v <= x[0]) z = 0;
    else if (v >= x[n - 1]) z = n - 1;
    else {
      l = 0; r = n - 1;
      while (r - l > 1) {
        z = (r + l) >> 1;
        if (x[z] > v) r = z; else l = z;
      }
      z = ((v - x[l]) > (x[r] - v)) ? r : l;
    }
    if (x[z] > v) z--;
    for (let i = z; i >= 0; i--) {
      const K = kw(v - x[i]);
      if (K > 0) { idx.push(i); wt.push(K); } else break;
    }
    for (let i = z + 1; i < n; i++) {
      const K = kw(x[i] - v);
      if (K > 0) { idx.push(i); wt.push(K); } else break;
    }
  }
  return { idx: Int32Array.from(idx), K: Float64Array.from(wt) };
}

/**
 * The neighbourhood's weight sums (sum K p, and the same over points with p != 0), the same for
 * every y smoothed on it: summed once, in locfit's order, and kept with the neighbourhood.
 */
function weightSums(nb: Neighbourhood, p: Float64Array): { s0: number; Z: number } {
  if (nb.s0 === undefined || nb.Z === undefined) {
    const { idx, K } = nb;
    let s0 = 0, Z = 0;
    for (let j = 0; j < idx.length; j++) {
      const k = K[j], pi = p[idx[j]];
      s0 += k * pi;
      if (pi !== 0) Z += (k * pi) * 1 * 1;
    }
    nb.s0 = s0;
    nb.Z = Z;
  }
  return { s0: nb.s0, Z: nb.Z };
}

function isSortedAsc(x: Float64Array): boolean {
  for (let i = 1; i < x.length; i++) if (!(x[i] >= x[i - 1])) return false;
  return true;
}

/**
 * Build everything that depends only on x, prior weights and alpha:
 * vertices, bandwidths, neighbourhoods, tree, and per-point interpolation cells.
 */
export function locfitStructure(xIn: ArrayLike<number>, w: ArrayLike<number> | null, alpha: number): LocfitStructure {
  const x = Float64Array.from(xIn);
  const n = x.length;
  const p = (w == null) ? new Float64Array(n).fill(1) : Float64Array.from(w);
  const nn = Math.trunc(n * alpha + 1e-12);
  const sorted = isSortedAsc(x);
  const xs = sorted ? x : Float64Array.from(x).sort();

  // bounding box = data range (set_flim), no expansion
  let mn = x[0], mx = x[0];
  for (let i = 1; i < n; i++) { if (x[i] > mx) mx = x[i]; if (x[i] < mn) mn = x[i]; }
  const fl0 = mn, fl1 = mx;

  // vertex capacity (atree_guessnv)
  const a0 = (alpha > 1) ? 1 : 1 / alpha;
  const cu = Math.min(1.0, CUT);
  let nvm = Math.trunc((5 * a0 / cu + 1) * 2);
  nvm = Math.trunc((MAXK / 100.0) * nvm);

  const vx: number[] = [], vh: number[] = [], vpseudo: number[] = [], vlo: number[] = [], vhi: number[] = [], vnb: (Neighbourhood | null)[] = [];
  function fitVertex(v: number) {
    const h = nnBandwidth(xs, v, nn);
    return { h, nb: neighbourhood(x, sorted, v, h) };
  }
  function addVertex(pos: number, lo: number, hi: number, pseudo: boolean, hpv = 0): number {
    vx.push(pos); vlo.push(lo); vhi.push(hi); vpseudo.push(pseudo ? 1 : 0);
    if (pseudo) { vh.push(hpv); vnb.push(null); }
    else { const f = fitVertex(pos); vh.push(f.h); vnb.push(f.nb); }
    return vx.length - 1;
  }
  addVertex(fl0, 0, 0, false);
  addVertex(fl1, 0, 0, false);

  // tree: cell = {a, b (vertex ids), mid (vertex id or -1), left, right}
  const cells: Cell[] = [];
  const pairMap = new Map<string, number>();
  function splitTest(a: number, b: number, ll: number, ur: number) {
    let hmin = 0.0;
    for (const h of [vh[a], vh[b]]) if ((h > 0) && ((hmin === 0) || (h < hmin))) hmin = h;
    const le = (ur - ll) / 1.0;
    const score = (hmin === 0) ? 2 * (ur - ll) / (fl1 - fl0) : le / hmin;
    return { split: CUT < score, le };
  }
  function grow(a: number, b: number, ll: number, ur: number): number {
    const cid = cells.length;
    const cell: Cell = { a, b, mid: -1, left: -1, right: -1 };
    cells.push(cell);
    const t = splitTest(a, b, ll, ur);
    if (!t.split) return cid;
    // newsplit(i0 = ce[1] = b, i1 = ce[0] = a, pv)
    const pv = t.le < CUT * Math.min(vh[b], vh[a]);
    let i0 = b, i1 = a;
    if (i0 > i1) { const tmp = i0; i0 = i1; i1 = tmp; }
    const key = i0 + ',' + i1;
    let m: number;
    if (pairMap.has(key)) m = pairMap.get(key)!;
    else {
      if (vx.length === nvm) throw new RangeError('locfit: out of vertex space (too many tied values at the ends of the covariate)');
      m = addVertex((vx[i0] + vx[i1]) / 2, i0, i1, pv, (vh[i0] + vh[i1]) / 2);
      pairMap.set(key, m);
    }
    cell.mid = m;
    const midL = (ur + ll) / 2;
    cell.left = grow(a, m, ll, midL);
    const midR = (ll + ur) / 2;
    cell.right = grow(m, b, midR, ur);
    return cid;
  }
  grow(0, 1, fl0, fl1);

  // per data point: terminal cell endpoints and interpolation offsets
  const ptA = new Int32Array(n), ptB = new Int32Array(n);
  const ptT = new Float64Array(n), ptD = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    let c = cells[0];
    let a = 0, b = 1;
    while (c.mid >= 0) {
      const ll = vx[a], ur = vx[b];
      const hh = ur - ll;
      const lo = (2 * (xi - ll)) < hh;
      if (lo) { b = c.mid; c = cells[c.left]; }
      else { a = c.mid; c = cells[c.right]; }
    }
    ptA[i] = a; ptB[i] = b;
    ptT[i] = xi - vx[a];
    ptD[i] = vx[b] - vx[a];
  }

  return {
    n, alpha, nn, sorted, p, box: [fl0, fl1], nvm,
    vx: Float64Array.from(vx), vh: Float64Array.from(vh),
    vpseudo: Int8Array.from(vpseudo), vlo: Int32Array.from(vlo), vhi: Int32Array.from(vhi),
    vnb, cells, ptA, ptB, ptT, ptD,
  };
}

/** Fitted values of one response `y` on the structure (a one-column {@link locfitFittedRows}). */
export function locfitFitted(S: LocfitStructure, y: ArrayLike<number>): Float64Array {
  return locfitFittedRows(S, Float64Array.from(y), 1);
}

/**
 * edgeR's `locfitByCol(Y, x, weights, span, degree = 0)`: each column smoothed against x,
 * sharing one tree (it depends only on x and the span). Columns are returned as given when
 * span x n < 2.
 *
 * @example
 * locfitByCol([y1, y2], aveLogCpm, null, 0.3);
 */
export function locfitByCol(Y: ArrayLike<number>[], x: ArrayLike<number>, w: ArrayLike<number> | null, span: number): Float64Array[] {
  const n = x.length;
  if (span * n < 2 || n <= 1) return Y.map((c) => Float64Array.from(c));
  const S = locfitStructure(x, w, span);
  return Y.map((col) => locfitFitted(S, col));
}

/**
 * Local constant gaussian fits with locfit's arithmetic, for `width` response columns at once
 * (`Y` row-major, n x width): per column, the initial value c0 = sum K*(p*y) / sum K*p followed
 * by exactly one Newton step (max_nr; the gaussian/identity likelihood then breaks), the same
 * operations in the same order as for one column alone; the neighbourhood's indices and weights
 * are read once per point and each point's responses together. Writes the fits into `out`;
 * false when sum K*p == 0 (LF_NOPT: no fit).
 */
function localFitRows(nb: Neighbourhood, Y: Float64Array, width: number, p: Float64Array, work: Float64Array, out: Float64Array): boolean {
  const { idx, K } = nb;
  const m = idx.length;
  const { s0, Z } = weightSums(nb, p);
  if (s0 === 0) return false;
  const s1 = work.subarray(0, width), f1 = work.subarray(width, 2 * width);
  s1.fill(0);
  for (let j = 0; j < m; j++) {
    const i = idx[j], k = K[j], pi = p[i], b = i * width;
    for (let c = 0; c < width; c++) s1[c] += k * (pi * Y[b + c]);
  }
  for (let c = 0; c < width; c++) out[c] = (s1[c] - 0) / s0;
  f1.fill(0);
  for (let j = 0; j < m; j++) {
    const i = idx[j], pi = p[i];
    if (pi === 0) continue;
    const k = 1 * K[j], b = i * width;
    for (let c = 0; c < width; c++) f1[c] += k * (pi * (Y[b + c] - out[c]));
  }
  const dg = (Z <= 0) ? 0.0 : 1 / Math.sqrt(Z);
  const D = Z * (dg * dg);
  const rank1 = D > 1.0e-8 * D;
  for (let c = 0; c < width; c++) {
    let v = f1[c] * dg;
    if (rank1) v /= D;
    v *= dg;
    if (rank1) out[c] = out[c] + 1.0 * v;
  }
  return true;
}

/**
 * {@link locfitFitted} for the `width` columns of the row-major `Y` (n x width) at once; the
 * fitted values come back in the same layout, each column equal to locfitFitted's.
 */
export function locfitFittedRows(S: LocfitStructure, Y: Float64Array, width: number): Float64Array {
  const n = S.n, p = S.p;
  if (!S.global) {
    const all = new Int32Array(n); for (let i = 0; i < n; i++) all[i] = i;
    S.global = { idx: all, K: new Float64Array(n).fill(1.0) };
  }
  const work = new Float64Array(2 * width);
  // parametric component: global constant fit, all weights 1, index order
  const pcc = new Float64Array(width);
  if (!localFitRows(S.global, Y, width, p, work, pcc)) pcc.fill(NaN);
  // LF_NOPT at a vertex keeps the previous fit (des->cf)
  const last = Float64Array.from(pcc);
  const fit = new Float64Array(width);
  const nv = S.vx.length;
  const coef = new Float64Array(nv * width);
  for (let v = 0; v < nv; v++) {
    if (S.vpseudo[v]) continue;
    if (localFitRows(S.vnb[v]!, Y, width, p, work, fit)) last.set(fit);
    for (let c = 0; c < width; c++) coef[v * width + c] = last[c] - (0 + pcc[c] * 1);
  }
  // pseudo vertices: average of their parents (vertex creation order)
  for (let v = 0; v < nv; v++) {
    if (!S.vpseudo[v]) continue;
    for (let c = 0; c < width; c++) coef[v * width + c] = (coef[S.vlo[v] * width + c] + coef[S.vhi[v] * width + c]) / 2;
  }
  const out = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    const a = S.ptA[i] * width, b = S.ptB[i] * width;
    const d = S.ptD[i], h = S.ptT[i];
    for (let c = 0; c < width; c++) {
      const f0 = coef[a + c], f1 = coef[b + c];
      const f = (d === 0) ? f0 : ((d - h) * f0 + h * f1) / d;
      out[i * width + c] = (f + (0 + pcc[c] * 1)) + 0;
    }
  }
  return out;
}

/**
 * {@link locfitByCol} for the columns of a row-major matrix (n rows of `width` values, as
 * edgeR's genes x grid log-likelihoods), returned in the same layout; the same values as
 * smoothing each column on its own, with each row's values read together.
 *
 * @example
 * locfitByRows(l0, 21, aveLogCpm, null, 0.3); // l0 smoothed column by column
 */
export function locfitByRows(Y: Float64Array, width: number, x: ArrayLike<number>, w: ArrayLike<number> | null, span: number): Float64Array {
  const n = x.length;
  if (Y.length !== n * width) throw new RangeError(`${Y.length} values for ${n} rows of ${width}`);
  if (span * n < 2 || n <= 1) return Float64Array.from(Y);
  return locfitFittedRows(locfitStructure(x, w, span), Y, width);
}
