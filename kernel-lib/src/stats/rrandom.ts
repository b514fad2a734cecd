/**
 * R's default random number generators, reproduced draw for draw: the Mersenne-Twister
 * uniform generator seeded as `set.seed()` seeds it, normals by inversion, exponentials by
 * Ahrens & Dieter's algorithm SA, gammas by Ahrens & Dieter's GD / GS algorithms and
 * chi-squares as gammas, following R's `src/main/RNG.c` and `src/nmath` (R 4.2).
 * With the same seed an `RRandom` gives exactly the numbers R gives with
 * `RNGkind("Mersenne-Twister", "Inversion", "Rejection")` (R's default since 3.6.0).
 *
 * Also here: `rQnorm`, R's normal quantile function `qnorm` (Wichura's AS 241 with R's tail
 * handling), which the normal generator needs.
 */

// ---------------------------------------------------------------------------------------
// Correctly rounded log and exp.
//
// R calls the C library's log() and exp(); glibc's are accurate to about 2^-63 before the
// final rounding, so they return the correctly rounded result in all but very rare cases.
// V8's Math.log / Math.exp (fdlibm) are only faithful (error < 1 ulp) and differ from glibc
// in the last bit for a few per cent of arguments, which would make the gamma draws differ
// from R. The two functions below evaluate log and exp in double-double arithmetic (about
// 2^-80 relative error) and round once, so they agree with glibc wherever glibc is correctly
// rounded. Method: table-driven argument reduction (Tang 1989, 1990) with Dekker's exact
// products (Veltkamp splitting) and Knuth's two-sum.
// ---------------------------------------------------------------------------------------

const SPLITTER = 134217729; // 2^27 + 1
/** Scratch results of the double-double helpers (avoids allocating pairs). */
let ddH = 0;
let ddL = 0;

/** Exact product a * b = ddH + ddL (Dekker, Veltkamp splitting; no overflow for our ranges). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  ddH = p;
  ddL = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** Exact sum a + b = ddH + ddL (Knuth's two-sum). */
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  ddH = s;
  ddL = a - (s - bb) + (b - bb);
}

/** Double-double sum (ah + al) + (bh + bl), normalised into ddH + ddL. */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const sh = ddH;
  let sl = ddL;
  twoSum(al, bl);
  const th = ddH;
  const tl = ddL;
  sl += th;
  const h = sh + sl;
  sl = sl - (h - sh);
  sl += tl;
  const h2 = h + sl;
  ddL = sl - (h2 - h);
  ddH = h2;
}

/** Double-double product (ah + al) * (bh + bl) into ddH + ddL. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const ph = ddH;
  const pl = ddL + (ah * bl + al * bh);
  const h = ph + pl;
  ddL = pl - (h - ph);
  ddH = h;
}

/** Double-double quotient (ah + al) / b for a double b, into ddH + ddL. */
function ddDivD(ah: number, al: number, b: number): void {
  const q1 = ah / b;
  twoProd(q1, b);
  const rem = ah - ddH - ddL + al;
  const q2 = rem / b;
  const h = q1 + q2;
  ddL = q2 - (h - q1);
  ddH = h;
}

/** 2 * atanh(s) for |s| <= 0.2 in double-double (series), into ddH + ddL. */
function ddTwoAtanh(sh: number, sl: number): void {
  ddMul(sh, sl, sh, sl);
  const s2h = ddH;
  const s2l = ddL;
  let th = sh; // current power s^(2k+1)
  let tl = sl;
  let accH = sh;
  let accL = sl;
  for (let k = 1; k < 40; k++) {
    ddMul(th, tl, s2h, s2l);
    th = ddH;
    tl = ddL;
    ddDivD(th, tl, 2 * k + 1);
    if (Math.abs(ddH) < 1e-40 * Math.abs(accH)) break;
    ddAdd(accH, accL, ddH, ddL);
    accH = ddH;
    accL = ddL;
  }
  ddH = 2 * accH;
  ddL = 2 * accL;
}

/** log(a / b) for positive integers a, b with a / b in [0.66, 1.5], in double-double. */
function ddLogRatio(a: number, b: number): void {
  // s = (a - b) / (a + b), exactly representable numerator and denominator
  ddDivD(a - b, 0, a + b);
  ddTwoAtanh(ddH, ddL);
}

