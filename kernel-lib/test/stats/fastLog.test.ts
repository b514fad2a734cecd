// The table-driven logarithm against Math.log.
import { describe, expect, it } from "vitest";
import { fastLog } from "../../src/stats/fastLog";

/** Distance in units in the last place of b. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const spacing = Math.max(Math.abs(b) * 2 ** -52, 2 ** -1074);
  return Math.abs(a - b) / spacing;
}

describe("fastLog", () => {
  it("is within 1.1 ulps of Math.log over the positive normal doubles", () => {
    let seed = 11;
    let worst = 0;
    let exact = 0;
    const n = 4_000_000;
    for (let i = 0; i < n; i++) {
      seed = (seed * 16807) % 2147483647;
      const u = seed / 2147483647;
      seed = (seed * 16807) % 2147483647;
      // exponents over the whole normal range, a dense band around 1, and the likelihood's 10..1e7
      const x = i % 3 === 0 ? Math.exp((u - 0.5) * 1400) * (1 + seed / 2147483647) : i % 3 === 1 ? 0.1 + 4 * u : 10 * 10 ** (6 * u);
      const d = ulps(fastLog(x), Math.log(x));
      if (d === 0) exact++;
      worst = Math.max(worst, d);
    }
    expect(worst).toBeLessThanOrEqual(1.1);
    // and about three values in four are the same double
    expect(exact / n).toBeGreaterThan(0.7);
  });

  it("keeps its relative accuracy next to 1, at the cell edges and at powers of two", () => {
    for (const x of [1, 1 + 2 ** -52, 1 - 2 ** -53, 1.5, 2, 2 - 2 ** -52, 0.5, 1 + 1 / 512, 1 + 1 / 256, 2 ** 1000, 2 ** -1000, 1e-300, 1.7976931348623157e308, 2.2250738585072014e-308]) {
      expect(ulps(fastLog(x), Math.log(x))).toBeLessThanOrEqual(1.1);
    }
    expect(fastLog(1)).toBe(0);
    expect(fastLog(Math.E)).toBeCloseTo(1, 15);
  });

  it("hands zero, negative, subnormal, infinite and NaN arguments to Math.log", () => {
    expect(fastLog(0)).toBe(-Infinity);
    expect(fastLog(-0)).toBe(-Infinity);
    expect(fastLog(-1)).toBeNaN();
    expect(fastLog(Infinity)).toBe(Infinity);
    expect(fastLog(NaN)).toBeNaN();
    expect(fastLog(5e-324)).toBe(Math.log(5e-324));
    expect(fastLog(1e-310)).toBe(Math.log(1e-310));
  });
});
