/**
 * Running the per-gene stages (gene-wise dispersions, MAP dispersions, GLM fits) on
 * worker threads. Genes are split into contiguous blocks; every gene is computed by the
 * same code from the same inputs whatever the block, so results are identical for any
 * number of threads. The serial steps (size factors, trend, prior variance) stay on the
 * calling thread.
 */
import { Worker } from "worker_threads";
import { join } from "path";
import type { Matrix } from "../stats/linalg";
import type { DispersionInput, GeneEstimates, DispersionTrend, MapEstimates } from "./dispersions";
import type { GlmFit } from "./glm";

/** A block of genes [start, end). */
export interface Block {
  start: number;
  end: number;
}

/** Contiguous blocks of about equal size. */
export function blocks(n: number, parts: number): Block[] {
  const k = Math.max(1, Math.min(parts, n));
  return Array.from({ length: k }, (_, i) => ({ start: Math.floor((i * n) / k), end: Math.floor(((i + 1) * n) / k) }));
}

/** The slice of a gene-major array (genes x width) for a block. */
function rows(a: Float64Array, b: Block, width: number): Float64Array {
  return a.slice(b.start * width, b.end * width);
}

function inputSlice(d: DispersionInput, b: Block): DispersionInput {
  return { ...d, counts: rows(d.counts, b, d.nSamples), nGenes: b.end - b.start };
}

/** Serialisable task for the worker. */
export type Task =
  | { stage: "geneEst"; input: DispersionInput }
  | { stage: "map"; input: DispersionInput; est: GeneEstimates; trend: DispersionTrend; dispPriorVar: number }
  | { stage: "glm"; input: DispersionInput; dispersion: Float64Array; skip: Uint8Array };

function runWorker(task: Task): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const w = new Worker(join(__dirname, "worker.js"), { workerData: task });
    w.once("message", (msg: { ok: boolean; result?: unknown; error?: string }) => {
      void w.terminate();
      if (msg.ok) resolve(msg.result);
      else reject(new Error(msg.error));
    });
    w.once("error", reject);
  });
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function concatU8(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Gene-wise dispersions on `threads` workers. */
export async function geneEstParallel(d: DispersionInput, threads: number): Promise<GeneEstimates> {
  const bs = blocks(d.nGenes, threads);
  const parts = (await Promise.all(bs.map((b) => runWorker({ stage: "geneEst", input: inputSlice(d, b) })))) as GeneEstimates[];
  return {
    baseMean: concat(parts.map((p) => p.baseMean)),
    baseVar: concat(parts.map((p) => p.baseVar)),
    allZero: concatU8(parts.map((p) => p.allZero)),
    dispGeneEst: concat(parts.map((p) => p.dispGeneEst)),
    dispGeneIter: concat(parts.map((p) => p.dispGeneIter)),
    mu: concat(parts.map((p) => p.mu)),
  };
}

/** MAP dispersions on `threads` workers (the prior variance is computed once, here). */
export async function mapParallel(
  d: DispersionInput,
  est: GeneEstimates,
  trend: DispersionTrend,
  prior: { value: number; method: MapEstimates["dispPriorVarMethod"] },
  threads: number,
): Promise<MapEstimates> {
  const m = d.nSamples;
  const bs = blocks(d.nGenes, threads);
  const parts = (await Promise.all(
    bs.map((b) =>
      runWorker({
        stage: "map",
        input: inputSlice(d, b),
        est: {
          baseMean: rows(est.baseMean, b, 1),
          baseVar: rows(est.baseVar, b, 1),
          allZero: est.allZero.slice(b.start, b.end),
          dispGeneEst: rows(est.dispGeneEst, b, 1),
          dispGeneIter: rows(est.dispGeneIter, b, 1),
          mu: rows(est.mu, b, m),
        },
        trend: { ...trend, dispFit: rows(trend.dispFit, b, 1) },
        dispPriorVar: prior.value,
      }),
    ),
  )) as MapEstimates[];
  return {
    dispPriorVar: prior.value,
    dispPriorVarMethod: prior.method,
    dispMAP: concat(parts.map((p) => p.dispMAP)),
    dispIter: concat(parts.map((p) => p.dispIter)),
    dispOutlier: concatU8(parts.map((p) => p.dispOutlier)),
    dispersion: concat(parts.map((p) => p.dispersion)),
  };
}

/** GLM fits on `threads` workers. */
export async function glmParallel(d: DispersionInput, dispersion: Float64Array, skip: Uint8Array, threads: number): Promise<GlmFit> {
  const m = d.nSamples;
  const p = d.design.cols;
  const bs = blocks(d.nGenes, threads);
  const parts = (await Promise.all(
    bs.map((b) =>
      runWorker({ stage: "glm", input: inputSlice(d, b), dispersion: rows(dispersion, b, 1), skip: skip.slice(b.start, b.end) }),
    ),
  )) as GlmFit[];
  void m;
  return {
    beta: concat(parts.map((x) => x.beta)),
    se: concat(parts.map((x) => x.se)),
    sigma: concat(parts.map((x) => x.sigma)),
    mu: concat(parts.map((x) => x.mu)),
    hat: concat(parts.map((x) => x.hat)),
    betaConv: concatU8(parts.map((x) => x.betaConv)),
    betaIter: concat(parts.map((x) => x.betaIter)),
    deviance: concat(parts.map((x) => x.deviance)),
    logLike: concat(parts.map((x) => x.logLike)),
    p,
  };
}

export type { Matrix };