// ln 2 = 2 atanh(1/3)
ddDivD(1, 0, 3);
ddTwoAtanh(ddH, ddL);
const LN2_HI = ddH;
const LN2_LO = ddL;

/** log table: m in [sqrt(1/2), sqrt(2)] is reduced by c = i / 512 with 1/c rounded to K / 2^20. */
const LOG_I0 = 362;
const LOG_N = 724 - LOG_I0 + 1;
const LOG_INVC = new Float64Array(LOG_N);
const LOG_LOGC_HI = new Float64Array(LOG_N); // log(1 / invc) = -log(invc)
const LOG_LOGC_LO = new Float64Array(LOG_N);
for (let j = 0; j < LOG_N; j++) {
  const i = LOG_I0 + j;
  const K = Math.round((1048576 * 512) / i);
  LOG_INVC[j] = K / 1048576;
  if (K === 1048576) continue;
  ddLogRatio(1048576, K);
  LOG_LOGC_HI[j] = ddH;
  LOG_LOGC_LO[j] = ddL;
}

/** exp table: 2^(j/128), j = 0..127, in double-double. */
const EXP_T_HI = new Float64Array(128);
const EXP_T_LO = new Float64Array(128);
for (let j = 0; j < 128; j++) {
  // x = j ln2 / 128; exp(x) by its Taylor series in double-double
  ddMul(LN2_HI, LN2_LO, j / 128, 0);
  const xh = ddH;
  const xl = ddL;
  let th = 1;
  let tl = 0;
  let accH = 1;
  let accL = 0;
  for (let k = 1; k < 40; k++) {
    ddMul(th, tl, xh, xl);
    ddDivD(ddH, ddL, k);
    th = ddH;
    tl = ddL;
    if (th === 0 || Math.abs(th) < 1e-40) break;
    ddAdd(accH, accL, th, tl);
    accH = ddH;
    accL = ddL;
  }
  EXP_T_HI[j] = accH;
  EXP_T_LO[j] = accL;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // index of the high word

/** x rounded to `bits` significant bits (toward zero), for exact products with small integers. */
function truncBits(x: number, bits: number): number {
  F64[0] = x;
  const drop = 53 - bits; // bits of the 52-bit fraction to clear
  if (drop >= 32) {
    U32[1 - HIGH] = 0;
    U32[HIGH] = U32[HIGH] & ~((1 << (drop - 32)) - 1);
  } else {
    U32[1 - HIGH] = U32[1 - HIGH] & ~((2 ** drop - 1) >>> 0);
  }
  return F64[0];
}

// ln 2 in three pieces for exact products e * LN2_A and e * LN2_B (|e| < 2^11)
const LN2_A = truncBits(LN2_HI, 21);
const LN2_B = truncBits(LN2_HI - LN2_A + LN2_LO, 40);
const LN2_C = LN2_HI - LN2_A - LN2_B + LN2_LO;
// ln 2 / 128 in three pieces for exact products k * L128_A and k * L128_B (|k| < 2^17)
const L128_A = truncBits(LN2_HI / 128, 21);
const L128_B = truncBits(LN2_HI / 128 - L128_A + LN2_LO / 128, 35);
const L128_C = LN2_HI / 128 - L128_A - L128_B + LN2_LO / 128;
const INV_L128 = 184.66496523378731; // 128 / ln 2

/** 2^-(i - 1023) for biased exponents i = 1..2046 (exact powers of two; 0 unused). */
const POW2_NEG = new Float64Array(2047);
POW2_NEG[1023] = 1;
for (let i = 1024; i < 2047; i++) POW2_NEG[i] = POW2_NEG[i - 1] * 0.5;
for (let i = 1022; i >= 1; i--) POW2_NEG[i] = POW2_NEG[i + 1] * 2;

// Veltkamp halves of the table entries used in exact products
const LOG_INVC_H = new Float64Array(LOG_N);
const LOG_INVC_L = new Float64Array(LOG_N);
for (let j = 0; j < LOG_N; j++) {
  const t = SPLITTER * LOG_INVC[j];
  LOG_INVC_H[j] = t - (t - LOG_INVC[j]);
  LOG_INVC_L[j] = LOG_INVC[j] - LOG_INVC_H[j];
}
const EXP_T_H = new Float64Array(128);
const EXP_T_L = new Float64Array(128);
for (let j = 0; j < 128; j++) {
  const t = SPLITTER * EXP_T_HI[j];
  EXP_T_H[j] = t - (t - EXP_T_HI[j]);
  EXP_T_L[j] = EXP_T_HI[j] - EXP_T_H[j];
}

/**
 * The natural logarithm, correctly rounded (round to nearest) in all but astronomically rare
 * cases: the value glibc's `log` returns (hence what R computes) wherever glibc is itself
 * correctly rounded, where V8's `Math.log` is sometimes one unit in the last place off.
 *
 * @example
 * crLog(10); // 2.302585092994046
 * crLog(Math.E); // 1
 */
export function crLog(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54
    e = -54;
  }
  F64[0] = x;
  const be = (U32[HIGH] >>> 20) - 1023;
  e += be;
  let m = x * POW2_NEG[be + 1023]; // x / 2^be, exact: m in [1, 2)
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  const j = ((m * 512 + 0.5) | 0) - LOG_I0;
  // r = m * invc - 1 exactly, as rh + rl (Dekker product, Knuth sum)
  const p = m * LOG_INVC[j];
  let t = SPLITTER * m;
  const mh = t - (t - m);
  const ml = m - mh;
  const ch = LOG_INVC_H[j];
  const cl = LOG_INVC_L[j];
  const pe = mh * ch - p + mh * cl + ml * ch + ml * cl;
  const a = p - 1;
  const rh = a + pe;
  let bb = rh - a;
  const rl = a - (rh - bb) + (pe - bb);
  // -r^2 / 2 with its rounding error
  t = SPLITTER * rh;
  const rhh = t - (t - rh);
  const rhl = rh - rhh;
  const r2 = rh * rh;
  const r2e = rhh * rhh - r2 + 2 * rhh * rhl + rhl * rhl;
  const h2 = -0.5 * r2;
  const l2 = -0.5 * (r2e + 2 * rh * rl);
  const tail =
    r2 *
    rh *
    (0.3333333333333333 +
      rh *
        (-0.25 +
          rh * (0.2 + rh * (-0.16666666666666666 + rh * (0.14285714285714285 + rh * (-0.125 + rh * (0.1111111111111111 - rh * 0.1)))))));
  // e ln2 + log(1/invc) + r - r^2/2 + tail, big terms by exact sums, small ones in lo
  let s = e * LN2_A;
  let lo = e * LN2_C + LOG_LOGC_LO[j] + rl + l2 + tail;
  let u = e * LN2_B;
  let sum = s + u;
  bb = sum - s;
  lo += s - (sum - bb) + (u - bb);
  s = sum;
  u = LOG_LOGC_HI[j];
  sum = s + u;
  bb = sum - s;
  lo += s - (sum - bb) + (u - bb);
  s = sum;
  sum = s + rh;
  bb = sum - s;
  lo += s - (sum - bb) + (rh - bb);
  s = sum;
  sum = s + h2;
  bb = sum - s;
  lo += s - (sum - bb) + (h2 - bb);
  return sum + lo;
}

