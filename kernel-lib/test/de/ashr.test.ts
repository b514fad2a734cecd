/** ash (adaptive shrinkage): the grid, the mixture weights' optimality, and the posterior. */
import { describe, expect, it } from "vitest";
import { ash, ashGrid, mixtureWeights } from "../../src/de/ashr";
import { randomStream } from "../../src/stats/random";

describe("ash", () => {
  it("grid runs from a tenth of the smallest SE, in steps of sqrt(2), to twice the largest excess spread", () => {
    const grid = ashGrid([3, 0.1], [1, 0.5]);
    expect(grid[grid.length - 1]).toBeCloseTo(2 * Math.sqrt(9 - 1), 12);
    expect(grid[1] / grid[0]).toBeCloseTo(Math.SQRT2, 12);
    expect(grid[0]).toBeLessThanOrEqual(0.05);
    expect(grid[0] * Math.SQRT2).toBeGreaterThan(0.05 * (1 - 1e-12));
  });

  it("mixture weights maximise the likelihood: no move along the simplex improves it", () => {
    const r = randomStream(7);
    const n = 400;
    const k = 6;
    const lik = Float64Array.from({ length: n * k }, () => r.uniform() + 1e-3);
    const pi = mixtureWeights(lik, n, k);
    expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const ll = (w: ArrayLike<number>) => {
      let s = 0;
      for (let j = 0; j < n; j++) {
        let t = 0;
        for (let c = 0; c < k; c++) t += lik[j * k + c] * w[c];
        s += Math.log(t);
      }
      return s;
    };
    const best = ll(pi);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        if (a === b || pi[b] < 1e-3) continue;
        const w = Array.from(pi);
        w[a] += 1e-4;
        w[b] -= 1e-4;
        expect(ll(w)).toBeLessThanOrEqual(best + 1e-9);
      }
    }
  });

  it("shrinks noisy estimates towards 0 more than precise ones; missing ones get the prior", () => {
    const r = randomStream(3);
    const b: number[] = [];
    const s: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const truth = i < 100 ? 3 : 0;
      const se = i % 2 ? 0.2 : 2;
      b.push(truth + r.normal(0, se));
      s.push(se);
    }
    b.push(NaN);
    s.push(NaN);
    const fit = ash(b, s);
    // Precise large effects are kept; imprecise null ones are pulled to ~0.
    const precise = [];
    for (let i = 1; i < 100; i += 2) precise.push(fit.posteriorMean[i]);
    expect(precise.reduce((a, v) => a + v, 0) / precise.length).toBeGreaterThan(2.5);
    for (let i = 200; i < 260; i += 2) expect(Math.abs(fit.posteriorMean[i])).toBeLessThan(Math.abs(b[i]) + 1e-12);
    expect(fit.posteriorMean[2000]).toBe(0);
    let v = 0;
    fit.pi.forEach((p, c) => (v += p * fit.sd[c] ** 2));
    expect(fit.posteriorSD[2000]).toBeCloseTo(Math.sqrt(v), 14);
  });
});
