/**
 * Wilcoxon rank-sum (Mann-Whitney) test with the Hodges-Lehmann estimate of the shift and its
 * confidence interval, as R's `wilcox.test(x, y, conf.int = TRUE)`: the exact null
 * distribution (counts of rank-sum configurations by dynamic programming) when both samples
 * have fewer than 50 values and there are no ties, otherwise the normal approximation with tie
 * and continuity corrections (the interval then by root finding, as R does).
 */
import { normalUpper, normalQuantile } from "./distributions";
import { zeroin } from "./zeroin";

/** Result of {@link wilcoxonTest}. */
export interface WilcoxonResult {
  /** W = rank sum of x minus nx (nx + 1) / 2. */
  statistic: number;
  pValue: number;
  /** Hodges-Lehmann estimate of the location shift x - y. */
  estimate: number;
  confInt: [number, number];
  exact: boolean;
}

/** Number of arrangements with Mann-Whitney statistic k, for k = 0 .. m n (exact null). */
function wilcoxCounts(m: number, n: number): Float64Array {
  // f[i][j][k] recursion folded into a 2-D table over (j, k) for increasing i
  const max = m * n;
  let prev: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(max + 1));
  for (let j = 0; j <= n; j++) prev[j][0] = 1; // i = 0: only k = 0
  for (let i = 1; i <= m; i++) {
    const cur: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(max + 1));
    cur[0][0] = 1; // j = 0: only k = 0
    for (let j = 1; j <= n; j++) {
      for (let k = 0; k <= i * j; k++) {
        // the largest value is an x (adds j to the statistic) or a y
        cur[j][k] = (k >= j ? prev[j][k - j] : 0) + cur[j - 1][k];
      }
    }
    prev = cur;
  }
  return prev[n];
}

function pWilcox(q: number, counts: Float64Array, total: number): number {
  let s = 0;
  for (let k = 0; k <= Math.min(q, counts.length - 1); k++) s += counts[k];
  return q < 0 ? 0 : s / total;
}

function ranks(v: number[]): { r: number[]; ties: number[] } {
  const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Array<number>(v.length);
  const ties: number[] = [];
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    ties.push(j - i + 1);
    i = j + 1;
  }
  return { r, ties };
}

/**
 * @example
 * wilcoxonTest([1.8, 2.1, 2.4], [0.2, 0.5, 0.4, 0.9]).pValue; // 0.05714...
 */
export function wilcoxonTest(xIn: ArrayLike<number>, yIn: ArrayLike<number>, options: { level?: number; exact?: boolean } = {}): WilcoxonResult {
  const x = Array.from(xIn);
  const y = Array.from(yIn);
  const nx = x.length;
  const ny = y.length;
  if (nx < 1 || ny < 1) throw new RangeError("each sample needs at least one value");
  const level = options.level ?? 0.95;
  const { r, ties } = ranks([...x, ...y]);
  let sx = 0;
  for (let i = 0; i < nx; i++) sx += r[i];
  const W = sx - (nx * (nx + 1)) / 2;
  const diffs: number[] = [];
  for (const a of x) for (const b of y) diffs.push(a - b);
  diffs.sort((a, b) => a - b);
  const hasTies = ties.some((t) => t > 1);
  const exact = options.exact ?? (nx < 50 && ny < 50 && !hasTies);
  if (exact) {
    const counts = wilcoxCounts(nx, ny);
    const total = counts.reduce((a, b) => a + b, 0);
    const p = W > (nx * ny) / 2 ? 1 - pWilcox(W - 1, counts, total) : pWilcox(W, counts, total);
    const alpha = 1 - level;
    // qwilcox(alpha / 2): the smallest q with P(W <= q) >= alpha / 2
    let qu = 0;
    while (qu < nx * ny && pWilcox(qu, counts, total) < alpha / 2) qu++;
    if (qu === 0) qu = 1;
    const ql = nx * ny - qu;
    const mid = diffs.length;
    const median = mid % 2 ? diffs[(mid - 1) / 2] : (diffs[mid / 2 - 1] + diffs[mid / 2]) / 2;
    return { statistic: W, pValue: Math.min(2 * p, 1), estimate: median, confInt: [diffs[qu - 1], diffs[ql]], exact: true };
  }
  const N = nx + ny;
  const tieTerm = ties.reduce((a, t) => a + t ** 3 - t, 0);
  const sigma = Math.sqrt(((nx * ny) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  const z0 = W - (nx * ny) / 2;
  const z = (z0 - Math.sign(z0) * 0.5) / sigma;
  const pValue = Math.min(1, 2 * normalUpper(Math.abs(z)));
  const wdiff = (d: number, zq: number, correct = true) => {
    const rr = ranks([...x.map((v) => v - d), ...y]);
    let s = 0;
    for (let i = 0; i < nx; i++) s += rr.r[i];
    const dz = s - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
    const tt = rr.ties.reduce((a, t) => a + t ** 3 - t, 0);
    const sg = Math.sqrt(((nx * ny) / 12) * (N + 1 - tt / (N * (N - 1))));
    return (dz - (correct ? Math.sign(dz) * 0.5 : 0)) / sg - zq;
  };
  const mumin = diffs[0];
  const mumax = diffs[diffs.length - 1];
  const root = (zq: number) => {
    const lo = wdiff(mumin, zq);
    const hi = wdiff(mumax, zq);
    if (lo <= 0) return mumin;
    if (hi >= 0) return mumax;
    return zeroin((d) => wdiff(d, zq), mumin, mumax, lo, hi, 1e-4, 1000);
  };
  const alpha = 1 - level;
  const zq = normalQuantile(1 - alpha / 2);
  // R computes the estimate without the continuity correction
  const estimate = zeroin((d) => wdiff(d, 0, false), mumin, mumax, wdiff(mumin, 0, false), wdiff(mumax, 0, false), 1e-4, 1000);
  return { statistic: W, pValue, estimate, confInt: [root(zq), root(-zq)], exact: false };
}
