/**
 * Independent filtering of p-values as done by DESeq2's `results()` (DESeq2 1.38,
 * internal `pvalueAdjustment` with `filterFun = NULL`, which calls DESeq2's copy of
 * genefilter's `filtered_p`), with Benjamini-Hochberg adjustment.
 *
 * Reference: Bourgon, Gentleman & Huber (2010), "Independent filtering increases
 * detection power for high-throughput experiments", PNAS 107, 9546-9551; Love,
 * Huber & Anders (2014), Genome Biology 15:550 (DESeq2).
 */
import { argsort } from "../stats/argsort";
import { lowess } from "../stats/lowess";
import { adjustSortedDecreasing, pAdjustBH } from "../stats/padjust";

/** Options of {@link independentFiltering}. */
export interface IndependentFilteringOptions {
  /** Significance level for counting rejections (DESeq2 `results(alpha=)`, default 0.1). In (0, 1). */
  alpha?: number;
  /**
   * Quantiles of the filter statistic to try (DESeq2 `theta`); at least two, each in [0, 1].
   * Default: 50 evenly spaced values from `mean(filter == 0)` to 0.95 (to 1 when that
   * lower end is 0.95 or more), as DESeq2.
   */
  theta?: ArrayLike<number>;
}

/** Result of {@link independentFiltering}; field names follow DESeq2's `metadata(res)`. */
export interface IndependentFilteringResult {
  /** Adjusted p-values at the chosen threshold; NaN for filtered genes and missing p-values. */
  padj: Float64Array;
  /** Filter value at the chosen quantile: `quantile(filter, filterTheta)` (type 7). */
  filterThreshold: number;
  /** The chosen quantile `theta[j]`. */
  filterTheta: number;
  /** 0-based index `j` of the chosen quantile in `theta`. */
  filterIndex: number;
  /** The quantiles tried. */
  theta: Float64Array;
  /** `quantile(filter, theta)` for every theta (R type 7). */
  cutoffs: Float64Array;
  /** Number of adjusted p-values below `alpha` at each theta. */
  numRej: Float64Array;
  /** `lowess(numRej ~ theta, f = 1/5)$y`. */
  loFitY: Float64Array;
  /** The significance level used. */
  alpha: number;
}

/** R's `quantile(x, probs, type = 7)` on values already sorted ascending (no NaN). */
function quantileType7Sorted(sorted: Float64Array, prob: number): number {
  const n = sorted.length;
  const eps = 100 * Number.EPSILON;
  if (!(prob >= -eps && prob <= 1 + eps)) throw new RangeError(`theta value ${prob} is outside [0, 1]`);
  const p = Math.max(0, Math.min(1, prob));
  const index = 1 + Math.max(n - 1, 0) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  let q = sorted[lo - 1];
  const xhi = sorted[hi - 1];
  if (index > lo && xhi !== q) {
    const h = index - lo;
    q = (1 - h) * q + h * xhi;
  }
  return q;
}

/** R's `seq(from, to, length.out = len)` for doubles (len > 2). */
function seqLength(from: number, to: number, len: number): Float64Array {
  const out = new Float64Array(len);
  if (from === to) {
    out.fill(from);
    return out;
  }
  const n1 = len - 1;
  const by = (to - from) / n1;
  out[0] = from;
  for (let k = 1; k < n1; k++) out[k] = from + k * by;
  out[n1] = to;
  return out;
}

/**
 * Mean of doubles, close to R's `mean()` (which sums in long double and adds a
 * second-pass correction): a compensated sum plus the same correction step.
 */
function meanR(v: ArrayLike<number>): number {
  const n = v.length;
  let s = 0;
  let c = 0;
  for (let k = 0; k < n; k++) {
    const t = s + v[k];
    c += Math.abs(s) >= Math.abs(v[k]) ? s - t + v[k] : v[k] - t + s;
    s = t;
  }
  let m = (s + c) / n;
  if (Number.isFinite(m)) {
    let r = 0;
    for (let k = 0; k < n; k++) r += v[k] - m;
    m += r / n;
  }
  return m;
}

/**
 * DESeq2's independent filtering (`results(..., independentFiltering = TRUE)`):
 * for each quantile `theta` of the filter statistic (by default the mean of the
 * normalized counts, `baseMean`), genes with `filter < quantile(filter, theta)`
 * (R type-7 quantile) are removed and the remaining p-values are BH-adjusted
 * (genefilter's `filtered_p`: genes kept are those with `filter >= cutoff`). The
 * number of rejections at `alpha` is smoothed with `lowess(numRej ~ theta, f = 1/5)`,
 * and the first theta whose rejections exceed `max(fit) - sqrt(mean(residual^2))`
 * (residuals over thetas with numRej > 0) is chosen; when no theta gives more than
 * 10 rejections, the first theta is used. Matches DESeq2 1.38 `pvalueAdjustment`.
 *
 * @param filter - Filter statistic per gene (finite; usually `baseMean`).
 * @param pvalue - Raw p-values per gene; NaN for missing (never counted as a test).
 * @param options - `alpha` (default 0.1) and optional custom `theta`.
 * @throws RangeError on empty or mismatched input, a non-finite filter value, or invalid options.
 *
 * @example
 * const r = independentFiltering(baseMean, pvalue, { alpha: 0.05 });
 * r.padj;            // as results(dds, alpha = 0.05)$padj
 * r.filterThreshold; // as metadata(res)$filterThreshold
 * r.numRej;          // as metadata(res)$filterNumRej$numRej
 */
