/**
 * Normal and gamma distribution functions on the log scale, as R's `pnorm`/`pgamma`/`qgamma`
 * with `log.p = TRUE`: accurate where the probability itself would underflow (edgeR's
 * quantile-to-quantile count adjustment needs both tails at any distance).
 */
import erfc from "@stdlib/math-base-special-erfc";
import erfcx from "@stdlib/math-base-special-erfcx";
import gammainc from "@stdlib/math-base-special-gammainc";
import gammaincinv from "@stdlib/math-base-special-gammaincinv";
import { rLgamma, stirlerr, bd0 } from "./rmath";
import { rQnorm } from "./rrandom";

/**
 * log P(Z > z) for the standard normal: erfc for moderate z, the scaled erfcx beyond z = 5
 * (so the log stays exact in the far tail), log1p for z < 0.
 *
 * @example
 * logNormalUpper(40); // -804.6084420137538
 */
export function logNormalUpper(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z > 5) return Math.log(0.5 * erfcx(z / Math.SQRT2)) - (z * z) / 2;
  if (z >= 0) return Math.log(0.5 * erfc(z / Math.SQRT2));
  return Math.log1p(-0.5 * erfc(-z / Math.SQRT2));
}

/**
 * The shape's part of log(x^a e^-x / Gamma(a)), the prefactor of both incomplete gamma tails:
 * that prefactor is log(a) + log dpois(a; x), in Loader's (2000) saddle-point form
 * log(a) - log(2 pi a) / 2 - stirlerr(a) - bd0(a, x), where every term is of order one, so
 * nothing cancels even where a log x and log Gamma(a) are both in the thousands. Exported for
 * callers that evaluate one shape many times ({@link gammaQuantileLog}'s `aTerm`).
 *
 * @example
 * shapeTerm(10); // log(10) - log(20 pi) / 2 - stirlerr(10)
 */
export function shapeTerm(a: number): number {
  return 0.5 * Math.log(a) - HALF_LOG_2PI - stirlerr(a);
}

/** log(2 pi) / 2 */
const HALF_LOG_2PI = 0.918938533204672741780329736406;

/**
 * log of the regularized incomplete gamma function, lower P(a, x) or upper Q(a, x), by the
 * series (x < a + 1) or the continued fraction (x >= a + 1; Numerical Recipes 6.2) with the
 * prefactor x^a e^-x / Gamma(a) kept in logs (shapeTerm(a) - bd0(a, x)); the other tail through
 * log1p. Near x = a both need about 9 sqrt(a) terms, so each is evaluated two terms at a time
 * with one division per pair (the series' pair from one reciprocal; the fraction by the
 * three-term recurrence of its numerators and denominators, rescaled at each pair, instead of
 * Lentz's two divisions per term), about 20% faster; Lentz's method remains as the fallback
 * should a denominator vanish.
 */
function logIncGammaDirect(x: number, a: number, upper: boolean, aTerm = shapeTerm(a), logPre = aTerm - bd0(a, x)): number {
  if (x < a + 1) {
    // sum_n x^n / ((a+1)...(a+n)), terms positive and decreasing once n > x - a. The loop is
    // bound by the latency of its chains, not by its arithmetic, so each pair of terms takes
    // one multiplication on the chain of terms (the pair's factors are computed beside it) and
    // the odd and even terms go to two sums, each one addition per pair.
    let ap = a;
    let del = 1 / a;
    let even = del;
    let odd = 0;
    const xx = x * x;
    for (let n = 0; n < 1000000; n += 2) {
      const p1 = ap + 1;
      const p2 = ap + 2;
      const inv = 1 / (p1 * p2);
      odd += del * (x * p2 * inv);
      del *= xx * inv;
      even += del;
      ap = p2;
      if (del < (even + odd) * 1e-16) break;
    }
    const logP = logPre + Math.log(even + odd);
    return upper ? Math.log1p(-Math.exp(logP)) : logP;
  }
  const h = upperFraction(x, a);
  const logQ = logPre + Math.log(h);
  return upper ? logQ : Math.log1p(-Math.exp(logQ));
}

/**
 * 1 / (b0 + a1 / (b1 + a2 / (b2 + ...))), b_i = x + 1 - a + 2i, a_i = -i (i - a): Q(a, x) over
 * its prefactor, for x >= a + 1. Wallis' recurrence A_n = b_n A_{n-1} + a_n A_{n-2} (B alike)
 * two terms at a time, divided through by A after each pair (one division per pair, which
 * also gives the convergent B / A for the stopping test).
 */
function upperFraction(x: number, a: number): number {
  let b = x + 1 - a;
  let aPrev = 1;
  let bPrev = 0;
  let aCur = b;
  let bCur = 1;
  let prev = 1 / b;
  for (let i = 1; i < 1000000; i += 2) {
    const c1 = -i * (i - a);
    b += 2;
    const a1 = b * aCur + c1 * aPrev;
    const b1 = b * bCur + c1 * bPrev;
    const c2 = -(i + 1) * (i + 1 - a);
    b += 2;
    const a2 = b * a1 + c2 * aCur;
    const b2 = b * b1 + c2 * bCur;
    const s = 1 / a2;
    const h = b2 * s;
    if (!Number.isFinite(h) || !(h > 0)) return lentzFraction(x, a);
    if (Math.abs(h - prev) <= h * 1e-16) return h;
    prev = h;
    aPrev = a1 * s;
    bPrev = b1 * s;
    aCur = 1;
    bCur = h;
  }
  return prev;
}

