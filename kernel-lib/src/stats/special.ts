/**
 * Special functions used by the count models, from @stdlib (Cephes/Boost-derived,
 * accurate to a few ulp): log-gamma, digamma, trigamma.
 */
import { stdlibGammaln as gammalnImpl, stdlibDigamma as digammaImpl, stdlibTrigamma as trigammaImpl } from "./stdlib";

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
  // psi(x) ~ log x - 1/(2x) - sum B_2k / (2k x^2k)
  return acc + Math.log(x) - 0.5 / x - digammaSeries(x);
}

/** The Bernoulli series of digamma's asymptotic expansion at x >= 10: sum B_2k / (2k x^2k). */
function digammaSeries(x: number): number {
  const r = 1 / (x * x);
  return r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132 - r * (691 / 32760 - r / 12))))));
}

/**
 * {@link digamma} for x >= 10 given log(x) already computed (the same value as
 * `digamma(x)` when `logx` is `Math.log(x)`): saves the logarithm where the caller has it.
 *
 * @example
 * digammaFromLog(20, Math.log(20)) === digamma(20); // true
 */
export function digammaFromLog(x: number, logx: number): number {
  return logx - 0.5 / x - digammaSeries(x);
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

/**
 * Tetragamma function psi''(x) (R's `psigamma(x, 2)`), for x > 0: the recurrence
 * psi''(x) = psi''(x + 1) - 2/x^3 up to x >= 10, then the asymptotic series
 * psi''(x) ~ -1/x^2 - 1/x^3 - sum B_2k (2k+1) / x^(2k+2), accurate to about 1e-15 relative.
 *
 * @example
 * tetragamma(1); // -2.4041138063191885 (minus twice Apery's constant)
 */
export function tetragamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return NaN;
  let acc = 0;
  while (x < 10) {
    acc -= 2 / (x * x * x);
    x += 1;
  }
  const r = 1 / (x * x);
  // B2=1/6, B4=-1/30, B6=1/42, B8=-1/30, B10=5/66, B12=-691/2730, B14=7/6
  const series = r * (1 / 2 - r * (1 / 6 - r * (1 / 6 - r * (3 / 10 - r * (5 / 6 - r * (691 / 210 - r * (35 / 2)))))));
  return acc - r - r / x - series * r;
}

/**
 * Inverse of the trigamma function: the y > 0 with trigamma(y) = x, by the Newton iteration of
 * Smyth (2004, limma's `trigammaInverse`) started at 0.5 + 1/x, with the limits 1/sqrt(x) for
 * x > 1e7 and 1/x for x < 1e-6.
 *
 * @example
 * trigammaInverse(trigamma(3.5)); // 3.5
 */
export function trigammaInverse(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return NaN;
  if (x > 1e7) return 1 / Math.sqrt(x);
  if (x < 1e-6) return 1 / x;
  let y = 0.5 + 1 / x;
  for (let iter = 1; iter <= 51; iter++) {
    const tri = trigamma(y);
    const dif = (tri * (1 - tri / x)) / tetragamma(y);
    y += dif;
    if (-dif / y < 1e-8) break;
  }
  return y;
}
