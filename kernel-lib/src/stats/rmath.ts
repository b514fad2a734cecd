/**
 * R's own log-gamma (nmath `lgammafn` and `gammafn`, after W. Fullerton's SLATEC routines:
 * Chebyshev series for Gamma on [1, 2) with recursion up to 10, and Stirling's formula
 * with a Chebyshev correction `lgammacor` above 10). DESeq2's dispersion likelihood is
 * evaluated with it; where that likelihood is nearly flat (dispersions near 1e-8, where
 * lgamma(y + 1e8) - lgamma(1e8) cancels) the arg-max depends on the rounding of lgamma,
 * so p53lab uses the same algorithm as R there to reach the same estimates.
 */
import { fastLog } from "./fastLog";

/** Chebyshev coefficients of Gamma(1 + t) on t in [0, 1) (Fullerton, SLATEC `gamcs`; first 22 used, as R). */
const GAMCS = [
  0.8571195590989331421920062399942e-2, 0.4415381324841006757191315771652e-2, 0.5685043681599363378632664588789e-1,
  -0.4219835396418560501012500186624e-2, 0.1326808181212460220584006796352e-2, -0.1893024529798880432523947023886e-3,
  0.3606925327441245256578082217225e-4, -0.6056761904460864218485548290365e-5, 0.1055829546302283344731823509093e-5,
  -0.1811967365542384048291855891166e-6, 0.3117724964715322277790254593169e-7, -0.5354219639019687140874081024347e-8,
  0.919327551985958894688778682594e-9, -0.1577941280288339761767423273953e-9, 0.2707980622934954543266540433089e-10,
  -0.4646818653825730144081661058933e-11, 0.7973350192007419656460767175359e-12, -0.1368078209830916025799499172309e-12,
  0.2347319486563800657233471771688e-13, -0.4027432614949066932766570534699e-14, 0.6910051747372100912138336975257e-15,
  -0.1185584500221992907052387126192e-15,
];

/** Chebyshev coefficients of the Stirling correction (SLATEC `algmcs`; first 5 used, as R). */
const ALGMCS = [
  0.1666389480451863247205729650822, -0.1384948176067563840732986059135e-4, 0.9810825646924729426157171547487e-8,
  -0.1809129475572494194263306266719e-10, 0.6221098041892605227126015543416e-13,
];

const LN_SQRT_2PI = 0.918938533204672741780329736406; // log(sqrt(2 * pi))
const XBIG = 94906265.62425156; // 1 / sqrt(DBL_EPSILON / 2)

/** Clenshaw evaluation of a Chebyshev series at x in [-1, 1]. */
function chebyshev(x: number, a: readonly number[]): number {
  const twox = 2 * x;
  let b0 = 0, b1 = 0, b2 = 0;
  for (let i = a.length - 1; i >= 0; i--) {
    b2 = b1;
    b1 = b0;
    b0 = twox * b1 - b2 + a[i];
  }
  return (b0 - b2) * 0.5;
}

/** Stirling-series correction term for x >= 10: lgamma(x) - (log sqrt(2 pi) + (x - 1/2) log x - x). */
function lgammacor(x: number): number {
  if (x < XBIG) {
    const t = 10 / x;
    // chebyshev(t * t * 2 - 1, ALGMCS) unrolled (same operations in the same order: hot path).
    const twox = 2 * (t * t * 2 - 1);
    let b2 = 0;
    let b1 = 0;
    let b0 = ALGMCS[4];
    b2 = b1; b1 = b0; b0 = twox * b1 - b2 + ALGMCS[3];
    b2 = b1; b1 = b0; b0 = twox * b1 - b2 + ALGMCS[2];
    b2 = b1; b1 = b0; b0 = twox * b1 - b2 + ALGMCS[1];
    b2 = b1; b1 = b0; b0 = twox * b1 - b2 + ALGMCS[0];
    return ((b0 - b2) * 0.5) / x;
  }
  return 1 / (x * 12);
}

/**
 * Gamma(x) for |x| <= 10 as R's `gammafn` (NaN at 0 and negative integers).
 *
 * @example
 * rGamma(5); // 24
 */
