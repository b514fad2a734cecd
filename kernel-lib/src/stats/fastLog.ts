/**
 * A table-driven natural logarithm for hot loops (Tang 1990, "Table-driven implementation of
 * the logarithm function in IEEE floating-point arithmetic", ACM TOMS 16:378): x = 2^e m with
 * m in [1, 2); m = c (1 + t) with c the midpoint of one of 256 equal cells of [1, 2), so
 * |t| < 2^-9; log x = e log 2 + log c + log1p(t), log1p(t) by its Taylor polynomial through
 * t^6 (the first term left out is below 2e-20). Below 1, x = 2^(e + 1) (m / 2) with the table's
 * log(c / 2), so that no log 2 cancels; log 2 is split in two parts, so e log 2 keeps its
 * precision. Within 1.1 ulps of Math.log for every positive normal x (tested on millions of
 * values), and about twice as fast in V8, where Math.log is a call into C; edgeR's likelihood
 * sums take a log per count and grid point. Zero, negative, subnormal, infinite and NaN
 * arguments, and those within 1/128 of 1, go to Math.log.
 */

const BITS = 8;
const CELLS = 1 << BITS;
const MID = new Float64Array(CELLS);
const INV_MID = new Float64Array(CELLS);
/** log of the midpoint c, and log(c / 2) for x below 1 (see fastLog). */
const LOG_MID = new Float64Array(CELLS);
const LOG_HALF_MID = new Float64Array(CELLS);
for (let i = 0; i < CELLS; i++) {
  const c = 1 + (i + 0.5) / CELLS;
  MID[i] = c;
  INV_MID[i] = 1 / c;
  LOG_MID[i] = Math.log(c);
  LOG_HALF_MID[i] = Math.log(c / 2);
}
/** 2^-(biased exponent - 1023), which scales x into [1, 2) exactly. */
const SCALE = new Float64Array(2048);
for (let b = 1; b < 2047; b++) SCALE[b] = 2 ** (1023 - b);
/** log 2 = LN2_HI + LN2_LO, with LN2_HI short enough that e LN2_HI is exact for |e| < 2^11. */
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;

/** Math.log serves on (NEAR_ONE_LO, NEAR_ONE_HI), two cells on either side of 1. */
const NEAR_ONE_LO = 1 - 2 / CELLS;
const NEAR_ONE_HI = 1 + 2 / CELLS;

const word = new Float64Array(1);
const halves = new Uint32Array(word.buffer);
// the high half of a double's bits is the second 32-bit word on little-endian machines
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * Natural logarithm of x, within 1.1 ulps of `Math.log(x)` and about twice as fast.
 *
 * @example
 * fastLog(100); // 4.605170185988092 (Math.log(100): 4.605170185988092)
 */
export function fastLog(x: number): number {
  word[0] = x;
  const hi = halves[HIGH];
  const biased = hi >>> 20;
  const i = (hi >>> (20 - BITS)) & (CELLS - 1);
  // x >= 2 first, the common case of the hot loops (and no log 2 or log c can cancel there)
  if (biased > 1023 && biased < 2047) {
    const e = biased - 1023;
    return e * LN2_HI + LOG_MID[i] + (logCell(x * SCALE[biased], i) + e * LN2_LO);
  }
  // sign bit set (then biased >= 2048), zero, subnormal, infinity or NaN; and next to 1, where
  // log x is near zero and the sum below would leave a small absolute but a large relative error
  if (biased === 0 || biased >= 2047 || (x > NEAR_ONE_LO && x < NEAR_ONE_HI)) return Math.log(x);
  const p = logCell(x * SCALE[biased], i);
  if (biased === 1023) return LOG_MID[i] + p;
  // below 1, x = 2^(e + 1) (m / 2): log(m / 2) and e log 2 are then both negative (or e is
  // zero), so they do not cancel
  const e = biased - 1022;
  return e * LN2_HI + LOG_HALF_MID[i] + (p + e * LN2_LO);
}

/** log(m / c) for m in cell i of [1, 2) (c its midpoint), by the Taylor polynomial of log1p. */
function logCell(m: number, i: number): number {
  // m - MID[i] is exact (the two are within a factor of two of each other)
  const t = (m - MID[i]) * INV_MID[i];
  return t - t * t * (0.5 - t * (1 / 3 - t * (0.25 - t * (0.2 - t * (1 / 6)))));
}
