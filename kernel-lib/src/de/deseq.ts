/**
 * `DESeqDataSet`: the DESeq2 workflow with its stages visible, as in R:
 * size factors -> dispersions (gene-wise, trend, MAP) -> NB GLM + Wald test -> results.
 *
 * @example
 * const dds = new DESeqDataSet(counts, samples, { design: "~ condition", reference: { condition: "dmso" } });
 * dds.run();                                   // or the stages one by one
 * const res = dds.results({ contrast: ["condition", "nutlin", "dmso"], alpha: 0.05 });
 * show(res);
 */
import { InputError } from "../io/errors";
import { CountMatrix } from "../io/counts";
import { SampleTable } from "../io/samples";
import { Table } from "../io/table";
import { asCountMatrix, asSampleTable, type CountsInput, type SamplesInput } from "./inputs";
import { fQuantileOf, chiSquareUpper } from "../stats/distributions";
import { modelMatrix, parseFormula, Design, DesignOptions } from "./design";
import { estimateSizeFactors, SizeFactorOptions } from "./sizeFactors";
import {
  DispersionInput,
  DispersionOptions,
  GeneEstimates,
  DispersionTrend,
  MapEstimates,
  estimateDispersionsGeneEst,
  estimateDispersionsFit,
  estimateDispersionsMAP,
  baseStats,
  ximOf,
} from "./dispersions";
import { fitNbinomGLMs, GlmFit, GlmOptions } from "./glm";
import { cooksDistances, nOrMoreInCell, trimmedMean } from "./cooks";
import { computeResults, DESeqResults, ResultsOptions } from "./results";
import { dispersionPriorVariance } from "./dispersions";
import { geneEstParallel, mapGlmParallel, WorkerPool } from "./parallel";
import { prepareWeights, type WeightsInput } from "./weights";

/** Options of a DESeqDataSet. */
export interface DESeqOptions extends DesignOptions {
  /** Design formula, e.g. "~ cell_line + condition". */
  design: string;
  /** Observation weights in [0, 1], genes x samples (see {@link DESeqDataSet.setWeights}). */
  weights?: WeightsInput;
  /** With weights: samples of weight at or below this leave the Cox-Reid term and the degeneracy test (DESeq2's `weightThreshold`). Default 0.01. */
  weightThreshold?: number;
}

/** Progress callback: stage name, items done, items in all. */
export type ProgressFn = (stage: string, done: number, total: number) => void;

/**
 * Counts, sample table and design, with the results of each stage as it is run.
 */
export class DESeqDataSet {
  readonly counts: CountMatrix;
  readonly samples: SampleTable;
  readonly design: Design;
  sizeFactors: Float64Array | null = null;
  /** Gene-specific normalisation factors (genes x samples), when set; they replace the size factors. */
  normFactors: Float64Array | null = null;
  geneEstimates: GeneEstimates | null = null;
  trend: DispersionTrend | null = null;
  map: MapEstimates | null = null;
  fit: GlmFit | null = null;
  cooks: Float64Array | null = null;
  maxCooks: Float64Array | null = null;
  /** Genes whose outlier counts were replaced before refitting (see {@link refitWithoutOutliers}). */
  replaced: Uint8Array | null = null;
  /** The counts after replacement (gene-major), when any were replaced. */
  replacedCounts: Float64Array | null = null;
  /** Observation weights as given (genes x samples, gene-major), when set ({@link setWeights}). */
  weights: Float64Array | null = null;
  /** With weights: genes whose weights leave the design degenerate (DESeq2's `weightsFail`), treated as all zero. */
  weightsFail: Uint8Array | null = null;
  /** Set by {@link nbinomLRT}: results() then reports the likelihood-ratio test. */
  lrt: { reduced: Design; fitReduced: GlmFit; stat: Float64Array; pvalue: Float64Array; df: number } | null = null;

  private readonly designOptions: DesignOptions;
  /** Each gene's weights divided by its largest (what the fits use). */
  private scaledWeights: Float64Array | null = null;
  private weightThreshold = 0.01;

  constructor(counts: CountMatrix, samples: SampleTable, options: DESeqOptions) {
    if (counts.nSamples < 2) throw new InputError("at least two samples are needed", counts.source);
    this.counts = counts;
    this.samples = samples.alignTo(counts);
    this.designOptions = { reference: options.reference, factors: options.factors, levels: options.levels };
    this.design = modelMatrix(options.design, this.samples, this.designOptions);
    if (options.weights !== undefined) this.setWeights(options.weights, { weightThreshold: options.weightThreshold });
  }