export function independentFiltering(
  filter: ArrayLike<number>,
  pvalue: ArrayLike<number>,
  options: IndependentFilteringOptions = {},
): IndependentFilteringResult {
  const n = filter.length;
  if (n === 0) throw new RangeError("independentFiltering: no genes (filter is empty)");
  if (pvalue.length !== n) {
    throw new RangeError(`independentFiltering: filter and pvalue differ in length (${n} and ${pvalue.length})`);
  }
  const alpha = options.alpha ?? 0.1;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`independentFiltering: alpha must be in (0, 1), got ${alpha}`);

  let zeros = 0;
  for (let k = 0; k < n; k++) {
    const v = filter[k];
    if (!Number.isFinite(v)) throw new RangeError(`independentFiltering: filter[${k}] is not finite (${v})`);
    if (v === 0) zeros++;
    const pv = pvalue[k];
    if (!Number.isNaN(pv) && !(pv >= 0 && pv <= 1)) {
      throw new RangeError(`independentFiltering: pvalue[${k}] = ${pv} is outside [0, 1]`);
    }
  }

  let theta: Float64Array;
  if (options.theta !== undefined) {
    theta = Float64Array.from(options.theta);
    if (theta.length < 2) throw new RangeError(`independentFiltering: theta needs at least 2 values, got ${theta.length}`);
  } else {
    const lowerQuantile = zeros / n;
    const upperQuantile = lowerQuantile < 0.95 ? 0.95 : 1;
    theta = seqLength(lowerQuantile, upperQuantile, 50);
  }

  const sortedFilter = Float64Array.from(filter).sort();
  const cutoffs = new Float64Array(theta.length);
  for (let t = 0; t < theta.length; t++) cutoffs[t] = quantileType7Sorted(sortedFilter, theta[t]);

  // non-missing p-values in decreasing order, sorted once for all thetas
  const testedIdx: number[] = [];
  for (let k = 0; k < n; k++) if (!Number.isNaN(pvalue[k])) testedIdx.push(k);
  const tested = argsort(pvalue, testedIdx, true);
  const kept = new Int32Array(tested.length);

  /** BH over genes with filter >= cutoff (written into `out`, others untouched); returns #kept tests. */
  const adjustAt = (cutoff: number, out: Float64Array): number => {
    let m = 0;
    for (let r = 0; r < tested.length; r++) {
      const k = tested[r];
      if (filter[k] >= cutoff) kept[m++] = k;
    }
    adjustSortedDecreasing(pvalue, kept, m, out);
    return m;
  };

  // Rejections at each cutoff without adjusting: with the kept tests in decreasing p order, BH
  // rejects from the first position r where (n / (n - r)) p < alpha onwards (the same
  // expression and comparison as the adjustment, so the same count as counting padj < alpha).
  const pDesc = Float64Array.from(tested, (k) => pvalue[k]);
  const fDesc = Float64Array.from(tested, (k) => filter[k]);
  const rejections = (cutoff: number): number => {
    let n = 0;
    for (let r = 0; r < fDesc.length; r++) if (fDesc[r] >= cutoff) n++;
    if (n === 1) {
      for (let r = 0; r < fDesc.length; r++) if (fDesc[r] >= cutoff) return pDesc[r] < alpha ? 1 : 0;
    }
    let pos = 0;
    for (let r = 0; r < fDesc.length; r++) {
      if (fDesc[r] < cutoff) continue;
      if ((n / (n - pos)) * pDesc[r] < alpha) return n - pos;
      pos++;
    }
    return 0;
  };
  const numRej = new Float64Array(theta.length);
  for (let t = 0; t < theta.length; t++) numRej[t] = rejections(cutoffs[t]);

  const loFitY = lowess(theta, numRej, { f: 1 / 5 }).y;
  let j = 0;
  let maxRej = -Infinity;
  for (const v of numRej) if (v > maxRej) maxRej = v;
  if (maxRej > 10) {
    const residual: number[] = [];
    for (let t = 0; t < numRej.length; t++) if (numRej[t] > 0) residual.push((numRej[t] - loFitY[t]) ** 2);
    if (residual.length === 0) residual.push(0);
    let maxFit = -Infinity;
    for (const v of loFitY) if (v > maxFit) maxFit = v;
    const thresh = maxFit - Math.sqrt(meanR(residual));
    const first = numRej.findIndex((v) => v > thresh);
    j = first >= 0 ? first : 0;
  }

  const padj = new Float64Array(n).fill(NaN);
  adjustAt(cutoffs[j], padj);
  return {
    padj,
    filterThreshold: cutoffs[j],
    filterTheta: theta[j],
    filterIndex: j,
    theta,
    cutoffs,
    numRej,
    loFitY,
    alpha,
  };
}

/**
 * DESeq2's p-value adjustment with independent filtering switched off
 * (`results(..., independentFiltering = FALSE)`): plain Benjamini-Hochberg over all
 * non-missing p-values, equal to R's `p.adjust(pvalue, "BH")`.
 *
 * @param pvalue - Raw p-values; NaN for missing.
 * @returns `{ padj }` with NaN where the p-value is missing.
 * @throws RangeError when a p-value is outside [0, 1].
 *
 * @example
 * noIndependentFiltering([0.01, 0.04, NaN, 0.03]).padj; // Float64Array [0.03, 0.04, NaN, 0.04]
 */
export function noIndependentFiltering(pvalue: ArrayLike<number>): { padj: Float64Array } {
  return { padj: pAdjustBH(pvalue) };
}
