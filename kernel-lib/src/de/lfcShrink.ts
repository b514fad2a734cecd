/**
 * Shrinkage of log2 fold changes with DESeq2's original normal prior (Love et al. 2014;
 * `lfcShrink(type = "normal")`): a zero-centred normal prior per coefficient whose variance
 * matches the weighted 95% quantile of |MLE log2 fold changes| (weights 1/(1/mean +
 * trend)), the GLM refitted with that ridge, and for contrasts DESeq2's "expanded" model
 * (one coefficient per level, the prior averaged over levels). The p-values stay those of
 * the unshrunken (MLE) test, as in DESeq2.
 */
import { InputError } from "../io/errors";
import { normalQuantile } from "../stats/distributions";
import type { DESeqDataSet } from "./deseq";
import { DESeqResults, ResultsOptions } from "./results";
import { fitNbinomGLMs } from "./glm";
import type { Matrix } from "../stats/linalg";

/**
 * DESeq2's weighted quantile (its copy of Hmisc `wtd.quantile`, normalised weights, type
 * "quantile"): ties pooled, x values passed through 15 significant digits as R does.
 */
export function weightedQuantile(x: number[], w: number[], prob: number): number {
  const n0 = x.length;
  const sumW = w.reduce((a, b) => a + b, 0);
  const wn = w.map((v) => (v * n0) / sumW);
  const idx = x.map((_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  let xs = idx.map((i) => x[i]);
  let ws = idx.map((i) => wn[i]);
  const hasTies = xs.some((v, i) => i > 0 && v === xs[i - 1]);
  if (hasTies) {
    const ux: number[] = [];
    const uw: number[] = [];
    xs.forEach((v, i) => {
      if (ux.length && ux[ux.length - 1] === v) uw[uw.length - 1] += ws[i];
      else {
        ux.push(v);
        uw.push(ws[i]);
      }
    });
    xs = ux.map((v) => Number(v.toPrecision(15)));
    ws = uw;
  }
  const n = ws.reduce((a, b) => a + b, 0);
  const order = 1 + (n - 1) * prob;
  const low = Math.max(Math.floor(order), 1);
  const high = Math.min(low + 1, n);
  const frac = order % 1;
  const cum: number[] = [];
  ws.reduce((a, b, i) => (cum[i] = a + b), 0);
  // approx(cum, xs, xout, method = "constant", f = 1, rule = 2)
  const at = (v: number): number => {
    if (v <= cum[0]) return xs[0];
    if (v >= cum[cum.length - 1]) return xs[xs.length - 1];
    let i = 0;
    while (cum[i + 1] < v) i++;
    return v === cum[i + 1] ? xs[i + 1] : xs[i + 1];
  };
  return (1 - frac) * at(low) + frac * at(high);
}

/** Prior variance for one coefficient's MLE log2 fold changes (DESeq2 `matchWeightedUpperQuantileForVariance`). */
function priorVariance(values: number[], weights: number[]): number {
  const keep = values.map((v, i) => (Math.abs(v) < 10 ? i : -1)).filter((i) => i >= 0);
  if (keep.length === 0) return 1e6;
  const q = weightedQuantile(keep.map((i) => Math.abs(values[i])), keep.map((i) => weights[i]), 0.95);
  return (q / normalQuantile(0.975)) ** 2;
}

/** Options of {@link lfcShrinkNormal}. */
export interface ShrinkOptions {
  /** A coefficient name or [factor, level, reference]. */
  contrast: string | [string, string, string];
  /** Options for the unshrunken results that provide stat, pvalue and padj. */
  results?: ResultsOptions;
}

/**
 * Shrunken log2 fold changes and standard errors (normal prior); other columns from `results()`.
 *
 * @example
 * const shrunk = lfcShrinkNormal(dds, { contrast: ["condition", "nutlin", "dmso"] });
 */
export function lfcShrinkNormal(dds: DESeqDataSet, options: ShrinkOptions): DESeqResults {
  if (dds.weights) {
    throw new InputError("not supported with weights: lfcShrink type normal (use lfcShrinkAshr, which shrinks the weighted results)", "lfcShrink");
  }
  if (!dds.fit || !dds.map || !dds.trend || !dds.geneEstimates) dds.nbinomWaldTest();
  const design = dds.design;
  if (design.formula.includes(":") || design.formula.includes("*")) {
    throw new InputError("normal shrinkage is not defined for designs with interactions (as in DESeq2)", "lfcShrink");
  }
  if (!design.hasIntercept) throw new InputError("normal shrinkage needs a design with an intercept", "lfcShrink");
  const mle = dds.results({ ...options.results, contrast: options.contrast });
  const fit = dds.fit!;
  const est = dds.geneEstimates!;
  const n = dds.counts.nGenes;
  const p = design.columns.length;
  const nz: number[] = [];
  for (let g = 0; g < n; g++) if (!est.allZero[g]) nz.push(g);
  const weights = nz.map((g) => 1 / (1 / est.baseMean[g] + dds.trend!.dispFit[g]));
  const mleCol = (k: number) => nz.map((g) => fit.beta[g * p + k]);

  let x: Matrix;
  let priorVar: number[];
  let contrastVec: Float64Array;
  if (typeof options.contrast === "string") {
    // Standard model, shrink the named coefficient (and all others but the intercept).
    const k0 = design.columns.indexOf(options.contrast);
    if (k0 < 0) throw new InputError(`no coefficient "${options.contrast}"; coefficients are ${design.columns.join(", ")}`, "lfcShrink");
    x = design.matrix;
    priorVar = design.columns.map((name, k) => (name === "Intercept" ? 1e6 : priorVariance(mleCol(k), weights)));
    contrastVec = new Float64Array(p);
    contrastVec[k0] = 1;
  } else {
    const [factor, level, reference] = options.contrast;
    const m = design.matrix.rows;
    const cols: { name: string; values: Float64Array; group: string }[] = [{ name: "Intercept", values: new Float64Array(m).fill(1), group: "" }];
    const pv = new Map<string, number>();
    for (const v of design.variables) {
      if (v.kind === "numeric") {
        const k = design.columns.indexOf(v.name);
        cols.push({ name: v.name, values: Float64Array.from({ length: m }, (_, i) => design.matrix.data[i * p + k]), group: v.name });
        pv.set(v.name, priorVariance(mleCol(k), weights));
        continue;
      }
      const values = dds.samples.get(v.name);
      const ref = v.levels![0];
      // MLE columns of this factor (non-reference levels) and all pairwise differences between them.
      const ks = v.levels!.slice(1).map((l) => design.columns.indexOf(`${v.name}_${l}_vs_${ref}`.replace(/[^A-Za-z0-9._]/g, ".")));
      const vars: number[] = ks.map((k) => priorVariance(mleCol(k), weights));
      if (ks.length > 1) {
        for (let a = 1; a < ks.length; a++) {
          for (let b = 0; b < a; b++) {
            const diff = nz.map((g) => fit.beta[g * p + ks[a]] - fit.beta[g * p + ks[b]]);
            vars.push(priorVariance(diff, weights));
          }
        }
      }
      pv.set(v.name, vars.reduce((s, t) => s + t, 0) / vars.length);
      for (const l of v.levels!) cols.push({ name: `${v.name}${l}`, values: Float64Array.from(values, (s) => (s === l ? 1 : 0)), group: v.name });
    }
    const q = cols.length;
    const data = new Float64Array(m * q);
    cols.forEach((c, j) => c.values.forEach((v, i) => (data[i * q + j] = v)));
    x = { rows: m, cols: q, data };
    priorVar = cols.map((c) => (c.name === "Intercept" ? 1e6 : pv.get(c.group)!));
    contrastVec = new Float64Array(q);
    contrastVec[cols.findIndex((c) => c.name === `${factor}${level}`)] = 1;
    contrastVec[cols.findIndex((c) => c.name === `${factor}${reference}`)] = -1;
  }
  const q = x.cols;
  const lambda = priorVar.map((v) => 1 / v);
  // Starting values: DESeq2 uses least squares when the model matrix has full rank, else
  // log(mean normalised count) for the intercept and 0 elsewhere (the expanded matrix).
  const expanded = typeof options.contrast !== "string";
  const input = {
    counts: dds.replacedCounts ?? dds.counts.values,
    nGenes: n,
    nSamples: dds.counts.nSamples,
    sizeFactors: dds.sizeFactors!,
    design: x,
    normFactors: dds.normFactors ?? undefined,
  };
  const shr = fitNbinomGLMs(input, dds.map!.dispersion, est.allZero, { lambdaPerCoef: lambda, interceptStart: expanded });
  const lfc = new Float64Array(n).fill(NaN);
  const se = new Float64Array(n).fill(NaN);
  for (let g = 0; g < n; g++) {
    if (est.allZero[g]) continue;
    let e = 0;
    for (let k = 0; k < q; k++) e += contrastVec[k] * shr.beta[g * q + k];
    let v = 0;
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) v += contrastVec[a] * shr.sigma[g * q * q + a * q + b] * contrastVec[b];
    lfc[g] = e;
    se[g] = Math.sqrt(Math.max(v, 0));
  }
  const names = mle.names.slice();
  const columns = mle.columns.map((c, i) => (names[i] === "log2FoldChange" ? lfc : names[i] === "lfcSE" ? se : c)) as Float64Array[];
  return new DESeqResults(names, columns, { ...mle.metadata, contrast: `${mle.metadata.contrast} (normal shrinkage)` });
}