  /**
   * Use observation weights (DESeq2's `assays(dds)[["weights"]] <- w`, e.g. zinbwave
   * weights): one value in [0, 1] per gene and sample, as a gene-major array like the
   * counts, one row per gene, or `{ genes, samples, values }` matched to the counts by name.
   * As DESeq2: baseMean and baseVar are of the normalised counts times the weights; every
   * fit uses each gene's weights divided by their largest (weighted gene-wise and MAP
   * dispersion likelihoods and Cox-Reid terms, weighted IRLS, standard errors, hat values,
   * log-likelihoods); a sample of weight at or below `weightThreshold` (0.01) leaves the
   * Cox-Reid term; genes whose weights leave the design degenerate are flagged in
   * `weightsFail` and treated as all zero (NA results). Size factors do not use weights.
   * Stages already run are cleared.
   *
   * @example
   * dds.setWeights(w).run();
   * dds.weightsFail; // genes DESeq2 would flag in mcols(dds)$weightsFail
   */
  setWeights(weights: WeightsInput, options: { weightThreshold?: number } = {}): this {
    const threshold = options.weightThreshold ?? 0.01;
    const w = prepareWeights(weights, this.counts.genes, this.counts.samples, this.counts.values, this.design.matrix, threshold);
    this.weights = w.given;
    this.scaledWeights = w.scaled;
    this.weightsFail = w.weightsFail;
    this.weightThreshold = threshold;
    this.geneEstimates = null;
    this.trend = null;
    this.map = null;
    this.fit = null;
    this.cooks = null;
    this.maxCooks = null;
    this.replaced = null;
    this.replacedCounts = null;
    this.lrt = null;
    return this;
  }

  private input(): DispersionInput {
    if (!this.sizeFactors) throw new InputError("estimate size factors first (estimateSizeFactors)", "DESeqDataSet");
    const d: DispersionInput = {
      counts: this.counts.values,
      nGenes: this.counts.nGenes,
      nSamples: this.counts.nSamples,
      sizeFactors: this.sizeFactors,
      design: this.design.matrix,
      normFactors: this.normFactors ?? undefined,
    };
    if (this.normFactors) d.xim = ximOf(d);
    if (this.weights) {
      d.weights = this.scaledWeights!;
      d.baseWeights = this.weights;
      d.weightsFail = this.weightsFail!;
      d.weightThreshold = this.weightThreshold;
    }
    return d;
  }

  /** Stage 1: size factors (median of ratios by default), or set your own. */
  estimateSizeFactors(options: SizeFactorOptions & { values?: ArrayLike<number> } = {}): this {
    if (options.values) {
      if (options.values.length !== this.counts.nSamples) {
        throw new InputError(`${options.values.length} size factors for ${this.counts.nSamples} samples`, "size factors");
      }
      const sf = Float64Array.from(options.values);
      const bad = sf.findIndex((v) => !(v > 0) || !Number.isFinite(v));
      if (bad >= 0) throw new InputError(`size factor of sample ${this.counts.samples[bad]} must be a positive number, got ${sf[bad]}`, "size factors");
      this.sizeFactors = sf;
    } else {
      this.sizeFactors = estimateSizeFactors(this.counts, options);
    }
    return this;
  }

