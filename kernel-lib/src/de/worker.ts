/** Worker-thread entry: runs one per-gene stage on a block of genes (see parallel.ts). */
import { parentPort, workerData } from "worker_threads";
import { estimateDispersionsGeneEst, estimateDispersionsMAP } from "./dispersions";
import { fitNbinomGLMs } from "./glm";
import type { Task } from "./parallel";

try {
  const task = workerData as Task;
  let result: unknown;
  if (task.stage === "geneEst") result = estimateDispersionsGeneEst(task.input);
  else if (task.stage === "map") result = estimateDispersionsMAP(task.input, task.est, task.trend, { dispPriorVar: task.dispPriorVar });
  else result = fitNbinomGLMs(task.input, task.dispersion, task.skip);
  parentPort!.postMessage({ ok: true, result });
} catch (e) {
  parentPort!.postMessage({ ok: false, error: (e as Error).message });
}
