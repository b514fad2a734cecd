/**
 * Dose-response: the four-parameter logistic (4PL) in log concentration,
 *   y = bottom + (top - bottom) / (1 + exp(-hill (log x - log EC50))),
 * fitted by Levenberg-Marquardt least squares (as R's `nls` with `SSfpl`, whose xmid = log EC50
 * and scal = 1 / hill). Standard errors from sigma^2 (J'J)^-1; the EC50 interval is
 * exp(log EC50 +/- t(n - 4) se), so it stays positive and asymmetric as it should.
 */
import { InputError } from "../io/errors";
import { tQuantile } from "../stats/tdist";
import { cholesky, choleskyInverse, choleskySolve } from "../stats/linalg";

/** A fitted 4PL curve. */
export interface FourPLFit {
  bottom: number;
  top: number;
  ec50: number;
  hill: number;
  /** Standard errors of bottom, top, log(EC50) and hill. */
  se: { bottom: number; top: number; logEc50: number; hill: number };
  ec50CI: [number, number];
  level: number;
  rss: number;
  df: number;
  converged: boolean;
  /** The fitted curve at concentration x. */
  predict(x: number): number;
}

function model(p: Float64Array, lx: number): number {
  return p[0] + (p[1] - p[0]) / (1 + Math.exp(-p[3] * (lx - p[2])));
}

/** Partial derivatives of the model in (bottom, top, logEC50, hill). */
function gradient(p: Float64Array, lx: number, g: Float64Array): void {
  const e = Math.exp(-p[3] * (lx - p[2]));
  const s = 1 / (1 + e);
  const d = p[1] - p[0];
  g[0] = 1 - s;
  g[1] = s;
  const ds = s * s * e; // d s / d(hill (lx - xmid))
  g[2] = d * ds * -p[3];
  g[3] = d * ds * (lx - p[2]);
}

/**
 * Fit a 4PL to responses (e.g. fold changes) at positive concentrations.
 *
 * @example
 * const f = fitFourPL([0.01, 0.1, 1, 10], [1.1, 2.0, 6.2, 8.4]);
 * f.ec50; f.ec50CI;
 */
export function fitFourPL(concentration: ArrayLike<number>, response: ArrayLike<number>, options: { level?: number; maxit?: number } = {}): FourPLFit {
  const n = concentration.length;
  if (response.length !== n) throw new InputError(`${n} concentrations but ${response.length} responses`, "4PL fit");
  for (let i = 0; i < n; i++) {
    if (!(concentration[i] > 0)) throw new InputError(`concentration must be positive (the fit is in log concentration), got ${concentration[i]}`, `4PL point ${i + 1}`);
    if (!Number.isFinite(response[i])) throw new InputError(`response must be a number, got ${response[i]}`, `4PL point ${i + 1}`);
  }
  const lx = Float64Array.from(concentration, Math.log);
  if (new Set(lx).size < 4) throw new InputError("a 4PL fit needs at least four different concentrations", "4PL fit");
  if (n < 5) throw new InputError("a 4PL fit needs at least five points (four parameters and one residual df)", "4PL fit");
  const y = Float64Array.from(response);
  // starting values: plateaus from the extremes, midpoint where the response crosses halfway
  const order = Array.from(lx.keys()).sort((a, b) => lx[a] - lx[b]);
  const lowY = y[order[0]];
  const highY = y[order[n - 1]];
  const half = (lowY + highY) / 2;
  let xmid = lx[order[Math.floor(n / 2)]];
  for (let k = 1; k < n; k++) {
    const a = y[order[k - 1]];
    const b = y[order[k]];
    if ((a - half) * (b - half) <= 0 && a !== b) {
      xmid = lx[order[k - 1]] + ((half - a) / (b - a)) * (lx[order[k]] - lx[order[k - 1]]);
      break;
    }
  }
  const p = Float64Array.of(lowY, highY, xmid, 1);
  const rssOf = (q: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (y[i] - model(q, lx[i])) ** 2;
    return s;
  };
  let rss = rssOf(p);
  let lambda = 1e-3;
  const g = new Float64Array(4);
  const jtj = new Float64Array(16);
  const jtr = new Float64Array(4);
  let converged = false;
  for (let it = 0; it < (options.maxit ?? 500); it++) {
    jtj.fill(0);
    jtr.fill(0);
    for (let i = 0; i < n; i++) {
      gradient(p, lx[i], g);
      const r = y[i] - model(p, lx[i]);
      for (let a = 0; a < 4; a++) {
        jtr[a] += g[a] * r;
        for (let b = 0; b < 4; b++) jtj[a * 4 + b] += g[a] * g[b];
      }
    }
    let improved = false;
    for (let tries = 0; tries < 30; tries++) {
      const damped = Float64Array.from(jtj);
      for (let a = 0; a < 4; a++) damped[a * 4 + a] *= 1 + lambda;
      const l = cholesky(damped, 4);
      if (!l) {
        lambda *= 10;
        continue;
      }
      const step = choleskySolve(l, jtr, 4);
      const q = Float64Array.from(p, (v, a) => v + step[a]);
      const r2 = rssOf(q);
      if (r2 <= rss) {
        const rel = (rss - r2) / Math.max(rss, 1e-300);
        p.set(q);
        rss = r2;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
        if (rel < 1e-12 && step.every((s, a) => Math.abs(s) < 1e-10 * (1 + Math.abs(p[a])))) converged = true;
        break;
      }
      lambda *= 10;
    }
    if (!improved) {
      converged = true;
      break;
    }
    if (converged) break;
  }
  // covariance at the optimum
  jtj.fill(0);
  for (let i = 0; i < n; i++) {
    gradient(p, lx[i], g);
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) jtj[a * 4 + b] += g[a] * g[b];
  }
  const df = n - 4;
  const sigma2 = rss / df;
  const l = cholesky(jtj, 4);
  const cov = l ? choleskyInverse(l, 4) : new Float64Array(16).fill(NaN);
  const se = [0, 1, 2, 3].map((a) => Math.sqrt(sigma2 * cov[a * 4 + a]));
  const level = options.level ?? 0.95;
  const tq = tQuantile(1 - (1 - level) / 2, df);
  const fit = Float64Array.from(p);
  return {
    bottom: p[0],
    top: p[1],
    ec50: Math.exp(p[2]),
    hill: p[3],
    se: { bottom: se[0], top: se[1], logEc50: se[2], hill: se[3] },
    ec50CI: [Math.exp(p[2] - tq * se[2]), Math.exp(p[2] + tq * se[2])],
    level,
    rss,
    df,
    converged,
    predict: (x: number) => model(fit, Math.log(x)),
  };
}
