import { describe, it, expect } from "vitest";
import { formatNumber } from "../../src/display/format";

describe("formatNumber", () => {
  it("NaN is NA, infinities are Inf and -Inf", () => {
    expect(formatNumber(NaN)).toBe("NA");
    expect(formatNumber(Infinity)).toBe("Inf");
    expect(formatNumber(-Infinity)).toBe("-Inf");
  });

  it("integers are written in full", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(28265)).toBe("28265");
    expect(formatNumber(-7)).toBe("-7");
    expect(formatNumber(123456789012)).toBe("123456789012");
  });

  it("other numbers get 4 significant digits", () => {
    expect(formatNumber(3.14159)).toBe("3.142");
    expect(formatNumber(-2.71828)).toBe("-2.718");
    expect(formatNumber(0.5)).toBe("0.5");
    expect(formatNumber(0.012345678)).toBe("0.01235");
    expect(formatNumber(999.96)).toBe("1000");
  });

  it("tiny p-values are in exponent form with 4 significant digits", () => {
    expect(formatNumber(1.2e-300)).toBe("1.200e-300");
    expect(formatNumber(3.456789e-12)).toBe("3.457e-12");
    expect(formatNumber(-5e-4)).toBe("-5.000e-4");
    // the smallest positive double still shows as a number, not 0
    expect(formatNumber(Number.MIN_VALUE)).toMatch(/^4\.9\d\de-324$/);
  });

  it("large non-integers and integers beyond 1e15 are in exponent form", () => {
    expect(formatNumber(1234567.5)).toBe("1.235e+6");
    expect(formatNumber(1e20)).toBe("1.000e+20");
  });

  it("the output parses back to within 4 significant digits", () => {
    for (const x of [0.001234567, 98.7654, 0.3333333, 12345.678, 7.77e-8]) {
      const y = Number(formatNumber(x));
      expect(Math.abs(y - x) / Math.abs(x)).toBeLessThan(5e-4);
    }
  });
});
