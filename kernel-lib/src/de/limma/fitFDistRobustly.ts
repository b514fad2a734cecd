/**
 * Robust estimation of the prior for variances (Phipson, Lee, Majewski, Alexander & Smyth 2016,
 * Ann Appl Stat 10:946; limma's `fitFDistRobustly`): the log-variances are detrended (trimmed
 * mean, or a lowess trend in the covariate) and Winsorized; the prior df makes the Winsorized
 * variance match its theoretical value under a scaled F (moments by 128-point Gauss-Legendre
 * quadrature); genes whose variances are improbably large under that prior become outliers and
 * get a smaller, gene-specific prior df (`df2Shrunk`).
 */
import { fitFDist } from "./squeezeVar";
import { trendInterpolator } from "./voom";
import { lowess } from "../../stats/lowess";
import { quantile7 } from "../../stats/splines";
import { gaussLegendreUniform } from "../../stats/gaussQuad";
import { fUpper, fLower, fDensity, fQuantileLower } from "../../stats/tdist";
import { zeroin } from "../../stats/zeroin";
import { InputError } from "../../io/errors";

/** Result of {@link fitFDistRobustly}. */
export interface RobustFDistFit {
  scale: Float64Array;
  df2: number;
  /** Per-gene prior df, smaller for outlier variances. */
  df2Shrunk: Float64Array;
}

const GAUSS = gaussLegendreUniform(128);

function winsorizedMoments(df1: number, df2: number, tail: [number, number]): { mean: number; variance: number } {
  const fq = [fQuantileLower(tail[0], df1, df2), fQuantileLower(1 - tail[1], df1, df2)];
  const zq = fq.map(Math.log);
  const q = fq.map((f) => f / (1 + f));
  const q21 = q[1] - q[0];
  const { nodes, weights } = GAUSS;
  const k = nodes.length;
  const zn = new Float64Array(k);
  const fn = new Float64Array(k);
  let m = 0;
  for (let i = 0; i < k; i++) {
    const node = q[0] + q21 * nodes[i];
    const f = node / (1 - node);
    zn[i] = Math.log(f);
    fn[i] = fDensity(f, df1, df2) / ((1 - node) * (1 - node));
    m += weights[i] * fn[i] * zn[i];
  }
  m = q21 * m + zq[0] * tail[0] + zq[1] * tail[1];
  let v = 0;
  for (let i = 0; i < k; i++) v += weights[i] * fn[i] * (zn[i] - m) ** 2;
  v = q21 * v + (zq[0] - m) ** 2 * tail[0] + (zq[1] - m) ** 2 * tail[1];
  return { mean: m, variance: v };
}

