/**
 * Empirical Bayes moderation of variances (Smyth 2004, Stat Appl Genet Mol Biol 3:3; limma's
 * `fitFDist` and `squeezeVar`): the sample variances s2_g with d_g df are modelled as a scaled
 * F(d_g, d0) around a prior s0^2, estimated by matching moments of log s2; the posterior
 * variance is (d_g s2_g + d0 s0^2) / (d_g + d0). With a covariate (average log-expression) the
 * prior s0^2 follows a natural-spline trend in it.
 */
import { householderQR } from "../../stats/linalg";
import { digamma, trigamma, trigammaInverse } from "../../stats/special";
import { naturalSplineBasis } from "../../stats/splines";
import { fitFDistRobustly } from "./fitFDistRobustly";
import { median } from "../../stats/select";
import { float64Of } from "../../stats/float64";

/** Result of {@link fitFDist}: the prior scale per gene (or one) and prior df. */
export interface FDistFit {
  scale: Float64Array;
  df2: number;
}

/**
 * Moment estimation of a scaled F distribution for `x` with `df1` numerator degrees of freedom
 * (limma's `fitFDist`), optionally with a trend in `covariate`.
 *
 * @example
 * fitFDist([0.5, 1.2, 0.8, 2.0, 0.3, 1.1], 3).df2; // estimated prior df (Infinity if none)
 */
export function fitFDist(x: ArrayLike<number>, df1: number | ArrayLike<number>, covariate?: ArrayLike<number>): FDistFit {
  const n = x.length;
  const dfAt = typeof df1 === "number" ? () => df1 : (i: number) => df1[i];
  if (n === 0) return { scale: new Float64Array(0), df2: NaN };
  if (n === 1) return { scale: Float64Array.of(x[0]), df2: 0 };
  const ok: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = dfAt(i);
    if (Number.isFinite(d) && d > 1e-15 && Number.isFinite(x[i]) && x[i] > -1e-15) ok.push(i);
  }
  if (typeof df1 === "number" && !(Number.isFinite(df1) && df1 > 1e-15)) return { scale: new Float64Array(n).fill(NaN), df2: NaN };
  const nok = ok.length;
  if (nok === 0) return { scale: new Float64Array(n).fill(NaN), df2: NaN };
  if (nok === 1) return { scale: new Float64Array(n).fill(x[ok[0]]), df2: 0 };
  let cov: Float64Array | null = null;
  let splineDf = 1;
  if (covariate) {
    if (covariate.length !== n) throw new RangeError("x and covariate must be of the same length");
    cov = Float64Array.from(covariate);
    let nFinite = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = cov[i];
      if (!Number.isFinite(v)) continue;
      nFinite++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (nFinite < n) {
      if (nFinite) {
        for (let i = 0; i < n; i++) if (cov[i] === -Infinity) cov[i] = lo - 1;
        else if (cov[i] === Infinity) cov[i] = hi + 1;
      } else for (let i = 0; i < n; i++) cov[i] = Math.sign(cov[i]);
    }
    splineDf = 1 + (nok >= 3 ? 1 : 0) + (nok >= 6 ? 1 : 0) + (nok >= 30 ? 1 : 0);
    // no more spline df than distinct covariate values (counted only up to splineDf)
    const distinct: number[] = [];
    for (let k = 0; k < nok && distinct.length < splineDf; k++) {
      const v = cov[ok[k]];
      if (!distinct.some((u) => Object.is(u, v) || u === v)) distinct.push(v);
    }
    splineDf = Math.min(splineDf, distinct.length);
    if (splineDf < 2) {
      const out = fitFDist(x, df1);
      return { scale: new Float64Array(n).fill(out.scale[0]), df2: out.df2 };
    }
  }
  const xs = float64Of(ok.length, (k) => Math.max(x[ok[k]], 0));
  let m = median(xs, new Float64Array(nok));
  if (m === 0) m = 1;
  const e = new Float64Array(nok);
  let meanTrigamma = 0;
  // the df terms once per distinct df (usually one for all genes)
  let dLast = NaN;
  let dg = 0;
  let ld = 0;
  let tg = 0;
  for (let k = 0; k < nok; k++) {
    const v = Math.max(xs[k], 1e-5 * m);
    xs[k] = v;
    const d = dfAt(ok[k]);
    if (d !== dLast) {
      dLast = d;
      dg = digamma(d / 2);
      ld = Math.log(d / 2);
      tg = trigamma(d / 2);
    }
    e[k] = Math.log(v) - dg + ld;
    meanTrigamma += tg;
  }
  meanTrigamma /= nok;
  let emean: Float64Array;
  let evar: number;
  if (!cov) {
    let s = 0;
    for (const v of e) s += v;
    const mu = s / nok;
    let ss = 0;
    for (const v of e) ss += (v - mu) * (v - mu);
    emean = new Float64Array(n).fill(mu);
    evar = ss / (nok - 1);
  } else {
    const covOk = float64Of(ok.length, (k) => cov![ok[k]]);
    const spline = naturalSplineBasis(covOk, splineDf);
    const qr = householderQR(spline.basis);
    const k = qr.independent.length;
    const qty = new Float64Array(k);
    for (let i = 0; i < nok; i++) for (let c = 0; c < k; c++) qty[c] += qr.q[i * k + c] * e[i];
    const fitted = new Float64Array(nok);
    let rss = 0;
    for (let i = 0; i < nok; i++) {
      let f = 0;
      for (let c = 0; c < k; c++) f += qr.q[i * k + c] * qty[c];
      fitted[i] = f;
      rss += (e[i] - f) * (e[i] - f);
    }
    evar = rss / (nok - k);
    emean = new Float64Array(n);
    if (nok < n) {
      // coefficients on the kept columns: R beta = Q'e, then predict at the other covariates
      const beta = new Float64Array(k);
      for (let r = k - 1; r >= 0; r--) {
        let s = qty[r];
        for (let c = r + 1; c < k; c++) s -= qr.r[r * k + c] * beta[c];
        beta[r] = s / qr.r[r * k + r];
      }
      const all = spline.evaluate(cov);
      for (let i = 0; i < n; i++) {
        let f = 0;
        for (let c = 0; c < k; c++) f += all.data[i * all.cols + qr.independent[c]] * beta[c];
        emean[i] = f;
      }
    }
    ok.forEach((i, idx) => (emean[i] = fitted[idx]));
  }
  evar -= meanTrigamma;
  let df2: number;
  const scale = new Float64Array(n);
  if (evar > 0) {
    df2 = 2 * trigammaInverse(evar);
    const shift = digamma(df2 / 2) - Math.log(df2 / 2);
    for (let i = 0; i < n; i++) scale[i] = Math.exp(emean[i] + shift);
  } else {
    df2 = Infinity;
    if (!cov) {
      let s = 0;
      for (const v of xs) s += v;
      scale.fill(s / nok);
    } else for (let i = 0; i < n; i++) scale[i] = Math.exp(emean[i]);
  }
  return { scale, df2 };
}

