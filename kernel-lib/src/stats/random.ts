/**
 * Seeded random numbers: one Mersenne Twister (MT19937) stream feeding gamma and
 * Poisson samplers from @stdlib, so a seed gives the same numbers on every run
 * and machine. Negative-binomial draws use the gamma-Poisson mixture.
 */
import { mt19937, gammaSampler, poissonSampler } from "./stdlib";

/** A seeded random stream. */
export interface RandomStream {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Normal with the given mean and standard deviation (Box-Muller on the stream). */
  normal(mean?: number, sd?: number): number;
  /** Gamma with shape `k` and scale `theta` (mean k * theta). */
  gamma(k: number, theta: number): number;
  /** Poisson with mean `lambda`. */
  poisson(lambda: number): number;
  /**
   * Negative binomial with mean `mu` and dispersion `alpha` (variance mu + alpha mu^2),
   * the parameterisation of DESeq2 and edgeR. alpha = 0 gives Poisson.
   */
  negativeBinomial(mu: number, alpha: number): number;
}

/**
 * A seeded random stream.
 *
 * @example
 * const r = randomStream(53);
 * r.negativeBinomial(100, 0.05); // the same integer on every run
 */
export function randomStream(seed: number): RandomStream {
  if (!Number.isInteger(seed) || seed < 1 || seed > 4294967295) {
    throw new RangeError(`seed must be an integer from 1 to 4294967295, got ${seed}`);
  }
  const base = mt19937.factory({ seed });
  // `normalized` (53-bit uniform on [0, 1)) exists at run time but is missing from the package types.
  const normalized = (base as unknown as { normalized: () => number }).normalized;
  const uniform = () => normalized();
  const gamma = gammaSampler.factory({ prng: uniform });
  const poisson = poissonSampler.factory({ prng: uniform });
  let spare: number | null = null;
  const stdNormal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return {
    uniform,
    normal: (mean = 0, sd = 1) => mean + sd * stdNormal(),
    gamma: (k, theta) => gamma(k, 1 / theta),
    poisson: (lambda) => (lambda <= 0 ? 0 : poisson(lambda)),
    negativeBinomial(mu, alpha) {
      if (mu <= 0) return 0;
      if (alpha <= 0) return poisson(mu);
      return poisson(gamma(1 / alpha, 1 / (mu * alpha)));
    },
  };
}