/** Average ranks (R's `rank`, ties averaged). */
function ranks(x: Float64Array): Float64Array {
  const idx = Array.from(x.keys()).sort((a, b) => x[a] - x[b] || a - b);
  const r = new Float64Array(x.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]] === x[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

function median(x: ArrayLike<number>): number {
  const s = Float64Array.from(x).sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

/**
 * @example
 * fitFDistRobustly(s2, dfResidual, aveLogCpm).df2Shrunk;
 */
export function fitFDistRobustly(xIn: ArrayLike<number>, df1In: number | ArrayLike<number>, covariate?: ArrayLike<number>, winsorTailP: [number, number] = [0.05, 0.1]): RobustFDistFit {
  const n = xIn.length;
  if (n < 2) return { scale: new Float64Array(n).fill(NaN), df2: NaN, df2Shrunk: new Float64Array(n).fill(NaN) };
  if (n === 2) {
    const f = fitFDist(xIn, df1In, covariate);
    return { scale: f.scale, df2: f.df2, df2Shrunk: new Float64Array(n).fill(f.df2) };
  }
  const dfAt = (i: number) => (typeof df1In === "number" ? df1In : df1In[i]);
  if (covariate && Array.from(covariate).some((c) => !Number.isFinite(c))) throw new InputError("covariate contains NA or infinite values", "fitFDistRobustly");
  const ok = Array.from({ length: n }, (_, i) => !Number.isNaN(xIn[i]) && Number.isFinite(dfAt(i)) && dfAt(i) > 1e-6);
  if (ok.some((v) => !v)) {
    const keep = ok.map((v, i) => (v ? i : -1)).filter((i) => i >= 0);
    const sub = fitFDistRobustly(
      keep.map((i) => xIn[i]),
      typeof df1In === "number" ? df1In : keep.map((i) => df1In[i]),
      covariate ? keep.map((i) => covariate[i]) : undefined,
      winsorTailP,
    );
    const df2Shrunk = Float64Array.from(xIn);
    const scale = new Float64Array(n);
    keep.forEach((i, k) => {
      df2Shrunk[i] = sub.df2Shrunk[k];
      scale[i] = sub.scale[k];
    });
    if (!covariate) {
      ok.forEach((v, i) => {
        if (!v) scale[i] = sub.scale[0];
      });
    } else {
      const order = keep.slice().sort((a, b) => covariate[a] - covariate[b] || a - b);
      const interp = trendInterpolator(Float64Array.from(order, (i) => covariate[i]), Float64Array.from(order, (i) => Math.log(scale[i])));
      ok.forEach((v, i) => {
        if (!v) scale[i] = Math.exp(interp(covariate[i]));
      });
    }
    ok.forEach((v, i) => {
      if (!v) df2Shrunk[i] = sub.df2;
    });
    return { scale, df2: sub.df2, df2Shrunk };
  }
  const x = Float64Array.from(xIn);
  const m = median(x);
  if (!(m > 0)) throw new InputError("variances are mostly <= 0", "fitFDistRobustly");
  for (let i = 0; i < n; i++) if (x[i] < m * 1e-12) x[i] = m * 1e-12;
  const nonRobust = fitFDist(x, df1In, covariate);
  const tail = winsorTailP;
  if (tail[0] < 1 / n && tail[1] < 1 / n) return { scale: nonRobust.scale, df2: nonRobust.df2, df2Shrunk: new Float64Array(n).fill(nonRobust.df2) };
  let df1: number;
  if (typeof df1In !== "number") {
    let df1max = -Infinity;
    for (let i = 0; i < n; i++) df1max = Math.max(df1max, df1In[i]);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!(df1In[i] < df1max - 1e-14)) continue;
      any = true;
      const s = covariate ? nonRobust.scale[i] : nonRobust.scale[0];
      const f = x[i] / s;
      const df2 = nonRobust.df2;
      const pu = fUpper(f, df1In[i], df2);
      const pl = fLower(f, df1In[i], df2);
      // move the F statistic to the same tail probability with df1max numerator df
      const g = pu < pl ? 1 / fQuantileLower(pu, df2, df1max) : fQuantileLower(pl, df1max, df2);
      x[i] = (Number.isFinite(df2) ? g : pu < pl ? upperChisqF(pu, df1max) : g) * s;
    }
    df1 = any ? df1max : df1In[0];
  } else df1 = df1In;
  const z = Float64Array.from(x, Math.log);
  let ztrend: Float64Array;
  if (!covariate) {
    const sorted = Float64Array.from(z).sort();
    const lo = Math.floor(n * tail[1]);
    let s = 0;
    for (let i = lo; i < n - lo; i++) s += sorted[i];
    ztrend = new Float64Array(n).fill(s / (n - 2 * lo));
  } else {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => covariate[a] - covariate[b] || a - b);
    const lo = lowess(Float64Array.from(order, (i) => covariate[i]), Float64Array.from(order, (i) => z[i]), { f: 0.4, iter: 3 });
    ztrend = new Float64Array(n);
    order.forEach((i, k) => (ztrend[i] = lo.y[k]));
  }
  const zresid = Float64Array.from(z, (v, i) => v - ztrend[i]);
  const sortedResid = Float64Array.from(zresid).sort();
  const zlo = quantile7(sortedResid, tail[0], true);
  const zhi = quantile7(sortedResid, 1 - tail[1], true);
  const zwins = Float64Array.from(zresid, (v) => Math.min(Math.max(v, zlo), zhi));
  let zwmean = 0;
  for (const v of zwins) zwmean += v;
  zwmean /= n;
  let zwvar = 0;
  for (const v of zwins) zwvar += (v - zwmean) ** 2;
  zwvar = (zwvar / n) * (n / (n - 1));
  const linkfun = (v: number) => v / (1 + v);
  const linkinv = (v: number) => v / (1 - v);
  const momInf = winsorizedMoments(df1, Infinity, tail);
  const funvalInf = Math.log(zwvar / momInf.variance);
  if (funvalInf <= 0) {
    const ztc = Float64Array.from(ztrend, (t) => t + zwmean - momInf.mean);
    const scale = Float64Array.from(ztc, Math.exp);
    const F = Float64Array.from(z, (v, i) => Math.exp(v - ztc[i]));
    const tailP = Float64Array.from(F, (f) => fUpper(f, df1, Infinity));
    const r = ranks(F);
    const df2Shrunk = new Float64Array(n).fill(Infinity);
    const notOut = Float64Array.from(tailP, (p, i) => Math.min(p / ((n - r[i] + 0.5) / n), 1));
    if (notOut.some((p) => p < 1)) {
      notOut.forEach((p, i) => {
        if (p < 1) df2Shrunk[i] = p * n * df1;
      });
      const o = Array.from(tailP.keys()).sort((a, b) => tailP[a] - tailP[b] || a - b);
      let cm = -Infinity;
      for (const i of o) {
        cm = Math.max(cm, df2Shrunk[i]);
        df2Shrunk[i] = cm;
      }
    }
    return { scale, df2: Infinity, df2Shrunk };
  }
  if (!Number.isFinite(nonRobust.df2)) return { scale: nonRobust.scale, df2: nonRobust.df2, df2Shrunk: new Float64Array(n).fill(nonRobust.df2) };
  const fun = (v: number) => Math.log(zwvar / winsorizedMoments(df1, linkinv(v), tail).variance);
  const rbx = linkfun(nonRobust.df2);
  const funvalLow = fun(rbx);
  const df2 = funvalLow >= 0 ? nonRobust.df2 : linkinv(zeroin(fun, rbx, 1, funvalLow, funvalInf, 1e-8, 1000));
  const mom = winsorizedMoments(df1, df2, tail);
  const ztc = Float64Array.from(ztrend, (t) => t + zwmean - mom.mean);
  const scale = Float64Array.from(ztc, Math.exp);
  const F = Float64Array.from(z, (v, i) => Math.exp(v - ztc[i]));
  const logTailP = Float64Array.from(F, (f) => Math.log(fUpper(f, df1, df2)));
  const r = ranks(F);
  const logNotOut = Float64Array.from(logTailP, (lp, i) => Math.min(lp - (Math.log(n - r[i] + 0.5) - Math.log(n)), 0));
  const df2Shrunk = new Float64Array(n).fill(df2);
  if (logNotOut.some((v) => v < 0)) {
    let minLog = Infinity;
    let maxF = -Infinity;
    for (let i = 0; i < n; i++) {
      minLog = Math.min(minLog, logTailP[i]);
      maxF = Math.max(maxF, F[i]);
    }
    if (minLog === -Infinity) {
      for (let i = 0; i < n; i++) df2Shrunk[i] = Math.exp(logNotOut[i]) * df2;
    } else {
      let df2Outlier = (Math.log(0.5) / minLog) * df2;
      const newLog = Math.log(fUpper(maxF, df1, df2Outlier));
      df2Outlier = (Math.log(0.5) / newLog) * df2Outlier;
      for (let i = 0; i < n; i++) df2Shrunk[i] = Math.exp(logNotOut[i]) * df2 - Math.expm1(logNotOut[i]) * df2Outlier;
    }
    const o = Array.from(logTailP.keys()).sort((a, b) => logTailP[a] - logTailP[b] || a - b);
    const ordered = Float64Array.from(o, (i) => df2Shrunk[i]);
    let cs = 0;
    let imin = 0;
    let best = Infinity;
    for (let k = 0; k < n; k++) {
      cs += ordered[k];
      const mk = cs / (k + 1);
      if (mk < best) {
        best = mk;
        imin = k;
      }
    }
    for (let k = 0; k <= imin; k++) ordered[k] = best;
    let cm = -Infinity;
    o.forEach((i, k) => {
      cm = Math.max(cm, ordered[k]);
      df2Shrunk[i] = cm;
    });
  }
  return { scale, df2, df2Shrunk };
}

function upperChisqF(p: number, df1: number): number {
  // upper-tail quantile of F(df1, Infinity) = chi-square(df1) / df1
  return fQuantileLower(1 - p, df1, Infinity);
}
