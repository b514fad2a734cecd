import { describe, it, expect } from "vitest";
import { pAdjustBH } from "../../src/stats/padjust";

// Expected values from R 4.2.2, printed with sprintf("%.17g"); the R calls are beside each
// case and in lowess.reference.R (Rscript kernel-lib/test/stats/lowess.reference.R).

describe("pAdjustBH matches R's p.adjust(p, 'BH') exactly", () => {
  it("NA is kept and not counted in n", () => {
    // R: p.adjust(c(0.01, 0.04, NA, 0.03, 0.2), "BH")
    expect(Array.from(pAdjustBH([0.01, 0.04, NaN, 0.03, 0.2]))).toEqual([
      0.040000000000000001, 0.05333333333333333, NaN, 0.05333333333333333, 0.20000000000000001,
    ]);
  });

  it("ties and a p-value of 1", () => {
    // R: p.adjust(c(0.02, 0.02, 0.5, 0.001, 0.02, 1, 0.04, 0.04), "BH")
    expect(Array.from(pAdjustBH([0.02, 0.02, 0.5, 0.001, 0.02, 1, 0.04, 0.04]))).toEqual([
      0.040000000000000001, 0.040000000000000001, 0.5714285714285714, 0.0080000000000000002, 0.040000000000000001, 1,
      0.05333333333333333, 0.05333333333333333,
    ]);
  });

  it("a single non-missing value is returned unchanged; all-NA stays NA; empty stays empty", () => {
    // R: p.adjust(c(NA, 0.3, NA), "BH"); p.adjust(c(NA_real_, NA_real_), "BH"); p.adjust(numeric(0), "BH")
    expect(Array.from(pAdjustBH([NaN, 0.3, NaN]))).toEqual([NaN, 0.29999999999999999, NaN]);
    expect(Array.from(pAdjustBH([NaN, NaN]))).toEqual([NaN, NaN]);
    expect(pAdjustBH([]).length).toBe(0);
  });

  it("25 pseudo-random p-values with two NA", () => {
    // R: set.seed(7); p <- signif(runif(25)^3, 6); p[c(3, 11)] <- NA; p.adjust(p, "BH")
    const p = [
      0.96709599999999996, 0.062923900000000005, NaN, 0.00033931899999999998, 0.014482099999999999, 0.496813,
      0.039325600000000002, 0.91850699999999996, 0.0045623599999999997, 0.096768099999999996, NaN, 0.0124029,
      0.46155299999999999, 0.00089309899999999995, 0.093235600000000002, 0.00060766100000000001, 0.17624300000000001,
      6.5954800000000005e-7, 0.95781899999999998, 0.031730000000000001, 0.261467, 0.025730699999999999,
      0.99014400000000002, 0.74373, 0.96659600000000001,
    ];
    expect(Array.from(pAdjustBH(p))).toEqual([
      0.99014400000000002, 0.13156815454545456, NaN, 0.0039021684999999999, 0.047584042857142857, 0.67215876470588243,
      0.090448879999999995, 0.99014400000000002, 0.020986855999999998, 0.1712051, NaN, 0.047544450000000002,
      0.66348243750000002, 0.00513531925, 0.1712051, 0.0046587343333333335, 0.28954207142857141, 1.5169604000000001e-5,
      0.99014400000000002, 0.081087777777777773, 0.40091606666666668, 0.0739757625, 0.99014400000000002,
      0.95032166666666662, 0.99014400000000002,
    ]);
  });
});

describe("pAdjustBH properties and input checks", () => {
  it("is monotone in p and never below p, and does not modify its input", () => {
    const p = Float64Array.from({ length: 200 }, (_, i) => ((i * 7919) % 1000) / 1000);
    const copy = Float64Array.from(p);
    const q = pAdjustBH(p);
    expect(p).toEqual(copy);
    const order = Array.from(p.keys()).sort((a, b) => p[a] - p[b]);
    for (let r = 1; r < order.length; r++) expect(q[order[r]]).toBeGreaterThanOrEqual(q[order[r - 1]]);
    for (let i = 0; i < p.length; i++) {
      expect(q[i]).toBeGreaterThanOrEqual(p[i]);
      expect(q[i]).toBeLessThanOrEqual(1);
    }
  });

  it("rejects values outside [0, 1] with RangeError naming the index", () => {
    expect(() => pAdjustBH([0.1, 1.5])).toThrow(RangeError);
    expect(() => pAdjustBH([0.1, -0.2])).toThrow(/p\[1\] = -0\.2/);
    expect(() => pAdjustBH([Infinity])).toThrow(RangeError);
  });
});
