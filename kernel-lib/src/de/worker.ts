/** Worker-thread entry: runs per-gene stages on blocks of genes, one message per task (see parallel.ts). */
import { parentPort } from "worker_threads";
import { estimateDispersionsGeneEst, estimateDispersionsMAP } from "./dispersions";
import { fitNbinomGLMs } from "./glm";
import { cooksDistances } from "./cooks";
import type { Task } from "./parallel";
import { gridLikelihoods, classicPseudo, classicGrid } from "./edger/estimateDisp";
import { exactTest } from "./edger/exactTest";

parentPort!.on("message", (task: Task) => {
  try {
    let result: unknown;
    if (task.stage === "geneEst") result = estimateDispersionsGeneEst(task.input);
    else if (task.stage === "edgerGrid") {
      const l0 = new Float64Array(task.nGenes * task.grid.length);
      gridLikelihoods(task.values, task.nGenes, task.offset, task.design, task.grid, l0);
      result = { l0 };
    } else if (task.stage === "edgerPseudo") {
      result = { pseudo: classicPseudo(task.values, task.nGenes, task.group, task.lib, task.disp) };
    } else if (task.stage === "edgerClassicGrid") {
      const l0 = new Float64Array(task.nGenes * task.grid.length);
      classicGrid(task.values, task.nGenes, task.group, task.lib, task.disp, task.grid, l0);
      result = { l0 };
    } else if (task.stage === "edgerExact") {
      result = exactTest({ values: task.values, nGenes: task.nGenes, group: task.group, libSize: task.lib, dispersion: task.dispersion, priorCount: task.priorCount });
    } else if (task.stage === "map") result = estimateDispersionsMAP(task.input, task.est, task.trend, { dispPriorVar: task.dispPriorVar });
    else {
      // The GLM stage also computes Cook's distances for its block (they are per gene).
      const fit = fitNbinomGLMs(task.input, task.dispersion, task.skip);
      const c = cooksDistances(task.input.counts, task.input.sizeFactors, task.input.nGenes, task.input.design, fit.mu, fit.hat, task.skip, task.input.normFactors);
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
