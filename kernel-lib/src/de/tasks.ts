/**
 * The per-gene stage tasks of the worker pool (see parallel.ts), as one function that a worker
 * thread runs for each message, and the calling thread runs for its own share of the blocks.
 */
import type { Task, ClaimedTask } from "./parallel";
import type { DispersionInput } from "./dispersions";

// Each stage's modules are loaded on first use, so a DESeq2 run's workers do not load edgeR's
// code and the other way round (each method's code takes a new thread 50-60 ms to load, most of it the @stdlib bundle).
type Dispersions = typeof import("./dispersions");
type Glm = typeof import("./glm");
type Cooks = typeof import("./cooks");
type EstimateDisp = typeof import("./edger/estimateDisp");
type ExactTest = typeof import("./edger/exactTest");
type EdgerGlm = typeof import("./edger/glm");
type NormFactors = typeof import("./edger/normFactors");
type AveLogCpm = typeof import("./edger/aveLogCpm");
const loaded: Record<string, unknown> = {};
/* eslint-disable @typescript-eslint/no-require-imports */
const load = <T>(path: string, get: () => T): T => (loaded[path] ??= get()) as T;
const dispersions = () => load<Dispersions>("dispersions", () => require("./dispersions"));
const glm = () => load<Glm>("glm", () => require("./glm"));
const cooks = () => load<Cooks>("cooks", () => require("./cooks"));
const edgerDisp = () => load<EstimateDisp>("estimateDisp", () => require("./edger/estimateDisp"));
const edgerExact = () => load<ExactTest>("exactTest", () => require("./edger/exactTest"));
const edgerGlm = () => load<EdgerGlm>("edgerGlm", () => require("./edger/glm"));
const normFactors = () => load<NormFactors>("normFactors", () => require("./edger/normFactors"));
const aveLogCpm = () => load<AveLogCpm>("aveLogCpm", () => require("./edger/aveLogCpm"));
/* eslint-enable @typescript-eslint/no-require-imports */

/** Load the code of the stages of one method now ("deseq2" or "edger"), before its first task. */
export function preloadStages(method: string): void {
  if (method === "deseq2") {
    dispersions();
    glm();
    cooks();
  } else if (method === "edger") {
    edgerDisp();
    edgerExact();
    edgerGlm();
    normFactors();
  }
}

/** The GLM stage, with Cook's distances for the same block (they are per gene). */
function glmAndCooks(input: DispersionInput, dispersion: Float64Array, skip: Uint8Array) {
  const fit = glm().fitNbinomGLMs(input, dispersion, skip);
  const c = cooks().cooksDistances(input.counts, input.sizeFactors, input.nGenes, input.design, fit.mu, fit.hat, skip, input.normFactors);
  return { ...fit, cooks: c.cooks, maxCooks: c.maxCooks };
}

/** The part of a stage's task for items start .. end - 1 (views, not copies, of its inputs). */
function sliceTask(t: Task, start: number, end: number): Task {
  const rows = (a: Float64Array, width: number) => a.subarray(start * width, end * width);
  const nGenes = end - start;
  switch (t.stage) {
    case "edgerGrid":
      return { ...t, values: rows(t.values, t.offset.length), nGenes };
    case "edgerPseudo":
      return { ...t, values: rows(t.values, t.group.length), nGenes, outStart: t.outStart + start * t.group.length };
    case "edgerClassicLogLik":
      return { ...t, c0: start, c1: end };
    case "edgerClassicGrid":
      return { ...t, values: rows(t.values, t.group.length), nGenes };
    case "edgerGlmFit": {
      const u = t.unshrunk;
      const p = t.design.cols;
      const unshrunk = u && { unshrunkCoefficients: rows(u.unshrunkCoefficients, p), fitted: rows(u.fitted, t.design.rows), deviance: rows(u.deviance, 1) };
      return { ...t, values: rows(t.values, t.design.rows), dispersion: rows(t.dispersion, 1), nGenes, unshrunk };
    }
    case "edgerExact":
      return { ...t, values: rows(t.values, t.group.length), dispersion: rows(t.dispersion, 1), nGenes };
    case "aveLogCpm":
      return { ...t, values: rows(t.values, t.lib.length), nGenes };
    case "tmm":
      return { ...t, cols: rows(t.cols, t.nKeep), lib: rows(t.lib, 1) };
    default:
      throw new Error(`stage ${t.stage} cannot be split into claimed blocks`);
  }
}

/** Claim blocks of a {@link ClaimedTask} until none is left, writing each block's results into `out`. */
function runClaimedBlocks(task: ClaimedTask): Record<string, never> {
  const { claim, nItems, blockSize, out } = task;
  const names = Object.keys(out);
  for (;;) {
    const start = Atomics.add(claim, 0, 1) * blockSize;
    if (start >= nItems) return {};
    const end = Math.min(nItems, start + blockSize);
    const result = runTask(sliceTask(task.inner, start, end)) as Record<string, Float64Array>;
    for (const name of names) out[name].set(result[name], start * (out[name].length / nItems));
  }
}

/** Run one task; the result's typed arrays are new (the worker hands them over). */
export function runTask(task: Task): unknown {
  switch (task.stage) {
    case "claimed":
      return runClaimedBlocks(task);
    case "geneEst":
      return dispersions().estimateDispersionsGeneEst(task.input);
    case "mapGlm": {
      const map = dispersions().estimateDispersionsMAP(task.input, task.est, task.trend, { dispPriorVar: task.dispPriorVar });
      return { map, fit: glmAndCooks(task.input, map.dispersion, task.est.allZero) };
    }
    case "edgerGrid": {
      const l0 = new Float64Array(task.nGenes * task.grid.length);
      edgerDisp().gridLikelihoods(task.values, task.nGenes, task.offset, task.design, task.grid, l0);
      return { l0 };
    }
    case "edgerPseudo":
      edgerDisp().classicPseudo(task.values, task.nGenes, task.group, task.lib, task.disp, task.out.subarray(task.outStart, task.outStart + task.nGenes * task.group.length));
      return {};
    case "edgerClassicLogLik":
      return { sums: edgerDisp().classicLogLikChunks(task.pseudo, task.nGenes, task.group, task.delta, task.c0, task.c1) };
    case "edgerClassicGrid": {
      const l0 = new Float64Array(task.nGenes * task.grid.length);
      edgerDisp().classicGrid(task.values, task.nGenes, task.group, task.lib, task.disp, task.grid, l0);
      return { l0 };
    }
    case "edgerGlmFit": {
      const f = edgerGlm().glmFit(task.values, task.nGenes, task.design, { offset: task.offset, dispersion: task.dispersion, priorCount: task.priorCount, unshrunk: task.unshrunk });
      return { coefficients: f.coefficients, unshrunkCoefficients: f.unshrunkCoefficients, fitted: f.fitted, deviance: f.deviance };
    }
    case "aveLogCpm":
      return { ave: aveLogCpm().aveLogCpm(task.values, task.nGenes, task.lib, { dispersion: task.dispersion }) };
    case "tmm":
      return { factors: normFactors().tmmFactorsOf(task.cols, task.nKeep, task.lib, task.plan) };
    case "edgerExact":
      return edgerExact().exactTest({ values: task.values, nGenes: task.nGenes, group: task.group, libSize: task.lib, dispersion: task.dispersion, priorCount: task.priorCount });
  }
}
