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
 * Digamma function psi(x) = d/dx log Gamma(x).
 *
 * @example
 * digamma(1); // -0.5772156649015329 (minus the Euler-Mascheroni constant)
 */
export function digamma(x: number): number {
  return digammaImpl(x);
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