export function rGamma(x: number): number {
  if (Number.isNaN(x)) return x;
  if (Math.abs(x) > 10) {
    if (x > 171.61447887182298) return Infinity;
    const y = Math.abs(x);
    const value = Math.exp((y - 0.5) * Math.log(y) - y + LN_SQRT_2PI + lgammacor(y));
    if (x > 0) return value;
    const s = Math.sin(Math.PI * y);
    return s === 0 ? Infinity : -Math.PI / (y * s * value);
  }
  let n = Math.trunc(x);
  if (x < 0) n--;
  const y = x - n;
  n--;
  let value = chebyshev(y * 2 - 1, GAMCS) + 0.9375;
  if (n === 0) return value;
  if (n < 0) {
    if (x === 0 || (x < 0 && x === n + 2)) return NaN;
    for (let i = 0; i < -n; i++) value /= x + i;
    return value;
  }
  for (let i = 1; i <= n; i++) value *= y + i;
  return value;
}

/**
 * {@link rLgamma} for 10 < x <= 4934720 given log(x) already computed (the same value as
 * `rLgamma(x)` when `logx` is `Math.log(x)`).
 *
 * @example
 * rLgammaFromLog(100, Math.log(100)) === rLgamma(100); // true
 */
export function rLgammaFromLog(x: number, logx: number): number {
  return LN_SQRT_2PI + (x - 0.5) * logx - x + lgammacor(x);
}

/** Largest argument for which {@link rLgammaFromLog} applies (above it R drops the correction term). */
export const R_LGAMMA_STIRLING_MAX = 4934720;

/**
 * log Gamma(x) for 10 < x <= {@link R_LGAMMA_STIRLING_MAX} by Stirling's series through the
 * x^-13 term (the first term left out is below 3e-17 at x = 10): one division and a short
 * polynomial where {@link rLgamma} evaluates R's Chebyshev correction with two, and the
 * table-driven {@link fastLog}; within a few ulps of it. For sums of many log-gammas in hot
 * loops (edgeR's conditional likelihood).
 *
 * @example
 * lgammaStirling(100); // 359.13420536957534 (R's lgamma(100): 359.1342053695754)
 */
export function lgammaStirling(x: number): number {
  const z = 1 / x;
  const z2 = z * z;
  const cor = z * (1 / 12 + z2 * (-1 / 360 + z2 * (1 / 1260 + z2 * (-1 / 1680 + z2 * (1 / 1188 + z2 * (-691 / 360360 + z2 / 156))))));
  return LN_SQRT_2PI + (x - 0.5) * fastLog(x) - x + cor;
}

/**
 * log Gamma(x) for hot loops where the last bits do not matter: {@link lgammaStirling} on its
 * range 10 < x <= {@link R_LGAMMA_STIRLING_MAX}, the recurrence onto that range for 0 < x <= 10
 * (absolute error at most about 1.1e-14, measured), {@link rLgamma} elsewhere.
 *
 * @example
 * lgammaFast(100); // 359.13420536957534, as lgammaStirling
 * lgammaFast(2.5); // 0.28468287047291874 (R's lgamma(2.5): 0.28468287047291918)
 */
export function lgammaFast(x: number): number {
  if (x > 10 && x <= R_LGAMMA_STIRLING_MAX) return lgammaStirling(x);
  return x > 0 && x <= 10 ? lgammaShifted(x) : rLgamma(x);
}

/**
 * log Gamma(x) for 0 < x <= 10 by the recurrence up to y = x + m in (10, 11]: lgammaStirling(y)
 * minus the log of x (x + 1) ... (y - 1), one product and one logarithm. Absolute error at most
 * about 1.1e-14 (the difference of two values near 15), where rLgamma's Chebyshev series costs about
 * three times as much, and, as a call too large to inline, boxes its argument and result.
 */
function lgammaShifted(x: number): number {
  let p = x;
  let y = x + 1;
  while (y <= 10) {
    p *= y;
    y += 1;
  }
  return lgammaStirling(y) - fastLog(p);
}

/**
 * log |Gamma(x)| computed exactly as R's `lgammafn` for x > 0 (and via |Gamma| for
 * small negative x).
 *
 * @example
 * rLgamma(100); // 359.1342053695754, as R's lgamma(100)
 */
