/**
 * `Float64Array.from(source, fn)` without its cost: V8's builtin walks the source through the
 * iterator protocol and calls `fn` from native code, about 100 ns per element (7 ms for 53,000
 * genes, twenty times a plain loop). The per-gene result columns are built here instead.
 */

/**
 * A Float64Array of fn(0), fn(1), ..., fn(length - 1).
 *
 * @example
 * float64Of(3, (i) => i * i); // Float64Array [0, 1, 4]
 */
export function float64Of(length: number, fn: (i: number) => number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = fn(i);
  return out;
}
