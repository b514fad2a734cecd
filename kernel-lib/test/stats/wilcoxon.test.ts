/** Wilcoxon rank-sum test with Hodges-Lehmann interval, against R's wilcox.test(conf.int = TRUE). */
import { describe, expect, it } from "vitest";
import { wilcoxonTest } from "../../src/stats/wilcoxon";

describe("wilcoxonTest", () => {
  it("exact (no ties): W, p, estimate and interval as R", () => {
    const r = wilcoxonTest([1.8, 2.1, 2.4, 1.95], [0.2, 0.5, 0.4, 0.9, 0.65]);
    expect(r.exact).toBe(true);
    expect(r.statistic).toBe(20);
    expect(r.pValue).toBeCloseTo(0.015873015873015872, 14);
    expect(r.estimate).toBeCloseTo(1.5249999999999999, 14);
    expect(r.confInt[0]).toBeCloseTo(1.0499999999999998, 14);
    expect(r.confInt[1]).toBeCloseTo(2, 14);
  });
  it("with ties: the normal approximation and R's root-found interval (tolerance 1e-4 as R's uniroot)", () => {
    const r = wilcoxonTest([1.8, 2.1, 2.4, 1.8, 0.5], [0.2, 0.5, 0.4, 0.9, 0.65, 2.1]);
    expect(r.exact).toBe(false);
    expect(r.statistic).toBe(24);
    expect(r.pValue).toBeCloseTo(0.11815352371200599, 12);
    expect(Math.abs(r.estimate - 1.2508033276710648)).toBeLessThan(1e-3);
    expect(Math.abs(r.confInt[0] - -0.29998474408082176)).toBeLessThan(1e-3);
    expect(Math.abs(r.confInt[1] - 1.8999840896341038)).toBeLessThan(1e-3);
  });
});
