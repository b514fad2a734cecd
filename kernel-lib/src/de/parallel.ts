/**
 * Running the per-gene stages (gene-wise dispersions, MAP dispersions, GLM fits) on
 * worker threads. DESeq2's stages split the genes into one contiguous block per thread;
 * edgeR's cut them into small blocks that the threads claim as they go ({@link runClaimed}).
 * Every gene is computed by the same code from the same inputs whatever the block, so results
 * are identical for any number of threads. The serial steps (size factors, trend, prior
 * variance) stay on the calling thread.
 */
import { Worker } from "worker_threads";
import { join } from "path";
import type { Matrix } from "../stats/linalg";
import type { DispersionInput, GeneEstimates, DispersionTrend, MapEstimates } from "./dispersions";
import { ximOf } from "./dispersions";
import type { GlmFit } from "./glm";
import type { NbGlmFit } from "./edger/glm";
import type { TmmPlan } from "./edger/normFactors";
import { runTask } from "./tasks";

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

/**
 * Run one task per block on the pool, each block going to the next free worker; the
 * results come back in block order (so they do not depend on which worker ran what).
 */
export async function runBlocks<R>(pool: WorkerPool, bs: Block[], make: (b: Block) => { task: Task; owned: (Float64Array | Uint8Array)[] }): Promise<R[]> {
  const results = new Array<R>(bs.length);
  let next = 0;
  const worker = async (w: number) => {
    while (next < bs.length) {
      const i = next++;
      const { task, owned } = make(bs[i]);
      results[i] = (await pool.run(w, task, owned)) as R;
    }
  };
  await Promise.all(Array.from({ length: Math.min(pool.size, bs.length) }, (_, w) => worker(w)));
  return results;
}

/** The slice of a gene-major array (genes x width) for a block. */
function rows(a: Float64Array, b: Block, width: number): Float64Array {
  return a.slice(b.start * width, b.end * width);
}

function inputSlice(d: DispersionInput, b: Block): DispersionInput {
  return {
    ...d,
    counts: rows(d.counts, b, d.nSamples),
    normFactors: d.normFactors ? rows(d.normFactors, b, d.nSamples) : undefined,
    weights: d.weights ? rows(d.weights, b, d.nSamples) : undefined,
    baseWeights: d.baseWeights ? rows(d.baseWeights, b, d.nSamples) : undefined,
    weightsFail: d.weightsFail ? d.weightsFail.slice(b.start, b.end) : undefined,
    xim: ximOf(d),
    nGenes: b.end - b.start,
  };
}

/** Serialisable task for the worker. */
export type Task =
  | { stage: "geneEst"; input: DispersionInput }
  | { stage: "mapGlm"; input: DispersionInput; est: GeneEstimates; trend: DispersionTrend; dispPriorVar: number }
  | { stage: "edgerGrid"; values: Float64Array; nGenes: number; offset: Float64Array; design: Matrix; grid: Float64Array }
  | { stage: "edgerPseudo"; values: Float64Array; nGenes: number; group: number[]; lib: Float64Array; disp: number; out: Float64Array; outStart: number }
  | { stage: "edgerClassicLogLik"; pseudo: Float64Array; nGenes: number; group: number[]; delta: number; c0: number; c1: number }
  | { stage: "edgerClassicGrid"; values: Float64Array; nGenes: number; group: number[]; lib: Float64Array; disp: number; grid: Float64Array }
  | { stage: "edgerGlmFit"; values: Float64Array; nGenes: number; design: Matrix; offset: Float64Array; dispersion: Float64Array; priorCount: number; unshrunk?: { unshrunkCoefficients: Float64Array; fitted: Float64Array; deviance: Float64Array } }
  | { stage: "edgerExact"; values: Float64Array; nGenes: number; group: number[]; lib: Float64Array; dispersion: Float64Array; priorCount: number }
  | { stage: "tmm"; cols: Float64Array; nKeep: number; lib: Float64Array; plan: TmmPlan }
  | { stage: "aveLogCpm"; values: Float64Array; nGenes: number; lib: Float64Array; dispersion: number }
  | ClaimedTask;

/**
 * A stage whose items (genes, samples or chunks of genes) are cut into blocks that every thread
 * claims in turn from a shared counter until none is left, so a thread that runs faster (or
 * starts earlier) takes more blocks and all finish together. `inner` holds the whole stage's
 * inputs in shared memory; a block runs `inner` cut to its items (see sliceTask in tasks.ts) and
 * writes each result array into the shared array of the same name in `out`, at the block's
 * items (the width of a result per item is out[name].length / nItems). Each item's result
 * depends only on the item, so any claiming order gives the same output.
 */
