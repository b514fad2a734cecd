/**
 * Normal and gamma distribution functions on the log scale, as R's `pnorm`/`pgamma`/`qgamma`
 * with `log.p = TRUE`: accurate where the probability itself would underflow (edgeR's
 * quantile-to-quantile count adjustment needs both tails at any distance).
 */
import { erfc, erfcx, gammainc, gammaincinv } from "./stdlib";
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
function directTail(x: number, a: number, upper: boolean, logPre: number): number {
  if (x < a + 1) return lowerFromSeries(logPre, lowerSeries(x, a), upper);
  return upperFromFraction(logPre, upperFraction(x, a), upper);
}

/** log P (or, `upper`, log Q = log(1 - P)) from the prefactor and the series sum. */
function lowerFromSeries(logPre: number, sum: number, upper: boolean): number {
  const logP = logPre + Math.log(sum);
  return upper ? Math.log1p(-Math.exp(logP)) : logP;
}

/** log Q (or, not `upper`, log P = log(1 - Q)) from the prefactor and the fraction. */
function upperFromFraction(logPre: number, h: number, upper: boolean): number {
  const logQ = logPre + Math.log(h);
  return upper ? logQ : Math.log1p(-Math.exp(logQ));
}

/**
 * sum_n x^n / ((a+1)...(a+n)) from n = 0 (P(a, x) over its prefactor, times a), for x < a + 1;
 * terms positive and decreasing once n > x - a. The loop is bound by the latency of its
 * chains, not by its arithmetic, so each pair of terms takes one multiplication on the chain of
 * terms (the pair's factors are computed beside it) and the odd and even terms go to two sums,
 * each one addition per pair.
 */
function lowerSeries(x: number, a: number): number {
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
  return even + odd;
}

/**
 * {@link lowerSeries} of two arguments at once, into PAIR: the two chains interleaved in one
 * loop run in about the time of one. Each sum takes its terms until both have converged (the
 * extra terms are below 1e-16 of their sum: at most the last bit moves).
 */
function lowerSeriesPair(x1: number, a1: number, x2: number, a2: number): void {
  let ap1 = a1;
  let del1 = 1 / a1;
  let even1 = del1;
  let odd1 = 0;
  const xx1 = x1 * x1;
  let ap2 = a2;
  let del2 = 1 / a2;
  let even2 = del2;
  let odd2 = 0;
  const xx2 = x2 * x2;
  for (let n = 0; n < 1000000; n += 2) {
    const p11 = ap1 + 1;
    const p12 = ap1 + 2;
    const inv1 = 1 / (p11 * p12);
    const p21 = ap2 + 1;
    const p22 = ap2 + 2;
    const inv2 = 1 / (p21 * p22);
    odd1 += del1 * (x1 * p12 * inv1);
    odd2 += del2 * (x2 * p22 * inv2);
    del1 *= xx1 * inv1;
    del2 *= xx2 * inv2;
    even1 += del1;
    even2 += del2;
    ap1 = p12;
    ap2 = p22;
    if (del1 < (even1 + odd1) * 1e-16 && del2 < (even2 + odd2) * 1e-16) break;
  }
  PAIR[0] = even1 + odd1;
  PAIR[1] = even2 + odd2;
}

/** The two results of the paired sums. */
const PAIR = new Float64Array(2);

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
 * {@link upperFraction} of two arguments at once, into PAIR (as {@link lowerSeriesPair}: two
 * recurrences interleaved, each run until both have converged); NaN for both where a
 * denominator would vanish (the caller then evaluates them one by one, with the fallback).
 */
function upperFractionPair(x1: number, a1: number, x2: number, a2: number): void {
  let b1 = x1 + 1 - a1;
  let pA1 = 1;
  let pB1 = 0;
  let cA1 = b1;
  let cB1 = 1;
  let prev1 = 1 / b1;
  let b2 = x2 + 1 - a2;
  let pA2 = 1;
  let pB2 = 0;
  let cA2 = b2;
  let cB2 = 1;
  let prev2 = 1 / b2;
  for (let i = 1; i < 1000000; i += 2) {
    const c11 = -i * (i - a1);
    const c21 = -i * (i - a2);
    b1 += 2;
    b2 += 2;
    const a11 = b1 * cA1 + c11 * pA1;
    const b11 = b1 * cB1 + c11 * pB1;
    const a21 = b2 * cA2 + c21 * pA2;
    const b21 = b2 * cB2 + c21 * pB2;
    const c12 = -(i + 1) * (i + 1 - a1);
    const c22 = -(i + 1) * (i + 1 - a2);
    b1 += 2;
    b2 += 2;
    const a12 = b1 * a11 + c12 * cA1;
    const b12 = b1 * b11 + c12 * cB1;
    const a22 = b2 * a21 + c22 * cA2;
    const b22 = b2 * b21 + c22 * cB2;
    const s1 = 1 / a12;
    const s2 = 1 / a22;
    const h1 = b12 * s1;
    const h2 = b22 * s2;
    if (!Number.isFinite(h1) || !(h1 > 0) || !Number.isFinite(h2) || !(h2 > 0)) break;
    const done = Math.abs(h1 - prev1) <= h1 * 1e-16 && Math.abs(h2 - prev2) <= h2 * 1e-16;
    prev1 = h1;
    prev2 = h2;
    if (done) {
      PAIR[0] = h1;
      PAIR[1] = h2;
      return;
    }
    pA1 = a11 * s1;
    pB1 = b11 * s1;
    cA1 = 1;
    cB1 = h1;
    pA2 = a21 * s2;
    pB2 = b21 * s2;
    cA2 = 1;
    cB2 = h2;
  }
  PAIR[0] = NaN;
  PAIR[1] = NaN;
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
  if (y > 1000 || shape < 400) return directTail(y, shape, upper, logPre ?? (aTerm ?? shapeTerm(shape)) - bd0(shape, y));
  const p = gammainc(y, shape, true, upper);
  if (p > 1e-280) return Math.log(p);
  return directTail(y, shape, upper, logPre ?? (aTerm ?? shapeTerm(shape)) - bd0(shape, y));
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
    const next = halleyStep(lp, shape, upper, y, logPre, logGammaTail(y, shape, upper, aTerm, logPre));
    if (next !== next) break;
    const done = Math.abs(next - y) <= Math.min(unit, 1e-4 * y);
    y = next;
    if (done) break;
  }
  return y * scale;
}

