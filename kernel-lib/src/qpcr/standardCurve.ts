/**
 * Standard curves: Cq = intercept + slope x log10(quantity) fitted by least squares over a
 * dilution series; amplification efficiency E = 10^(-1/slope) - 1 (1 = 100%) with a confidence
 * interval carried over from the slope's t interval; R^2; and quantities of unknowns read off
 * the curve (relative standard-curve quantification).
 */
import { InputError } from "../io/errors";
import type { CqTable } from "../io/cq";
import { Table } from "../io/table";
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

/** Options of {@link relativeStandardCurve}. */
export interface RelativeStandardCurveOptions {
  reference: string;
  calibrator: string;
  /** A fitted standard curve per gene (target and reference). */
  curves: Record<string, StandardCurve>;
}

/**
 * Relative quantification with standard curves (the relative standard-curve method of ABI User
 * Bulletin #2 and Livak & Schmittgen's Tables 2 and 4): each Cq is read off its gene's curve as
 * a quantity, quantities are averaged per group, the target is divided by the reference, and
 * that ratio is divided by the calibrator group's. Errors as coefficients of variation added in
 * quadrature: cv = sqrt(cv_target^2 + cv_reference^2), sd = cv x value (the calibrator's own cv
 * is not carried into the other groups, as in the bulletin). Columns: `group, target,
 * normalized, normalized_sd, relative, relative_sd`.
 *
 * @example
 * relativeStandardCurve(cq, { reference: "GAPDH", calibrator: "brain", curves: { "c-myc": scMyc, GAPDH: scGapdh } });
 */
export function relativeStandardCurve(cq: CqTable, options: RelativeStandardCurveOptions): Table {
  const { reference, calibrator, curves } = options;
  const targets = cq.targets();
  for (const t of targets) if (!curves[t]) throw new InputError(`no standard curve for ${t} (curves: ${Object.keys(curves).join(", ")})`, "relativeStandardCurve");
  if (!targets.includes(reference)) throw new InputError(`reference gene "${reference}" is not in the Cq table`, cq.source);
  if (!cq.groups().includes(calibrator)) throw new InputError(`calibrator group "${calibrator}" is not in the Cq table`, cq.source);
  const stats = (g: string, t: string) => {
    const q = cq.rows.filter((r) => r.group === g && r.target === t).map((r) => 10 ** curves[t].log10Quantity(r.cq));
    const n = q.length;
    const m = q.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(q.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1)) : NaN;
    return { m, cv: sd / m, n };
  };
  const cols = { group: [] as string[], target: [] as string[], normalized: [] as number[], normalized_sd: [] as number[], relative: [] as number[], relative_sd: [] as number[] };
  for (const t of targets.filter((x) => x !== reference)) {
    const norm = (g: string) => {
      const a = stats(g, t);
      const b = stats(g, reference);
      return { value: a.m / b.m, cv: Math.hypot(a.cv, b.cv), n: a.n };
    };
    const cal = norm(calibrator);
    for (const g of cq.groups()) {
      const x = norm(g);
      if (!(x.n > 0)) continue;
      const rel = x.value / cal.value;
      cols.group.push(g);
      cols.target.push(t);
      cols.normalized.push(x.value);
      cols.normalized_sd.push(x.cv * x.value);
      cols.relative.push(rel);
      cols.relative_sd.push(x.cv * rel);
    }
  }
  return Table.fromColumns(
    { ...cols, normalized: Float64Array.from(cols.normalized), normalized_sd: Float64Array.from(cols.normalized_sd), relative: Float64Array.from(cols.relative), relative_sd: Float64Array.from(cols.relative_sd) },
    `relative standard curve against ${calibrator} (${reference})`,
  );
}