  /**
   * Use gene-specific normalisation factors (DESeq2's `normalizationFactors<-`), e.g. size
   * factors times gene-length or GC effects: one positive value per gene and sample. They
   * replace the size factors in every later stage; `sizeFactors` then holds their per-sample
   * geometric means, for reference.
   *
   * @example
   * dds.setNormalizationFactors(nf).estimateDispersions().nbinomWaldTest();
   */
  setNormalizationFactors(factors: ArrayLike<number> | ArrayLike<number>[]): this {
    const n = this.counts.nGenes;
    const m = this.counts.nSamples;
    const nf = new Float64Array(n * m);
    if (factors.length === n && typeof (factors as ArrayLike<unknown>)[0] === "object") {
      (factors as ArrayLike<number>[]).forEach((row, g) => {
        if (row.length !== m) throw new InputError(`gene ${this.counts.genes[g]} has ${row.length} normalisation factors for ${m} samples`, "normalisation factors");
        for (let j = 0; j < m; j++) nf[g * m + j] = row[j];
      });
    } else {
      if (factors.length !== n * m) throw new InputError(`${factors.length} normalisation factors for ${n} genes x ${m} samples`, "normalisation factors");
      nf.set(factors as ArrayLike<number>);
    }
    const bad = nf.findIndex((v) => !(v > 0) || !Number.isFinite(v));
    if (bad >= 0) {
      throw new InputError(
        `normalisation factor for gene ${this.counts.genes[Math.floor(bad / m)]}, sample ${this.counts.samples[bad % m]} must be a positive number, got ${nf[bad]}`,
        "normalisation factors",
      );
    }
    this.normFactors = nf;
    this.sizeFactors = Float64Array.from({ length: m }, (_, j) => {
      let s = 0;
      for (let g = 0; g < n; g++) s += Math.log(nf[g * m + j]);
      return Math.exp(s / n);
    });
    return this;
  }

  /** Stage 2: gene-wise dispersions, the trend, MAP dispersions and outliers. */
  estimateDispersions(options: DispersionOptions & { dispPriorVar?: number; progress?: ProgressFn } = {}): this {
    if (!this.sizeFactors) this.estimateSizeFactors();
    const d = this.input();
    const onProgress = options.progress ? (done: number, total: number) => options.progress!("dispersions", done, total) : undefined;
    this.geneEstimates = estimateDispersionsGeneEst(d, { ...options, onProgress });
    this.trend = estimateDispersionsFit(this.geneEstimates, options);
    this.map = estimateDispersionsMAP(d, this.geneEstimates, this.trend, { ...options, onProgress });
    return this;
  }

  /** Stage 3: NB GLM fit with the final dispersions, Wald statistics, Cook's distances. */
  nbinomWaldTest(options: GlmOptions & { progress?: ProgressFn } = {}): this {
    if (!this.map) this.estimateDispersions();
    const d = this.input();
    const skip = this.geneEstimates!.allZero;
    this.lrt = null;
    const onProgress = options.progress ? (done: number, total: number) => options.progress!("GLM fit", done, total) : undefined;
    this.fit = fitNbinomGLMs(d, this.map!.dispersion, skip, { ...options, onProgress });
    const c = cooksDistances(d.counts, d.sizeFactors, d.nGenes, this.design.matrix, this.fit.mu, this.fit.hat, skip, d.normFactors);
    this.cooks = c.cooks;
    this.maxCooks = c.maxCooks;
    return this;
  }

  /**
   * Likelihood-ratio test of the full design against `reduced` (DESeq2 `nbinomLRT`): both
   * models fitted with the final dispersions; statistic 2 (logLik full - logLik reduced),
   * chi-square with the difference in coefficients as degrees of freedom.
   *
   * @example
   * dds.estimateSizeFactors().estimateDispersions().nbinomLRT("~ cell_line");
   */
  nbinomLRT(reduced: string, options: GlmOptions = {}): this {
    if (!this.map) this.estimateDispersions();
    const vars = new Set(parseFormula(reduced).terms.flatMap((t) => t.vars));
    const reference = Object.fromEntries(Object.entries(this.designOptions.reference ?? {}).filter(([k]) => vars.has(k)));
    const red = modelMatrix(reduced, this.samples, { ...this.designOptions, reference });
    const df = this.design.columns.length - red.columns.length;
    if (df < 1) {
      throw new InputError(`the reduced design ${reduced} must have fewer coefficients than ${this.design.formula}`, "LRT");
    }
    const missing = red.columns.filter((c) => !this.design.columns.includes(c));
    if (missing.length) throw new InputError(`the reduced design has terms not in the full design: ${missing.join(", ")}`, "LRT");
    this.nbinomWaldTest({ ...options, logLike: true });
    const d = this.input();
    const skip = this.geneEstimates!.allZero;
    const fitReduced = fitNbinomGLMs({ ...d, design: red.matrix }, this.map!.dispersion, skip, { ...options, logLike: true });
    const n = this.counts.nGenes;
    const stat = new Float64Array(n).fill(NaN);
    const pvalue = new Float64Array(n).fill(NaN);
    for (let g = 0; g < n; g++) {
      if (skip[g]) continue;
      stat[g] = 2 * (this.fit!.logLike[g] - fitReduced.logLike[g]);
      pvalue[g] = chiSquareUpper(stat[g], df);
    }
    this.lrt = { reduced: red, fitReduced, stat, pvalue, df };
    return this;
  }

