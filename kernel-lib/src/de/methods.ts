/**
 * The edgeR and limma-voom workflows end to end, as their user guides run them, behind one
 * call each: filterByExpr on the design (unless `filter: false`), TMM on the kept genes with
 * library sizes recomputed, then
 * - `edger-exact`: classic estimateDisp on the contrast factor's groups + exactTest;
 * - `edger-qlf`: estimateDisp(design) + glmQLFit (trended dispersions) + glmQLFTest;
 * - `edger-lrt`: estimateDisp(design) + glmFit (tagwise) + glmLRT;
 * - `voom`: voom + weighted lmFit + eBayes + topTable.
 * Results are tables with R's column names and `gene_id` first, kept genes only.
 */
import { Table } from "../io/table";
import { InputError } from "../io/errors";
import { pAdjustBH } from "../stats/padjust";
import { modelMatrix, type Design } from "./design";
import { asCountMatrix, asSampleTable, type CountsInput, type SamplesInput } from "./inputs";
import { calcNormFactors, tmmPrepare, unitProduct, filterByExpr, estimateDisp, estimateDispAsync, estimateDispWithFit, exactTest, glmFit, glmLRT, glmQLFit, glmQLFTest, nullDesign, type DispersionEstimates, type QLFit } from "./edger";
import type { NbGlmFit } from "./edger/glm";
import { voom, lmFit, eBayes, topTable } from "./limma";
import type { CountMatrix } from "../io/counts";
import type { WorkerPool } from "./parallel";

/** The DE methods beside DESeq2. */
export type EdgerMethod = "edger-exact" | "edger-qlf" | "edger-lrt" | "voom";

/** Options of {@link runEdgerMethod}. */
export interface EdgerMethodOptions {
  method: EdgerMethod;
  /** Design formula, e.g. "~ cell_line + condition". */
  design: string;
  /** [factor, level, reference]; default: the last coefficient of the design. */
  contrast?: [string, string, string];
  /** filterByExpr before normalisation (default true). */
  filter?: boolean;
  /**
   * Robust empirical Bayes (default false): estimateDisp and glmQLFit with `robust = TRUE`
   * (edgeR methods), eBayes with `robust = TRUE` (voom), so that outlier genes shrink less.
   */
  robust?: boolean;
}

/** What {@link runEdgerMethod} returns. */
export interface EdgerMethodResult {
  method: EdgerMethod;
  table: Table;
  /** TMM factors of the samples (on the kept genes), with the library sizes used. */
  normFactors: Table;
  /** Number of genes kept by filterByExpr (all genes with `filter: false`). */
  kept: number;
  total: number;
  comparison: string;
}

/** Inputs, design, contrast coefficient, filtering and TMM: the steps every method shares. */
function setupRun(countsIn: CountsInput, samplesIn: SamplesInput, options: EdgerMethodOptions) {
  const st = prepareRun(countsIn, samplesIn, options);
  return normalised(st, calcNormFactors(st.counts));
}

/** {@link setupRun} with TMM's samples on the pool. */
async function setupRunAsync(countsIn: CountsInput, samplesIn: SamplesInput, options: EdgerMethodOptions, pool: WorkerPool) {
  const st = prepareRun(countsIn, samplesIn, options);
  const prep = tmmPrepare(st.counts);
  const { tmmParallel } = await import("./parallel");
  return normalised(st, unitProduct("factors" in prep ? prep.factors : await tmmParallel(prep, pool)));
}

/** The library sizes times the factors, and the factors' table. */
function normalised<T extends { counts: CountMatrix }>(st: T, nf: Float64Array) {
  const { counts } = st;
  const rawLib = counts.librarySizes();
  const lib = Float64Array.from(rawLib, (v, j) => v * nf[j]);
  const normFactors = Table.fromColumns({ sample: counts.samples, lib_size: rawLib, norm_factors: nf }, "TMM normalisation factors");
  return { ...st, lib, normFactors };
}