/**
 * The exponential function, correctly rounded (round to nearest) in all but astronomically
 * rare cases: the value glibc's `exp` returns (hence what R computes) wherever glibc is
 * itself correctly rounded. Arguments beyond [-708, 709] (results near underflow or
 * overflow) fall back to `Math.exp`.
 *
 * @example
 * crExp(1); // 2.718281828459045
 * crExp(-0.5); // 0.6065306597126334
 */
export function crExp(y: number): number {
  if (!(y > -708 && y < 709)) return Math.exp(y);
  if (y === 0) return 1;
  const k = Math.round(y * INV_L128);
  // r = y - k ln2 / 128 as rh + rl
  const d = y - k * L128_A; // exact
  const kb = -(k * L128_B); // exact
  const rh = d + kb;
  let bb = rh - d;
  const rl = d - (rh - bb) + (kb - bb) - k * L128_C;
  // exp(r) - 1 = r + r^2/2 + tail as emh + eml
  let t = SPLITTER * rh;
  const rhh = t - (t - rh);
  const rhl = rh - rhh;
  const r2 = rh * rh;
  const r2e = rhh * rhh - r2 + 2 * rhh * rhl + rhl * rhl;
  const h2 = 0.5 * r2;
  const tail =
    r2 * rh * (0.16666666666666666 + rh * (0.041666666666666664 + rh * (0.008333333333333333 + rh * (0.001388888888888889 + rh * 0.0001984126984126984))));
  const emh = rh + h2;
  bb = emh - rh;
  const eml = rh - (emh - bb) + (h2 - bb) + rl + 0.5 * (r2e + 2 * rh * rl) + tail;
  // 2^(j/128) (1 + em) = T + T em
  const jj = k & 127;
  const Th = EXP_T_HI[jj];
  const p = Th * emh;
  t = SPLITTER * emh;
  const eh = t - (t - emh);
  const el = emh - eh;
  const ch = EXP_T_H[jj];
  const cl = EXP_T_L[jj];
  const pe = ch * eh - p + ch * el + cl * eh + cl * el;
  const s = Th + p;
  bb = s - Th;
  const lo = Th - (s - bb) + (p - bb) + pe + EXP_T_LO[jj] + Th * eml + EXP_T_LO[jj] * emh;
  const v = s + lo;
  // times 2^q, exact in the normal range
  const q = (k - jj) / 128;
  F64[0] = 0;
  U32[HIGH] = (q + 1023) << 20;
  return v * F64[0];
}

