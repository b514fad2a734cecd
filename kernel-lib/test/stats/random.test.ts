import { describe, it, expect } from "vitest";
import { randomStream } from "../../src/stats/random";

function moments(xs: Float64Array): { mean: number; variance: number } {
  let m = 0;
  for (const x of xs) m += x;
  m /= xs.length;
  let v = 0;
  for (const x of xs) v += (x - m) * (x - m);
  return { mean: m, variance: v / (xs.length - 1) };
}

function draws(n: number, f: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f();
  return out;
}

describe("randomStream seeding", () => {
  it("the same seed gives identical sequences of every kind of draw", () => {
    const seq = (seed: number) => {
      const r = randomStream(seed);
      const out: number[] = [];
      for (let i = 0; i < 200; i++) out.push(r.uniform(), r.normal(1, 2), r.gamma(2, 3), r.poisson(7), r.negativeBinomial(40, 0.1));
      return out;
    };
    expect(seq(53)).toEqual(seq(53));
  });

  it("different seeds give different sequences", () => {
    const a = draws(100, randomStream(1).uniform);
    const b = draws(100, randomStream(2).uniform);
    const same = a.filter((x, i) => x === b[i]).length;
    expect(same).toBe(0);
  });

  it("bad seeds throw RangeError naming the seed", () => {
    for (const seed of [0, -1, 1.5, NaN, Infinity, 2 ** 32]) {
      expect(() => randomStream(seed)).toThrow(RangeError);
      expect(() => randomStream(seed)).toThrow(new RegExp(`seed.*${String(seed).replace(".", "\\.")}`));
    }
    expect(() => randomStream(2 ** 32 - 1)).not.toThrow();
    expect(() => randomStream(1)).not.toThrow();
  });
});

describe("distributions", () => {
  it("uniform is in [0, 1) with mean 1/2 and variance 1/12", () => {
    const n = 100_000;
    const xs = draws(n, randomStream(11).uniform);
    let min = Infinity;
    let max = -Infinity;
    for (const x of xs) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    // Var(s^2) for U(0,1): (mu4 - sigma^4)/n with mu4 = 1/80
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });

  it("normal(mean, sd) has the target mean and sd (5 standard errors on 1e5 draws)", () => {
    const n = 100_000;
    const mu = 5;
    const sd = 2;
    const r = randomStream(7);
    const xs = draws(n, () => r.normal(mu, sd));
    const m = moments(xs);
    expect(Math.abs(m.mean - mu)).toBeLessThan((5 * sd) / Math.sqrt(n));
    expect(Math.abs(Math.sqrt(m.variance) - sd)).toBeLessThan((5 * sd) / Math.sqrt(2 * n));
    // default is standard normal
    const z = moments(draws(n, () => r.normal()));
    expect(Math.abs(z.mean)).toBeLessThan(5 / Math.sqrt(n));
    // symmetric: about half the draws are above the mean
    const above = xs.filter((x) => x > mu).length / n;
    expect(Math.abs(above - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / n));
  });

  it("gamma(k, theta) has mean k*theta and variance k*theta^2", () => {
    const n = 100_000;
    const k = 2;
    const theta = 3;
    const r = randomStream(17);
    const m = moments(draws(n, () => r.gamma(k, theta)));
    const variance = k * theta * theta;
    expect(Math.abs(m.mean - k * theta)).toBeLessThan(5 * Math.sqrt(variance / n));
    // Var(s^2) = (kappa4 + 2 sigma^4)/n, gamma kappa4 = 6 k theta^4
    expect(Math.abs(m.variance - variance)).toBeLessThan(5 * Math.sqrt((6 * k * theta ** 4 + 2 * variance ** 2) / n));
  });

  it("poisson(lambda) has mean and variance lambda; lambda <= 0 gives 0", () => {
    const n = 100_000;
    const lambda = 12;
    const r = randomStream(23);
    const xs = draws(n, () => r.poisson(lambda));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const m = moments(xs);
    expect(Math.abs(m.mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
    // Poisson cumulants are all lambda
    expect(Math.abs(m.variance - lambda)).toBeLessThan(5 * Math.sqrt((lambda + 2 * lambda * lambda) / n));
    expect(r.poisson(0)).toBe(0);
    expect(r.poisson(-3)).toBe(0);
  });

  /**
   * Negative binomial with mean mu and dispersion alpha (size r = 1/alpha): cumulants
   * k2 = mu + alpha mu^2, k4 = mu + 7 alpha mu^2 + 12 alpha^2 mu^3 + 6 alpha^3 mu^4.
   * Standard errors: mean sqrt(k2/n); sample variance sqrt((k4 + 2 k2^2)/n).
   */
  for (const [mu, alpha, seed] of [
    [50, 0.2, 101],
    [5, 1, 202],
    [1000, 0.01, 303],
  ] as const) {
    it(`negativeBinomial(${mu}, ${alpha}) has mean mu and variance mu + alpha mu^2 (2e5 draws)`, () => {
      const n = 200_000;
      const r = randomStream(seed);
      const xs = draws(n, () => r.negativeBinomial(mu, alpha));
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
      const k2 = mu + alpha * mu * mu;
      const k4 = mu + 7 * alpha * mu ** 2 + 12 * alpha ** 2 * mu ** 3 + 6 * alpha ** 3 * mu ** 4;
      const m = moments(xs);
      expect(Math.abs(m.mean - mu)).toBeLessThan(5 * Math.sqrt(k2 / n));
      expect(Math.abs(m.variance - k2)).toBeLessThan(5 * Math.sqrt((k4 + 2 * k2 * k2) / n));
      // the overdispersion is really there: the variance is well above Poisson's
      expect(m.variance - mu).toBeGreaterThan(0.5 * alpha * mu * mu);
    });
  }

  it("negativeBinomial with alpha 0 is Poisson (variance = mean); mu <= 0 gives 0", () => {
    const n = 100_000;
    const mu = 30;
    const r = randomStream(404);
    const m = moments(draws(n, () => r.negativeBinomial(mu, 0)));
    expect(Math.abs(m.mean - mu)).toBeLessThan(5 * Math.sqrt(mu / n));
    expect(Math.abs(m.variance - mu)).toBeLessThan(5 * Math.sqrt((mu + 2 * mu * mu) / n));
    expect(r.negativeBinomial(0, 0.5)).toBe(0);
    expect(r.negativeBinomial(-1, 0.5)).toBe(0);
  });
});
