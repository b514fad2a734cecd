// R's log-gamma and its fast Stirling-series twin for the edgeR likelihood sums.
import { describe, expect, it } from "vitest";
import { rLgamma, lgammaStirling, lgammaFast, stirlerr, logFactorial, R_LGAMMA_STIRLING_MAX } from "../../src/stats/rmath";

describe("lgammaStirling", () => {
  it("matches R's lgamma (values from R 4.2) and rLgamma to within an ulp or two over 10 < x <= 4934720", () => {
    // R: sprintf("%.17g", lgamma(c(10.5, 17.25, 100, 12345.678, 4.9e6)))
    const x = [10.5, 17.25, 100, 12345.678, 4.9e6];
    const r = [13.940625219403763, 31.37462231367769, 359.1342053695754, 103959.91990554606, 70583247.455661863];
    x.forEach((v, i) => expect(Math.abs(lgammaStirling(v) - r[i])).toBeLessThanOrEqual(4e-16 * r[i]));
    let seed = 3;
    let worst = 0;
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 16807) % 2147483647;
      const v = 10 + Math.exp((seed / 2147483647) * Math.log(R_LGAMMA_STIRLING_MAX - 10));
      worst = Math.max(worst, Math.abs(lgammaStirling(v) - rLgamma(v)) / rLgamma(v));
    }
    // (its log is the table-driven fastLog, itself within an ulp of Math.log: about 3 ulps in all)
    expect(worst).toBeLessThan(8e-16);
  });
});

describe("stirlerr", () => {
  it("is accurate from 7 to 15, where it sums the Stirling series (values from mpmath at 40 digits)", () => {
    // mpmath: loggamma(n + 1) - (n + 1/2) log(n) + n - log(sqrt(2 pi))
    const n = [7.25, 8, 9.5, 10, 12.75, 15];
    const ref = [0.011487002684428696791, 0.010411265261972096497, 0.008768700134139385463, 0.0083305634333628712565, 0.006534609865354776699, 0.005554733551962801371];
    // R's own difference of log-gammas is off by up to 2e-12 relative here (cancellation)
    n.forEach((v, i) => expect(Math.abs(stirlerr(v) - ref[i])).toBeLessThanOrEqual(2e-15 * ref[i]));
    // and it joins the log-gamma formula below 7 and R's shorter series above 15 without a
    // step beyond the log-gamma formula's own error (about 2e-15 at 7): across each join the
    // change is the slope, about -1 / (12 n^2), times the distance
    for (const n of [7, 15]) expect(Math.abs(stirlerr(n + 1e-9) - stirlerr(n) + 1e-9 / (12 * n * n))).toBeLessThan(1e-14);
  });
});

describe("logFactorial", () => {
  it("is rLgamma(x + 1) to the bit, from the table below 4096 and beyond it, and R's lgamma(x + 1)", () => {
    for (let k = 0; k < 5000; k++) expect(logFactorial(k)).toBe(rLgamma(k + 1));
    expect(logFactorial(7.5)).toBe(rLgamma(8.5));
    // R: sprintf("%.17g", lgamma(c(1, 2, 6, 4096, 4097, 7.5) + 1))
    const r = [0, 0.69314718055994529, 6.5792512120101012, 29978.648060844054, 29986.966071121598, 9.5492672573009969];
    [1, 2, 6, 4096, 4097, 7.5].forEach((x, i) => expect(Math.abs(logFactorial(x) - r[i])).toBeLessThanOrEqual(2e-16 * Math.abs(r[i])));
  });
});

describe("lgammaFast", () => {
  it("is within 2e-14 of R's lgamma on (0, 10] (the recurrence onto lgammaStirling's range), and rLgamma beyond its ranges", () => {
    // R: sprintf("%.17g", lgamma(c(1e-300, 0.001, 0.5, 1, 1.62, 2, 2.5, 7.25, 10)))
    const x = [1e-300, 0.001, 0.5, 1, 1.62, 2, 2.5, 7.25, 10];
    const r = [690.77552789821368, 6.9071788853838534, 0.57236494292470008, 0, -0.10990006102141703, 0, 0.28468287047291918, 7.0521854507385395, 12.801827480081469];
    x.forEach((v, i) => expect(Math.abs(lgammaFast(v) - r[i]), `x = ${v}`).toBeLessThan(2e-14 + 1e-16 * Math.abs(r[i])));
    let worst = 0;
    for (let i = 1; i <= 100000; i++) worst = Math.max(worst, Math.abs(lgammaFast(i * 1e-4) - rLgamma(i * 1e-4)));
    expect(worst).toBeLessThan(2e-14);
    expect(lgammaFast(-2.5)).toBe(rLgamma(-2.5));
    expect(lgammaFast(1e7)).toBe(rLgamma(1e7));
  });
});
