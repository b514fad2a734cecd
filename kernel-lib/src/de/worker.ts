/** Worker-thread entry: runs per-gene stages on blocks of genes, one message per task (see parallel.ts, tasks.ts). */
import { parentPort, workerData } from "worker_threads";
import type { Task } from "./parallel";
import { preloadStages, runTask } from "./tasks";

// Load what the pool was made for right away (while the calling thread prepares the first task).
for (const method of (workerData as { preload?: string[] } | undefined)?.preload ?? []) preloadStages(method);

parentPort!.on("message", (task: Task) => {
  try {
    const result = runTask(task);
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
