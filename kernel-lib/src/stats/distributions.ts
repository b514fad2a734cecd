/**
 * Tail probabilities for test statistics, computed without cancellation so that
 * p-values far below 1e-300 stay accurate until they underflow (as R's do).
 */
import { erfc, gammainc, stdlibFQuantile as fQuantile, stdlibNormalQuantile as normalQuantileImpl } from "./stdlib";
import { logGammaCdf } from "./logtails";

/**
 * Upper tail of the standard normal, P(Z > z) = erfc(z / sqrt 2) / 2 (accurate in the tail).
 *
 * @example
 * normalUpper(1.959963984540054); // 0.025
 */
export function normalUpper(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * Two-sided normal p-value 2 P(Z > |z|), as R's `2 * pnorm(abs(z), lower.tail = FALSE)`.
 *
 * @example
 * normalTwoSided(-1.959963984540054); // 0.05
 */
export function normalTwoSided(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return erfc(Math.abs(z) / Math.SQRT2);
}

/**
 * Upper tail of the chi-square distribution with `df` degrees of freedom, P(X > x),
 * through the regularized upper incomplete gamma function Q(df/2, x/2).
 *
 * @example
 * chiSquareUpper(3.841458820694124, 1); // 0.05
 */
export function chiSquareUpper(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df)) return NaN;
  if (x <= 0) return 1;
  // beyond x / 2 = 1000 @stdlib's gammainc is inaccurate; the log-scale tail is not
  if (x > 2000) return Math.exp(logGammaCdf(x / 2, df / 2, 1, true));
  return gammainc(x / 2, df / 2, true, true);
}

/**
 * Quantile of the F distribution, as R's `qf(p, d1, d2)`.
 *
 * @example
 * fQuantileOf(0.99, 2, 2); // 99
 */
export function fQuantileOf(p: number, d1: number, d2: number): number {
  return fQuantile(p, d1, d2);
}

/**
 * Quantile of the standard normal, as R's `qnorm(p)`.
 *
 * @example
 * normalQuantile(0.975); // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  return normalQuantileImpl(p, 0, 1);
}
