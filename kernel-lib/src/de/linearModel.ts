/**
 * Least-squares pieces used to start the NB fits: fitted values of an ordinary linear
 * model (projection on the design's column space) and least-squares coefficients.
 */
import { householderQR, Matrix } from "../stats/linalg";

/**
 * The p x m matrix (X'X)^-1 X' = R^-1 Q' that maps a response vector to least-squares
 * coefficients.
 */
export function leastSquaresOperator(x: Matrix): Matrix {
  const { q, r } = householderQR(x);
  const m = x.rows;
  const p = x.cols;
  // Back-substitute R B = Q' column by column.
  const out = new Float64Array(p * m);
  for (let j = 0; j < m; j++) {
    for (let i = p - 1; i >= 0; i--) {
      let s = q[j * p + i];
      for (let k = i + 1; k < p; k++) s -= r[i * p + k] * out[k * m + j];
      out[i * m + j] = s / r[i * p + i];
    }
  }
  return { rows: p, cols: m, data: out };
}

/** Number of distinct rows of the design (DESeq2's `modelMatrixGroups`). */
export function designGroups(x: Matrix): number {
  const keys = new Set<string>();
  for (let i = 0; i < x.rows; i++) keys.add(Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)).join("__"));
  return keys.size;
}

/**
 * The two factors of DESeq2's `linearModelMu`: fitted values are computed as
 * (y Q) (X R^-1)', i.e. p products with Q's columns, then p products per sample
 * (2mp operations per gene instead of the m^2 of a projection matrix).
 */
export function linearModelFactors(x: Matrix): { q: Float64Array; xrinv: Float64Array; k: number } {
  const { q, r, independent } = householderQR(x);
  const m = x.rows;
  const k = independent.length;
  // X R^-1 (m x k): solve row by row, Z R = X.
  const xrinv = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < k; c++) {
      let s = x.data[i * x.cols + independent[c]];
      for (let t = 0; t < c; t++) s -= xrinv[i * k + t] * r[t * k + c];
      xrinv[i * k + c] = s / r[c * k + c];
    }
  }
  return { q, xrinv, k };
}
