/**
 * Student t and F tail probabilities through the regularized incomplete beta function
 * (@stdlib's port of Boost's `ibeta`, accurate in the far tails), so that p-values
 * below 1e-300 keep their relative accuracy, and the t quantile.
 */
import { betainc, stdlibTQuantile as tQuantileImpl, gammainc, gammaincinv, stdlibGammaln as gammaln, stdlibFQuantile as fQuantileImpl } from "./stdlib";
import { regularizedBeta } from "./betaInc";

/**
 * Upper tail of Student's t with `df` degrees of freedom, P(T > t), as R's
 * `pt(t, df, lower.tail = FALSE)`. Uses P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2);
 * infinite `df` gives the normal tail.
 *
 * @example
 * tUpper(2.0150483733330233, 5); // 0.05
 */
export function tUpper(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || !(df > 0)) return NaN;
  const half = 0.5 * tTwoSided(t, df);
  return t >= 0 ? half : 1 - half;
}

/**
 * Two-sided t p-value 2 P(T > |t|), as R's `2 * pt(-abs(t), df)`.
 *
 * @example
 * tTwoSided(2.570581835636314, 5); // 0.05
 */
export function tTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || !(df > 0)) return NaN;
  if (!Number.isFinite(df)) return 2 * normalUpperLocal(Math.abs(t));
  const t2 = t * t;
  if (!Number.isFinite(t2)) return 0;
  return betaTail(df / (df + t2), t2 / (df + t2), df / 2, 0.5, false);
}

/**
 * I_x(a, b) (or 1 - I_x(a, b) with `upper`), xc = 1 - x: the plain continued fraction where it
 * is accurate to 1e-12 (a + b <= 200; 6x faster), @stdlib's incomplete beta beyond, where the
 * fraction's log prefactor loses digits (to 5e-10 at a = 5e4).
 */
function betaTail(x: number, xc: number, a: number, b: number, upper: boolean): number {
  if (a + b <= 200) return regularizedBeta(x, xc, a, b, upper);
  // the complementary argument keeps precision near 1
  if (x > 0.5) return betainc(xc, b, a, true, !upper);
  return betainc(x, a, b, true, upper);
}

/**
 * Upper tail of the F distribution, P(F > f), as R's `pf(f, df1, df2, lower.tail = FALSE)`:
 * I_{df2/(df2+df1 f)}(df2/2, df1/2). An infinite `df2` gives the chi-square limit.
 *
 * @example
 * fUpper(5.317655071578714, 1, 8); // 0.05
 */
export function fUpper(f: number, df1: number, df2: number): number {
  if (Number.isNaN(f) || !(df1 > 0) || !(df2 > 0)) return NaN;
  if (f <= 0) return 1;
  if (!Number.isFinite(f)) return 0;
  if (!Number.isFinite(df2)) return betaincChiSquare(f * df1, df1);
  const x = df1 * f;
  return betaTail(df2 / (df2 + x), x / (df2 + x), df2 / 2, df1 / 2, false);
}

/**
 * Quantile of Student's t, as R's `qt(p, df)` (lower tail).
 *
 * @example
 * tQuantile(0.975, 5); // 2.570581835636314
 */
export function tQuantile(p: number, df: number): number {
  return tQuantileImpl(p, df);
}

function normalUpperLocal(z: number): number {
  // P(Z > z) via the chi-square(1) tail: P(Z^2 > z^2) / 2
  return 0.5 * betaincChiSquare(z * z, 1);
}

function betaincChiSquare(x: number, df: number): number {
  // limit of the F/t beta tails: P(chi2_df > x) as the upper regularized gamma Q(df/2, x/2)
  return gammaincUpper(x / 2, df / 2);
}

function gammaincUpper(x: number, a: number): number {
  return gammainc(x, a, true, true);
}

/**
 * Lower tail of the F distribution, P(F <= f), as R's `pf(f, df1, df2)`.
 *
 * @example
 * fLower(5.317655071578714, 1, 8); // 0.95
 */
export function fLower(f: number, df1: number, df2: number): number {
  if (Number.isNaN(f) || !(df1 > 0) || !(df2 > 0)) return NaN;
  if (f <= 0) return 0;
  if (!Number.isFinite(f)) return 1;
  if (!Number.isFinite(df2)) return 1 - betaincChiSquare(f * df1, df1);
  const x = df1 * f;
  if (x > df2) return betainc(df2 / (df2 + x), df2 / 2, df1 / 2, true, true);
  return betainc(x / (df2 + x), df1 / 2, df2 / 2, true, false);
}

/**
 * Density of the F distribution, as R's `df(x, df1, df2)` (df2 may be Infinity: the scaled
 * chi-square limit).
 *
 * @example
 * fDensity(1, 4, 10); // 0.4954798...
 */
export function fDensity(x: number, df1: number, df2: number): number {
  if (!(x > 0)) return x === 0 ? (df1 === 2 ? 1 : df1 < 2 ? Infinity : 0) : 0;
  const a = df1 / 2;
  if (!Number.isFinite(df2)) {
    // df1 * dchisq(x df1, df1)
    const y = x * df1;
    return df1 * Math.exp((a - 1) * Math.log(y) - y / 2 - a * Math.LN2 - gammaln(a));
  }
  const b = df2 / 2;
  const logd = a * Math.log(df1 / df2) + (a - 1) * Math.log(x) - (a + b) * Math.log1p((df1 * x) / df2) - (gammaln(a) + gammaln(b) - gammaln(a + b));
  return Math.exp(logd);
}

/**
 * Quantile of the F distribution for a lower-tail probability p, as R's `qf(p, df1, df2)`;
 * Infinity for df2 gives the chi-square limit.
 *
 * @example
 * fQuantileLower(0.95, 1, 8); // 5.317655071578714
 */
export function fQuantileLower(p: number, df1: number, df2: number): number {
  if (!Number.isFinite(df2)) return (2 * gammaincinv(p, df1 / 2, false)) / df1;
  return fQuantileImpl(p, df1, df2);
}