/** 2^-32: MT19937 output scaled to [0, 1). */
const TWO_M32 = 2.3283064365386963e-10;
/** 1 / (2^32 - 1), R's `i2_32m1`, used to keep uniforms off 0 and 1. */
const I2_32M1 = 2.328306437080797e-10;
/** 2^27: the normal generator combines two uniforms into a 2^27-fine grid. */
const BIG = 134217728;

const N_MT = 624;
const M_MT = 397;

/**
 * The normal quantile function exactly as R's `qnorm(p, mean, sd, lower.tail, log.p)`
 * (nmath `qnorm5`, R 4.2): Wichura's algorithm AS 241 (PPND16, Applied Statistics 37,
 * 477-484, 1988) with a rational approximation for |p - 1/2| <= 0.425, another for
 * r = sqrt(-log(min(p, 1 - p))) <= 5, a third for larger r, and R's asymptotic
 * r * sqrt(2) when r >= 816 (only reachable with `logP`).
 *
 * @param p probability (its log when `logP`)
 * @param mu mean
 * @param sigma standard deviation (0 gives `mu`; negative gives NaN)
 * @param lowerTail `p` is P[X <= x] (true, default) or P[X > x]
 * @param logP `p` is given as log(p)
 * @example
 * rQnorm(0.975); // 1.9599639845400536
 * rQnorm(1e-300); // -37.0470962993612
 */
export function rQnorm(p: number, mu = 0, sigma = 1, lowerTail = true, logP = false): number {
  if (Number.isNaN(p) || Number.isNaN(mu) || Number.isNaN(sigma)) return p + mu + sigma;
  // boundaries (R_Q_P01_boundaries with left = -Inf, right = +Inf)
  if (logP) {
    if (p > 0) return NaN;
    if (p === 0) return lowerTail ? Infinity : -Infinity;
    if (p === -Infinity) return lowerTail ? -Infinity : Infinity;
  } else {
    if (p < 0 || p > 1) return NaN;
    if (p === 0) return lowerTail ? -Infinity : Infinity;
    if (p === 1) return lowerTail ? Infinity : -Infinity;
  }
  if (sigma < 0) return NaN;
  if (sigma === 0) return mu;

  // lower-tail probability on the natural scale
  const pLower = logP ? (lowerTail ? crExp(p) : -Math.expm1(p)) : lowerTail ? p : 0.5 - p + 0.5;
  const q = pLower - 0.5;
  let r: number;
  let val: number;
  if (Math.abs(q) <= 0.425) {
    r = 0.180625 - q * q;
    val =
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852854561 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1.0);
    return mu + sigma * val;
  }
  // log of the smaller tail probability
  let lp: number;
  if (logP && ((lowerTail && q <= 0) || (!lowerTail && q > 0))) {
    lp = p;
  } else {
    const tail = q > 0 ? (logP ? (lowerTail ? -Math.expm1(p) : crExp(p)) : lowerTail ? 0.5 - p + 0.5 : p) : pLower;
    lp = crLog(tail);
  }
  r = Math.sqrt(-lp);
  if (r <= 5) {
    r += -1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1.0);
  } else if (r >= 816) {
    val = r * Math.SQRT2;
  } else {
    r += -5.0;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1.0);
  }
  if (q < 0.0) val = -val;
  return mu + sigma * val;
}

