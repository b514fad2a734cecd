/**
 * Bound-constrained limited-memory BFGS minimisation, numerically identical to R's
 * `optim(par, fn, gr, method = "L-BFGS-B", lower, upper, control)`.
 *
 * Algorithm: R. H. Byrd, P. Lu, J. Nocedal and C. Zhu (1995), "A limited memory
 * algorithm for bound constrained optimization", SIAM J. Sci. Comput. 16, 1190-1208;
 * C. Zhu, R. H. Byrd, P. Lu and J. Nocedal (1997), "Algorithm 778: L-BFGS-B, Fortran
 * subroutines for large-scale bound-constrained optimization", ACM TOMS 23, 550-560.
 * The reference is L-BFGS-B 2.1/2.3 as translated to C in R's src/appl/lbfgsb.c
 * (generalised Cauchy point along the projected gradient, direct primal subspace
 * minimisation with the compact representation of the limited-memory matrix,
 * Byrd-Nocedal-Schnabel 1994), with the More-Thuente line search (J. J. More and
 * D. J. Thuente (1994), "Line search algorithms with guaranteed sufficient decrease",
 * ACM TOMS 20, 286-307; MINPACK-2 dcsrch/dcstep), LINPACK dpofa/dtrsl (R's build of
 * dpofa stops when a pivot falls to 1e-14 of the diagonal, plain LINPACK at 0), and
 * R's driver: the C function `lbfgsb()` in R's optim.c (reverse-communication loop,
 * `maxit` check, codes 0/1/51/52) and `optim()`, `fminfn()`, `fmingr()` in
 * src/library/stats/src/optim.c.
 *
 * This is an independent TypeScript implementation that performs the same floating
 * point operations in the same order (sequential dot products as in the reference
 * BLAS), so with the same objective values it takes the same path as R and returns
 * the same bits. R's driver behaviour is reproduced too: the finite-difference
 * gradient (central differences with step `ndeps`, shortened at a bound, the
 * denominator being the true distance between the two evaluation points), the
 * iteration count checked at each new iterate against `maxit`, the returned message
 * (the final task string) and `counts` (function and gradient counts are both the
 * number of L-BFGS-B evaluations; the extra calls for finite differences are not
 * counted). `fnscale` and `parscale` are R's defaults (1), which are exact no-ops.
 *
 * Checked against R 4.2.2 (reference BLAS): identical par, value, counts, code and
 * message on the cases of test/stats/lbfgsb.test.ts and on about 1400 random bounded
 * problems (smooth, kinked and quantised objectives, random lmm/factr/ndeps/maxit/pgtol,
 * including memory resets and line-search failures).
 */

/**
 * Options of {@link lbfgsb}; every default is R's `optim` default for L-BFGS-B.
 *
 * @example
 * ```ts
 * // R: optim(p, f, method = "L-BFGS-B", lower = c(0, -Inf), upper = c(1, 5),
 * //          control = list(maxit = 500, factr = 1e10, lmm = 7, ndeps = 1e-4))
 * const opts: LbfgsbOptions = { lower: [0, -Infinity], upper: [1, 5], maxit: 500, factr: 1e10, m: 7, ndeps: 1e-4 };
 * ```
 */
export interface LbfgsbOptions {
  /** Lower bounds, recycled to the length of `x0` (default `-Infinity`, i.e. unbounded). */
  lower?: number | ArrayLike<number>;
  /** Upper bounds, recycled to the length of `x0` (default `Infinity`). */
  upper?: number | ArrayLike<number>;
  /**
   * Analytic gradient. When absent, R's finite-difference rule is used: central
   * differences with step `ndeps`, one side pulled in to the bound when `x +/- ndeps`
   * would leave `[lower, upper]`.
   */
  gradient?: (x: Float64Array) => ArrayLike<number>;
  /** Maximum number of iterations (R `control$maxit`, default 100). */
  maxit?: number;
  /** Relative-reduction tolerance factor: stop when the reduction of f is <= factr * DBL_EPSILON (default 1e7). */
  factr?: number;
  /** Projected-gradient tolerance (default 0: the test only fires on an exactly zero projected gradient). */
  pgtol?: number;
  /** Number of limited-memory corrections (R `control$lmm`, default 5). */
  m?: number;
  /** Finite-difference step, a number or one per parameter (R `control$ndeps`, default 1e-3). */
  ndeps?: number | ArrayLike<number>;
}

/**
 * Result of {@link lbfgsb}, mirroring the list R's `optim` returns.
 *
 * @example
 * ```ts
 * const res: LbfgsbResult = lbfgsb((x) => (x[0] - 1) * (x[0] - 1), [0]);
 * if (res.convergence !== 0) console.warn(`L-BFGS-B: ${res.message}`);
 * ```
 */
export interface LbfgsbResult {
  /** The best parameters found. */
  par: Float64Array;
  /** `fn(par)`; NaN when the arguments are rejected before any evaluation (R returns garbage then). */
  value: number;
  /** Number of L-BFGS-B function/gradient evaluations (R reports the same number twice). */
  counts: { function: number; gradient: number };
  /** 0 converged, 1 `maxit` reached, 51 warning, 52 error (see `message`). */
  convergence: 0 | 1 | 51 | 52;
  /**
   * R's message: e.g. "CONVERGENCE: REL_REDUCTION_OF_F <= FACTR*EPSMCH",
   * "CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL", "NEW_X" (maxit reached),
   * "ERROR: ABNORMAL_TERMINATION_IN_LNSRCH", "ERROR: NO FEASIBLE SOLUTION", "NOTHING TO DO".
   */
  message: string;
}

/** Machine precision as mainlb takes it (DBL_EPSILON). */
const EPSMCH = 2.220446049250313e-16;

/** The C macros of lbfgsb.c: `max(a, b) = (a < b) ? b : a`, `min(a, b) = (a > b) ? b : a`. */
function cmax(a: number, b: number): number {
  return a < b ? b : a;
}
function cmin(a: number, b: number): number {
  return a > b ? b : a;
}

// ---------------------------------------------------------------------------
// Reference BLAS / LINPACK kernels (column-major storage, explicit offsets).
// ---------------------------------------------------------------------------

/** ddot: sequential sum of `x[xo + i] * y[yo + i]`, i < n (the reference BLAS order). */
function ddot(n: number, x: Float64Array, xo: number, y: Float64Array, yo: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[xo + i] * y[yo + i];
  return s;
}

/** daxpy: `y += a * x` over n entries; like the reference BLAS it does nothing when a == 0. */
function daxpy(n: number, a: number, x: Float64Array, xo: number, y: Float64Array, yo: number): void {
  if (n <= 0 || a === 0) return;
  for (let i = 0; i < n; i++) y[yo + i] = y[yo + i] + a * x[xo + i];
}

/**
 * LINPACK dpofa as built into R: Cholesky factor R'R of the order-n matrix at
 * `a[ao]` (leading dimension lda, upper triangle used and overwritten). Returns 0,
 * or the 1-based order of the leading minor whose pivot `s` is not above
 * `1e-14 * |a(j,j)|` (R's tolerance; plain LINPACK tests `s <= 0`).
 */
function dpofa(a: Float64Array, ao: number, lda: number, n: number): number {
  for (let j = 0; j < n; j++) {
    const cj = ao + j * lda;
    let s = 0;
    for (let k = 0; k < j; k++) {
      const ck = ao + k * lda;
      let t = a[cj + k] - ddot(k, a, ck, a, cj);
      t = t / a[ck + k];
      a[cj + k] = t;
      s += t * t;
    }
    const diag = a[cj + j];
    s = diag - s;
    if (s <= 1e-14 * Math.abs(diag)) return j + 1;
    a[cj + j] = Math.sqrt(s);
  }
  return 0;
}

