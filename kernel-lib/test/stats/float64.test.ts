import { describe, expect, it } from "vitest";
import { float64Of } from "../../src/stats/float64";

describe("float64Of", () => {
  it("builds fn(0 .. length - 1) as Float64Array.from({ length }, (_, i) => fn(i)) does", () => {
    expect(Array.from(float64Of(4, (i) => i * i - 0.5))).toEqual([-0.5, 0.5, 3.5, 8.5]);
    const src = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 1e3);
    expect(float64Of(src.length, (i) => Math.max(src[i], 0) / 7)).toEqual(Float64Array.from(src, (v) => Math.max(v, 0) / 7));
    expect(float64Of(0, () => 1).length).toBe(0);
  });
});
