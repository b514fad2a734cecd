/**
 * Least-squares pieces used to start the NB fits: fitted values of an ordinary linear
 * model (projection on the design's column space) and least-squares coefficients.
 */
import { householderQR, Matrix } from "../stats/linalg";

/**
 * The m x m projection (hat) matrix P = Q Q' of a full-rank design; `y P` gives the
 * fitted values of a linear model for each row of y (DESeq2's `linearModelMu`).
 *
 * @example
 * projectionMatrix(matrix([[1], [1]])).data; // [0.5, 0.5, 0.5, 0.5]
 */
export function projectionMatrix(x: Matrix): Matrix {
  const { q, independent } = householderQR(x);
  const m = x.rows;
  const k = independent.length;
  const p = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += q[i * k + c] * q[j * k + c];
      p[i * m + j] = s;
    }
  }
  return { rows: m, cols: m, data: p };
}

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
