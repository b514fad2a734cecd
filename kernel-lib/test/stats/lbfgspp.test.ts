/**
 * L-BFGS (LBFGS++ port) on problems with known minimisers. LBFGS++ itself cannot be run
 * here, so the checks are what its stopping rules imply: ||g|| <= max(epsilon,
 * epsilon_rel ||x||) or |f_{k-1} - f_k| <= delta max(|f|, 1) at the returned point.
 */
import { describe, expect, it } from "vitest";
import { lbfgsMinimize, optimLbfgs } from "../../src/stats/lbfgspp";

const quadratic = (a: number[], c: number[]) => (x: Float64Array, g: Float64Array) => {
  let f = 0;
  for (let i = 0; i < x.length; i++) {
    f += 0.5 * a[i] * (x[i] - c[i]) ** 2;
    g[i] = a[i] * (x[i] - c[i]);
  }
  return f;
};

const rosenbrock = (x: Float64Array, g: Float64Array) => {
  const [a, b] = [x[0], x[1]];
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe("lbfgsMinimize", () => {
  it("finds the minimum of a separable quadratic to the gradient tolerance", () => {
    const r = lbfgsMinimize(quadratic([1, 10, 100], [1, -2, 3]), [0, 0, 0], { epsilon: 1e-10, epsilonRel: 0 });
    expect(r.status).toBe(0);
    const gnorm = Math.hypot(...r.grad);
    expect(gnorm).toBeLessThanOrEqual(1e-10);
    // |x - c| <= ||g|| / min eigenvalue
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-9);
    expect(Math.abs(r.x[1] + 2)).toBeLessThan(1e-9);
    expect(Math.abs(r.x[2] - 3)).toBeLessThan(1e-9);
  });

  it("returns at once (1 iteration) when the start is already stationary", () => {
    const r = lbfgsMinimize(quadratic([2], [5]), [5]);
    expect(r.iterations).toBe(1);
    expect(r.x[0]).toBe(5);
  });

  it("first step has unit length (1/||g||), then the secant step solves a 1-D quadratic", () => {
    // f = (x-3)^2/2 from 0: the first trial moves to x = 1 (Armijo and Wolfe hold there);
    // with s = 1, y = 1 the BFGS direction is -g = 2 with step 1, landing on 3 exactly.
    const r = lbfgsMinimize(quadratic([1], [3]), [0], { epsilon: 1e-12, epsilonRel: 0 });
    expect(r.x[0]).toBe(3);
    expect(r.iterations).toBe(2);
  });

  it("converges on Rosenbrock to (1, 1) with each line-search condition", () => {
    for (const linesearch of ["armijo", "wolfe", "strong-wolfe"] as const) {
      const r = lbfgsMinimize(rosenbrock, [-1.2, 1], { epsilon: 1e-9, epsilonRel: 0, linesearch, maxLinesearch: 100 });
      expect(r.status).toBe(0);
      expect(Math.hypot(...r.grad)).toBeLessThanOrEqual(1e-9);
      // Near the minimum the Hessian's smallest eigenvalue is ~0.4, so |x - x*| <~ 2.5 ||g||.
      expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-8);
      expect(Math.abs(r.x[1] - 1)).toBeLessThan(1e-8);
    }
  });

  it("the Nocedal-Wright line search (with and without legacy stopping rules) also converges on Rosenbrock", () => {
    for (const legacy of [false, true]) {
      const r = lbfgsMinimize(rosenbrock, [-1.2, 1], { epsilon: 1e-9, epsilonRel: 0, algorithm: "nocedal-wright", legacy, maxLinesearch: 100 });
      expect(r.status).toBe(0);
      // legacy: ||g|| <= 1e-9 max(||x||, 1), ||x|| ~ sqrt(2)
      expect(Math.hypot(...r.grad)).toBeLessThanOrEqual(1e-9 * Math.SQRT2 * 1.0001);
      expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-8);
      expect(Math.abs(r.x[1] - 1)).toBeLessThan(1e-8);
    }
  });

  it("Nocedal-Wright accepts the first trial when it satisfies the strong Wolfe conditions", () => {
    // Quadratic with unit curvature: first trial lands at x = 1 (|g'd| = 2/3·|g0'd| > 0.9? no:
    // g(1)·d = -2·1 vs g(0)·d = -3·1, |−2| <= 0.9·3 holds) so the step is kept.
    let evals = 0;
    const f = quadratic([1], [3]);
    const r = lbfgsMinimize((x, g) => (evals++, f(x, g)), [0], { epsilon: 1e-12, epsilonRel: 0, algorithm: "nocedal-wright", maxIterations: 1 });
    expect(r.x[0]).toBe(1);
    expect(evals).toBe(2);
  });

  it("optimLbfgs (RcppNumerical wrapper settings) stops on the objective-decrease test", () => {
    const r = optimLbfgs(rosenbrock, [-1.2, 1], 300, 1e-8, 1e-8);
    expect(r.status).toBe(0);
    // Stopped by ||g|| <= 1e-5 ||x|| or |df| <= 1e-8 max(|f|, 1): f is then ~1e-8 or less.
    expect(r.fx).toBeLessThan(1e-6);
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r.x[1] - 1)).toBeLessThan(2e-3);
  });

  it("respects maxIterations", () => {
    const r = lbfgsMinimize(rosenbrock, [-1.2, 1], { epsilon: 0, epsilonRel: 0, maxIterations: 3 });
    expect(r.iterations).toBe(3);
  });

  it("reports status -1 (LBFGS++ would throw) on an unbounded objective", () => {
    const r = lbfgsMinimize((x, g) => {
      g[0] = -1;
      return -x[0];
    }, [0], { maxLinesearch: 10 });
    expect(r.status).toBe(-1);
    expect(r.message).toMatch(/line search/);
  });
});
