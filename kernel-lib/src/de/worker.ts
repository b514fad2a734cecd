/** Worker-thread entry: runs per-gene stages on blocks of genes, one message per task (see parallel.ts). */
import { parentPort, workerData } from "worker_threads";
import type { Task } from "./parallel";

// Each stage's modules are loaded on first use, so a DESeq2 run's workers do not load edgeR's
// code and the other way round (loading all of it takes a new thread about 150 ms).
type Dispersions = typeof import("./dispersions");
type Glm = typeof import("./glm");
type Cooks = typeof import("./cooks");
type EstimateDisp = typeof import("./edger/estimateDisp");
type ExactTest = typeof import("./edger/exactTest");
const loaded: Record<string, unknown> = {};
/* eslint-disable @typescript-eslint/no-require-imports */
const load = <T>(path: string, get: () => T): T => (loaded[path] ??= get()) as T;
const dispersions = () => load<Dispersions>("dispersions", () => require("./dispersions"));
const glm = () => load<Glm>("glm", () => require("./glm"));
const cooks = () => load<Cooks>("cooks", () => require("./cooks"));
const edgerDisp = () => load<EstimateDisp>("estimateDisp", () => require("./edger/estimateDisp"));
const edgerExact = () => load<ExactTest>("exactTest", () => require("./edger/exactTest"));
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
    } else if (task.stage === "edgerExact") {
      result = edgerExact().exactTest({ values: task.values, nGenes: task.nGenes, group: task.group, libSize: task.lib, dispersion: task.dispersion, priorCount: task.priorCount });
    } else if (task.stage === "map") result = dispersions().estimateDispersionsMAP(task.input, task.est, task.trend, { dispPriorVar: task.dispPriorVar });
    else {
      // The GLM stage also computes Cook's distances for its block (they are per gene).
      const fit = glm().fitNbinomGLMs(task.input, task.dispersion, task.skip);
      const c = cooks().cooksDistances(task.input.counts, task.input.sizeFactors, task.input.nGenes, task.input.design, fit.mu, fit.hat, task.skip, task.input.normFactors);
      result = { ...fit, cooks: c.cooks, maxCooks: c.maxCooks };
    }
    // Hand the result arrays over instead of copying them.
    const buffers = Object.values(result as Record<string, unknown>)
      .filter((v): v is Float64Array | Uint8Array => ArrayBuffer.isView(v))
      .map((v) => v.buffer as ArrayBuffer);
    parentPort!.postMessage({ ok: true, result }, [...new Set(buffers)]);
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: (e as Error).message });
  }
});