  /** All stages with default settings (DESeq2's `DESeq()` for designs without outlier replacement). */
  run(options: { progress?: ProgressFn; minReplicatesForReplace?: number } = {}): this {
    if (!this.normFactors) this.estimateSizeFactors();
    this.estimateDispersions(options).nbinomWaldTest(options);
    return this.refitWithoutOutliers(options.minReplicatesForReplace ?? 7);
  }

  /**
   * DESeq2's outlier replacement (part of `DESeq()`): in design cells with at least
   * `minReplicates` samples, counts whose Cook's distance exceeds qf(0.99, p, m - p) are
   * replaced by the gene's 20%-trimmed mean of normalised counts times the size factor, and
   * those genes are refitted (gene-wise and MAP dispersions against the existing trend and
   * prior, then the GLM). The original counts are kept in `counts`; replaced counts are in
   * `replacedCounts`. `Infinity` turns it off.
   */
  refitWithoutOutliers(minReplicates = 7): this {
    this.replaced = null;
    this.replacedCounts = null;
    if (!this.fit || !this.cooks || !Number.isFinite(minReplicates)) return this;
    if (minReplicates < 3) throw new InputError("at least 3 replicates are needed to call a count an outlier", "minReplicatesForReplace");
    const x = this.design.matrix;
    const m = x.rows;
    const p = x.cols;
    const n = this.counts.nGenes;
    const replaceable = nOrMoreInCell(x, minReplicates);
    if (!replaceable.some(Boolean) || m <= p) return this;
    const cutoff = fQuantileOf(0.99, p, m - p);
    const sf = this.sizeFactors!;
    const replace = new Uint8Array(n);
    let anyGene = false;
    for (let g = 0; g < n; g++) {
      for (let j = 0; j < m; j++) {
        if (this.cooks[g * m + j] > cutoff) {
          replace[g] = 1;
          anyGene = true;
          break;
        }
      }
    }
    if (!anyGene) return this;
    const counts = Float64Array.from(this.counts.values);
    for (let g = 0; g < n; g++) {
      if (!replace[g]) continue;
      const nfAt = (j: number) => (this.normFactors ? this.normFactors[g * m + j] : sf[j]);
      const norm: number[] = [];
      for (let j = 0; j < m; j++) norm.push(this.counts.values[g * m + j] / nfAt(j));
      const trimmed = trimmedMean(norm, 0.2);
      for (let j = 0; j < m; j++) {
        if (replaceable[j] && this.cooks[g * m + j] > cutoff) counts[g * m + j] = Math.trunc(trimmed * nfAt(j));
      }
    }
    const refit: number[] = [];
    for (let g = 0; g < n; g++) if (replace[g]) refit.push(g);
    if (refit.length === 0) return this;
    this.replaced = replace;
    this.replacedCounts = counts;
    const d: DispersionInput = { ...this.input(), counts };
    // Only the refitted genes' counts changed: their means and variances are recomputed.
    const rowsOf = (a: Float64Array, genes: number[]) => {
      const out = new Float64Array(genes.length * m);
      genes.forEach((g, k) => out.set(a.subarray(g * m, (g + 1) * m), k * m));
      return out;
    };
    const newStats = baseStats({
      ...d,
      counts: rowsOf(counts, refit),
      nGenes: refit.length,
      normFactors: d.normFactors ? rowsOf(d.normFactors, refit) : undefined,
      baseWeights: d.baseWeights ? rowsOf(d.baseWeights, refit) : undefined,
      weights: undefined,
      weightsFail: undefined,
    });
    const est = this.geneEstimates!;
    const zeroNow = new Set<number>();
    refit.forEach((g, k) => {
      est.baseMean[g] = newStats.baseMean[k];
      est.baseVar[g] = newStats.baseVar[k];
      if (newStats.allZero[k]) {
        est.allZero[g] = 1;
        zeroNow.add(g);
      }
    });
    const todo = refit.filter((g) => !zeroNow.has(g));
    if (todo.length > 0) {
      const sub = rowsOf(counts, todo);
      const nfSub = this.normFactors ? rowsOf(this.normFactors, todo) : undefined;
      const ds: DispersionInput = { counts: sub, nGenes: todo.length, nSamples: m, sizeFactors: sf, design: x, normFactors: nfSub, xim: d.xim };
      if (d.weights) {
        ds.weights = rowsOf(d.weights, todo);
        ds.baseWeights = rowsOf(d.baseWeights!, todo);
        ds.weightsFail = Uint8Array.from(todo, (g) => d.weightsFail![g]);
        ds.weightThreshold = d.weightThreshold;
      }
      const e = estimateDispersionsGeneEst(ds);
      const t = this.trend!;
      const dispFit = Float64Array.from(e.baseMean, (bm) => (t.coefficients ? t.coefficients.asymptDisp + t.coefficients.extraPois / bm : t.mean!));
      const mp = estimateDispersionsMAP(ds, e, { ...t, dispFit }, { dispPriorVar: this.map!.dispPriorVar });
      const f = fitNbinomGLMs(ds, mp.dispersion, e.allZero);
      todo.forEach((g, k) => {
        est.dispGeneEst[g] = e.dispGeneEst[k];
        est.dispGeneIter[g] = e.dispGeneIter[k];
        est.mu.set(e.mu.subarray(k * m, (k + 1) * m), g * m);
        t.dispFit[g] = dispFit[k];
        this.map!.dispMAP[g] = mp.dispMAP[k];
        this.map!.dispIter[g] = mp.dispIter[k];
        this.map!.dispOutlier[g] = mp.dispOutlier[k];
        this.map!.dispersion[g] = mp.dispersion[k];
        const fit = this.fit!;
        fit.beta.set(f.beta.subarray(k * p, (k + 1) * p), g * p);
        fit.se.set(f.se.subarray(k * p, (k + 1) * p), g * p);
        fit.sigma.set(f.sigma.subarray(k * p * p, (k + 1) * p * p), g * p * p);
        fit.mu.set(f.mu.subarray(k * m, (k + 1) * m), g * m);
        fit.hat.set(f.hat.subarray(k * m, (k + 1) * m), g * m);
        fit.betaConv[g] = f.betaConv[k];
        fit.betaIter[g] = f.betaIter[k];
        fit.deviance[g] = f.deviance[k];
        fit.logLike[g] = f.logLike[k];
      });
    }
    // Max Cook's distance: none when every sample could be replaced, else over the others.
    if (replaceable.every(Boolean)) {
      this.maxCooks = new Float64Array(n).fill(NaN);
    } else {
      const forMax = nOrMoreInCell(x, 3);
      const useMax = m > p && forMax.some(Boolean);
      const mc = new Float64Array(n).fill(NaN);
      if (useMax) {
        for (let g = 0; g < n; g++) {
          if (est.allZero[g] && !replace[g]) continue;
          let mx = -Infinity;
          for (let j = 0; j < m; j++) if (forMax[j]) mx = Math.max(mx, replaceable[j] ? 0 : this.cooks[g * m + j]);
          mc[g] = mx;
        }
      }
      this.maxCooks = mc;
    }
    return this;
  }

