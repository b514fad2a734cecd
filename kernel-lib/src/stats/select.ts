/**
 * Order statistics in linear expected time: the k-th smallest value by quickselect
 * (Hoare's FIND with median-of-three pivots), on a scratch copy so the input is unchanged.
 */

/**
 * The k-th smallest value (0-based) of `values`; `scratch` (same length or longer) is
 * overwritten, and left partitioned around k: scratch[0..k-1] <= scratch[k] <= scratch[k+1..n-1].
 *
 * @example
 * kthSmallest([5, 1, 4, 2, 3], 1); // 2
 */
export function kthSmallest(values: ArrayLike<number>, k: number, scratch?: Float64Array): number {
  const n = values.length;
  if (!(k >= 0 && k < n)) throw new RangeError(`k = ${k} is outside 0..${n - 1}`);
  const a = scratch && scratch.length >= n ? scratch : new Float64Array(n);
  if (a !== values) for (let i = 0; i < n; i++) a[i] = values[i];
  return selectInPlace(a, 0, n - 1, k);
}

/**
 * The k-th smallest value of a[lo..hi] (k in lo..hi), found in place: a[lo..hi] is left
 * partitioned around k (a[lo..k-1] <= a[k] <= a[k+1..hi]). Selecting a larger k' next within
 * a[k+1..hi] gives the k'-th smallest of the whole range.
 *
 * @example
 * const a = Float64Array.of(5, 1, 4, 2, 3);
 * selectInPlace(a, 0, 4, 1); // 2
 * selectInPlace(a, 2, 4, 3); // 4
 */
export function selectInPlace(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as the pivot
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * Sample quantile by linear interpolation between order statistics (R's type 7), in linear
 * expected time.
 *
 * @example
 * quantileSelect([4, 1, 3, 2], 0.75); // 3.25
 */
export function quantileSelect(values: ArrayLike<number>, p: number, scratch?: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const vlo = kthSmallest(values, lo, scratch);
  if (h === lo || lo + 1 >= n) return vlo;
  // the next order statistic is the smallest value among those ranked above lo
  const a = scratch && scratch.length >= n ? scratch : null;
  let next = Infinity;
  if (a) for (let i = lo + 1; i < n; i++) next = Math.min(next, a[i]);
  else next = kthSmallest(values, lo + 1);
  return vlo + (h - lo) * (next - vlo);
}

/**
 * Median (the mean of the two middle values for an even count, as R's `median`), in linear
 * expected time; NaN for no values. `scratch` (same length or longer) is overwritten and may
 * be `values` itself.
 *
 * @example
 * median([5, 1, 4, 2]); // 3
 */
export function median(values: ArrayLike<number>, scratch?: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const a = scratch && scratch.length >= n ? scratch : new Float64Array(n);
  if (n % 2) return kthSmallest(values, (n - 1) / 2, a);
  const k = n / 2;
  const upper = kthSmallest(values, k, a);
  // a[0..k-1] now holds the k smallest values: the lower middle is their maximum.
  let lower = a[0];
  for (let i = 1; i < k; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}
