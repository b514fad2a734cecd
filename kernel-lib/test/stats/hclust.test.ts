/** Agglomerative clustering: merge heights and adjacency of the closest items. */
import { describe, expect, it } from "vitest";
import { hclust } from "../../src/stats/hclust";

describe("hclust", () => {
  // four points on a line: 0, 1, 5, 11
  const x = [0, 1, 5, 11];
  const d = Float64Array.from({ length: 16 }, (_, k) => Math.abs(x[Math.floor(k / 4)] - x[k % 4]));
  it("complete linkage heights as R's hclust (1, 5, 11) and a drawing order keeping merged items together", () => {
    const h = hclust(d, 4);
    expect(h.merges.map((m) => m.height)).toEqual([1, 5, 11]);
    expect(h.merges[0]).toEqual({ a: -1, b: -2, height: 1 });
    const pos = (i: number) => h.order.indexOf(i);
    expect(Math.abs(pos(0) - pos(1))).toBe(1);
    expect(new Set(h.order)).toEqual(new Set([0, 1, 2, 3]));
  });
  it("single and average linkage", () => {
    expect(hclust(d, 4, "single").merges.map((m) => m.height)).toEqual([1, 4, 6]);
    expect(hclust(d, 4, "average").merges.map((m) => m.height)[1]).toBeCloseTo(4.5, 12);
  });
});
