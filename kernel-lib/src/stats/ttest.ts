/**
 * Two-sample t-tests (R's `t.test`): Student's with a pooled variance and Welch's with the
 * Welch-Satterthwaite degrees of freedom; two-sided p-values and a confidence interval for the
 * difference in means (x - y).
 */
import { tTwoSided, tQuantile } from "./tdist";

/** Result of {@link tTest}. */
export interface TTestResult {
  statistic: number;
  df: number;
  pValue: number;
  /** mean(x) - mean(y). */
  estimate: number;
  confInt: [number, number];
  method: "Student" | "Welch";
}

function meanVar(x: ArrayLike<number>): { m: number; v: number; n: number } {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - m) ** 2;
  return { m, v: v / (n - 1), n };
}

/**
 * @example
 * tTest([1.1, 1.3, 0.9], [2.0, 2.4, 2.2], { welch: true }).pValue;
 */
export function tTest(x: ArrayLike<number>, y: ArrayLike<number>, options: { welch?: boolean; level?: number } = {}): TTestResult {
  if (x.length < 2 || y.length < 2) throw new RangeError("each group needs at least two values for a t-test");
  const a = meanVar(x);
  const b = meanVar(y);
  const welch = options.welch ?? true;
  let se: number;
  let df: number;
  if (welch) {
    const sa = a.v / a.n;
    const sb = b.v / b.n;
    se = Math.sqrt(sa + sb);
    df = (sa + sb) ** 2 / (sa ** 2 / (a.n - 1) + sb ** 2 / (b.n - 1));
  } else {
    df = a.n + b.n - 2;
    const pooled = ((a.n - 1) * a.v + (b.n - 1) * b.v) / df;
    se = Math.sqrt(pooled * (1 / a.n + 1 / b.n));
  }
  const estimate = a.m - b.m;
  const statistic = estimate / se;
  const q = tQuantile(1 - (1 - (options.level ?? 0.95)) / 2, df);
  return { statistic, df, pValue: tTwoSided(statistic, df), estimate, confInt: [estimate - q * se, estimate + q * se], method: welch ? "Welch" : "Student" };
}