/**
 * Cumulative constants of algorithm SA: EXP_Q[k-1] = sum_{i=1..k} ln(2)^i / i!
 * (the table of R's `exp_rand`, which stops where the sum reaches 1 in double precision).
 */
const EXP_Q = [
  0.6931471805599453, 0.9333736875190459, 0.9888777961838675, 0.998495925291496, 0.9998292811061389,
  0.9999833164100727, 0.9999985691438767, 0.9999998906925558, 0.9999999924734159, 0.9999999995283275,
  0.9999999999728814, 0.9999999999985598, 0.9999999999999289, 0.9999999999999968, 0.9999999999999999,
  1.0,
];

/**
 * A random stream that reproduces R's default generators draw for draw.
 *
 * The state is the Mersenne-Twister state (624 words and a position) plus the cached
 * constants of the gamma generator (R keeps them in static variables of `rgamma`; they only
 * save work and never change a draw). `setSeed(s)` then a sequence of calls gives the same
 * numbers as `set.seed(s)` then the matching R calls, e.g. `runif(1)` is `unifRand()`,
 * `rnorm(1, m, s)` is `rnorm(m, s)`, `rchisq(1, df)` is `rchisq(df)`; vectorised R calls
 * such as `rnorm(5)` draw their elements one after another, as a loop of calls here does.
 *
 * References: Matsumoto & Nishimura (1998), ACM TOMACS 8, 3-30 (MT19937), with R's seeding
 * (`RNG_Init`: 50 scrambling steps of the congruential generator seed = 69069 seed + 1, then
 * 625 further steps fill the seed vector, whose first word, the position, is reset to 624);
 * Ahrens & Dieter (1972), Comm. ACM 15, 873-882 (exponential, algorithm SA);
 * Ahrens & Dieter (1982), Comm. ACM 25, 47-54 (gamma, shape >= 1, algorithm GD);
 * Ahrens & Dieter (1974), Computing 12, 223-246 (gamma, shape < 1, algorithm GS).
 *
 * @example
 * const rng = new RRandom(2); // as set.seed(2)
 * rng.unifRand(); // 0.18488225992769003, as runif(1) in R
 * rng.rnorm(0, 1); // as rnorm(1) next in R
 */
export class RRandom {
  private readonly mt = new Uint32Array(N_MT);
  private mti = N_MT;
  // rgamma's remembered constants (R: static aa, aaa, s, s2, d, q0, b, si, c)
  private aa = 0;
  private aaa = 0;
  private gs = 0;
  private gs2 = 0;
  private gd = 0;
  private gq0 = 0;
  private gb = 0;
  private gsi = 0;
  private gc = 0;

