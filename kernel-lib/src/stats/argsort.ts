/**
 * Order of many doubles without a comparator: a stable least-significant-digit radix sort
 * on the IEEE-754 bit patterns (six passes of 11, 11 and 10 bits per half, a pass skipped when
 * every key has the same digit there), linear in the number of values.
 * The bit patterns are mapped so that unsigned order equals numeric order (negative values
 * have all bits flipped, others the sign bit): the usual key transform for floating point
 * radix sorting (Herf, "Radix tricks", 2001). NaN is not allowed.
 */

/** Digits of the sort: 11, 11 and 10 bits of each 32-bit half (histograms of 2,048 counts fit in L1). */
const SHIFTS = [0, 11, 22];
const MASKS = [0x7ff, 0x7ff, 0x3ff];
const BUCKETS = 2048;

/**
 * Indices `idx` (any subset of positions of `values`) reordered so that `values[idx[k]]`
 * increases (`descending`: decreases); ties keep their order in `idx` (ascending) or
 * reverse it (descending). Returns a new Uint32Array.
 *
 * @example
 * argsort([0.3, 0.1, 0.2], [0, 1, 2]); // Uint32Array [1, 2, 0]
 * argsort([0.3, 0.1, 0.2], [0, 1, 2], true); // Uint32Array [0, 2, 1]
 */
export function argsort(values: ArrayLike<number>, idx: ArrayLike<number>, descending = false): Uint32Array {
  const n = idx.length;
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  // Little-endian: words[0] is the low half of the double, words[1] the high half.
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  // the six digits' histograms, all counted in the one pass over the keys
  const counts = new Uint32Array(6 * BUCKETS);
  for (let k = 0; k < n; k++) {
    const v = values[idx[k]];
    if (v !== v) throw new RangeError(`argsort: value at position ${idx[k]} is NaN`);
    bits[0] = v === 0 ? 0 : v; // -0 sorts with 0
    let h = words[1];
    let l = words[0];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    lo[k] = l;
    hi[k] = h;
    counts[l & 0x7ff]++;
    counts[BUCKETS + ((l >>> 11) & 0x7ff)]++;
    counts[2 * BUCKETS + (l >>> 22)]++;
    counts[3 * BUCKETS + (h & 0x7ff)]++;
    counts[4 * BUCKETS + ((h >>> 11) & 0x7ff)]++;
    counts[5 * BUCKETS + (h >>> 22)]++;
  }
  let order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  let next = new Uint32Array(n);
  for (let pass = 0; pass < 6; pass++) {
    const key = pass < 3 ? lo : hi;
    const shift = SHIFTS[pass % 3];
    const mask = MASKS[pass % 3];
    const base = pass * BUCKETS;
    // a digit that every key shares leaves the order as it is: no pass
    let trivial = false;
    let sum = 0;
    for (let b = 0; b <= mask; b++) {
      const c = counts[base + b];
      if (c === n) trivial = true;
      counts[base + b] = sum;
      sum += c;
    }
    if (trivial) continue;
    for (let k = 0; k < n; k++) {
      const o = order[k];
      next[counts[base + ((key[o] >>> shift) & mask)]++] = o;
    }
    const t = order;
    order = next;
    next = t;
  }
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) out[k] = idx[order[descending ? n - 1 - k : k]];
  return out;
}