/** Inputs, design, contrast coefficient and filtering. */
function prepareRun(countsIn: CountsInput, samplesIn: SamplesInput, options: EdgerMethodOptions) {
  const all = asCountMatrix(countsIn);
  if (all.nSamples < 2) throw new InputError("at least two samples are needed", all.source);
  const samples = asSampleTable(samplesIn).alignTo(all);
  const contrast = options.contrast;
  const reference = contrast ? { [contrast[0]]: contrast[2] } : undefined;
  const design: Design = modelMatrix(options.design, samples, { reference });
  if (design.matrix.cols >= all.nSamples) throw new InputError(`the design "${options.design}" has ${design.matrix.cols} coefficients for ${all.nSamples} samples: no residual degrees of freedom`, "design");
  let coef = design.columns.length - 1;
  if (contrast) {
    const [factor, level, ref] = contrast;
    const variable = design.variables.find((v) => v.name === factor);
    if (!variable) throw new InputError(`the contrast's factor "${factor}" is not in the design ${options.design}`, "contrast");
    if (variable.kind !== "factor") throw new InputError(`"${factor}" is numeric; a contrast needs a factor`, "contrast");
    for (const l of [level, ref]) if (!variable.levels!.includes(l)) throw new InputError(`"${l}" is not a level of ${factor} (levels: ${variable.levels!.join(", ")})`, "contrast");
    if (level === ref) throw new InputError("the contrast compares a level with itself", "contrast");
    coef = design.columns.indexOf(`${factor}_${level}_vs_${ref}`);
    if (coef < 0) throw new InputError(`no coefficient ${factor}_${level}_vs_${ref} in the design`, "contrast");
  }
  const comparison = design.columns[coef];
  const filter = options.filter ?? true;
  const keep = filter ? filterByExpr(all, { design: design.matrix }) : all.genes.map(() => true);
  const idx = keep.map((k, g) => (k ? g : -1)).filter((g) => g >= 0);
  if (idx.length < 2) throw new InputError(`only ${idx.length} gene(s) pass filterByExpr; too few to analyse (try filter: false)`, "filterByExpr");
  const counts = idx.length === all.nGenes ? all : all.selectGenes(idx);
  return { all, samples, contrast, design, coef, comparison, counts };
}

type Setup = ReturnType<typeof setupRun>;

/** The exact test's two groups: the contrast factor's reference (0) and level (1), others -1. */
function exactFactor(st: Setup): string {
  const factor = st.contrast ? st.contrast[0] : st.design.variables.filter((v) => v.kind === "factor").pop()?.name;
  if (!factor) throw new InputError("the exact test needs a factor in the design", "edger-exact");
  return factor;
}

function exactGroups(st: Setup): number[] {
  const { contrast, design, samples } = st;
  const factor = exactFactor(st);
  const variable = design.variables.find((v) => v.name === factor)!;
  const level = contrast ? contrast[1] : variable.levels![variable.levels!.length - 1];
  const ref = contrast ? contrast[2] : variable.levels![0];
  return samples.get(factor).map((g) => (g === ref ? 0 : g === level ? 1 : -1));
}

function finishRun(
  st: Setup,
  options: EdgerMethodOptions,
  disp: DispersionEstimates | null,
  exact?: { logFC: Float64Array; pValue: Float64Array },
  glm?: NbGlmFit,
  done: { ql?: QLFit; nullDeviance?: Float64Array } = {},
): EdgerMethodResult {
  const { all, samples, contrast, design, coef, comparison, counts, lib, normFactors } = st;
  const gene_id = counts.genes;
  let table: Table;
  if (options.method === "voom") {
    const v = voom(counts, design.matrix, { libSize: lib });
    const fit = eBayes(lmFit(v.E, v.nGenes, design.matrix, { weights: v.weights, coefNames: design.columns }), { robust: options.robust });
    table = topTable(fit, { coef, genes: gene_id });
  } else if (options.method === "edger-exact") {
    const factor = contrast ? contrast[0] : design.variables.filter((v) => v.kind === "factor").pop()?.name;
    if (!factor) throw new InputError("the exact test needs a factor in the design", "edger-exact");
    const groups = samples.get(factor);
    const variable = design.variables.find((v) => v.name === factor)!;
    const level = contrast ? contrast[1] : variable.levels![variable.levels!.length - 1];
    const ref = contrast ? contrast[2] : variable.levels![0];
    const d = disp ?? estimateDisp(counts.values, counts.nGenes, { libSize: lib, group: groups, robust: options.robust });
    const et = exact ?? exactTest({ values: counts.values, nGenes: counts.nGenes, group: exactGroups(st), libSize: lib, dispersion: d.tagwise });
    table = Table.fromColumns({ gene_id, logFC: et.logFC, logCPM: d.aveLogCpm, PValue: et.pValue, FDR: pAdjustBH(et.pValue) }, `edgeR exact test: ${level} vs ${ref}`);
  } else if (options.method === "edger-qlf" || options.method === "edger-lrt") {
    const d = disp ?? estimateDisp(counts.values, counts.nGenes, { libSize: lib, design: design.matrix, robust: options.robust });
    if (options.method === "edger-qlf") {
      const fit = done.ql ?? glmQLFitOf(st, options, d, glm);
      const r = glmQLFTest({ ...fit, nullDeviance: done.nullDeviance }, { coef });
      table = Table.fromColumns({ gene_id, logFC: r.logFC, logCPM: r.logCPM, F: r.statistic, PValue: r.pValue, FDR: pAdjustBH(r.pValue) }, `edgeR QL F-test: ${comparison}`);
    } else {
      const fit = glm ?? glmFit(counts.values, counts.nGenes, design.matrix, { offset: Float64Array.from(lib, Math.log), dispersion: d.tagwise });
      const r = glmLRT({ ...fit, counts: counts.values, aveLogCpm: d.aveLogCpm, nullDeviance: done.nullDeviance }, { coef });
      table = Table.fromColumns({ gene_id, logFC: r.logFC, logCPM: r.logCPM, LR: r.statistic, PValue: r.pValue, FDR: pAdjustBH(r.pValue) }, `edgeR LRT: ${comparison}`);
    }
  } else throw new InputError(`unknown method "${String(options.method)}"; use deseq2, edger-exact, edger-qlf, edger-lrt or voom`, "method");
  return { method: options.method, table, normFactors, kept: counts.nGenes, total: all.nGenes, comparison };
}

