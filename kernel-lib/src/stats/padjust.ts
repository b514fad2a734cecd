/**
 * Multiple-testing adjustment of p-values, matching R's `stats::p.adjust()`.
 */
import { argsort } from "./argsort";

/**
 * Benjamini-Hochberg false discovery rate adjustment, equal to R's
 * `p.adjust(p, method = "BH")` bit for bit.
 *
 * Missing p-values (NaN) stay NaN and do not count towards the number of tests
 * `n`, as in R. With the non-missing values sorted decreasingly and ranked
 * `i = n, n - 1, ..., 1`, the adjusted value is `min(1, cummin((n / i) * p))`
 * (the same operation order as R, so the result is identical, ties included).
 *
 * @param p - p-values; NaN marks a missing value.
 * @returns Adjusted p-values in the input order.
 * @throws RangeError when a value is outside [0, 1].
 *
 * @example
 * pAdjustBH([0.01, 0.04, NaN, 0.03, 0.2]);
 * // Float64Array [0.04, 0.0533..., NaN, 0.0533..., 0.2], as R's p.adjust(c(0.01, 0.04, NA, 0.03, 0.2), "BH")
 */
export function pAdjustBH(p: ArrayLike<number>): Float64Array {
  const len = p.length;
  const out = new Float64Array(len);
  const idx: number[] = [];
  for (let k = 0; k < len; k++) {
    const v = p[k];
    out[k] = v;
    if (Number.isNaN(v)) continue;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`pAdjustBH: p[${k}] = ${v} is outside [0, 1]`);
    idx.push(k);
  }
  const n = idx.length;
  if (n <= 1) return out; // R returns p unchanged for n <= 1
  adjustIndexed(p, idx, out);
  return out;
}

/**
 * BH-adjust `p[idx]` (all non-missing) and write the results to `out[idx]`;
 * `idx` is reordered in place (decreasing p).
 *
 * @internal
 */
export function adjustIndexed(p: ArrayLike<number>, idx: number[], out: Float64Array): void {
  // order among tied p-values does not change the result
  const desc = argsort(p, idx, true);
  for (let k = 0; k < desc.length; k++) idx[k] = desc[k];
  adjustSortedDecreasing(p, desc, desc.length, out);
}

/**
 * BH core on indices already ordered by decreasing p: the first `n` entries of
 * `idxDesc` are the tests, `out[idx]` receives min(1, cummin((n / i) * p)).
 * Shared with the independent-filtering code, which adjusts many nested subsets
 * of the same p-values after sorting them once.
 *
 * @internal
 */
export function adjustSortedDecreasing(p: ArrayLike<number>, idxDesc: ArrayLike<number>, n: number, out: Float64Array): void {
  if (n === 0) return;
  if (n === 1) {
    out[idxDesc[0]] = p[idxDesc[0]]; // R returns p unchanged for a single test
    return;
  }
  let running = Infinity;
  for (let r = 0; r < n; r++) {
    const k = idxDesc[r];
    const v = (n / (n - r)) * p[k];
    if (v < running) running = v;
    out[k] = running < 1 ? running : 1;
  }
}
