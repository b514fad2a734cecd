/**
 * The per-gene NB kernels: the derivative of the dispersion log posterior that reuses the
 * pieces of the log posterior at the same point must not depend on the workspace's earlier
 * use and must match a finite difference; the allocation-free IRLS must give the same fit whatever
 * workspace it is run in, and reach the penalised optimum.
 */
import { describe, expect, it } from "vitest";
import { NbWorkspace, logPosterior, dLogPosterior, dLogPosteriorAfterLp, dispWeights, fitBeta, fitBetaOptim } from "../../src/de/nbinom";

// 9 samples, 3 groups (intercept + 2 indicators), row-major.
const x = Float64Array.from([1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1]);
const m = 9;
const p = 3;
const y = Float64Array.from([0, 3, 250, 0, 17, 4000, 1, 2, 60]);
const mu = Float64Array.from([1.5, 1.5, 90, 2, 20, 1500, 2.5, 2.5, 25]);

describe("dispersion log posterior derivative", () => {
  // log(alpha) from tiny (y + 1/alpha beyond R's Stirling range) to large (y + 1/alpha < 10).
  const points = [Math.log(1e-7), Math.log(1e-3), Math.log(0.05), Math.log(0.7), Math.log(3)];
  const prior = { mean: Math.log(0.05), variance: 0.8, use: true };
  for (const weighted of [false, true]) {
    it(`the reused pieces give the same derivative as a fresh workspace and as a finite difference${weighted ? " (observation weights)" : ""}`, () => {
      const dw = weighted ? dispWeights(Float64Array.from([1, 0.4, 1, 0.005, 1, 1, 0.9, 1, 1]), x, m, p, 0.01) : undefined;
      const ws = new NbWorkspace(m, p);
      for (const a of points) {
        const lp = logPosterior(a, y, mu, x, prior, true, ws, dw);
        const cached = dLogPosteriorAfterLp(a, y, mu, prior, true, ws, dw);
        const scratch = dLogPosterior(a, y, mu, x, prior, true, new NbWorkspace(m, p), dw);
        expect(Number.isFinite(lp)).toBe(true);
        expect(Math.abs(cached - scratch)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(scratch)));
        const h = 1e-4;
        const fd = (logPosterior(a + h, y, mu, x, prior, true, new NbWorkspace(m, p), dw) - logPosterior(a - h, y, mu, x, prior, true, new NbWorkspace(m, p), dw)) / (2 * h);
        // At alpha = 1e-7 the log posterior is a difference of log-gammas near 1e8 (R's rounding), so the finite difference is coarser.
        const tol = a < Math.log(1e-6) ? 1e-3 : 1e-6;
        expect(Math.abs(cached - fd)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(fd)));
      }
    });
  }
});

describe("IRLS in a workspace", () => {
  const nf = Float64Array.from([0.9, 1.1, 1.0, 1.2, 0.8, 1.0, 1.05, 0.95, 1.0]);
  const lambda = Float64Array.from([1e-6, 1e-6, 1e-6]).map((l) => l / Math.LN2 ** 2);
  const opts = { tol: 1e-8, maxit: 100, minmu: 0.5 };
  const genes = [
    Float64Array.from([10, 12, 9, 40, 35, 44, 100, 90, 120]),
    Float64Array.from([0, 1, 0, 0, 2, 1, 30, 25, 28]),
    Float64Array.from([500, 480, 510, 60, 70, 65, 505, 490, 520]),
  ];
  it("gives the same fit in a shared, reused workspace as in a fresh one, at the penalised optimum", () => {
    const shared = new NbWorkspace(m, p);
    for (const g of genes) {
      const a = fitBeta(g, nf, x, m, p, 0.05, [Math.log(20), 0, 0], lambda, opts, undefined, shared);
      const b = fitBeta(g, nf, x, m, p, 0.05, [Math.log(20), 0, 0], lambda, opts);
      expect(Array.from(a.beta)).toEqual(Array.from(b.beta));
      expect(Array.from(a.hat)).toEqual(Array.from(b.hat));
      expect(Array.from(a.sigma)).toEqual(Array.from(b.sigma));
      // Hat values sum to the trace of the (nearly unpenalised) projection: p.
      expect(a.hat.reduce((s, v) => s + v, 0)).toBeCloseTo(p, 4);
      // The exact optimiser of the same penalised likelihood (log2 scale) agrees, for genes whose
      // means stay above the floor minmu = 0.5 (IRLS floors them, as DESeq2, which moves the optimum).
      if (g.some((v) => v < 5)) continue;
      const exact = fitBetaOptim(g, nf, x, m, p, 0.05, [0, 0, 0], Array.from(lambda, (l) => l * Math.LN2 ** 2));
      a.beta.forEach((v, k) => expect(Math.abs(v * Math.LOG2E - exact.beta2[k])).toBeLessThan(1e-6));
    }
  });
});
