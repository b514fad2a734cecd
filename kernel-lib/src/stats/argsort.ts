/**
 * Order of many doubles without a comparator: a stable least-significant-digit radix sort
 * on the IEEE-754 bit patterns (four passes of 16 bits), linear in the number of values.
 * The bit patterns are mapped so that unsigned order equals numeric order (negative values
 * have all bits flipped, others the sign bit): the usual key transform for floating point
 * radix sorting (Herf, "Radix tricks", 2001). NaN is not allowed.
 */

const RADIX = 1 << 16;

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
  }
  let order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  let next = new Uint32Array(n);
  const count = new Uint32Array(RADIX);
  for (let pass = 0; pass < 4; pass++) {
    const key = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let k = 0; k < n; k++) count[(key[order[k]] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let b = 0; b < RADIX; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const o = order[k];
      next[count[(key[o] >>> shift) & 0xffff]++] = o;
    }
    const t = order;
    order = next;
    next = t;
  }
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) out[k] = idx[order[descending ? n - 1 - k : k]];
  return out;
}
