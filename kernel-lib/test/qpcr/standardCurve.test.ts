/**
 * Standard curves and t-tests against R (values printed by R's lm/confint and t.test for the
 * data below): slope, intercept, R^2, efficiency with its 95% interval; Welch and Student tests.
 */
import { describe, expect, it } from "vitest";
import { standardCurve, relativeStandardCurve } from "../../src/qpcr";
import { parseCq } from "../../src/io/cq";
import { tTest } from "../../src/stats/ttest";

const close = (a: number, b: number, tol = 1e-10) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe("standard curve", () => {
  const q = [1, 10, 100, 1000, 10000, 1, 10, 100, 1000, 10000];
  const ct = [33.1, 29.8, 26.3, 22.9, 19.6, 33.3, 29.6, 26.5, 23.0, 19.4];
  it("matches R's lm(ct ~ log10(q)) and the efficiency interval from confint", () => {
    const sc = standardCurve(q, ct);
    close(sc.slope, -3.4149999999999978);
    close(sc.intercept, 33.179999999999993);
    close(sc.rSquared, 0.99956930724892323);
    close(sc.efficiency, 0.96257276909111211);
    close(sc.efficiencyCI[0], 0.94067395860369074, 1e-8);
    close(sc.efficiencyCI[1], 0.985485603221818, 1e-8);
    close(sc.slopeSE, 0.02506242206970449);
    close(10 ** sc.log10Quantity(26.35), 10 ** ((26.35 - 33.18) / -3.415), 1e-8);
  });
  it("rejects non-positive quantities and too few points, naming them", () => {
    expect(() => standardCurve([1, 0, 10], [30, 31, 27])).toThrow(/point 2: quantity must be positive/);
    expect(() => standardCurve([1, 10], [30, 27])).toThrow(/at least three points/);
  });
});

describe("t-tests (R's t.test)", () => {
  const x = [6.86, 6.7, 7.0, 6.95];
  const y = [4.37, 4.5, 4.2];
  it("Welch", () => {
    const r = tTest(x, y);
    close(r.statistic, 23.123965023958696);
    close(r.df, 4.0657380895146149);
    close(r.pValue, 1.8101435199500591e-5, 1e-8);
    close(r.confInt[0], 2.2200825507909299, 1e-8);
    close(r.confInt[1], 2.821584115875738, 1e-8);
  });
  it("Student (pooled variance)", () => {
    const r = tTest(x, y, { welch: false });
    close(r.statistic, 23.654912677572003);
    expect(r.df).toBe(5);
    close(r.pValue, 2.5142998220981705e-6, 1e-8);
    close(r.confInt[0], 2.246894111250425, 1e-8);
    close(r.confInt[1], 2.7947725554162428, 1e-8);
  });
});

describe("relative standard-curve quantification", () => {
  it("quantities from each gene's curve, target / reference per group, relative to the calibrator, cv in quadrature", () => {
    const t = standardCurve([1, 10, 100, 1000], [30, 26.6, 23.2, 19.8]); // slope -3.4
    const r = standardCurve([1, 10, 100, 1000], [25, 21.7, 18.4, 15.1]); // slope -3.3
    const cq = parseCq("sample,group,target,cq\nb1,brain,T,27.0\nb2,brain,T,27.2\nb1,brain,R,20.0\nb2,brain,R,20.1\nk1,kidney,T,24.5\nk2,kidney,T,24.3\nk1,kidney,R,20.2\nk2,kidney,R,19.9\n");
    const res = relativeStandardCurve(cq, { reference: "R", calibrator: "brain", curves: { T: t, R: r } }).toRecords();
    const qty = (sc: typeof t, c: number) => 10 ** ((c - sc.intercept) / sc.slope);
    const grp = (a: number[], b: number[]) => {
      const qa = a.map((c) => qty(t, c));
      const qb = b.map((c) => qty(r, c));
      const m = (v: number[]) => v.reduce((x, y) => x + y) / v.length;
      const cv = (v: number[]) => Math.sqrt(v.reduce((x, y) => x + (y - m(v)) ** 2, 0) / (v.length - 1)) / m(v);
      return { value: m(qa) / m(qb), cv: Math.hypot(cv(qa), cv(qb)) };
    };
    const b = grp([27.0, 27.2], [20.0, 20.1]);
    const k = grp([24.5, 24.3], [20.2, 19.9]);
    expect(res[0].normalized as number).toBeCloseTo(b.value, 12);
    expect(res[1].relative as number).toBeCloseTo(k.value / b.value, 12);
    expect(res[1].relative_sd as number).toBeCloseTo((k.cv * k.value) / b.value, 12);
    expect(res[0].relative as number).toBe(1);
    expect(() => relativeStandardCurve(cq, { reference: "R", calibrator: "brain", curves: { T: t } })).toThrow(/no standard curve for R/);
  });
});
