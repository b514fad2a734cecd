/**
 * Small dense linear algebra on row-major Float64Arrays: what the per-gene GLMs need
 * (p x p systems with p the number of model coefficients) and the design-matrix checks.
 */

/** A dense row-major matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/**
 * A matrix from nested arrays.
 *
 * @example
 * matrix([[1, 2], [3, 4]]).data; // Float64Array [1, 2, 3, 4]
 */
export function matrix(rows: ArrayLike<number>[]): Matrix {
  const r = rows.length;
  const c = r ? rows[0].length : 0;
  const data = new Float64Array(r * c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`row ${i} has ${row.length} values, expected ${c}`);
    for (let j = 0; j < c; j++) data[i * c + j] = row[j];
  });
  return { rows: r, cols: c, data };
}

/**
 * Cholesky factorisation A = L L' of a symmetric positive-definite n x n matrix (row-major,
 * lower triangle used), written into `l` (no allocation). Returns false when A is not
 * positive definite.
 *
 * @example
 * const l = new Float64Array(4);
 * choleskyInto(Float64Array.of(4, 2, 2, 3), 2, l); // true; l = [2, 0, 1, 1.4142135623730951]
 */
export function choleskyInto(a: Float64Array, n: number, l: Float64Array): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return true;
}

/**
 * Cholesky factorisation A = L L' of a symmetric positive-definite n x n matrix (row-major,
 * lower triangle used). Returns L, or null when A is not positive definite.
 *
 * @example
 * cholesky(Float64Array.of(4, 2, 2, 3), 2); // Float64Array [2, 0, 1, 1.4142135623730951]
 */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  return choleskyInto(a, n, l) ? l : null;
}

/**
 * Solve A x = b for symmetric positive-definite A given its Cholesky factor L.
 *
 * @example
 * choleskySolve(cholesky(Float64Array.of(4, 2, 2, 3), 2)!, Float64Array.of(2, 1), 2); // [0.5, 0]
 */
export function choleskySolve(l: Float64Array, b: ArrayLike<number>, n: number): Float64Array {
  // Copied first, so that choleskySolveInto only ever sees typed arrays (its element loads stay
  // monomorphic: with plain arrays mixed in, V8 would box every value it reads).
  const y = Float64Array.from(b);
  return choleskySolveInto(l, y, n, y);
}

/**
 * {@link choleskySolve} writing the solution into `y` (length n; may be `b` itself).
 *
 * @example
 * choleskySolveInto(cholesky(Float64Array.of(4, 2, 2, 3), 2)!, Float64Array.of(2, 1), 2, new Float64Array(2)); // [0.5, 0]
 */
export function choleskySolveInto(l: Float64Array, b: Float64Array, n: number, y: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * y[k];
    y[i] = s / l[i * n + i];
  }
  return y;
}

/**
 * Inverse of a symmetric positive-definite matrix from its Cholesky factor.
 *
 * @example
 * choleskyInverse(cholesky(Float64Array.of(2, 0, 0, 4), 2)!, 2); // [0.5, 0, 0, 0.25]
 */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, e, n);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i];
  }
  return inv;
}

/**
 * Solve the square system A x = b by Gaussian elimination with partial pivoting.
 * Returns null for a singular matrix.
 *
 * @example
 * solve(Float64Array.of(0, 1, 1, 0), Float64Array.of(2, 3), 2); // [3, 2]
 */
export function solve(a: Float64Array, b: ArrayLike<number>, n: number): Float64Array | null {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[piv * n + k])) piv = i;
    if (m[piv * n + k] === 0) return null;
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const t = m[k * n + j];
        m[k * n + j] = m[piv * n + j];
        m[piv * n + j] = t;
      }
      const t = x[k];
      x[k] = x[piv];
      x[piv] = t;
    }
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k] / m[k * n + k];
      if (f === 0) continue;
      for (let j = k; j < n; j++) m[i * n + j] -= f * m[k * n + j];
      x[i] -= f * x[k];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= m[i * n + j] * x[j];
    x[i] = s / m[i * n + i];
  }
  return x;
}

/**
 * Euclidean norm without overflow or underflow (scaled sum of squares, as BLAS dnrm2), for
 * vectors of any length (Math.hypot(...v) cannot take very long vectors).
 *
 * @example
 * norm2([3, 4]); // 5
 */
export function norm2(v: ArrayLike<number>): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a === 0) continue;
    if (Number.isNaN(a)) return NaN;
    if (scale < a) {
      ssq = 1 + ssq * (scale / a) * (scale / a);
      scale = a;
    } else ssq += (a / scale) * (a / scale);
  }
  return scale === Infinity ? Infinity : scale * Math.sqrt(ssq);
}

/** Result of {@link householderQR}. */
export interface QR {
  /** Thin Q (m x k, row-major) for the k columns kept, in their original order. */
  q: Float64Array;
  /** Upper-triangular R (k x k, row-major). */
  r: Float64Array;
  /** Indices of the columns found linearly independent, in order. */
  independent: number[];
  /** Indices of the columns that are (near) linear combinations of earlier ones. */
  dependent: number[];
}

/**
 * QR decomposition by modified Gram-Schmidt with re-orthogonalisation, keeping columns in
 * order and setting aside any column whose residual norm is below `tol` times its own norm
 * (the rule of R's LINPACK dqrdc2, tol 1e-7), so that the dependent columns can be named.
 *
 * @example
 * householderQR(matrix([[1, 1], [1, 1], [1, 1]])).dependent; // [1]
 */
export function householderQR(x: Matrix, tol = 1e-7): QR {
  const { rows: m, cols: n, data } = x;
  const qs: Float64Array[] = [];
  const rCols: number[][] = [];
  const independent: number[] = [];
  const dependent: number[] = [];
  for (let j = 0; j < n; j++) {
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) v[i] = data[i * n + j];
    const norm0 = norm2(v);
    const coef = new Array<number>(qs.length).fill(0);
    for (let pass = 0; pass < 2; pass++) {
      qs.forEach((q, k) => {
        let d = 0;
        for (let i = 0; i < m; i++) d += q[i] * v[i];
        coef[k] += d;
        for (let i = 0; i < m; i++) v[i] -= d * q[i];
      });
    }
    const norm = norm2(v);
    if (norm0 === 0 || norm <= tol * norm0) {
      dependent.push(j);
      continue;
    }
    for (let i = 0; i < m; i++) v[i] /= norm;
    qs.push(v);
    rCols.push([...coef, norm]);
    independent.push(j);
  }
  const k = qs.length;
  const q = new Float64Array(m * k);
  qs.forEach((col, c) => {
    for (let i = 0; i < m; i++) q[i * k + c] = col[i];
  });
  const r = new Float64Array(k * k);
  rCols.forEach((col, c) => col.forEach((v, i) => (r[i * k + c] = v)));
  return { q, r, independent, dependent };
}