/** Result of {@link squeezeVar}. */
export interface SqueezedVariances {
  /** Prior degrees of freedom d0 (Infinity when the variances are all alike). */
  dfPrior: number;
  /** Prior df per gene: d0 everywhere, or with `robust` smaller for outlier variances. */
  dfPriorGenes: Float64Array;
  /** Prior variance s0^2 per gene (constant without a covariate). */
  varPrior: Float64Array;
  /** Posterior (moderated) variances. */
  varPost: Float64Array;
}

/** Options of {@link squeezeVar}. */
export interface SqueezeVarOptions {
  /** Robust empirical Bayes (limma's `robust = TRUE`, Phipson et al. 2016). Default false. */
  robust?: boolean;
  /** Tail proportions Winsorized by the robust fit. Default [0.05, 0.1]. */
  winsorTailP?: [number, number];
}

/**
 * Squeeze gene-wise variances towards a common or trended prior (limma's `squeezeVar`).
 * Variances with zero df are set to zero before the fit, as limma does.
 *
 * @example
 * squeezeVar([0.5, 1.2, 0.8, 2.0, 0.3, 1.1], 3).varPost;
 */
export function squeezeVar(variances: ArrayLike<number>, df: number | ArrayLike<number>, covariate?: ArrayLike<number>, options: SqueezeVarOptions = {}): SqueezedVariances {
  const n = variances.length;
  if (n === 0) throw new RangeError("squeezeVar: no variances");
  const v = Float64Array.from(variances);
  if (n === 1) return { dfPrior: 0, dfPriorGenes: new Float64Array(1), varPrior: Float64Array.from(v), varPost: Float64Array.from(v) };
  if (typeof df !== "number") for (let i = 0; i < n; i++) if (df[i] === 0) v[i] = 0;
  let d0: number;
  let d0g: Float64Array;
  let scale: Float64Array;
  if (options.robust) {
    const fit = fitFDistRobustly(v, df, covariate, options.winsorTailP);
    d0 = fit.df2;
    d0g = fit.df2Shrunk;
    scale = fit.scale;
    if (d0g.some((x) => Number.isNaN(x))) throw new RangeError("squeezeVar: could not estimate the prior degrees of freedom");
  } else {
    const fit = fitFDist(v, df, covariate);
    d0 = fit.df2;
    if (Number.isNaN(d0)) throw new RangeError("squeezeVar: could not estimate the prior degrees of freedom");
    d0g = new Float64Array(n).fill(d0);
    scale = fit.scale;
  }
  const varPost = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = typeof df === "number" ? df : df[i];
    varPost[i] = Number.isFinite(d0g[i]) ? (d * v[i] + d0g[i] * scale[i]) / (d + d0g[i]) : scale[i];
  }
  return { dfPrior: d0, dfPriorGenes: d0g, varPrior: scale, varPost };
}
