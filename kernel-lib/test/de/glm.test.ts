/**
 * The per-gene GLM fit and its fallback: where IRLS fails, DESeq2 optimises the penalised
 * likelihood with R's L-BFGS-B; p53lab's exact optimiser must reach at least as good an
 * objective, and both must agree with IRLS where IRLS works.
 */
import { describe, expect, it } from "vitest";
import { fitGene } from "../../src/de/glm";
import { negLogPosterior, fitBeta } from "../../src/de/nbinom";

const x = Float64Array.from([1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1]); // 8 x 3, row-major
const nf = [1.2, 0.8, 1.0, 0.9, 1.1, 1.0, 0.95, 1.05];
const lambda = [1e-6, 1e-6, 1e-6].map((l) => l / Math.LN2 ** 2);
const opts = { tol: 1e-8, maxit: 100, minmu: 0.5 };

describe("fitGene", () => {
  it("an outlier row that defeats IRLS is optimised; the exact optimiser is at least as good as L-BFGS-B", () => {
    const y = [11, 6, 10, 6, 1, 4634, 1, 1];
    const irls = fitBeta(y, nf, x, 8, 3, 0.05, [0, 0, 0], lambda, opts);
    expect(irls.iter).toBe(100); // IRLS diverged
    const lb = fitGene(y, nf, x, 8, 3, 0.05, [0, 0, 0], lambda, opts);
    const nt = fitGene(y, nf, x, 8, 3, 0.05, [0, 0, 0], lambda, { ...opts, optimizer: "newton" });
    expect(lb.optimised && nt.optimised).toBe(true);
    const f = (b: Float64Array) => negLogPosterior(Array.from(b, (v) => v * Math.LOG2E), y, nf, x, 8, 3, 20, [1e-6, 1e-6, 1e-6]);
    expect(f(nt.beta)).toBeLessThanOrEqual(f(lb.beta) + 1e-9);
    // Both are close to each other (L-BFGS-B stops near, not at, the optimum).
    nt.beta.forEach((b, k) => expect(Math.abs(b - lb.beta[k])).toBeLessThan(0.05));
  });

  it("where IRLS converges, no optimisation happens and the optimisers agree with it", () => {
    const y = [100, 120, 95, 130, 300, 280, 310, 290];
    const a = fitGene(y, nf, x, 8, 3, 0.05, [4, 0, 0], lambda, opts);
    expect(a.optimised).toBe(false);
    expect(a.converged).toBe(true);
    const mu = a.mu;
    for (let i = 0; i < 8; i++) expect(mu[i]).toBeGreaterThan(50);
  });
});