  /**
   * All stages, the per-gene ones on `threads` worker threads (results are identical to
   * {@link run} for any number of threads). `progress` is told when each stage ends.
   *
   * @example
   * await dds.runAsync({ threads: 2 });
   */
  async runAsync(options: { threads?: number; progress?: ProgressFn; minReplicatesForReplace?: number } = {}): Promise<this> {
    const threads = Math.max(1, Math.floor(options.threads ?? 1));
    if (threads === 1) return this.run(options);
    const stages = 3;
    const tell = (stage: string, k: number) => options.progress?.(stage, k, stages);
    // The workers start (load their code) while the size factors are computed here.
    const pool = new WorkerPool(threads, ["deseq2"]);
    try {
      if (!this.normFactors) this.estimateSizeFactors();
      const d = this.input();
      this.geneEstimates = await geneEstParallel(d, pool);
      tell("gene-wise dispersions", 1);
      this.trend = estimateDispersionsFit(this.geneEstimates);
      const prior = dispersionPriorVariance(this.geneEstimates, this.trend, d.nSamples, this.design.matrix.cols);
      // MAP dispersions and the GLM fits block by block in one task (stages 2 and 3 reported together).
      const both = await mapGlmParallel(d, this.geneEstimates, this.trend, prior, pool);
      this.map = both.map;
      tell("MAP dispersions", 2);
      const { cooks, maxCooks, ...fit } = both.fit;
      this.fit = fit;
      this.cooks = cooks;
      this.maxCooks = maxCooks;
      tell("GLM fit and Cook's distances", 3);
    } finally {
      // The workers are unreferenced: ending them need not hold up the results.
      pool.close().catch(() => undefined);
    }
    return this.refitWithoutOutliers(options.minReplicatesForReplace ?? 7);
  }