export interface ClaimedTask {
  stage: "claimed";
  inner: Task;
  claim: Int32Array;
  nItems: number;
  blockSize: number;
  out: Record<string, Float64Array>;
}

/**
 * The threads that run a run's per-gene stages: the calling thread, which computes its share
 * of every stage itself, and `size - 1` worker threads reused for every stage (their
 * compiled code stays warm). So `size` threads compute, and no thread waits idle for the others
 * while the machine has cores for them. Call {@link WorkerPool.close} when done.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  /** `preload`: the methods whose code the workers load as they start ("deseq2", "edger"); anything else loads on first use. */
  constructor(
    readonly size: number,
    preload: ("deseq2" | "edger")[] = [],
  ) {
    this.workers = Array.from({ length: Math.max(0, size - 1) }, () => new Worker(join(__dirname, "worker.js"), { workerData: { preload } }));
    for (const w of this.workers) w.unref();
  }

  /**
   * Run `task` in slot `i` (0: this thread, which starts on it once the current synchronous code,
   * such as handing the other slots their tasks, is done; else a worker). `owned` are arrays
   * made for this task alone, handed over to a worker instead of copied.
   */
  run(i: number, task: Task, owned: (Float64Array | Uint8Array)[] = []): Promise<unknown> {
    const slot = i % this.size;
    if (slot === 0) {
      return new Promise((resolve, reject) => {
        setImmediate(() => {
          try {
            resolve(runTask(task));
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      });
    }
    const w = this.workers[slot - 1];
    return new Promise((resolve, reject) => {
      const onMessage = (msg: { ok: boolean; result?: unknown; error?: string }) => {
        w.off("error", onError);
        if (msg.ok) resolve(msg.result);
        else reject(new Error(msg.error));
      };
      const onError = (e: Error) => {
        w.off("message", onMessage);
        reject(e);
      };
      w.once("message", onMessage);
      w.once("error", onError);
      w.postMessage(task, [...new Set(owned.map((a) => a.buffer as ArrayBuffer))]);
    });
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function concatInto<T extends Float64Array | Uint8Array>(parts: T[], out: T): T {
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const total = (parts: ArrayLike<number>[]) => parts.reduce((a, p) => a + p.length, 0);
const concat = (parts: Float64Array[]) => concatInto(parts, new Float64Array(total(parts)));
const concatU8 = (parts: Uint8Array[]) => concatInto(parts, new Uint8Array(total(parts)));

/** Gene-wise dispersions on `threads` workers. */
export async function geneEstParallel(d: DispersionInput, pool: WorkerPool): Promise<GeneEstimates> {
  const parts = await runBlocks<GeneEstimates>(pool, blocks(d.nGenes, pool.size), (b) => {
    const input = inputSlice(d, b);
    return { task: { stage: "geneEst", input }, owned: [input.counts] };
  });
  return {
    baseMean: concat(parts.map((p) => p.baseMean)),
    baseVar: concat(parts.map((p) => p.baseVar)),
    allZero: concatU8(parts.map((p) => p.allZero)),
    dispGeneEst: concat(parts.map((p) => p.dispGeneEst)),
    dispGeneIter: concat(parts.map((p) => p.dispGeneIter)),
    mu: concat(parts.map((p) => p.mu)),
  };
}

type FitWithCooks = GlmFit & { cooks: Float64Array; maxCooks: Float64Array };

/**
 * MAP dispersions, then the GLM fits and Cook's distances with them, block by block in one
 * task each (no round trip between the two stages).
 */
export async function mapGlmParallel(
  d: DispersionInput,
  est: GeneEstimates,
  trend: DispersionTrend,
  prior: { value: number; method: MapEstimates["dispPriorVarMethod"] },
  pool: WorkerPool,
): Promise<{ map: MapEstimates; fit: FitWithCooks }> {
  const m = d.nSamples;
  const parts = await runBlocks<{ map: MapEstimates; fit: FitWithCooks }>(pool, blocks(d.nGenes, pool.size), (b) => {
    const input = inputSlice(d, b);
    const e: GeneEstimates = {
      baseMean: rows(est.baseMean, b, 1),
      baseVar: rows(est.baseVar, b, 1),
      allZero: est.allZero.slice(b.start, b.end),
      dispGeneEst: rows(est.dispGeneEst, b, 1),
      dispGeneIter: rows(est.dispGeneIter, b, 1),
      mu: rows(est.mu, b, m),
    };
    const dispFit = rows(trend.dispFit, b, 1);
    return {
      task: { stage: "mapGlm", input, est: e, trend: { ...trend, dispFit }, dispPriorVar: prior.value },
      owned: [input.counts, e.baseMean, e.baseVar, e.allZero, e.dispGeneEst, e.dispGeneIter, e.mu, dispFit],
    };
  });
  const maps = parts.map((x) => x.map);
  const fits = parts.map((x) => x.fit);
  return {
    map: {
      dispPriorVar: prior.value,
      dispPriorVarMethod: prior.method,
      dispMAP: concat(maps.map((x) => x.dispMAP)),
      dispIter: concat(maps.map((x) => x.dispIter)),
      dispOutlier: concatU8(maps.map((x) => x.dispOutlier)),
      dispersion: concat(maps.map((x) => x.dispersion)),
    },
    fit: {
      cooks: concat(fits.map((x) => x.cooks)),
      maxCooks: concat(fits.map((x) => x.maxCooks)),
      beta: concat(fits.map((x) => x.beta)),
      se: concat(fits.map((x) => x.se)),
      sigma: concat(fits.map((x) => x.sigma)),
      mu: concat(fits.map((x) => x.mu)),
      hat: concat(fits.map((x) => x.hat)),
      betaConv: concatU8(fits.map((x) => x.betaConv)),
      betaIter: concat(fits.map((x) => x.betaIter)),
      deviance: concat(fits.map((x) => x.deviance)),
      logLike: concat(fits.map((x) => x.logLike)),
      p: d.design.cols,
    },
  };
}

export type { Matrix };

/** `a` itself when it already lives in shared memory, else a copy there. */
export function shared(a: ArrayLike<number>): Float64Array {
  if (a instanceof Float64Array && a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Float64Array(new SharedArrayBuffer(a.length * 8));
  out.set(a);
  return out;
}

/** A zero-filled array in shared memory. */
export function sharedZeros(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * 8));
}

/**
 * Run `inner` over `nItems` items on every thread of the pool, blocks of `blockSize` items
 * claimed from a shared counter (see {@link ClaimedTask}); the results land in `out`.
 */
export async function runClaimed(pool: WorkerPool, inner: Task, nItems: number, blockSize: number, out: Record<string, Float64Array> = {}, workersOnly = false): Promise<void> {
  const claim = new Int32Array(new SharedArrayBuffer(4));
  const task: ClaimedTask = { stage: "claimed", inner, claim, nItems, blockSize, out };
  const jobs: Promise<unknown>[] = [];
  // the workers first (their message is on its way while this thread computes; one that finds
  // no block left returns at once)
  for (let w = 1; w < pool.size; w++) jobs.push(pool.run(w, task));
  // `workersOnly` leaves this thread free for other work meanwhile (when there are workers)
  if (!workersOnly || jobs.length === 0) jobs.push(pool.run(0, task));
  await Promise.all(jobs);
}

/** Genes per claimed block of the edgeR stages: small enough to even out the threads, big enough that claiming costs nothing. */
const GENE_BLOCK = 1024;

/**
 * edgeR's grid of adjusted profile log-likelihoods (genes x grid) on the pool: each gene's row
 * depends only on that gene, so any split gives the same numbers as one pass.
 */
export async function edgerGridParallel(values: Float64Array, nGenes: number, offset: Float64Array, design: Matrix, grid: Float64Array, pool: WorkerPool): Promise<Float64Array> {
  const l0 = sharedZeros(nGenes * grid.length);
  await runClaimed(pool, { stage: "edgerGrid", values: shared(values), nGenes, offset, design, grid }, nGenes, GENE_BLOCK, { l0 });
  return l0;
}

/**
 * Classic-mode pseudo-counts (genes x samples) on the pool, written into shared memory (the
 * threads then read them without copies).
 */
export async function edgerPseudoParallel(values: Float64Array, nGenes: number, nSamples: number, group: number[], lib: Float64Array, disp: number, pool: WorkerPool): Promise<Float64Array> {
  const out = sharedZeros(nGenes * nSamples);
  await runClaimed(pool, { stage: "edgerPseudo", values: shared(values), nGenes, group, lib, disp, out, outStart: 0 }, nGenes, GENE_BLOCK);
  return out;
}

/**
 * The classic conditional log-likelihood of `delta` summed over genes: the chunks' partial sums
 * (see classicLogLikChunks) on the pool, added in chunk order, so the same sum for any number
 * of threads.
 */
export async function classicLogLikParallel(pseudo: Float64Array, nGenes: number, group: number[], delta: number, pool: WorkerPool): Promise<number> {
  const { CLASSIC_CHUNK } = await import("./edger/estimateDisp");
  const nChunks = Math.ceil(nGenes / CLASSIC_CHUNK);
  const sums = sharedZeros(nChunks);
  await runClaimed(pool, { stage: "edgerClassicLogLik", pseudo: shared(pseudo), nGenes, group, delta, c0: 0, c1: nChunks }, nChunks, 1, { sums });
  let s = 0;
  for (const v of sums) s += v;
  return s;
}

/** Classic-mode grid log-likelihoods (genes x grid) on the pool. */
export async function edgerClassicGridParallel(values: Float64Array, nGenes: number, group: number[], lib: Float64Array, disp: number, grid: Float64Array, pool: WorkerPool): Promise<Float64Array> {
  const l0 = sharedZeros(nGenes * grid.length);
  await runClaimed(pool, { stage: "edgerClassicGrid", values: shared(values), nGenes, group, lib, disp, grid }, nGenes, GENE_BLOCK, { l0 });
  return l0;
}

/** edgeR's exact test on the pool (group: 0, 1 or -1 per sample). */
export async function edgerExactParallel(values: Float64Array, nGenes: number, group: number[], lib: Float64Array, dispersion: Float64Array, priorCount: number, pool: WorkerPool): Promise<{ logFC: Float64Array; pValue: Float64Array }> {
  const out = { logFC: sharedZeros(nGenes), pValue: sharedZeros(nGenes) };
  await runClaimed(pool, { stage: "edgerExact", values: shared(values), nGenes, group, lib, dispersion: shared(dispersion), priorCount }, nGenes, GENE_BLOCK, out);
  return out;
}

/**
 * edgeR's `glmFit` on the pool (each gene's fit depends only on that gene and the offsets, so
 * any split gives the same numbers as one pass).
 */
export async function edgerGlmFitParallel(
  values: Float64Array,
  nGenes: number,
  design: Matrix,
  offset: Float64Array,
  dispersion: Float64Array,
  priorCount: number,
  pool: WorkerPool,
  options: { unshrunk?: NbGlmFit; workersOnly?: boolean } = {},
): Promise<NbGlmFit> {
  const n = design.rows;
  const p = design.cols;
  const u = options.unshrunk;
  const unshrunk = u && { unshrunkCoefficients: shared(u.unshrunkCoefficients), fitted: shared(u.fitted), deviance: shared(u.deviance) };
  const out: Record<string, Float64Array> = priorCount > 0 ? { coefficients: sharedZeros(nGenes * p) } : {};
  if (!unshrunk) Object.assign(out, { unshrunkCoefficients: sharedZeros(nGenes * p), fitted: sharedZeros(nGenes * n), deviance: sharedZeros(nGenes) });
  await runClaimed(pool, { stage: "edgerGlmFit", values: shared(values), nGenes, design, offset, dispersion: shared(dispersion), priorCount, unshrunk }, nGenes, GENE_BLOCK, out, options.workersOnly);
  const base = unshrunk ?? (out as { unshrunkCoefficients: Float64Array; fitted: Float64Array; deviance: Float64Array });
  return {
    nGenes,
    nSamples: n,
    design,
    coefficients: priorCount > 0 ? out.coefficients : base.unshrunkCoefficients,
    unshrunkCoefficients: base.unshrunkCoefficients,
    fitted: base.fitted,
    deviance: base.deviance,
    dfResidual: n - p,
    offset,
    dispersion: Float64Array.from(dispersion),
    priorCount,
  };
}

/**
 * TMM factors (before scaling to product one) with the samples shared out over the pool: each
 * sample's factor depends only on its column and the reference.
 */
export async function tmmParallel(prep: { byCol: Float64Array; nKeep: number; lib: Float64Array; plan: TmmPlan }, pool: WorkerPool): Promise<Float64Array> {
  const { byCol, nKeep, lib, plan } = prep;
  const factors = sharedZeros(lib.length);
  await runClaimed(pool, { stage: "tmm", cols: shared(byCol), nKeep, lib, plan }, lib.length, 1, { factors });
  return factors;
}

/** edgeR's AveLogCPM (one-group fits, gene by gene) on the pool. */
export async function aveLogCpmParallel(values: ArrayLike<number>, nGenes: number, libSize: ArrayLike<number>, dispersion: number, pool: WorkerPool): Promise<Float64Array> {
  const ave = sharedZeros(nGenes);
  await runClaimed(pool, { stage: "aveLogCpm", values: shared(values), nGenes, lib: Float64Array.from(libSize), dispersion }, nGenes, 2 * GENE_BLOCK, { ave });
  return ave;
}
