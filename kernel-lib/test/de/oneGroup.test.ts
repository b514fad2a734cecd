// edgeR's one-group NB fit (mglmOneGroup) against R 4.2 / edgeR 3.40, and the precomputed
// exp(offset) option that the per-gene callers pass: the same fit to the bit.
import { describe, expect, it } from "vitest";
import { oneGroupFit } from "../../src/de/edger/oneGroup";

describe("oneGroupFit", () => {
  const y = [10, 25, 0, 7, 130, 3];
  const offset = [1e6, 2e6, 1.5e6, 0.8e6, 3e6, 1.1e6].map(Math.log);
  it("matches edgeR's mglmOneGroup, on all observations and on a subset", () => {
    // R: mglmOneGroup(matrix(y, 1), dispersion = 0.1, offset = off);
    //    mglmOneGroup(matrix(y[c(1, 3, 5)], 1), dispersion = 0.3, offset = off[c(1, 3, 5)])
    expect(Math.abs(oneGroupFit(y, offset, new Array(6).fill(0.1)) - -11.157036583186674)).toBeLessThan(1e-9);
    expect(Math.abs(oneGroupFit(y, offset, new Array(6).fill(0.3), null, [0, 2, 4]) - -10.903463834066027)).toBeLessThan(1e-9);
    expect(oneGroupFit([0, 0, 0], offset.slice(0, 3), [0.1, 0.1, 0.1])).toBe(-Infinity);
  });
  it("given exp(offset) in options.lib, returns the same bits as computing it", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const lib = Float64Array.from(offset, Math.exp);
    for (let t = 0; t < 2000; t++) {
      const yy = y.map(() => Math.floor(rnd() ** 3 * 5000));
      const d = new Array(6).fill(0.001 + rnd());
      const cols = t % 2 ? Int32Array.of(0, 1, 3) : undefined;
      expect(Object.is(oneGroupFit(yy, offset, d, null, cols, { lib }), oneGroupFit(yy, offset, d, null, cols))).toBe(true);
    }
  });
});
