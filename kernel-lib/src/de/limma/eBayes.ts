/**
 * Moderated t-statistics (Smyth 2004; limma's `eBayes`): gene-wise residual variances are
 * squeezed towards a common (or, with `trend`, an expression-dependent) prior; t-statistics use
 * the posterior variances with df.residual + df.prior degrees of freedom (capped at the pooled
 * df), and the B-statistic is the log posterior odds of differential expression.
 */
import { tQuantile, tTwoSided, tUpper } from "../../stats/tdist";
import type { LinearModelFit } from "./lmFit";
import { squeezeVar } from "./squeezeVar";
import { InputError } from "../../io/errors";
import { kthSmallest, median } from "../../stats/select";
import { float64Of } from "../../stats/float64";

/** Options of {@link eBayes}; defaults are limma's. */
export interface EBayesOptions {
  /** Assumed proportion of differentially expressed genes (for B). Default 0.01. */
  proportion?: number;
  /** Limits of the prior standard deviation of log fold changes (for B). Default [0.1, 4]. */
  stdevCoefLim?: [number, number];
  /** Let the prior variance depend on average log-expression (limma-trend). Default false. */
  trend?: boolean;
  /** Robust empirical Bayes against outlier variances (limma's `robust = TRUE`). Default false. */
  robust?: boolean;
  /** Tail proportions Winsorized by the robust fit. Default [0.05, 0.1]. */
  winsorTailP?: [number, number];
}

/** A linear-model fit with moderated variances and t-statistics (eBayes or treat). */
export interface ModeratedFit extends LinearModelFit {
  dfPrior: number;
  /** Prior df per gene (differs from dfPrior only with `robust`). */
  dfPriorGenes: Float64Array;
  s2Prior: Float64Array;
  s2Post: Float64Array;
  dfTotal: Float64Array;
  /** Moderated t, genes x coefficients. */
  t: Float64Array;
  /** Two-sided p-values, genes x coefficients. */
  pValue: Float64Array;
}

/** A linear-model fit with moderated statistics. */
export interface EBayesFit extends ModeratedFit {
  /** B-statistics (log-odds), genes x coefficients. */
  lods: Float64Array;
  /** Prior variance of the coefficients among DE genes, per coefficient. */
  varPrior: Float64Array;
  proportion: number;
}

/** Moderation shared by eBayes and treat: posterior variances and total df. */
export function moderateVariances(fit: LinearModelFit, trend: boolean, robust: boolean, winsorTailP?: [number, number]) {
  let maxDf = 0;
  let pooled = 0;
  let anyFinite = false;
  for (let g = 0; g < fit.nGenes; g++) {
    maxDf = Math.max(maxDf, fit.dfResidual[g]);
    pooled += fit.dfResidual[g];
    if (Number.isFinite(fit.sigma[g])) anyFinite = true;
  }
  if (maxDf === 0) throw new InputError("no residual degrees of freedom in the linear model fits", "eBayes");
  if (!anyFinite) throw new InputError("no finite residual standard deviations", "eBayes");
  const s2 = float64Of(fit.sigma.length, (g) => fit.sigma[g] * fit.sigma[g]);
  const sq = squeezeVar(s2, fit.dfResidual, trend ? fit.Amean : undefined, { robust, winsorTailP });
  const dfTotal = float64Of(fit.dfResidual.length, (g) => Math.min(fit.dfResidual[g] + sq.dfPriorGenes[g], pooled));
  return { dfPrior: sq.dfPrior, dfPriorGenes: sq.dfPriorGenes, s2Prior: sq.varPrior, s2Post: sq.varPost, dfTotal };
}

/**
 * Empirical Bayes moderated statistics for every coefficient of a fit.
 *
 * @example
 * const eb = eBayes(lmFit(v.E, v.nGenes, design, { weights: v.weights }));
 */