/**
 * LINPACK dtrsl for an upper-triangular T (order n at `t[to]`, leading dimension ldt):
 * solves `T' x = b` when `transpose` (job 11) or `T x = b` (job 01), in place in
 * `b[bo ..]`. Returns 0, or the 1-based index of the first zero diagonal element.
 */
function dtrslUpper(t: Float64Array, to: number, ldt: number, n: number, b: Float64Array, bo: number, transpose: boolean): number {
  for (let i = 0; i < n; i++) if (t[to + i + i * ldt] === 0) return i + 1;
  if (transpose) {
    b[bo] = b[bo] / t[to];
    for (let j = 1; j < n; j++) {
      b[bo + j] = b[bo + j] - ddot(j, t, to + j * ldt, b, bo);
      b[bo + j] = b[bo + j] / t[to + j + j * ldt];
    }
  } else {
    b[bo + n - 1] = b[bo + n - 1] / t[to + (n - 1) + (n - 1) * ldt];
    for (let j = n - 2; j >= 0; j--) {
      daxpy(j + 1, -b[bo + j + 1], t, to + (j + 1) * ldt, b, bo);
      b[bo + j] = b[bo + j] / t[to + j + j * ldt];
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Limited-memory matrix and its workspace.
// ---------------------------------------------------------------------------

/**
 * Workspace of one run. Storage follows lbfgsb.c: ws/wy are n x m (columns are the
 * s and y vectors, used circularly from `head`), sy/ss/wt are m x m, wn/snd are
 * 2m x 2m; z, r, d, t are shared scratch vectors of length n whose roles change
 * between the Cauchy step, the subspace step and the line search exactly as in the
 * C code; wa holds four 2m vectors (p, c, wbp, v in the Cauchy step).
 */
interface Work {
  n: number;
  m: number;
  ws: Float64Array;
  wy: Float64Array;
  sy: Float64Array;
  ss: Float64Array;
  wt: Float64Array;
  wn: Float64Array;
  snd: Float64Array;
  z: Float64Array;
  r: Float64Array;
  d: Float64Array;
  t: Float64Array;
  wa: Float64Array;
  /** Free variables (first nfree) then active ones at the Cauchy point (0-based indices). */
  index: Int32Array;
  /** Variable status: -1 unbounded, 0 free, -3 free but not moved, 1 at lower, 2 at upper, 3 fixed. */
  iwhere: Int32Array;
  /** Break-point order in the Cauchy step; entering/leaving variables in freev/formk. */
  indx2: Int32Array;
}

/** State of the limited-memory matrix: theta, number of stored pairs, circular head. */
interface Memory {
  theta: number;
  col: number;
  /** 0-based column of the oldest stored pair. */
  head: number;
  /** 0-based column of the newest stored pair. */
  itail: number;
  iupdat: number;
  updatd: boolean;
}

/**
 * bmv: product of the 2col x 2col middle matrix of the compact L-BFGS formula with
 * `v` (at `v[vo ..]`), written to `p[po ..]`. Returns 0 or a dtrsl error code.
 */
function bmv(w: Work, mem: Memory, v: Float64Array, vo: number, p: Float64Array, po: number): number {
  const { m, sy, wt } = w;
  const col = mem.col;
  if (col === 0) return 0;
  // [ D^(1/2)  O ; -L D^(-1/2)  J ] [p1; p2] = [v1; v2]: first J p2 = v2 + L D^(-1) v1
  p[po + col] = v[vo + col];
  for (let i = 1; i < col; i++) {
    let sum = 0;
    for (let k = 0; k < i; k++) sum += (sy[i + k * m] * v[vo + k]) / sy[k + k * m];
    p[po + col + i] = v[vo + col + i] + sum;
  }
  let info = dtrslUpper(wt, 0, m, col, p, po + col, true);
  if (info !== 0) return info;
  for (let i = 0; i < col; i++) p[po + i] = v[vo + i] / Math.sqrt(sy[i + i * m]);
  // [ -D^(1/2)  D^(-1/2) L' ; 0  J' ] [p1; p2] = [p1; p2]
  info = dtrslUpper(wt, 0, m, col, p, po + col, false);
  if (info !== 0) return info;
  for (let i = 0; i < col; i++) p[po + i] = -p[po + i] / Math.sqrt(sy[i + i * m]);
  for (let i = 0; i < col; i++) {
    let sum = 0;
    for (let k = i + 1; k < col; k++) sum += (sy[k + i * m] * p[po + col + k]) / sy[i + i * m];
    p[po + i] += sum;
  }
  return 0;
}

/**
 * hpsolb: heap of break points `t[0 .. nh-1]` (1-based heap arithmetic): when
 * `build`, first arrange the heap; then move the least element to `t[nh-1]` and
 * restore the heap on the first nh-1 elements. `order` is permuted alongside.
 */
function hpsolb(nh: number, t: Float64Array, order: Int32Array, build: boolean): void {
  if (build) {
    for (let k = 2; k <= nh; k++) {
      const val = t[k - 1];
      const idx = order[k - 1];
      let i = k;
      while (i > 1) {
        const j = Math.floor(i / 2);
        if (!(val < t[j - 1])) break;
        t[i - 1] = t[j - 1];
        order[i - 1] = order[j - 1];
        i = j;
      }
      t[i - 1] = val;
      order[i - 1] = idx;
    }
  }
  if (nh > 1) {
    let i = 1;
    const least = t[0];
    const leastIdx = order[0];
    const last = t[nh - 1];
    const lastIdx = order[nh - 1];
    for (;;) {
      let j = i + i;
      if (j > nh - 1) break;
      if (t[j] < t[j - 1]) j++;
      if (!(t[j - 1] < last)) break;
      t[i - 1] = t[j - 1];
      order[i - 1] = order[j - 1];
      i = j;
    }
    t[i - 1] = last;
    order[i - 1] = lastIdx;
    t[nh - 1] = least;
    order[nh - 1] = leastIdx;
  }
}

/** Problem data shared by the steps. */
interface Problem {
  n: number;
  l: Float64Array;
  u: Float64Array;
  /** 0 unbounded, 1 lower only, 2 both, 3 upper only. */
  nbd: Int32Array;
}

/**
 * cauchy: the generalised Cauchy point, the first local minimiser of the quadratic
 * model along the projected steepest-descent path x(t) = P(x - t g). Writes it to
 * `w.z`, records the variable status in `w.iwhere`, and leaves W'(xcp - x) in
 * wa[2m .. 4m). Returns the bmv error code (0 normally) and the number of segments.
 */
function cauchy(
  pb: Problem,
  w: Work,
  mem: Memory,
  x: Float64Array,
  g: Float64Array,
  sbgnrm: number,
  nintPrev: number,
): { info: number; nint: number } {
  const { n, l, u, nbd } = pb;
  const { m, ws, wy, wa, iwhere } = w;
  const t = w.t;
  const d = w.d;
  const xcp = w.z;
  const iorder = w.indx2;
  const theta = mem.theta;
  const col = mem.col;
  const head = mem.head;
  // wa = [p | c | wbp | v], each of length 2m
  const P = 0;
  const C = 2 * m;
  const WBP = 4 * m;
  const V = 6 * m;

  if (sbgnrm <= 0) {
    xcp.set(x);
    return { info: 0, nint: nintPrev };
  }
  let bnded = true;
  let nfreePos = n; // free variables (no break point) fill iorder from the end
  let nbreak = 0;
  let ibkmin = 0;
  let bkmin = 0;
  const col2 = 2 * col;
  let f1 = 0;
  for (let i = 0; i < col2; i++) wa[P + i] = 0;

  // status, Cauchy direction d = -g on the free set, break points, and p = W'd
  let tl = 0;
  let tu = 0;
  for (let i = 0; i < n; i++) {
    const neggi = -g[i];
    if (iwhere[i] !== 3 && iwhere[i] !== -1) {
      if (nbd[i] <= 2) tl = x[i] - l[i];
      if (nbd[i] >= 2) tu = u[i] - x[i];
      const xlower = nbd[i] <= 2 && tl <= 0;
      const xupper = nbd[i] >= 2 && tu <= 0;
      iwhere[i] = 0;
      if (xlower) {
        if (neggi <= 0) iwhere[i] = 1;
      } else if (xupper) {
        if (neggi >= 0) iwhere[i] = 2;
      } else if (Math.abs(neggi) <= 0) {
        iwhere[i] = -3;
      }
    }
    let pointr = head;
    if (iwhere[i] !== 0 && iwhere[i] !== -1) {
      d[i] = 0;
    } else {
      d[i] = neggi;
      f1 -= neggi * neggi;
      for (let j = 0; j < col; j++) {
        wa[P + j] += wy[i + pointr * n] * neggi;
        wa[P + col + j] += ws[i + pointr * n] * neggi;
        pointr = (pointr + 1) % m;
      }
      if (nbd[i] <= 2 && nbd[i] !== 0 && neggi < 0) {
        iorder[nbreak] = i;
        t[nbreak] = tl / -neggi;
        nbreak++;
        if (nbreak === 1 || t[nbreak - 1] < bkmin) {
          bkmin = t[nbreak - 1];
          ibkmin = nbreak - 1;
        }
      } else if (nbd[i] >= 2 && neggi > 0) {
        iorder[nbreak] = i;
        t[nbreak] = tu / neggi;
        nbreak++;
        if (nbreak === 1 || t[nbreak - 1] < bkmin) {
          bkmin = t[nbreak - 1];
          ibkmin = nbreak - 1;
        }
      } else {
        nfreePos--;
        iorder[nfreePos] = i;
        if (Math.abs(neggi) > 0) bnded = false;
      }
    }
  }
  if (theta !== 1) {
    for (let j = 0; j < col; j++) wa[P + col + j] = theta * wa[P + col + j];
  }
  xcp.set(x);
  if (nbreak === 0 && nfreePos === n) return { info: 0, nint: nintPrev }; // d is zero
  for (let j = 0; j < col2; j++) wa[C + j] = 0;

  // derivatives f1 = g'd and f2 = d'Bd of the model along d
  let f2 = -theta * f1;
  const f2Org = f2;
  if (col > 0) {
    const info = bmv(w, mem, wa, P, wa, V);
    if (info !== 0) return { info, nint: nintPrev };
    f2 -= ddot(col2, wa, V, wa, P);
  }
  let dtm = -f1 / f2;
  let tsum = 0;
  let nint = 1;
  let allFixed = false;

  if (nbreak > 0) {
    let nleft = nbreak;
    let iter = 1;
    let tj = 0;
    for (;;) {
      // next break point
      const tj0 = tj;
      let ibp: number;
      if (iter === 1) {
        tj = bkmin;
        ibp = iorder[ibkmin];
      } else {
        if (iter === 2 && ibkmin !== nbreak - 1) {
          // the smallest break point has been used: put the last one in its place
          t[ibkmin] = t[nbreak - 1];
          iorder[ibkmin] = iorder[nbreak - 1];
        }
        hpsolb(nleft, t, iorder, iter === 2);
        tj = t[nleft - 1];
        ibp = iorder[nleft - 1];
      }
      const dt = tj - tj0;
      // the minimiser lies within this segment
      if (dtm < dt) break;

      // otherwise fix variable ibp at its bound and move to the next segment
      tsum += dt;
      nleft--;
      iter++;
      const dibp = d[ibp];
      d[ibp] = 0;
      let zibp: number;
      if (dibp > 0) {
        zibp = u[ibp] - x[ibp];
        xcp[ibp] = u[ibp];
        iwhere[ibp] = 2;
      } else {
        zibp = l[ibp] - x[ibp];
        xcp[ibp] = l[ibp];
        iwhere[ibp] = 1;
      }
      if (nleft === 0 && nbreak === n) {
        // every variable is at a bound
        dtm = dt;
        allFixed = true;
        break;
      }
      nint++;
      const dibp2 = dibp * dibp;
      f1 += dt * f2 + dibp2 - theta * dibp * zibp;
      f2 -= theta * dibp2;
      if (col > 0) {
        daxpy(col2, dt, wa, P, wa, C);
        // wbp: the row of W for the variable just fixed
        let pointr = head;
        for (let j = 0; j < col; j++) {
          wa[WBP + j] = wy[ibp + pointr * n];
          wa[WBP + col + j] = theta * ws[ibp + pointr * n];
          pointr = (pointr + 1) % m;
        }
        const info = bmv(w, mem, wa, WBP, wa, V);
        if (info !== 0) return { info, nint };
        const wmc = ddot(col2, wa, C, wa, V);
        const wmp = ddot(col2, wa, P, wa, V);
        const wmw = ddot(col2, wa, WBP, wa, V);
        daxpy(col2, -dibp, wa, WBP, wa, P);
        f1 += dibp * wmc;
        f2 += 2 * dibp * wmp - dibp2 * wmw;
      }
      const floor = EPSMCH * f2Org;
      if (f2 < floor) f2 = floor;
      if (nleft > 0) {
        dtm = -f1 / f2;
        continue;
      } else if (bnded) {
        f1 = 0;
        f2 = 0;
        dtm = 0;
      } else {
        dtm = -f1 / f2;
      }
      break;
    }
  }
  if (!allFixed) {
    if (dtm <= 0) dtm = 0;
    tsum += dtm;
    // move the free variables and those whose break points were not reached
    daxpy(n, tsum, d, 0, xcp, 0);
  }
  // c = W'(xcp - x), used by cmprlb
  if (col > 0) daxpy(col2, dtm, wa, P, wa, C);
  return { info: 0, nint };
}

/**
 * freev: entering/leaving counts relative to the previous free set (after the first
 * iteration of a bounded problem) and the new free/active partition in `w.index`.
 */
function freev(
  n: number,
  w: Work,
  nfreeOld: number,
  iter: number,
  cnstnd: boolean,
  updatd: boolean,
): { nfree: number; nenter: number; ileave: number; wrk: boolean } {
  const { index, iwhere, indx2 } = w;
  let nenter = 0;
  let ileave = n;
  if (iter > 0 && cnstnd) {
    for (let i = 0; i < nfreeOld; i++) {
      const k = index[i];
      if (iwhere[k] > 0) {
        ileave--;
        indx2[ileave] = k;
      }
    }
    for (let i = nfreeOld; i < n; i++) {
      const k = index[i];
      if (iwhere[k] <= 0) {
        indx2[nenter] = k;
        nenter++;
      }
    }
  }
  const wrk = ileave < n || nenter > 0 || updatd;
  let nfree = 0;
  let iact = n;
  for (let i = 0; i < n; i++) {
    if (iwhere[i] <= 0) {
      index[nfree] = i;
      nfree++;
    } else {
      iact--;
      index[iact] = i;
    }
  }
  return { nfree, nenter, ileave, wrk };
}

/**
 * formk: the LEL' factorisation of the 2col x 2col indefinite matrix
 * K = [-D - Y'ZZ'Y/theta, L_a' - R_z'; L_a - R_z, theta S'AA'S] for the free set Z,
 * updating the inner products kept in `snd` incrementally (new pair, entering and
 * leaving variables). Returns 0, -1 or -2 when a Cholesky factorisation fails.
 */
function formk(
  w: Work,
  mem: Memory,
  nsub: number,
  nenter: number,
  ileave: number,
): number {
  const { n, m, ws, wy, sy, wn, snd: wn1, index: ind, indx2 } = w;
  const { theta, col, head, iupdat, updatd } = mem;
  const m2 = 2 * m;
  // element (i, j) of the 2m x 2m arrays is at [i + j * m2]
  let upcl: number;
  if (updatd) {
    if (iupdat > m) {
      // drop the oldest pair: shift the stored blocks up and left by one
      for (let jy = 0; jy < m - 1; jy++) {
        const js = m + jy;
        const len = m - (jy + 1);
        for (let q = 0; q < len; q++) wn1[jy + q + jy * m2] = wn1[jy + 1 + q + (jy + 1) * m2];
        for (let q = 0; q < len; q++) wn1[js + q + js * m2] = wn1[js + 1 + q + (js + 1) * m2];
        for (let q = 0; q < m - 1; q++) wn1[m + q + jy * m2] = wn1[m + 1 + q + (jy + 1) * m2];
      }
    }
    // new rows of blocks (1,1), (2,1) and (2,2) for the newest pair
    const iy = col - 1;
    const is = m + col - 1;
    let ipntr = head + col - 1;
    if (ipntr >= m) ipntr -= m;
    let jpntr = head;
    for (let jy = 0; jy < col; jy++) {
      const js = m + jy;
      let temp1 = 0;
      let temp2 = 0;
      let temp3 = 0;
      for (let k = 0; k < nsub; k++) {
        const k1 = ind[k];
        temp1 += wy[k1 + ipntr * n] * wy[k1 + jpntr * n];
      }
      for (let k = nsub; k < n; k++) {
        const k1 = ind[k];
        temp2 += ws[k1 + ipntr * n] * ws[k1 + jpntr * n];
        temp3 += ws[k1 + ipntr * n] * wy[k1 + jpntr * n];
      }
      wn1[iy + jy * m2] = temp1;
      wn1[is + js * m2] = temp2;
      wn1[is + jy * m2] = temp3;
      jpntr = (jpntr + 1) % m;
    }
    // new column of block (2,1)
    const jy = col - 1;
    jpntr = head + col - 1;
    if (jpntr >= m) jpntr -= m;
    ipntr = head;
    for (let i = 0; i < col; i++) {
      const isr = m + i;
      let temp3 = 0;
      for (let k = 0; k < nsub; k++) {
        const k1 = ind[k];
        temp3 += ws[k1 + ipntr * n] * wy[k1 + jpntr * n];
      }
      ipntr = (ipntr + 1) % m;
      wn1[isr + jy * m2] = temp3;
    }
    upcl = col - 1;
  } else {
    upcl = col;
  }

  // older parts of blocks (1,1) and (2,2): variables that entered or left the free set
  let ipntr = head;
  for (let iy = 0; iy < upcl; iy++) {
    const is = m + iy;
    let jpntr = head;
    for (let jy = 0; jy <= iy; jy++) {
      const js = m + jy;
      let temp1 = 0;
      let temp2 = 0;
      let temp3 = 0;
      let temp4 = 0;
      for (let k = 0; k < nenter; k++) {
        const k1 = indx2[k];
        temp1 += wy[k1 + ipntr * n] * wy[k1 + jpntr * n];
        temp2 += ws[k1 + ipntr * n] * ws[k1 + jpntr * n];
      }
      for (let k = ileave; k < n; k++) {
        const k1 = indx2[k];
        temp3 += wy[k1 + ipntr * n] * wy[k1 + jpntr * n];
        temp4 += ws[k1 + ipntr * n] * ws[k1 + jpntr * n];
      }
      wn1[iy + jy * m2] = wn1[iy + jy * m2] + temp1 - temp3;
      wn1[is + js * m2] = wn1[is + js * m2] - temp2 + temp4;
      jpntr = (jpntr + 1) % m;
    }
    ipntr = (ipntr + 1) % m;
  }
  // older part of block (2,1)
  ipntr = head;
  for (let is = m; is < m + upcl; is++) {
    let jpntr = head;
    for (let jy = 0; jy < upcl; jy++) {
      let temp1 = 0;
      let temp3 = 0;
      for (let k = 0; k < nenter; k++) {
        const k1 = indx2[k];
        temp1 += ws[k1 + ipntr * n] * wy[k1 + jpntr * n];
      }
      for (let k = ileave; k < n; k++) {
        const k1 = indx2[k];
        temp3 += ws[k1 + ipntr * n] * wy[k1 + jpntr * n];
      }
      if (is <= jy + m) wn1[is + jy * m2] += temp1 - temp3;
      else wn1[is + jy * m2] += -temp1 + temp3;
      jpntr = (jpntr + 1) % m;
    }
    ipntr = (ipntr + 1) % m;
  }

  // upper triangle of WN = [D + Y'ZZ'Y/theta, -L_a' + R_z'; -L_a + R_z, theta S'AA'S]
  for (let iy = 0; iy < col; iy++) {
    const is = col + iy;
    const is1 = m + iy;
    for (let jy = 0; jy <= iy; jy++) {
      const js = col + jy;
      const js1 = m + jy;
      wn[jy + iy * m2] = wn1[iy + jy * m2] / theta;
      wn[js + is * m2] = wn1[is1 + js1 * m2] * theta;
    }
    for (let jy = 0; jy < iy; jy++) wn[jy + is * m2] = -wn1[is1 + jy * m2];
    for (let jy = iy; jy < col; jy++) wn[jy + is * m2] = wn1[is1 + jy * m2];
    wn[iy + iy * m2] += sy[iy + iy * m];
  }
  // Cholesky of block (1,1), then L^-1 (-L_a' + R_z') in block (1,2)
  if (dpofa(wn, 0, m2, col) !== 0) return -1;
  const col2 = 2 * col;
  for (let js = col; js < col2; js++) dtrslUpper(wn, 0, m2, col, wn, js * m2, true);
  // block (2,2) += (L^-1 (-L_a' + R_z'))' (L^-1 (-L_a' + R_z')), then its Cholesky factor
  for (let is = col; is < col2; is++) {
    for (let js = is; js < col2; js++) {
      wn[is + js * m2] += ddot(col, wn, is * m2, wn, js * m2);
    }
  }
  if (dpofa(wn, col + col * m2, m2, col) !== 0) return -2;
  return 0;
}

/**
 * cmprlb: the reduced gradient r = -Z'(B (xcp - x) + g) on the free variables,
 * using c = W'(xcp - x) left by cauchy in wa[2m ..). Returns 0 or -8.
 */
function cmprlb(
  w: Work,
  mem: Memory,
  x: Float64Array,
  g: Float64Array,
  nfree: number,
  cnstnd: boolean,
): number {
  const { n, m, ws, wy, z, r, wa, index } = w;
  const { theta, col, head } = mem;
  if (!cnstnd && col > 0) {
    for (let i = 0; i < n; i++) r[i] = -g[i];
    return 0;
  }
  for (let i = 0; i < nfree; i++) {
    const k = index[i];
    r[i] = -theta * (z[k] - x[k]) - g[k];
  }
  if (bmv(w, mem, wa, 2 * m, wa, 0) !== 0) return -8;
  let pointr = head;
  for (let j = 0; j < col; j++) {
    const a1 = wa[j];
    const a2 = theta * wa[col + j];
    for (let i = 0; i < nfree; i++) {
      const k = index[i];
      r[i] += wy[k + pointr * n] * a1 + ws[k + pointr * n] * a2;
    }
    pointr = (pointr + 1) % m;
  }
  return 0;
}

/**
 * subsm: subspace minimisation. From the Cauchy point (in w.z) take the Newton step
 * of the model on the free variables, d = (1/theta) r + (1/theta^2) Z'W K^-1 W'Z r
 * (r is the reduced gradient in w.r), and backtrack it into the box. Returns 0 or
 * a dtrsl error code.
 */
function subsm(pb: Problem, w: Work, mem: Memory, nsub: number): number {
  const { l, u, nbd } = pb;
  const { n, m, ws, wy, wn, wa: wv, index: ind } = w;
  const x = w.z;
  const d = w.r;
  const { theta, col, head } = mem;
  if (nsub <= 0) return 0;
  // wv = W'Z d
  let pointr = head;
  for (let i = 0; i < col; i++) {
    let temp1 = 0;
    let temp2 = 0;
    for (let j = 0; j < nsub; j++) {
      const k = ind[j];
      temp1 += wy[k + pointr * n] * d[j];
      temp2 += ws[k + pointr * n] * d[j];
    }
    wv[i] = temp1;
    wv[col + i] = theta * temp2;
    pointr = (pointr + 1) % m;
  }
  // wv = K^-1 wv through the LEL' factors
  const m2 = 2 * m;
  const col2 = 2 * col;
  let info = dtrslUpper(wn, 0, m2, col2, wv, 0, true);
  if (info !== 0) return info;
  for (let i = 0; i < col; i++) wv[i] = -wv[i];
  info = dtrslUpper(wn, 0, m2, col2, wv, 0, false);
  if (info !== 0) return info;
  // d = (1/theta) d + (1/theta^2) Z'W wv
  pointr = head;
  for (let jy = 0; jy < col; jy++) {
    const js = col + jy;
    for (let i = 0; i < nsub; i++) {
      const k = ind[i];
      d[i] += (wy[k + pointr * n] * wv[jy]) / theta + ws[k + pointr * n] * wv[js];
    }
    pointr = (pointr + 1) % m;
  }
  for (let i = 0; i < nsub; i++) d[i] /= theta;

  // largest step alpha <= 1 keeping the free variables feasible
  let alpha = 1;
  let temp1 = alpha;
  let ibd = 0;
  for (let i = 0; i < nsub; i++) {
    const k = ind[i];
    const dk = d[i];
    if (nbd[k] !== 0) {
      if (dk < 0 && nbd[k] <= 2) {
        const temp2 = l[k] - x[k];
        if (temp2 >= 0) temp1 = 0;
        else if (dk * alpha < temp2) temp1 = temp2 / dk;
      } else if (dk > 0 && nbd[k] >= 2) {
        const temp2 = u[k] - x[k];
        if (temp2 <= 0) temp1 = 0;
        else if (dk * alpha > temp2) temp1 = temp2 / dk;
      }
      if (temp1 < alpha) {
        alpha = temp1;
        ibd = i;
      }
    }
  }
  if (alpha < 1) {
    const dk = d[ibd];
    const k = ind[ibd];
    if (dk > 0) {
      x[k] = u[k];
      d[ibd] = 0;
    } else if (dk < 0) {
      x[k] = l[k];
      d[ibd] = 0;
    }
  }
  for (let i = 0; i < nsub; i++) x[ind[i]] += alpha * d[i];
  return 0;
}

/**
 * matupd: store the newest correction pair (s = d, y = r) in WS/WY, set
 * theta = y'y / y's, and update S'S (upper triangle) and S'Y (lower triangle).
 */
function matupd(w: Work, mem: Memory, rr: number, dr: number, stp: number, dtd: number): void {
  const { n, m, ws, wy, sy, ss, d, r } = w;
  if (mem.iupdat <= m) {
    mem.col = mem.iupdat;
    mem.itail = (mem.head + mem.iupdat - 1) % m;
  } else {
    mem.itail = (mem.itail + 1) % m;
    mem.head = (mem.head + 1) % m;
  }
  const col = mem.col;
  ws.set(d, mem.itail * n);
  wy.set(r, mem.itail * n);
  mem.theta = rr / dr;
  if (mem.iupdat > m) {
    // drop the oldest pair from SS and SY
    for (let j = 0; j < col - 1; j++) {
      for (let q = 0; q <= j; q++) ss[q + j * m] = ss[q + 1 + (j + 1) * m];
      for (let q = 0; q < col - (j + 1); q++) sy[j + q + j * m] = sy[j + 1 + q + (j + 1) * m];
    }
  }
  // last row of SY and last column of SS
  let pointr = mem.head;
  for (let j = 0; j < col - 1; j++) {
    sy[col - 1 + j * m] = ddot(n, d, 0, wy, pointr * n);
    ss[j + (col - 1) * m] = ddot(n, ws, pointr * n, d, 0);
    pointr = (pointr + 1) % m;
  }
  ss[col - 1 + (col - 1) * m] = stp === 1 ? dtd : stp * stp * dtd;
  sy[col - 1 + (col - 1) * m] = dr;
}

/**
 * formt: T = theta S'S + L D^-1 L' in the upper triangle of wt and its Cholesky
 * factor J'. Returns 0 or -3.
 */
function formt(w: Work, mem: Memory): number {
  const { m, wt, sy, ss } = w;
  const { col, theta } = mem;
  for (let j = 0; j < col; j++) wt[j * m] = theta * ss[j * m];
  for (let i = 1; i < col; i++) {
    for (let j = i; j < col; j++) {
      let ddum = 0;
      for (let k = 0; k < i; k++) ddum += (sy[i + k * m] * sy[j + k * m]) / sy[k + k * m];
      wt[i + j * m] = ddum + theta * ss[i + j * m];
    }
  }
  return dpofa(wt, 0, m, col) !== 0 ? -3 : 0;
}

/** projgr: infinity norm of the projected gradient. */
function projgr(pb: Problem, x: Float64Array, g: Float64Array): number {
  const { n, l, u, nbd } = pb;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    let gi = g[i];
    if (nbd[i] !== 0) {
      if (gi < 0) {
        if (nbd[i] >= 2) {
          const v = x[i] - u[i];
          if (gi < v) gi = v;
        }
      } else if (nbd[i] <= 2) {
        const v = x[i] - l[i];
        if (gi > v) gi = v;
      }
    }
    const a = Math.abs(gi);
    if (norm < a) norm = a;
  }
  return norm;
}

// ---------------------------------------------------------------------------
// More-Thuente line search (MINPACK-2 dcsrch / dcstep).
// ---------------------------------------------------------------------------

/** Saved state of dcsrch between calls (the C code keeps it in static variables). */
interface SearchState {
  brackt: boolean;
  stage: number;
  ginit: number;
  gtest: number;
  gx: number;
  gy: number;
  finit: number;
  fx: number;
  fy: number;
  stx: number;
  sty: number;
  stmin: number;
  stmax: number;
  width: number;
  width1: number;
}

/** The safeguarded step of dcstep; mutates the interval ends in `s` and returns the new step. */
function dcstep(
  s: { stx: number; fx: number; dx: number; sty: number; fy: number; dy: number; brackt: boolean },
  stp: number,
  fp: number,
  dp: number,
  stpmin: number,
  stpmax: number,
): number {
  const { stx, fx, dx, sty, fy, dy } = s;
  const sgnd = dp * (dx / Math.abs(dx));
  let stpf: number;
  if (fp > fx) {
    // higher function value: the minimum is bracketed; cubic step if closer to stx,
    // otherwise the average of the cubic and quadratic steps
    const theta = ((fx - fp) * 3) / (stp - stx) + dx + dp;
    const sc = cmax(cmax(Math.abs(theta), Math.abs(dx)), Math.abs(dp));
    const a = theta / sc;
    let gamm = sc * Math.sqrt(a * a - (dx / sc) * (dp / sc));
    if (stp < stx) gamm = -gamm;
    const p = gamm - dx + theta;
    const q = gamm - dx + gamm + dp;
    const r = p / q;
    const stpc = stx + r * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    if (Math.abs(stpc - stx) < Math.abs(stpq - stx)) stpf = stpc;
    else stpf = stpc + (stpq - stpc) / 2;
    s.brackt = true;
  } else if (sgnd < 0) {
    // lower value, derivatives of opposite sign: bracketed; the step farther from stp
    const theta = ((fx - fp) * 3) / (stp - stx) + dx + dp;
    const sc = cmax(cmax(Math.abs(theta), Math.abs(dx)), Math.abs(dp));
    const a = theta / sc;
    let gamm = sc * Math.sqrt(a * a - (dx / sc) * (dp / sc));
    if (stp > stx) gamm = -gamm;
    const p = gamm - dp + theta;
    const q = gamm - dp + gamm + dx;
    const r = p / q;
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (Math.abs(stpc - stp) > Math.abs(stpq - stp)) stpf = stpc;
    else stpf = stpq;
    s.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // lower value, same-sign derivatives, decreasing magnitude
    const theta = ((fx - fp) * 3) / (stp - stx) + dx + dp;
    const sc = cmax(cmax(Math.abs(theta), Math.abs(dx)), Math.abs(dp));
    const a = theta / sc;
    const disc = a * a - (dx / sc) * (dp / sc);
    let gamm = disc < 0 ? 0 : sc * Math.sqrt(disc);
    if (stp > stx) gamm = -gamm;
    const p = gamm - dp + theta;
    const q = gamm + (dx - dp) + gamm;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamm !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (s.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      const lim = stp + (sty - stp) * 0.66;
      stpf = stp > stx ? cmin(lim, stpf) : cmax(lim, stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = cmin(stpmax, stpf);
      stpf = cmax(stpmin, stpf);
    }
  } else if (s.brackt) {
    // lower value, same-sign derivatives not decreasing, bracketed: cubic with sty
    const theta = ((fp - fy) * 3) / (sty - stp) + dy + dp;
    const sc = cmax(cmax(Math.abs(theta), Math.abs(dy)), Math.abs(dp));
    const a = theta / sc;
    let gamm = sc * Math.sqrt(a * a - (dy / sc) * (dp / sc));
    if (stp > sty) gamm = -gamm;
    const p = gamm - dp + theta;
    const q = gamm - dp + gamm + dy;
    const r = p / q;
    stpf = stp + r * (sty - stp);
  } else if (stp > stx) {
    stpf = stpmax;
  } else {
    stpf = stpmin;
  }
  // update the interval that contains a minimiser
  if (fp > fx) {
    s.sty = stp;
    s.fy = fp;
    s.dy = dp;
  } else {
    if (sgnd < 0) {
      s.sty = stx;
      s.fy = fx;
      s.dy = dx;
    }
    s.stx = stp;
    s.fx = fp;
    s.dx = dp;
  }
  return stpf;
}

/**
 * dcsrch: one reverse-communication step of the More-Thuente search for a step
 * satisfying f(stp) <= f(0) + ftol stp f'(0) and |f'(stp)| <= gtol |f'(0)|.
 * `task` is "START" on the first call; the returned task starts with "FG" (evaluate
 * at the returned stp), "CONV", "WARN" or "ERROR".
 */
function dcsrch(
  st: SearchState,
  f: number,
  g: number,
  stpIn: number,
  ftol: number,
  gtol: number,
  xtol: number,
  stpmin: number,
  stpmax: number,
  taskIn: string,
): { stp: number; task: string } {
  let stp = stpIn;
  let task = taskIn;
  if (task.startsWith("START")) {
    if (stp < stpmin) task = "ERROR: STP .LT. STPMIN";
    if (stp > stpmax) task = "ERROR: STP .GT. STPMAX";
    if (g >= 0) task = "ERROR: INITIAL G .GE. ZERO";
    if (ftol < 0) task = "ERROR: FTOL .LT. ZERO";
    if (gtol < 0) task = "ERROR: GTOL .LT. ZERO";
    if (xtol < 0) task = "ERROR: XTOL .LT. ZERO";
    if (stpmin < 0) task = "ERROR: STPMIN .LT. ZERO";
    if (stpmax < stpmin) task = "ERROR: STPMAX .LT. STPMIN";
    if (task.startsWith("ERROR")) return { stp, task };
    st.brackt = false;
    st.stage = 1;
    st.finit = f;
    st.ginit = g;
    st.gtest = ftol * st.ginit;
    st.width = stpmax - stpmin;
    st.width1 = st.width / 0.5;
    st.stx = 0;
    st.fx = st.finit;
    st.gx = st.ginit;
    st.sty = 0;
    st.fy = st.finit;
    st.gy = st.ginit;
    st.stmin = 0;
    st.stmax = stp + stp * 4;
    return { stp, task: "FG" };
  }
  const ftest = st.finit + stp * st.gtest;
  if (st.stage === 1 && f <= ftest && g >= 0) st.stage = 2;
  // warnings, then convergence
  if (st.brackt && (stp <= st.stmin || stp >= st.stmax)) task = "WARNING: ROUNDING ERRORS PREVENT PROGRESS";
  if (st.brackt && st.stmax - st.stmin <= xtol * st.stmax) task = "WARNING: XTOL TEST SATISFIED";
  if (stp === stpmax && f <= ftest && g <= st.gtest) task = "WARNING: STP = STPMAX";
  if (stp === stpmin && (f > ftest || g >= st.gtest)) task = "WARNING: STP = STPMIN";
  if (f <= ftest && Math.abs(g) <= gtol * -st.ginit) task = "CONVERGENCE";
  if (task.startsWith("WARN") || task.startsWith("CONV")) return { stp, task };

  if (st.stage === 1 && f <= st.fx && f > ftest) {
    // first stage with a lower but not sufficiently lower value: use the modified
    // function psi(stp) = f(stp) - f(0) - ftol stp f'(0)
    const fm = f - stp * st.gtest;
    const ivl = {
      stx: st.stx,
      fx: st.fx - st.stx * st.gtest,
      dx: st.gx - st.gtest,
      sty: st.sty,
      fy: st.fy - st.sty * st.gtest,
      dy: st.gy - st.gtest,
      brackt: st.brackt,
    };
    const gm = g - st.gtest;
    stp = dcstep(ivl, stp, fm, gm, st.stmin, st.stmax);
    st.brackt = ivl.brackt;
    st.stx = ivl.stx;
    st.sty = ivl.sty;
    st.fx = ivl.fx + ivl.stx * st.gtest;
    st.fy = ivl.fy + ivl.sty * st.gtest;
    st.gx = ivl.dx + st.gtest;
    st.gy = ivl.dy + st.gtest;
  } else {
    const ivl = { stx: st.stx, fx: st.fx, dx: st.gx, sty: st.sty, fy: st.fy, dy: st.gy, brackt: st.brackt };
    stp = dcstep(ivl, stp, f, g, st.stmin, st.stmax);
    st.brackt = ivl.brackt;
    st.stx = ivl.stx;
    st.fx = ivl.fx;
    st.gx = ivl.dx;
    st.sty = ivl.sty;
    st.fy = ivl.fy;
    st.gy = ivl.dy;
  }
  // bisect when the interval does not shrink fast enough
  if (st.brackt) {
    if (Math.abs(st.sty - st.stx) >= st.width1 * 0.66) stp = st.stx + (st.sty - st.stx) * 0.5;
    st.width1 = st.width;
    st.width = Math.abs(st.sty - st.stx);
  }
  if (st.brackt) {
    st.stmin = cmin(st.stx, st.sty);
    st.stmax = cmax(st.stx, st.sty);
  } else {
    st.stmin = stp + (stp - st.stx) * 1.1;
    st.stmax = stp + (stp - st.stx) * 4;
  }
  if (stp < stpmin) stp = stpmin;
  if (stp > stpmax) stp = stpmax;
  // no further progress possible: fall back to the best step so far
  if ((st.brackt && (stp <= st.stmin || stp >= st.stmax)) || (st.brackt && st.stmax - st.stmin <= xtol * st.stmax)) {
    stp = st.stx;
  }
  return { stp, task: "FG" };
}

// ---------------------------------------------------------------------------
// Driver.
// ---------------------------------------------------------------------------

function recycle(v: number | ArrayLike<number> | undefined, n: number, dflt: number, what: string): Float64Array {
  const out = new Float64Array(n);
  if (v === undefined) {
    out.fill(dflt);
  } else if (typeof v === "number") {
    out.fill(v);
  } else {
    if (v.length === 0) throw new Error(`lbfgsb: '${what}' is empty`);
    for (let i = 0; i < n; i++) out[i] = Number(v[i % v.length]);
  }
  return out;
}

/**
 * Minimise `fn` subject to `lower <= x <= upper` with L-BFGS-B, reproducing R's
 * `optim(x0, fn, gr, method = "L-BFGS-B", lower, upper, control)` step for step.
 *
 * The objective must return a finite number at every point the search visits (as in
 * R, a non-finite value throws "L-BFGS-B needs finite values of 'fn'"); a starting
 * point outside the box is projected onto it first. `fn` receives a fresh copy of
 * the point each time.
 *
 * @example
 * ```ts
 * // Rosenbrock's banana with the finite-difference gradient, as in R's
 * //   fr <- function(x) 100 * (x[2] - x[1] * x[1])^2 + (1 - x[1])^2
 * //   optim(c(-1.2, 1), fr, method = "L-BFGS-B")
 * // (R evaluates y^2 as y * y; write it that way to get R's bits)
 * const fr = (x: Float64Array) => {
 *   const a = x[1] - x[0] * x[0];
 *   const b = 1 - x[0];
 *   return 100 * (a * a) + b * b;
 * };
 * const res = lbfgsb(fr, [-1.2, 1]);
 * // res.par = [0.99980003783378579, 0.99960011579784236], res.counts.function = 49,
 * // res.convergence = 0, res.message = "CONVERGENCE: REL_REDUCTION_OF_F <= FACTR*EPSMCH"
 *
 * // DESeq2's fallback for rows whose IRLS fit fails:
 * //   optim(betaRow, objectiveFn, method = "L-BFGS-B", lower = -30, upper = 30)
 * const fit = lbfgsb(negLogPosterior, betaRow, { lower: -30, upper: 30 });
 * ```
 */
export function lbfgsb(
  fn: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: LbfgsbOptions = {},
): LbfgsbResult {
  const n = x0.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Number(x0[i]);
  // R takes lmm and maxit with asInteger (truncation)
  const m = Math.trunc(options.m ?? 5);
  const factr = options.factr ?? 1e7;
  const pgtol = options.pgtol ?? 0;
  const maxit = Math.trunc(options.maxit ?? 100);
  const gradient = options.gradient;

  let nfgv = 0;
  const callFn = (p: Float64Array): number => Number(fn(new Float64Array(p)));

  if (n === 0) {
    // R's driver: nothing to optimise, one evaluation
    return { par: x, value: callFn(x), counts: { function: 1, gradient: 0 }, convergence: 0, message: "NOTHING TO DO" };
  }

  const l = recycle(options.lower, n, -Infinity, "lower");
  const u = recycle(options.upper, n, Infinity, "upper");
  const ndeps = recycle(options.ndeps, n, 1e-3, "ndeps");
  const nbd = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(l[i])) nbd[i] = Number.isFinite(u[i]) ? 3 : 0;
    else nbd[i] = Number.isFinite(u[i]) ? 2 : 1;
  }
  const pb: Problem = { n, l, u, nbd };

  const g = new Float64Array(n);
  let f = NaN;
  const probe = new Float64Array(n);

  /** R's fminfn followed by fmingr (the driver's "FG" request). */
  const evaluate = (): void => {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(x[i])) throw new Error("non-finite value supplied by optim");
    }
    f = callFn(x);
    if (!Number.isFinite(f)) throw new Error("L-BFGS-B needs finite values of 'fn'");
    if (gradient) {
      const gr = gradient(new Float64Array(x));
      if (gr.length !== n) throw new Error(`gradient in optim evaluated to length ${gr.length} not ${n}`);
      for (let i = 0; i < n; i++) g[i] = Number(gr[i]);
      return;
    }
    // central differences, each side pulled in to the bound; divide by the true span
    probe.set(x);
    for (let i = 0; i < n; i++) {
      let eps = ndeps[i];
      let epsUp = eps;
      let tmp = x[i] + eps;
      if (tmp > u[i]) {
        tmp = u[i];
        epsUp = tmp - x[i];
      }
      probe[i] = tmp;
      const val1 = callFn(probe);
      tmp = x[i] - eps;
      if (tmp < l[i]) {
        tmp = l[i];
        eps = x[i] - tmp;
      }
      probe[i] = tmp;
      const val2 = callFn(probe);
      g[i] = (val1 - val2) / (epsUp + eps);
      if (!Number.isFinite(g[i])) throw new Error(`non-finite finite-difference value [${i + 1}]`);
      probe[i] = x[i];
    }
  };

  const finish = (task: string, convergence: 0 | 1 | 51 | 52, value: number = f): LbfgsbResult => ({
    par: x,
    value,
    counts: { function: nfgv, gradient: nfgv },
    convergence,
    message: task,
  });

  // errclb: argument checks (R leaves f unset and counts at 0 here)
  let task = "";
  if (m <= 0) task = "ERROR: M .LE. 0";
  if (factr < 0) task = "ERROR: FACTR .LT. 0";
  for (let i = 0; i < n; i++) {
    if (nbd[i] === 2 && l[i] > u[i]) task = "ERROR: NO FEASIBLE SOLUTION";
  }
  if (task !== "") return finish(task, 52, NaN);

  const w: Work = {
    n,
    m,
    ws: new Float64Array(n * m),
    wy: new Float64Array(n * m),
    sy: new Float64Array(m * m),
    ss: new Float64Array(m * m),
    wt: new Float64Array(m * m),
    wn: new Float64Array(4 * m * m),
    snd: new Float64Array(4 * m * m),
    z: new Float64Array(n),
    r: new Float64Array(n),
    d: new Float64Array(n),
    t: new Float64Array(n),
    wa: new Float64Array(8 * m),
    index: new Int32Array(n),
    iwhere: new Int32Array(n),
    indx2: new Int32Array(n),
  };
  const mem: Memory = { theta: 1, col: 0, head: 0, itail: 0, iupdat: 0, updatd: false };
  const resetMemory = (): void => {
    mem.col = 0;
    mem.head = 0;
    mem.theta = 1;
    mem.iupdat = 0;
    mem.updatd = false;
  };
  const { z, r, d, t } = w;
  const tol = factr * EPSMCH;

  // active: project x0 onto the box, classify the variables
  let cnstnd = false;
  let boxed = true;
  for (let i = 0; i < n; i++) {
    if (nbd[i] > 0) {
      if (nbd[i] <= 2 && x[i] <= l[i]) {
        if (x[i] < l[i]) x[i] = l[i];
      } else if (nbd[i] >= 2 && x[i] >= u[i]) {
        if (x[i] > u[i]) x[i] = u[i];
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (nbd[i] !== 2) boxed = false;
    if (nbd[i] === 0) {
      w.iwhere[i] = -1;
    } else {
      cnstnd = true;
      w.iwhere[i] = nbd[i] === 2 && u[i] - l[i] <= 0 ? 3 : 0;
    }
  }

  // f and g at the starting point
  evaluate();
  nfgv = 1;
  let sbgnrm = projgr(pb, x, g);
  if (sbgnrm <= pgtol) return finish("CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL", 0);

  let iter = 0; // mainlb's iteration counter
  let driverIter = 0; // the driver's count of NEW_X, compared with maxit
  let nint = 0;
  let nfree = n;
  let info = 0;
  let fold = 0;
  let dnorm = 0;
  let dtd = 0;
  let stp = 0;
  let stpmx = 0;
  let gd = 0;
  let gdold = 0;
  let ifun = 0;
  let iback = 0;
  const search: SearchState = {
    brackt: false,
    stage: 1,
    ginit: 0,
    gtest: 0,
    gx: 0,
    gy: 0,
    finit: 0,
    fx: 0,
    fy: 0,
    stx: 0,
    sty: 0,
    stmin: 0,
    stmax: 0,
    width: 0,
    width1: 0,
  };

  for (;;) {
    // ---- one iteration: generalised Cauchy point ----
    let wrk: boolean;
    let nenter = 0;
    let ileave = n;
    if (!cnstnd && mem.col > 0) {
      // unconstrained with curvature pairs: skip the Cauchy point search
      z.set(x);
      wrk = mem.updatd;
      nint = 0;
    } else {
      const cp = cauchy(pb, w, mem, x, g, sbgnrm, nint);
      nint = cp.nint;
      if (cp.info !== 0) {
        // singular triangular system: refresh the memory and restart the iteration
        info = 0;
        resetMemory();
        continue;
      }
      const fv = freev(n, w, nfree, iter, cnstnd, mem.updatd);
      nfree = fv.nfree;
      nenter = fv.nenter;
      ileave = fv.ileave;
      wrk = fv.wrk;
    }

    // ---- subspace minimisation ----
    if (nfree !== 0 && mem.col !== 0) {
      if (wrk) info = formk(w, mem, nfree, nenter, ileave);
      if (info !== 0) {
        // K not positive definite: refresh the memory and restart the iteration
        info = 0;
        resetMemory();
        continue;
      }
      info = cmprlb(w, mem, x, g, nfree, cnstnd);
      if (info === 0) info = subsm(pb, w, mem, nfree);
      if (info !== 0) {
        info = 0;
        resetMemory();
        continue;
      }
    }

    // ---- line search along d = z - x (lnsrlb) ----
    for (let i = 0; i < n; i++) d[i] = z[i] - x[i];
    dtd = ddot(n, d, 0, d, 0);
    dnorm = Math.sqrt(dtd);
    stpmx = 1e10;
    if (cnstnd) {
      if (iter === 0) {
        stpmx = 1;
      } else {
        for (let i = 0; i < n; i++) {
          const a1 = d[i];
          if (nbd[i] === 0) continue;
          if (a1 < 0 && nbd[i] <= 2) {
            const a2 = l[i] - x[i];
            if (a2 >= 0) stpmx = 0;
            else if (a1 * stpmx < a2) stpmx = a2 / a1;
          } else if (a1 > 0 && nbd[i] >= 2) {
            const a2 = u[i] - x[i];
            if (a2 <= 0) stpmx = 0;
            else if (a1 * stpmx > a2) stpmx = a2 / a1;
          }
        }
      }
    }
    stp = iter === 0 && !boxed ? cmin(1 / dnorm, stpmx) : 1;
    t.set(x);
    r.set(g);
    fold = f;
    ifun = 0;
    iback = 0;
    let csave = "START";
    let restart = false;
    for (;;) {
      gd = ddot(n, g, 0, d, 0);
      let lnTask = "";
      if (ifun === 0) {
        gdold = gd;
        if (gd >= 0) info = -4; // not a descent direction
      }
      if (info === 0) {
        const res = dcsrch(search, f, gd, stp, 1e-3, 0.9, 0.1, 0, stpmx, csave);
        stp = res.stp;
        csave = res.task;
        if (!csave.startsWith("CONV") && !csave.startsWith("WARN")) {
          lnTask = "FG_LNSRCH";
          ifun++;
          nfgv++;
          iback = ifun - 1;
          if (stp === 1) x.set(z);
          else for (let i = 0; i < n; i++) x[i] = stp * d[i] + t[i];
        } else {
          lnTask = "NEW_X";
        }
      }
      if (info !== 0 || iback >= 20) {
        // line search failed: back to the previous iterate
        x.set(t);
        g.set(r);
        f = fold;
        if (mem.col === 0) {
          if (info === 0) {
            info = -9;
            nfgv--;
            ifun--;
            iback--;
          }
          iter++;
          return finish("ERROR: ABNORMAL_TERMINATION_IN_LNSRCH", 52);
        }
        // bad direction: refresh the memory and restart the iteration
        if (info === 0) nfgv--;
        info = 0;
        resetMemory();
        restart = true;
        break;
      }
      if (lnTask === "FG_LNSRCH") {
        evaluate();
        csave = ""; // setulb clears its saved task string on every re-entry
        continue;
      }
      break;
    }
    if (restart) continue;

    // ---- new iterate ----
    iter++;
    sbgnrm = projgr(pb, x, g);
    driverIter++;
    if (driverIter > maxit) return finish("NEW_X", 1);
    if (sbgnrm <= pgtol) return finish("CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL", 0);
    const ddumF = cmax(cmax(Math.abs(fold), Math.abs(f)), 1);
    if (fold - f <= tol * ddumF) {
      // (with iback >= 10 R records a warning code but still reports convergence)
      return finish("CONVERGENCE: REL_REDUCTION_OF_F <= FACTR*EPSMCH", 0);
    }
    // s = x_new - x_old (in d after scaling by stp), y = g_new - g_old (in r)
    for (let i = 0; i < n; i++) r[i] = g[i] - r[i];
    const rr = ddot(n, r, 0, r, 0);
    let dr: number;
    let ddum: number;
    if (stp === 1) {
      dr = gd - gdold;
      ddum = -gdold;
    } else {
      dr = (gd - gdold) * stp;
      for (let i = 0; i < n; i++) d[i] = stp * d[i];
      ddum = -gdold * stp;
    }
    if (dr <= EPSMCH * ddum) {
      // curvature condition fails: skip the update
      mem.updatd = false;
      continue;
    }
    mem.updatd = true;
    mem.iupdat++;
    matupd(w, mem, rr, dr, stp, dtd);
    if (formt(w, mem) !== 0) {
      info = 0;
      resetMemory();
    }
  }
}
