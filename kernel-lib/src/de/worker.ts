/** Worker-thread entry: runs per-gene stages on blocks of genes, one message per task (see parallel.ts). */
import { parentPort, workerData } from "worker_threads";
import type { Task } from "./parallel";
import type { DispersionInput } from "./dispersions";

// Each stage's modules are loaded on first use, so a DESeq2 run's workers do not load edgeR's
// code and the other way round (loading all of it takes a new thread about 150 ms).
type Dispersions = typeof import("./dispersions");
type Glm = typeof import("./glm");
type Cooks = typeof import("./cooks");
type EstimateDisp = typeof import("./edger/estimateDisp");
type ExactTest = typeof import("./edger/exactTest");
type EdgerGlm = typeof import("./edger/glm");
const loaded: Record<string, unknown> = {};
/* eslint-disable @typescript-eslint/no-require-imports */
const load = <T>(path: string, get: () => T): T => (loaded[path] ??= get()) as T;
const dispersions = () => load<Dispersions>("dispersions", () => require("./dispersions"));
const glm = () => load<Glm>("glm", () => require("./glm"));
const cooks = () => load<Cooks>("cooks", () => require("./cooks"));
const edgerDisp = () => load<EstimateDisp>("estimateDisp", () => require("./edger/estimateDisp"));
const edgerExact = () => load<ExactTest>("exactTest", () => require("./edger/exactTest"));
const edgerGlm = () => load<EdgerGlm>("edgerGlm", () => require("./edger/glm"));
/* eslint-enable @typescript-eslint/no-require-imports */

// Load what the pool was made for right away (while the calling thread prepares the first task).
const preload = (workerData as { preload?: string[] } | undefined)?.preload ?? [];
if (preload.includes("deseq2")) {
  dispersions();
  glm();
  cooks();
}
if (preload.includes("edger")) {
  edgerDisp();
  edgerExact();
  edgerGlm();
}

/** The GLM stage, with Cook's distances for the same block (they are per gene). */
function glmAndCooks(input: DispersionInput, dispersion: Float64Array, skip: Uint8Array) {
  const fit = glm().fitNbinomGLMs(input, dispersion, skip);
  const c = cooks().cooksDistances(input.counts, input.sizeFactors, input.nGenes, input.design, fit.mu, fit.hat, skip, input.normFactors);
  return { ...fit, cooks: c.cooks, maxCooks: c.maxCooks };
}

parentPort!.on("message", (task: Task) => {
  try {
    let result: unknown;
    if (task.stage === "geneEst") result = dispersions().estimateDispersionsGeneEst(task.input);
    else if (task.stage === "edgerGrid") {
      const l0 = new Float64Array(task.nGenes * task.grid.length);
      edgerDisp().gridLikelihoods(task.values, task.nGenes, task.offset, task.design, task.grid, l0);
      result = { l0 };
    } else if (task.stage === "edgerPseudo") {
      result = { pseudo: edgerDisp().classicPseudo(task.values, task.nGenes, task.group, task.lib, task.disp) };
    } else if (task.stage === "edgerClassicGrid") {
      const l0 = new Float64Array(task.nGenes * task.grid.length);
      edgerDisp().classicGrid(task.values, task.nGenes, task.group, task.lib, task.disp, task.grid, l0);
      result = { l0 };
    } else if (task.stage === "edgerGlmFit") {
      const f = edgerGlm().glmFit(task.values, task.nGenes, task.design, { offset: task.offset, dispersion: task.dispersion, priorCount: task.priorCount });
      result = { coefficients: f.coefficients, unshrunkCoefficients: f.unshrunkCoefficients, fitted: f.fitted, deviance: f.deviance };
    } else if (task.stage === "edgerExact") {
      result = edgerExact().exactTest({ values: task.values, nGenes: task.nGenes, group: task.group, libSize: task.lib, dispersion: task.dispersion, priorCount: task.priorCount });
    } else {
      const map = dispersions().estimateDispersionsMAP(task.input, task.est, task.trend, { dispPriorVar: task.dispPriorVar });
      result = { map, fit: glmAndCooks(task.input, map.dispersion, task.est.allZero) };
    }
    // Hand the result arrays over instead of copying them.
    const buffers: ArrayBuffer[] = [];
    const collect = (o: unknown, depth: number) => {
      for (const v of Object.values(o as Record<string, unknown>)) {
        if (ArrayBuffer.isView(v)) buffers.push(v.buffer as ArrayBuffer);
        else if (depth > 0 && v && typeof v === "object") collect(v, depth - 1);
      }
    };
    collect(result, 1);
    parentPort!.postMessage({ ok: true, result }, [...new Set(buffers)]);
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: (e as Error).message });
  }
});
