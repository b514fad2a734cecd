/**
 * The radix argsort against a comparator sort: signed values, zeros of both signs, ties
 * (stable ascending), subsets of positions, descending order, and NaN refused.
 */
import { describe, expect, it } from "vitest";
import { argsort } from "../../src/stats/argsort";

describe("argsort", () => {
  it("orders like a stable comparator sort, ascending and descending", () => {
    let s = 17;
    const v = Array.from({ length: 5000 }, (_, i) => {
      s = (s * 69069 + 1) % 4294967296;
      const u = s / 4294967296;
      return i % 11 === 0 ? 0 : i % 13 === 0 ? -0 : i % 7 === 0 ? Math.round(u * 10) : (u - 0.4) * 10 ** Math.floor(u * 600 - 300);
    });
    v.push(Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE);
    const idx = v.map((_, i) => i);
    const want = idx.slice().sort((a, b) => v[a] - v[b] || a - b);
    expect(Array.from(argsort(v, idx))).toEqual(want);
    const desc = Array.from(argsort(v, idx, true));
    for (let k = 1; k < desc.length; k++) expect(v[desc[k - 1]]).toBeGreaterThanOrEqual(v[desc[k]]);
  });

  it("skips the digits every key shares (small whole numbers: the low half is zero) and keeps ties stable", () => {
    const v = Array.from({ length: 3000 }, (_, i) => (i * 7919) % 101);
    const idx = v.map((_, i) => i);
    expect(Array.from(argsort(v, idx))).toEqual(idx.slice().sort((a, b) => v[a] - v[b] || a - b));
    expect(Array.from(argsort(new Array(50).fill(2.5), idx.slice(0, 50)))).toEqual(idx.slice(0, 50));
    expect(Array.from(argsort(new Array(50).fill(2.5), idx.slice(0, 50), true))).toEqual(idx.slice(0, 50).reverse());
  });

  it("sorts a subset of positions and refuses NaN", () => {
    expect(Array.from(argsort([0.3, 0.1, 0.2, 5], [0, 1, 2]))).toEqual([1, 2, 0]);
    expect(Array.from(argsort([0.3, 0.1, 0.2], [0, 1, 2], true))).toEqual([0, 2, 1]);
    expect(() => argsort([1, NaN], [0, 1])).toThrow(/position 1 is NaN/);
  });
});