  /** DESeq2's `resultsNames`. */
  resultsNames(): string[] {
    return this.design.columns.slice();
  }

  /** The results table for a coefficient or contrast. */
  results(options: ResultsOptions = {}): DESeqResults {
    if (!this.fit) this.nbinomWaldTest();
    const m = this.design.matrix.rows;
    const p = this.design.matrix.cols;
    return computeResults(
      {
        genes: this.counts.genes,
        design: this.design,
        baseMean: this.geneEstimates!.baseMean,
        allZero: this.geneEstimates!.allZero,
        fit: this.fit!,
        maxCooks: this.maxCooks ?? undefined,
        cooks: this.cooks ?? undefined,
        counts: this.counts.values,
        sampleValues: (f) => this.samples.get(f),
        lrt: this.lrt ? { stat: this.lrt.stat, pvalue: this.lrt.pvalue, reduced: this.lrt.reduced.formula } : undefined,
        replaced: this.replaced ?? undefined,
      },
      options,
      fQuantileOf(0.99, p, m - p),
    );
  }

  /** Normalised counts (counts / size factors) as a table. */
  normalizedCounts(): Table {
    if (!this.sizeFactors) this.estimateSizeFactors();
    const m = this.counts.nSamples;
    const nf = this.normFactors;
    const cols = this.counts.samples.map((_, j) =>
      Float64Array.from(this.counts.sampleCounts(j), (v, g) => v / (nf ? nf[g * m + j] : this.sizeFactors![j])),
    );
    return new Table(["gene_id", ...this.counts.samples], [this.counts.genes.slice(), ...cols]);
  }

  /** Per-gene dispersion table: gene_id, baseMean, dispGeneEst, dispFit, dispMAP, dispersion, dispOutlier (and weightsFail, with weights). */
  dispersionTable(): Table {
    if (!this.map) this.estimateDispersions();
    const e = this.geneEstimates!;
    return Table.fromColumns({
      gene_id: this.counts.genes,
      baseMean: e.baseMean,
      dispGeneEst: e.dispGeneEst,
      dispFit: this.trend!.dispFit,
      dispMAP: this.map!.dispMAP,
      dispersion: this.map!.dispersion,
      dispOutlier: Array.from(this.map!.dispOutlier, (v, g) => (e.allZero[g] ? null : v ? "TRUE" : "FALSE")),
      ...(this.weightsFail ? { weightsFail: Array.from(this.weightsFail, (v) => (v ? "TRUE" : "FALSE")) } : {}),
    });
  }
}

/**
 * Run the whole workflow and return the data set (DESeq2's `DESeq()`).
 *
 * @example
 * const dds = deseq(counts, samples, { design: "~ condition", reference: { condition: "dmso" } });
 * dds.results({ alpha: 0.05 }).summary();
 */
export function deseq(counts: CountMatrix, samples: SampleTable, options: DESeqOptions & { progress?: ProgressFn }): DESeqDataSet {
  return new DESeqDataSet(counts, samples, options).run({ progress: options.progress });
}

/** Counts in any form p53lab reads. */
export type { CountsInput, SamplesInput } from "./inputs";

/**
 * A DESeqDataSet from counts and samples given as p53lab objects, file paths (TSV/CSV,
 * gzipped or not), danfojs DataFrames (first column = gene IDs / sample names), or plain
 * arrays (`{ genes, samples, values }` and records with a `sample` field).
 *
 * @example
 * const dds = deseqDataSet("counts.tsv", "samples.tsv", { design: "~ condition", reference: { condition: "dmso" } });
 */
export function deseqDataSet(counts: CountsInput, samples: SamplesInput, options: DESeqOptions): DESeqDataSet {
  return new DESeqDataSet(asCountMatrix(counts), asSampleTable(samples), options);
}