/** glmQLFit on the kept genes at the trended dispersions (`glm`: that fit when already made). */
function glmQLFitOf(st: Setup & { lib: Float64Array }, options: EdgerMethodOptions, d: DispersionEstimates, glm?: NbGlmFit): QLFit {
  const { counts, design, lib } = st;
  return glmQLFit(counts.values, counts.nGenes, design.matrix, { libSize: lib, dispersion: d.trended, aveLogCpm: d.aveLogCpm, robust: options.robust, fit: glm });
}

/**
 * Run an edgeR or limma-voom analysis.
 *
 * @example
 * const r = runEdgerMethod("counts.tsv", "samples.tsv", { method: "edger-qlf", design: "~ condition", contrast: ["condition", "nutlin", "dmso"] });
 * show(r.table.sortBy("PValue").head(20));
 */
export function runEdgerMethod(countsIn: CountsInput, samplesIn: SamplesInput, options: EdgerMethodOptions): EdgerMethodResult {
  return finishRun(setupRun(countsIn, samplesIn, options), options, null);
}

/**
 * {@link runEdgerMethod} with the per-gene stages (dispersion grid, GLM fits, exact test) on
 * `threads` worker threads (identical results for any thread count).
 *
 * @example
 * const r = await runEdgerMethodAsync("counts.tsv", "samples.tsv", { method: "edger-qlf", design: "~ condition", threads: 4 });
 */
export async function runEdgerMethodAsync(countsIn: CountsInput, samplesIn: SamplesInput, options: EdgerMethodOptions & { threads?: number }): Promise<EdgerMethodResult> {
  const threads = options.threads ?? 1;
  // voom has no per-gene stage worth a thread (TMM on a cold worker measured slower than here)
  if (threads <= 1 || options.method === "voom") return runEdgerMethod(countsIn, samplesIn, options);
  // One pool for every per-sample or per-gene stage of the run: TMM, dispersion grid, GLM fits,
  // exact test. Its worker starts while this thread reads the input.
  const { WorkerPool, edgerExactParallel, edgerGlmFitParallel, shared } = await import("./parallel");
  const pool = new WorkerPool(threads, ["edger"]);
  try {
    const st = await setupRunAsync(countsIn, samplesIn, options, pool);
    if (st.counts.nGenes < 2000) return finishRun(st, options, null);
    // the counts in shared memory once, for every stage's threads to read
    const values = shared(st.counts.values);
    const { nGenes } = st.counts;
    const offset = Float64Array.from(st.lib, Math.log);
    if (options.method === "edger-qlf" || options.method === "edger-lrt") {
      const design = st.design.matrix;
      const qlf = options.method === "edger-qlf";
      // the QL F-test uses the trended dispersions (the run's result does not carry the others)
      const { disp, trendedFit } = await estimateDispWithFit(values, nGenes, { libSize: st.lib, design, pool, robust: options.robust, trendOnly: qlf });
      const dispersion = qlf ? disp.trended : disp.tagwise;
      // glmQLFit's fit at the trended dispersions is estimateDisp's prior-df fit plus the
      // prior-count coefficients; the null model's fit runs on the workers meanwhile
      const fit = await edgerGlmFitParallel(values, nGenes, design, offset, dispersion, 0.125, pool, { unshrunk: qlf ? (trendedFit ?? undefined) : undefined });
      const nullFit = edgerGlmFitParallel(values, nGenes, nullDesign(design, { coef: st.coef }).X0, offset, dispersion, 0, pool, { workersOnly: qlf });
      const ql = qlf ? glmQLFitOf(st, options, disp, fit) : undefined;
      return finishRun(st, options, disp, undefined, fit, { ql, nullDeviance: (await nullFit).deviance });
    }
    if (options.method === "edger-exact") {
      const disp = await estimateDispAsync(values, nGenes, { libSize: st.lib, group: st.samples.get(exactFactor(st)), pool, robust: options.robust });
      const exact = await edgerExactParallel(values, nGenes, exactGroups(st), st.lib, disp.tagwise, 0.125, pool);
      return finishRun(st, options, disp, exact);
    }
    return finishRun(st, options, null);
  } finally {
    pool.close().catch(() => undefined);
  }
}