export function eBayes(fit: LinearModelFit, options: EBayesOptions = {}): EBayesFit {
  const proportion = options.proportion ?? 0.01;
  const lim = options.stdevCoefLim ?? [0.1, 4];
  const mod = moderateVariances(fit, options.trend ?? false, options.robust ?? false, options.winsorTailP);
  const n = fit.nGenes;
  const p = fit.coefNames.length;
  const t = new Float64Array(n * p);
  const pValue = new Float64Array(n * p);
  for (let g = 0; g < n; g++) {
    const s = Math.sqrt(mod.s2Post[g]);
    for (let j = 0; j < p; j++) {
      const k = g * p + j;
      t[k] = fit.coefficients[k] / fit.stdevUnscaled[k] / s;
      pValue[k] = tTwoSided(t[k], mod.dfTotal[g]);
    }
  }
  const s2PriorMedian = median(mod.s2Prior);
  const vlim: [number, number] = [(lim[0] * lim[0]) / s2PriorMedian, (lim[1] * lim[1]) / s2PriorMedian];
  const varPrior = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const tj = float64Of(n, (g) => t[g * p + j]);
    const sj = float64Of(n, (g) => fit.stdevUnscaled[g * p + j]);
    const v = tmixture(tj, sj, mod.dfTotal, proportion, vlim);
    varPrior[j] = Number.isNaN(v) ? 1 / mod.s2Prior[0] : v;
  }
  const lods = new Float64Array(n * p);
  const logit = Math.log(proportion / (1 - proportion));
  for (let g = 0; g < n; g++) {
    const df = mod.dfTotal[g];
    const infDf = mod.dfPriorGenes[g] > 1e6;
    for (let j = 0; j < p; j++) {
      const k = g * p + j;
      const su2 = fit.stdevUnscaled[k] * fit.stdevUnscaled[k];
      const r = (su2 + varPrior[j]) / su2;
      const t2 = t[k] * t[k];
      const kernel = infDf ? (t2 * (1 - 1 / r)) / 2 : ((1 + df) / 2) * Math.log((t2 + df) / (t2 / r + df));
      lods[k] = logit - Math.log(r) / 2 + kernel;
    }
  }
  return { ...fit, ...mod, t, pValue, lods, varPrior, proportion };
}

/**
 * Prior variance of the true coefficients among the DE genes, from the top `proportion` of
 * |t| (limma's `tmixture.vector`).
 */
export function tmixture(tstat: Float64Array, stdevUnscaled: Float64Array, df: Float64Array, proportion: number, v0lim?: [number, number]): number {
  const keep: number[] = [];
  for (let i = 0; i < tstat.length; i++) if (!Number.isNaN(tstat[i])) keep.push(i);
  const n = keep.length;
  const ntarget = Math.ceil((proportion / 2) * n);
  if (ntarget < 1) return NaN;
  const p = Math.max(ntarget / n, proportion);
  let maxDf = -Infinity;
  for (const i of keep) maxDf = Math.max(maxDf, df[i]);
  const ts = new Float64Array(n);
  keep.forEach((i, k) => {
    let a = Math.abs(tstat[i]);
    if (df[i] < maxDf) a = -tQuantile(tUpper(a, df[i]), maxDf);
    ts[k] = a;
  });
  const order = largestFirst(ts, ntarget);
  let sum = 0;
  order.forEach((k, idx) => {
    const tt = ts[k];
    const su = stdevUnscaled[keep[k]];
    const v1 = su * su;
    const p0 = 2 * tUpper(tt, maxDf);
    const ptarget = ((idx + 0.5) / n - (1 - p) * p0) / p;
    let v0 = 0;
    if (ptarget > p0) {
      const qtarget = -tQuantile(ptarget / 2, maxDf);
      v0 = v1 * ((tt / qtarget) ** 2 - 1);
    }
    if (v0lim) v0 = Math.min(Math.max(v0, v0lim[0]), v0lim[1]);
    sum += v0;
  });
  return sum / ntarget;
}

/**
 * Indices of the `k` largest values, largest first, ties in index order: what sorting all of
 * them that way and keeping the first `k` gives, from a selection (the k-th largest) and a sort
 * of the few above it.
 */
function largestFirst(values: Float64Array, k: number): number[] {
  const n = values.length;
  const kth = kthSmallest(values, n - k);
  const picked: number[] = [];
  for (let i = 0; i < n; i++) if (values[i] > kth) picked.push(i);
  for (let i = 0; i < n && picked.length < k; i++) if (values[i] === kth) picked.push(i);
  return picked.sort((a, b) => values[b] - values[a] || a - b);
}
