/**
 * Order statistics by selection against sorting: k-th smallest (and the partition it leaves),
 * the median as R's `median`, and type-7 quantiles, on random data with ties.
 */
import { describe, expect, it } from "vitest";
import { kthSmallest, median, quantileSelect } from "../../src/stats/select";

// A small deterministic generator (values with many ties and a few negatives).
function data(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * 50) - 10 + (s % 7 === 0 ? 0.5 : 0);
  });
}

const sorted = (a: ArrayLike<number>) => Float64Array.from(a).sort();

describe("selection", () => {
  it("kthSmallest equals the sorted value and leaves the scratch partitioned around k", () => {
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const v = data(n, n);
      const s = sorted(v);
      for (const k of [0, Math.floor(n / 3), Math.floor(n / 2), n - 1]) {
        const scratch = new Float64Array(n);
        expect(kthSmallest(v, k, scratch)).toBe(s[k]);
        for (let i = 0; i < k; i++) expect(scratch[i]).toBeLessThanOrEqual(scratch[k]);
        for (let i = k + 1; i < n; i++) expect(scratch[i]).toBeGreaterThanOrEqual(scratch[k]);
      }
    }
  });

  it("median is R's median (mean of the middle two for an even count), also in place", () => {
    expect(median([5, 1, 4, 2])).toBe(3);
    expect(median([7])).toBe(7);
    expect(Number.isNaN(median([]))).toBe(true);
    for (const n of [2, 3, 4, 99, 100, 2000]) {
      const v = data(n, 7 * n);
      const s = sorted(v);
      const want = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
      expect(median(v)).toBe(want);
      const copy = Float64Array.from(v);
      expect(median(copy, copy)).toBe(want);
    }
  });

  it("quantileSelect matches R's type 7 on sorted data", () => {
    const v = data(57, 3);
    const s = sorted(v);
    for (const p of [0, 0.1, 0.25, 0.5, 0.9, 1]) {
      const h = (v.length - 1) * p;
      const lo = Math.floor(h);
      const want = s[lo] + (h - lo) * ((s[Math.min(lo + 1, v.length - 1)] ?? s[lo]) - s[lo]);
      expect(quantileSelect(v, p)).toBeCloseTo(want, 12);
    }
  });
});
