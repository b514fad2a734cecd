/**
 * Standard curves: Cq = intercept + slope x log10(quantity) fitted by least squares over a
 * dilution series; amplification efficiency E = 10^(-1/slope) - 1 (1 = 100%) with a confidence
 * interval carried over from the slope's t interval; R^2; and quantities of unknowns read off
 * the curve (relative standard-curve quantification).
 */
import { InputError } from "../io/errors";
import { tQuantile } from "../stats/tdist";

/** A fitted standard curve. */
export interface StandardCurve {
  slope: number;
  intercept: number;
  rSquared: number;
  /** Efficiency as a fraction (0.95 = 95%); the amplification factor is 1 + efficiency. */
  efficiency: number;
  /** Confidence interval of the efficiency (from the slope's t interval). */
  efficiencyCI: [number, number];
  slopeSE: number;
  n: number;
  level: number;
  /** log10 quantity of a Cq on this curve. */
  log10Quantity(cq: number): number;
}

/**
 * Fit a standard curve to (quantity, Cq) points; quantities must be positive.
 *
 * @example
 * const sc = standardCurve([1, 10, 100, 1000], [30.1, 26.8, 23.4, 20.1]);
 * sc.efficiency; // about 0.99
 */
export function standardCurve(quantity: ArrayLike<number>, cq: ArrayLike<number>, options: { level?: number } = {}): StandardCurve {
  const n = quantity.length;
  if (cq.length !== n) throw new InputError(`${n} quantities but ${cq.length} Cq values`, "standard curve");
  for (let i = 0; i < n; i++) {
    if (!(quantity[i] > 0) || !Number.isFinite(quantity[i])) throw new InputError(`quantity must be positive, got ${quantity[i]}`, `standard curve point ${i + 1}`);
    if (!Number.isFinite(cq[i])) throw new InputError(`Cq must be a number, got ${cq[i]}`, `standard curve point ${i + 1}`);
  }
  const x = Float64Array.from(quantity, Math.log10);
  if (new Set(x).size < 2) throw new InputError("a standard curve needs at least two different quantities", "standard curve");
  if (n < 3) throw new InputError("a standard curve needs at least three points", "standard curve");
  const mx = x.reduce((a, b) => a + b, 0) / n;
  let my = 0;
  for (let i = 0; i < n; i++) my += cq[i];
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (cq[i] - my);
    syy += (cq[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const rss = syy - slope * sxy;
  const rSquared = syy > 0 ? 1 - rss / syy : 1;
  const slopeSE = Math.sqrt(Math.max(rss, 0) / (n - 2) / sxx);
  const level = options.level ?? 0.95;
  const tq = tQuantile(1 - (1 - level) / 2, n - 2);
  const eff = (s: number) => 10 ** (-1 / s) - 1;
  const lo = slope - tq * slopeSE;
  const hi = slope + tq * slopeSE;
  // E(s) = 10^(-1/s) - 1 increases with s for s < 0
  const ci: [number, number] = hi < 0 ? [eff(lo), eff(hi)] : [eff(lo), Infinity];
  return {
    slope,
    intercept,
    rSquared,
    efficiency: eff(slope),
    efficiencyCI: ci,
    slopeSE,
    n,
    level,
    log10Quantity: (c: number) => (c - intercept) / slope,
  };
}