/** {@link upperFraction} by Lentz's method (Numerical Recipes 6.2), safe where a denominator vanishes. */
function lentzFraction(x: number, a: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/**
 * log P(X <= x) (or log P(X > x) with `upper`) for a gamma distribution with `shape` and
 * `scale`, as R's `pgamma(x, shape, scale = scale, lower.tail = !upper, log.p = TRUE)`.
 *
 * @example
 * logGammaCdf(2, 3, 1, false); // log(0.3233235838169366)
 */
export function logGammaCdf(x: number, shape: number, scale: number, upper: boolean): number {
  if (Number.isNaN(x) || !(shape >= 0) || !(scale > 0)) return NaN;
  const y = x / scale;
  if (y <= 0) return upper ? 0 : -Infinity;
  if (shape === 0) return upper ? -Infinity : 0;
  return logGammaTail(y, shape, upper);
}

/**
 * {@link logGammaCdf} at scale one for y > 0, shape > 0; `aTerm`: the shape's part of the
 * prefactor when the caller evaluates one shape many times; `logPre`: the whole prefactor
 * aTerm - bd0(shape, y) when the caller has it.
 */
function logGammaTail(y: number, shape: number, upper: boolean, aTerm?: number, logPre?: number): number {
  // @stdlib's gammainc (0.3.1) is wrong beyond x = 1000 (by 1e-6 to 50% relative, worst near
  // x = a: log Q(1000, 1100) = -6.8416 against R's -6.8501), so there the direct sums serve;
  // below shape 400 they also serve, being faster there (2x below 20, 20% at 50-200, even at
  // 500; measured within 6 standard deviations of the centre) with errors in the log below
  // 1e-14 against mpmath.
  if (y > 1000 || shape < 400) return logIncGammaDirect(y, shape, upper, aTerm, logPre);
  const p = gammainc(y, shape, true, upper);
  if (p > 1e-280) return Math.log(p);
  return logIncGammaDirect(y, shape, upper, aTerm, logPre);
}

/**
 * Gamma quantile from a log probability, as R's `qgamma(lp, shape, scale = scale,
 * lower.tail = !upper, log.p = TRUE)`: Halley steps on the log scale from `start` (a caller's
 * good guess, in the units of the result) or else a Wilson-Hilferty start (@stdlib's inverse
 * where that fails). `aTerm`: {@link shapeTerm}(shape), when the caller has it.
 *
 * @example
 * gammaQuantileLog(Math.log(0.5), 3, 2, false); // 5.348120627447116
 */
export function gammaQuantileLog(lp: number, shape: number, scale: number, upper: boolean, start = NaN, aTerm = NaN): number {
  if (Number.isNaN(lp) || lp > 0) return NaN;
  if (lp === -Infinity) return upper ? Infinity : 0;
  if (lp === 0) return upper ? 0 : Infinity;
  // Wilson-Hilferty start: (X/a)^(1/3) is nearly normal
  let y = start / scale;
  if (!(y > 0) || !Number.isFinite(y)) {
    y = NaN;
    if (shape >= 10) {
      const z = rQnorm(lp, 0, 1, !upper, true);
      const c = 1 / (9 * shape);
      const base = 1 - c + z * Math.sqrt(c);
      y = shape * base * base * base;
    }
  }
  if (!(y > 0) || !Number.isFinite(y)) {
    const p = Math.exp(lp);
    y = p > 1e-280 && p < 1 - 1e-12 ? gammaincinv(p, shape, upper) : NaN;
  }
  if (!(y > 0) || !Number.isFinite(y)) y = upper ? shape + Math.sqrt(-2 * lp * shape) - lp : Math.exp((lp + rLgamma(shape + 1)) / shape);
  // Halley steps on g(y) = log F(y) - lp, with g' = (+/-) density / F and g'' from
  // d log f / dy = (shape - 1) / y - 1. Convergence is cubic, so once
  // a step is below 1e-4 of the local scale (the standard deviation sqrt(shape), or y itself
  // near zero) the point after it is within about 1e-13 of the root and no further evaluation
  // is needed: from a good start one evaluation per quantile.
  if (aTerm !== aTerm) aTerm = shapeTerm(shape);
  const unit = 1e-4 * Math.sqrt(shape);
  for (let it = 0; it < 100; it++) {
    // the prefactor log(y^a e^-y / Gamma(a)), shared by the tail and the density
    const logPre = aTerm - bd0(shape, y);
    const lf = logGammaTail(y, shape, upper, aTerm, logPre);
    // density / F = exp(log(y^a e^-y / Gamma(a)) - log F) / y, the prefactor in the same
    // cancellation-free form
    const slope = ((upper ? -1 : 1) * Math.exp(logPre - lf)) / y;
    if (!Number.isFinite(slope) || slope === 0) break;
    let step = (lf - lp) / slope;
    const curvature = slope * ((shape - 1) / y - 1) - slope * slope;
    const halley = 1 - (step * curvature) / (2 * slope);
    if (halley > 0.5 && halley < 2) step /= halley;
    let next = y - step;
    if (!(next > 0)) next = y / 2;
    const done = Math.abs(next - y) <= Math.min(unit, 1e-4 * y);
    y = next;
    if (done) break;
  }
  return y * scale;
}
