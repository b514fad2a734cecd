// Chi-square upper tails against R 4.2 (values in the comments), including beyond x = 2000
// where @stdlib's incomplete gamma would be off and the log-scale tail takes over.
import { describe, expect, it } from "vitest";
import { chiSquareUpper } from "../../src/stats/distributions";

const close = (a: number, b: number, rel: number) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.abs(b));

const R = [0.049999999999999975, 1.5374597944280343e-12, 7.3115789947201028e-23, 6.5957207072384019e-17];

describe("chiSquareUpper", () => {
  it("matches R's pchisq(x, df, lower.tail = FALSE)", () => {
    // R: pchisq(c(3.841458820694124, 50, 2100, 1999, 2500), c(1, 1, 1500, 1500, 2), lower.tail = FALSE)
    close(chiSquareUpper(3.841458820694124, 1), 0.05, 1e-12);
    close(chiSquareUpper(50, 1), R[1], 1e-12);
    close(chiSquareUpper(2100, 1500), R[2], 1e-11);
    close(chiSquareUpper(1999, 1500), R[3], 1e-11);
    expect(chiSquareUpper(2500, 2)).toBe(0);
    expect(chiSquareUpper(0, 3)).toBe(1);
    expect(chiSquareUpper(NaN, 3)).toBeNaN();
  });
});
