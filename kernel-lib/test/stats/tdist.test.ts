// t and F upper tails against R 4.2 (values in the comments), on both sides of the switch
// from the incomplete beta's continued fraction (a + b <= 200) to @stdlib's incomplete beta.
import { describe, expect, it } from "vitest";
import { tTwoSided, tUpper, fUpper } from "../../src/stats/tdist";
import { regularizedBeta } from "../../src/stats/betaInc";

const close = (a: number, b: number, rel: number) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.abs(b));

describe("t and F tails", () => {
  it("match R's pt and pf", () => {
    // R: 2 * pt(-c(0.5, 2, 8, 50, 2), c(25.3, 4, 22, 10, 1000))
    const t = [0.5, 2, 8, 50, 2];
    const df = [25.3, 4, 22, 10, 1000];
    const r = [6.2139627426058808e-1, 1.1611652351681551e-1, 5.9032568211538946e-8, 2.4743103293026876e-13, 4.5770346493251658e-2];
    t.forEach((v, i) => close(tTwoSided(v, df[i]), r[i], 1e-12));
    t.forEach((v, i) => close(tTwoSided(-v, df[i]), r[i], 1e-12));
    // R: pt(-3, 7.3, lower.tail = FALSE)
    close(tUpper(-3, 7.3), 0.99050972448843333, 1e-13);
    // R: pf(c(5, 0.01, 2), c(1, 2, 1), c(25.3, 3, 500), lower.tail = FALSE)
    close(fUpper(5, 1, 25.3), 0.034398717779800539, 1e-12);
    close(fUpper(0.01, 2, 3), 0.990082690010903765, 1e-12);
    close(fUpper(2, 1, 500), 0.157921574011812449, 1e-12);
    expect(tTwoSided(0, 5)).toBe(1);
    expect(tTwoSided(NaN, 5)).toBeNaN();
  });
  it("regularizedBeta: R's pbeta, both sides of the fraction's switch, and the edges", () => {
    // R: pbeta(0.3, 2, 3); pbeta(0.9, 2, 3); pbeta(0.9, 2, 3, lower.tail = FALSE)
    close(regularizedBeta(0.3, 0.7, 2, 3, false), 0.3483, 1e-13);
    close(regularizedBeta(0.9, 0.1, 2, 3, false), 0.9963, 1e-13);
    close(regularizedBeta(0.9, 0.1, 2, 3, true), 0.0037, 1e-12);
    expect(regularizedBeta(0, 1, 2, 3, false)).toBe(0);
    expect(regularizedBeta(1, 0, 2, 3, true)).toBe(0);
    expect(regularizedBeta(0.5, 0.5, -1, 3, false)).toBeNaN();
  });
});
