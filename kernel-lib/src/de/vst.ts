/**
 * Variance-stabilising transformation (DESeq2 `vst`, Anders & Huber 2010): the closed-form
 * transformation for the fitted dispersion trend, applied to normalised counts. The trend
 * is fitted on a deterministic subset of `nsub` genes with mean normalised count above 5,
 * evenly spaced in mean, as DESeq2 does; `blind` (default) fits it with the design ~ 1.
 */
import { InputError } from "../io/errors";
import type { CountMatrix } from "../io/counts";
import { Table } from "../io/table";
import { estimateSizeFactors } from "./sizeFactors";
import { estimateDispersionsGeneEst, estimateDispersionsFit, DispersionTrend } from "./dispersions";
import type { Matrix } from "../stats/linalg";

/** Options of {@link vst}. */
export interface VstOptions {
  /** Genes used to fit the trend (mean normalised count above 5, evenly spaced). Default 1000; "all" uses every gene, as DESeq2's `varianceStabilizingTransformation`. */
  nsub?: number | "all";
  /** Size factors to use (default: median of ratios). */
  sizeFactors?: Float64Array;
  /** Design for the trend when not blind (samples x coefficients). Default: intercept only (blind). */
  design?: Matrix;
  fitType?: "parametric" | "mean";
}

/** Transformed values (log2-like scale), genes x samples. */
export interface VstResult {
  genes: string[];
  samples: string[];
  /** Gene-major values. */
  values: Float64Array;
  trend: DispersionTrend;
  sizeFactors: Float64Array;
  /** As a table: gene_id and one column per sample. */
  toTable(): Table;
}

/** R's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The transformation for a fitted trend, applied to one normalised count. */
export function vstFunction(trend: DispersionTrend): (q: number) => number {
  if (trend.coefficients) {
    const { asymptDisp: a0, extraPois: a1 } = trend.coefficients;
    return (q) => Math.log((1 + a1 + 2 * a0 * q + 2 * Math.sqrt(a0 * q * (1 + a1 + a0 * q))) / (4 * a0)) / Math.LN2;
  }
  const alpha = trend.mean!;
  return (q) => (2 * Math.asinh(Math.sqrt(alpha * q)) - Math.log(alpha) - Math.log(4)) / Math.LN2;
}

/**
 * The variance-stabilised data.
 *
 * @example
 * const v = vst(counts);           // blind, as DESeq2's vst(dds)
 * show(v.toTable());
 */
export function vst(counts: CountMatrix, options: VstOptions = {}): VstResult {
  const nsubOpt = options.nsub ?? 1000;
  const { nGenes: n, nSamples: m } = counts;
  if (nsubOpt !== "all" && n < nsubOpt) throw new InputError(`vst needs at least ${nsubOpt} genes (nsub), found ${n}; lower nsub or use nsub: "all"`, "vst");
  const sf = options.sizeFactors ?? estimateSizeFactors(counts);
  const baseMean = new Float64Array(n);
  for (let g = 0; g < n; g++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += counts.values[g * m + j] / sf[j];
    baseMean[g] = s / m;
  }
  let picks: number[];
  if (nsubOpt === "all") {
    picks = Array.from({ length: n }, (_, g) => g);
  } else {
    const nsub = nsubOpt;
    const above: number[] = [];
    for (let g = 0; g < n; g++) if (baseMean[g] > 5) above.push(g);
    if (above.length < nsub) {
      throw new InputError(`vst needs ${nsub} genes with mean normalised count above 5, found ${above.length}; lower nsub or use nsub: "all"`, "vst");
    }
    const order = above.slice().sort((a, b) => baseMean[a] - baseMean[b] || a - b);
    const L = order.length;
    const by = (L - 1) / (nsub - 1);
    picks = [];
    for (let i = 0; i < nsub; i++) {
      const pos = i === 0 ? 1 : i === nsub - 1 ? L : 1 + i * by;
      picks.push(order[roundHalfEven(pos) - 1]);
    }
  }
  const nsub = picks.length;
  const sub = new Float64Array(nsub * m);
  picks.forEach((g, k) => sub.set(counts.values.subarray(g * m, (g + 1) * m), k * m));
  const design = options.design ?? { rows: m, cols: 1, data: new Float64Array(m).fill(1) };
  const est = estimateDispersionsGeneEst({ counts: sub, nGenes: nsub, nSamples: m, sizeFactors: sf, design });
  const trend = estimateDispersionsFit(est, { fitType: options.fitType });
  const f = vstFunction(trend);
  const values = new Float64Array(n * m);
  for (let g = 0; g < n; g++) for (let j = 0; j < m; j++) values[g * m + j] = f(counts.values[g * m + j] / sf[j]);
  const genes = counts.genes;
  const samples = counts.samples;
  return {
    genes,
    samples,
    values,
    trend,
    sizeFactors: sf,
    toTable() {
      return Table.fromGeneMatrix(genes, samples, values, "VST (blind)");
    },
  };
}
