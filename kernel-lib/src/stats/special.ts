/**
 * Special functions used by the count models, from @stdlib (Cephes/Boost-derived,
 * accurate to a few ulp): log-gamma, digamma, trigamma.
 */
import gammalnImpl from "@stdlib/math-base-special-gammaln";
import digammaImpl from "@stdlib/math-base-special-digamma";
import trigammaImpl from "@stdlib/math-base-special-trigamma";

/**
 * Natural logarithm of the absolute value of the gamma function.
 *
 * @example
 * lgamma(5); // log(24) = 3.178053830347945
 */
export function lgamma(x: number): number {
  return gammalnImpl(x);
}

/**
 * Digamma function psi(x) = d/dx log Gamma(x). For x > 0: the recurrence
 * psi(x) = psi(x + 1) - 1/x up to x >= 10, then the asymptotic (Bernoulli) series, accurate
 * to about 1e-15 relative; other arguments go to @stdlib's implementation.
 *
 * @example
 * digamma(1); // -0.5772156649015329 (minus the Euler-Mascheroni constant)
 */
export function digamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return digammaImpl(x);
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const r = 1 / (x * x);
  // psi(x) ~ log x - 1/(2x) - sum B_2k / (2k x^2k)
  const series = r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132 - r * (691 / 32760 - r / 12))))));
  return acc + Math.log(x) - 0.5 / x - series;
}

/**
 * Trigamma function psi'(x).
 *
 * @example
 * trigamma(1); // pi^2 / 6 = 1.6449340668482264
 */
export function trigamma(x: number): number {
  return trigammaImpl(x);
}