export function rLgamma(x: number): number {
  // The common case first: Stirling's formula with the correction term.
  if (x > 10 && x <= R_LGAMMA_STIRLING_MAX) return rLgammaFromLog(x, Math.log(x));
  if (Number.isNaN(x)) return x;
  if (x <= 0 && x === Math.trunc(x)) return Infinity;
  const y = Math.abs(x);
  if (y < 1e-306) return -Math.log(y);
  if (y <= 10) return Math.log(Math.abs(rGamma(x)));
  if (y > 2.5327372760800758e305) return Infinity;
  // Above R_LGAMMA_STIRLING_MAX (smaller x returned above) R drops the correction term.
  if (x > 0) return x > 1e17 ? x * (Math.log(x) - 1) : LN_SQRT_2PI + (x - 0.5) * Math.log(x) - x;
  const sinpiy = Math.abs(Math.sin(Math.PI * y));
  return 0.225791352644727432363097614947 + (x - 0.5) * Math.log(y) - x - Math.log(sinpiy) - lgammacor(y);
}

/** Size of the {@link logFactorial} table: log k! for k = 0 .. 4095. */
const LOG_FACTORIAL_SIZE = 4096;
let logFactorials: Float64Array | null = null;

/**
 * log x! (that is rLgamma(x + 1), to the bit), from a table filled on first use for whole x
 * below 4096, by {@link rLgamma} otherwise.
 *
 * @example
 * logFactorial(5); // 4.787491742782046, log 120
 */
export function logFactorial(x: number): number {
  if (x < LOG_FACTORIAL_SIZE && x === Math.floor(x) && x >= 0) {
    if (!logFactorials) logFactorials = Float64Array.from({ length: LOG_FACTORIAL_SIZE }, (_, k) => rLgamma(k + 1));
    return logFactorials[x];
  }
  return rLgamma(x + 1);
}

const LN_2PI = 1.837877066409345483560659472811; // log(2 pi)

/**
 * Error of Stirling's approximation, log(n!) - log(sqrt(2 pi n) (n/e)^n) (Loader 2000),
 * with R's series cut-offs above 15; from 7 to 15 by the Stirling series through n^-19 (ten
 * terms; the first left out is below 2e-17 at n = 7), which is both cheaper and more accurate
 * there than R's difference of log-gammas (that loses 1e-14 to cancellation: relative errors
 * of 2e-12 against 2e-15, measured against mpmath); below 7 from R's log-gamma.
 *
 * @example
 * stirlerr(10); // 0.00833056343336287
 */
export function stirlerr(n: number): number {
  const S0 = 1 / 12, S1 = 1 / 360, S2 = 1 / 1260, S3 = 1 / 1680, S4 = 1 / 1188;
  if (n <= 15) {
    if (!(n > 7)) return rLgamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
    const z = 1 / n;
    const z2 = z * z;
    return z * (S0 + z2 * (-S1 + z2 * (S2 + z2 * (-S3 + z2 * (S4 + z2 * (-691 / 360360 + z2 * (1 / 156 + z2 * (-3617 / 122400 + z2 * (43867 / 244188 + z2 * (-174611 / 125400))))))))));
  }
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/**
 * Deviance term x log(x / np) + np - x, by a series when x is close to np (Loader 2000).
 */
export function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < Number.MIN_VALUE * 4503599627370496) return s;
    let ej = 2 * x * v;
    v = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/** log of the binomial probability of x in n with success probability p = 1 - q (Loader's saddle-point form). */
function logDbinomRaw(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (q === 0) return x === n ? 0 : -Infinity;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
  if (x < 0 || x > n) return -Infinity;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}

/**
 * log of the negative-binomial probability of `x` with mean `mu` and size `size`, computed
 * as R's `dnbinom(x, size, mu = mu, log = TRUE)` (Loader's method, accurate when size is
 * huge or tiny, where a difference of log-gammas would cancel).
 *
 * @example
 * rDnbinomMuLog(3, 10, 5); // -1.9297617...
 */
export function rDnbinomMuLog(x: number, size: number, mu: number): number {
  if (mu === 0) return x === 0 ? 0 : -Infinity;
  if (!Number.isFinite(size)) return x * Math.log(mu) - mu - rLgamma(x + 1);
  if (x === 0) return size * (size < mu ? Math.log(size / (size + mu)) : Math.log1p(-mu / (size + mu)));
  if (x < 1e-10 * size) {
    const p = size < mu ? Math.log(size / (1 + size / mu)) : Math.log(mu / (1 + mu / size));
    return x * p - mu - rLgamma(x + 1) + Math.log1p((x * (x - 1)) / (2 * size));
  }
  const p = size / (size + x);
  return Math.log(p) + logDbinomRaw(size, x + size, size / (size + mu), mu / (size + mu));
}