/**
 * One Halley step of {@link gammaQuantileLog} from y, given the prefactor log(y^a e^-y /
 * Gamma(a)) there and lf = log F(y): the next point, or NaN where the slope is zero or not
 * finite (the iteration then stops at y).
 */
function halleyStep(lp: number, shape: number, upper: boolean, y: number, logPre: number, lf: number): number {
  // density / F = exp(log(y^a e^-y / Gamma(a)) - log F) / y, the prefactor in the same
  // cancellation-free form
  const slope = ((upper ? -1 : 1) * Math.exp(logPre - lf)) / y;
  if (!Number.isFinite(slope) || slope === 0) return NaN;
  let step = (lf - lp) / slope;
  const curvature = slope * ((shape - 1) / y - 1) - slope * slope;
  const halley = 1 - (step * curvature) / (2 * slope);
  if (halley > 0.5 && halley < 2) step /= halley;
  const next = y - step;
  return next > 0 ? next : y / 2;
}

/**
 * The gamma quantile-to-quantile map: `qgamma(pgamma(x, aIn, scale = sIn, lower.tail =
 * !upper, log.p = TRUE), aOut, scale = sOut, lower.tail = !upper, log.p = TRUE)`, the gamma
 * half of edgeR's q2qnbinom, from `start` (a guess of the result, in its units). The tail at x
 * and the first Halley step's tail at the start are two incomplete-gamma sums of the same kind
 * (both series or both fractions, as a rule: the map keeps a point on its side of the mean), so
 * they are summed together, interleaved; the rest of the iteration, and every other case, is
 * {@link gammaQuantileLog}'s. `termOut`: {@link shapeTerm}(aOut), when the caller has it.
 *
 * @example
 * gammaQuantileMap(12, 9, 1.1, 16, 1.25, false, 22); // 23.28109436963118 (R's qgamma(pgamma(12, 9, scale = 1.1), 16, scale = 1.25): 23.281094369631184)
 */
export function gammaQuantileMap(x: number, aIn: number, sIn: number, aOut: number, sOut: number, upper: boolean, start: number, termOut = NaN): number {
  const yIn = x / sIn;
  const y0 = start / sOut;
  if (termOut !== termOut) termOut = shapeTerm(aOut);
  // the paired sums serve the direct region only (logGammaTail), and a usable start
  if (!(yIn > 0) || !(y0 > 0) || !Number.isFinite(y0) || !(aIn > 0) || !(aOut > 0) || aIn >= 400 || aOut >= 400 || !(yIn <= 1e300)) {
    return gammaQuantileLog(logGammaCdf(x, aIn, sIn, upper), aOut, sOut, upper, start, termOut);
  }
  const preIn = shapeTerm(aIn) - bd0(aIn, yIn);
  const pre0 = termOut - bd0(aOut, y0);
  let lp: number;
  let lf: number;
  const seriesIn = yIn < aIn + 1;
  if (seriesIn !== y0 < aOut + 1) {
    lp = directTail(yIn, aIn, upper, preIn);
    lf = directTail(y0, aOut, upper, pre0);
  } else if (seriesIn) {
    lowerSeriesPair(yIn, aIn, y0, aOut);
    lp = lowerFromSeries(preIn, PAIR[0], upper);
    lf = lowerFromSeries(pre0, PAIR[1], upper);
  } else {
    upperFractionPair(yIn, aIn, y0, aOut);
    if (PAIR[0] !== PAIR[0]) {
      lp = directTail(yIn, aIn, upper, preIn);
      lf = directTail(y0, aOut, upper, pre0);
    } else {
      lp = upperFromFraction(preIn, PAIR[0], upper);
      lf = upperFromFraction(pre0, PAIR[1], upper);
    }
  }
  if (!(lp < 0) || !(lp > -Infinity)) return gammaQuantileLog(lp, aOut, sOut, upper, start, termOut);
  const next = halleyStep(lp, aOut, upper, y0, pre0, lf);
  if (next !== next) return y0 * sOut;
  if (Math.abs(next - y0) <= Math.min(1e-4 * Math.sqrt(aOut), 1e-4 * y0)) return next * sOut;
  return gammaQuantileLog(lp, aOut, sOut, upper, next * sOut, termOut);
}