  /**
   * @param seed optional seed, as `set.seed(seed)`; without it the stream is seeded from the
   *   clock (as R seeds a session that never called set.seed, so not reproducibly).
   * @example
   * new RRandom(42).unifRand(); // 0.9148060434963554, as set.seed(42); runif(1)
   */
  constructor(seed?: number) {
    this.setSeed(seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) % 2147483647);
  }

  /**
   * Seed as R's `set.seed(seed)` with the Mersenne-Twister kind. `seed` is an integer (as
   * R's `as.integer`: negative values wrap around modulo 2^32).
   *
   * @example
   * const rng = new RRandom();
   * rng.setSeed(2);
   * rng.unifRand(); // 0.18488225992769003
   */
  setSeed(seed: number): void {
    if (!Number.isFinite(seed) || !Number.isInteger(seed) || Math.abs(seed) > 2147483647) {
      throw new RangeError(`seed must be an integer in [-2147483647, 2147483647], got ${seed}`);
    }
    let s = seed >>> 0;
    for (let j = 0; j < 50; j++) s = (Math.imul(69069, s) + 1) >>> 0;
    // the seed vector has 625 words: the position (reset to 624 below) and the 624 state words
    s = (Math.imul(69069, s) + 1) >>> 0;
    for (let j = 0; j < N_MT; j++) {
      s = (Math.imul(69069, s) + 1) >>> 0;
      this.mt[j] = s;
    }
    this.mti = N_MT;
    let allZero = true;
    for (let j = 0; j < N_MT; j++) if (this.mt[j] !== 0) { allZero = false; break; }
    if (allZero) this.setSeed(Math.floor(Date.now() / 1000) & 0x7fffffff);
  }

  /** Regenerate the 624 words (the MT19937 twist). */
  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    let y: number;
    for (; kk < N_MT - M_MT; kk++) {
      y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
      mt[kk] = mt[kk + M_MT] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    for (; kk < N_MT - 1; kk++) {
      y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
      mt[kk] = mt[kk + (M_MT - N_MT)] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    y = (mt[N_MT - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
    mt[N_MT - 1] = mt[M_MT - 1] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    this.mti = 0;
  }

  /**
   * One uniform on (0, 1), as R's `unif_rand()` (and `runif(1)`): the tempered MT19937
   * word times 2^-32, moved off 0 and 1 as R does.
   *
   * @example
   * new RRandom(2).unifRand(); // 0.18488225992769003
   */
  unifRand(): number {
    if (this.mti >= N_MT) this.twist();
    let y = this.mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    const x = (y >>> 0) * TWO_M32;
    if (x <= 0.0) return 0.5 * I2_32M1;
    if (1.0 - x <= 0.0) return 1.0 - 0.5 * I2_32M1;
    return x;
  }

  /**
   * One standard normal, as R's `norm_rand()` with normal.kind "Inversion": two uniforms
   * make u = floor(2^27 u1) + u2, and the result is qnorm(u / 2^27).
   *
   * @example
   * const rng = new RRandom(2);
   * rng.normRand(); // as set.seed(2); rnorm(1)
   */
  normRand(): number {
    let u = this.unifRand();
    u = Math.floor(BIG * u) + this.unifRand();
    return rQnorm(u / BIG, 0.0, 1.0, true, false);
  }

  /**
   * One standard exponential, as R's `exp_rand()` (Ahrens & Dieter 1972, algorithm SA).
   *
   * @example
   * new RRandom(2).expRand(); // as set.seed(2); rexp(1)
   */
  expRand(): number {
    let a = 0.0;
    let u = this.unifRand();
    for (;;) {
      u += u;
      if (u > 1.0) break;
      a += EXP_Q[0];
    }
    u -= 1.0;
    if (u <= EXP_Q[0]) return a + u;
    let i = 0;
    let ustar = this.unifRand();
    let umin = ustar;
    do {
      ustar = this.unifRand();
      if (ustar < umin) umin = ustar;
      i++;
    } while (u > EXP_Q[i]);
    return a + umin * EXP_Q[0];
  }

  /**
   * One normal with mean `mu` and standard deviation `sigma`, as R's `rnorm(1, mu, sigma)`
   * (sigma = 0 or an infinite mean returns `mu` without drawing).
   *
   * @example
   * new RRandom(2).rnorm(10, 2); // as set.seed(2); rnorm(1, 10, 2)
   */
  rnorm(mu = 0, sigma = 1): number {
    if (Number.isNaN(mu) || !Number.isFinite(sigma) || sigma < 0) return NaN;
    if (sigma === 0 || !Number.isFinite(mu)) return mu;
    return mu + sigma * this.normRand();
  }

  /**
   * One uniform on (a, b), as R's `runif(1, a, b)`.
   *
   * @example
   * new RRandom(2).runif(0, 10); // 1.8488225992769003
   */
  runif(a = 0, b = 1): number {
    if (!Number.isFinite(a) || !Number.isFinite(b) || b < a) return NaN;
    if (a === b) return a;
    let u: number;
    do {
      u = this.unifRand();
    } while (u <= 0 || u >= 1);
    return a + (b - a) * u;
  }

  /**
   * One exponential with the given rate, as R's `rexp(1, rate)`.
   *
   * @example
   * new RRandom(2).rexp(2); // as set.seed(2); rexp(1, 2)
   */
  rexp(rate = 1): number {
    const scale = 1 / rate;
    if (!Number.isFinite(scale) || scale <= 0.0) return scale === 0 ? 0 : NaN;
    return scale * this.expRand();
  }

  /**
   * One gamma variate with shape `a` and scale `scale`, as R's `rgamma(1, a, scale = scale)`:
   * algorithm GS (Ahrens & Dieter 1974) for a < 1, algorithm GD (Ahrens & Dieter 1982) for
   * a >= 1, with R's constants, its `expm1` in the hat acceptance step and its caching of
   * the shape-dependent constants.
   *
   * @example
   * new RRandom(2).rgamma(3, 2); // as set.seed(2); rgamma(1, 3, scale = 2)
   */
  rgamma(a: number, scale = 1): number {
    if (Number.isNaN(a) || Number.isNaN(scale)) return NaN;
    if (a <= 0.0 || scale <= 0.0) {
      if (scale === 0 || a === 0) return 0;
      return NaN;
    }
    if (!Number.isFinite(a) || !Number.isFinite(scale)) return Infinity;

    if (a < 1.0) {
      // GS algorithm for 0 < a < 1
      const e0 = 1.0 + 0.36787944117144232159 * a;
      let x: number;
      for (;;) {
        const p = e0 * this.unifRand();
        if (p >= 1.0) {
          x = -crLog((e0 - p) / a);
          if (this.expRand() >= (1.0 - a) * crLog(x)) break;
        } else {
          x = crExp(crLog(p) / a);
          if (this.expRand() >= x) break;
        }
      }
      return scale * x;
    }

    // GD algorithm, step 1: constants depending on a
    if (a !== this.aa) {
      this.aa = a;
      this.gs2 = a - 0.5;
      this.gs = Math.sqrt(this.gs2);
      this.gd = 5.656854 - this.gs * 12.0;
    }
    const s = this.gs;
    const s2 = this.gs2;
    // step 2: normal deviate, immediate acceptance
    let t = this.normRand();
    let x = s + 0.5 * t;
    const retVal = x * x;
    if (t >= 0.0) return scale * retVal;
    // step 3: squeeze acceptance
    let u = this.unifRand();
    if (this.gd * u <= t * t * t) return scale * retVal;
    // step 4: more constants depending on a
    if (a !== this.aaa) {
      this.aaa = a;
      const r = 1.0 / a;
      this.gq0 =
        ((((((2.424e-4 * r + 2.4511e-4) * r + -7.388e-5) * r + 0.00144121) * r + 0.00801191) * r + 0.02083148) * r +
          0.04166669) *
        r;
      if (a <= 3.686) {
        this.gb = 0.463 + s + 0.178 * s2;
        this.gsi = 1.235;
        this.gc = 0.195 / s - 0.079 + 0.16 * s;
      } else if (a <= 13.022) {
        this.gb = 1.654 + 0.0076 * s2;
        this.gsi = 1.68 / s + 0.275;
        this.gc = 0.062 / s + 0.024;
      } else {
        this.gb = 1.77;
        this.gsi = 0.75;
        this.gc = 0.1515 / s;
      }
    }
    const q0 = this.gq0;
    let q: number;
    let v: number;
    // steps 5-7: quotient acceptance
    if (x > 0.0) {
      v = t / (s + s);
      if (Math.abs(v) <= 0.25) q = q0 + 0.5 * t * t * gdPoly(v) * v;
      else q = q0 - s * t + 0.25 * t * t + (s2 + s2) * crLog(1.0 + v);
      if (crLog(1.0 - u) <= q) return scale * retVal;
    }
    // steps 8-11: double-exponential rejection
    for (;;) {
      const e = this.expRand();
      u = this.unifRand();
      u = u + u - 1.0;
      if (u < 0.0) t = this.gb - this.gsi * e;
      else t = this.gb + this.gsi * e;
      if (t >= -0.71874483771719) {
        v = t / (s + s);
        if (Math.abs(v) <= 0.25) q = q0 + 0.5 * t * t * gdPoly(v) * v;
        else q = q0 - s * t + 0.25 * t * t + (s2 + s2) * crLog(1.0 + v);
        if (q > 0.0) {
          const w = Math.expm1(q);
          if (this.gc * Math.abs(u) <= w * crExp(e - 0.5 * t * t)) break;
        }
      }
    }
    x = s + 0.5 * t;
    return scale * x * x;
  }

  /**
   * One chi-squared variate, as R's `rchisq(1, df)` = rgamma(df / 2, scale = 2).
   *
   * @example
   * new RRandom(2).rchisq(3); // as set.seed(2); rchisq(1, 3)
   */
  rchisq(df: number): number {
    if (!Number.isFinite(df) || df < 0.0) return NaN;
    return this.rgamma(df / 2.0, 2.0);
  }
}

/**
 * The polynomial of algorithm GD's quotient q for |v| <= 1/4 (coefficients a1..a7 of R's
 * rgamma); the caller multiplies by v last, in R's order of operations.
 */
function gdPoly(v: number): number {
  return ((((((0.1233795 * v + -0.1367177) * v + 0.1423657) * v + -0.1662921) * v + 0.2000062) * v + -0.250003) * v +
    0.3333333);
}
