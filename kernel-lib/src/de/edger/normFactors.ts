/**
 * edgeR's library normalisation (edgeR 3.40 `calcNormFactors`): the trimmed mean of M-values
 * (TMM; Robinson & Oshlack 2010, Genome Biology 11:R25), upper-quartile and none. The factors
 * are scaled to multiply to one; effective library size = library size x factor.
 */
import { InputError } from "../../io/errors";
import { kthSmallest, quantileSelect, selectInPlace } from "../../stats/select";
import type { CountMatrix } from "../../io/counts";

/** Options of {@link calcNormFactors}. */
export interface NormFactorOptions {
  method?: "TMM" | "TMMwsp" | "RLE" | "upperquartile" | "none";
  /** Library sizes (default: column sums). */
  libSize?: ArrayLike<number>;
  /** Reference sample (index) for TMM; default as edgeR (upper quartile closest to the mean). */
  refColumn?: number;
  logratioTrim?: number;
  sumTrim?: number;
  doWeighting?: boolean;
  Acutoff?: number;
  /** Quantile for upperquartile. Default 0.75. */
  p?: number;
}

/** R's quantile type 7 of unsorted values. */
function quantile7(values: ArrayLike<number>, prob: number): number {
  return quantileSelect(values, prob);
}

/**
 * The values whose rank (R's `rank`, ties averaged) lies in [lo, hi] (1-based): average ranks
 * grow with the value, so they form a range [vLo, vHi], found from the order statistics at
 * lo and hi and the extent of their ties (linear expected time, no sort).
 */
function rankRange(x: Float64Array, lo: number, hi: number, scratch: Float64Array): [number, number] {
  const n = x.length;
  if (!(lo <= hi) || n === 0) return [Infinity, -Infinity];
  const kLo = Math.min(Math.max(Math.ceil(lo) - 1, 0), n - 1);
  const kHi = Math.min(Math.max(Math.floor(hi) - 1, 0), n - 1);
  const v1 = kthSmallest(x, kLo, scratch);
  // The scratch is now partitioned around kLo: a larger order statistic lies above it.
  const v2 = kHi > kLo ? selectInPlace(scratch, kLo + 1, n - 1, kHi) : kHi === kLo ? v1 : kthSmallest(x, kHi, scratch);
  let less1 = 0;
  let eq1 = 0;
  let less2 = 0;
  let eq2 = 0;
  let above1 = Infinity;
  let below2 = -Infinity;
  // The counts and extremes over the scratch, which holds the same values partitioned around
  // kLo and kHi: in each part the comparisons mostly go one way, where in gene order they
  // would be coin flips for the branch predictor.
  for (let i = 0; i < n; i++) {
    const v = scratch[i];
    if (v < v1) less1++;
    else if (v === v1) eq1++;
    else if (v < above1) above1 = v;
    if (v < v2) {
      less2++;
      if (v > below2) below2 = v;
    } else if (v === v2) eq2++;
  }
  const vLo = less1 + (eq1 + 1) / 2 >= lo ? v1 : above1;
  const vHi = less2 + (eq2 + 1) / 2 <= hi ? v2 : below2;
  return [vLo, vHi];
}

/** Work arrays of {@link tmmFactor}, reused from sample to sample. */
interface TmmBuffers {
  logR: Float64Array;
  absE: Float64Array;
  v: Float64Array;
  scratch: Float64Array;
  log2o: Float64Array;
}

function tmmBuffers(n: number): TmmBuffers {
  return { logR: new Float64Array(n), absE: new Float64Array(n), v: new Float64Array(n), scratch: new Float64Array(n), log2o: new Float64Array(Math.min(n, 2048)) };
}

/** The reference library's per-gene terms of TMM, the same for every sample: computed once. */
interface RefTerms {
  /** ref / nR */
  r1: Float64Array;
  /** log2(ref / nR) */
  log2r1: Float64Array;
  /** (nR - ref) / nR / ref, the reference's part of the delta-method variance */
  v: Float64Array;
}

function referenceTerms(ref: Float64Array, nR: number): RefTerms {
  const G = ref.length;
  const rt = { r1: new Float64Array(G), log2r1: new Float64Array(G), v: new Float64Array(G) };
  for (let g = 0; g < G; g++) {
    const r = ref[g];
    if (r === 0) continue; // (genes with a zero in the reference are dropped)
    const r1 = r / nR;
    rt.r1[g] = r1;
    rt.log2r1[g] = Math.log2(r1);
    rt.v[g] = (nR - r) / nR / r;
  }
  return rt;
}

/** One sample's TMM factor against the reference (edgeR `.calcFactorTMM`). */
function tmmFactor(
  obs: Float64Array,
  ref: Float64Array,
  nO: number,
  nR: number,
  o: Required<Pick<NormFactorOptions, "logratioTrim" | "sumTrim" | "doWeighting" | "Acutoff">>,
  refTerms?: RefTerms,
  buffers?: TmmBuffers,
): number {
  const G = obs.length;
  const bufs = buffers && buffers.logR.length >= G ? buffers : tmmBuffers(G);
  const rt = refTerms ?? referenceTerms(ref, nR);
  // (each pass over the genes is a function of its own: V8 compiles a long loop while it runs,
  // and code after the loop that had not run yet sent the rest of the call back to the
  // interpreter, the next passes over the genes included, in the first calls of every thread)
  const n0 = tmmTerms(obs, ref, nO, o.Acutoff, rt, bufs);
  const logR = bufs.logR.subarray(0, n0);
  const absE = bufs.absE.subarray(0, n0);
  const v = bufs.v.subarray(0, n0);
  if (n0 === 0 || maxAbs(logR) < 1e-6) return 1;
  const n = n0;
  const loL = Math.floor(n * o.logratioTrim) + 1;
  const hiL = n + 1 - loL;
  const loS = Math.floor(n * o.sumTrim) + 1;
  const hiS = n + 1 - loS;
  const scratch = bufs.scratch.subarray(0, n);
  const [lLo, lHi] = rankRange(logR, loL, hiL, scratch);
  const [eLo, eHi] = rankRange(absE, loS, hiS, scratch);
  let f = trimmedMean(logR, absE, v, lLo, lHi, eLo, eHi, o.doWeighting);
  if (Number.isNaN(f)) f = 0;
  return Math.pow(2, f);
}

/**
 * The M and A values and the delta-method variances of the genes with a count in both
 * libraries and A above the cutoff, into the buffers; returns how many.
 */
function tmmTerms(obs: Float64Array, ref: Float64Array, nO: number, Acutoff: number, rt: RefTerms, bufs: TmmBuffers): number {
  const G = obs.length;
  const logRAll = bufs.logR;
  const absEAll = bufs.absE;
  const vAll = bufs.v;
  // log2(count / nO) of small whole counts from a table (the same expression, computed once)
  const log2o = bufs.log2o;
  for (let c = 0; c < log2o.length; c++) log2o[c] = Math.log2(c / nO);
  let n0 = 0;
  for (let g = 0; g < G; g++) {
    const og = obs[g];
    // a zero in either library gives an infinite log ratio: such genes are dropped
    if (og === 0 || ref[g] === 0) continue;
    const o1 = og / nO;
    const lr = Math.log2(o1 / rt.r1[g]);
    const ae = ((og < log2o.length && (og | 0) === og ? log2o[og] : Math.log2(o1)) + rt.log2r1[g]) / 2;
    if (!Number.isFinite(lr) || !Number.isFinite(ae) || !(ae > Acutoff)) continue;
    logRAll[n0] = lr;
    absEAll[n0] = ae;
    vAll[n0] = (nO - og) / nO / og + rt.v[g];
    n0++;
  }
  return n0;
}

/** The largest |value|. */
function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** The (precision-weighted) mean of the M values of the genes inside both trims. */
function trimmedMean(logR: Float64Array, absE: Float64Array, v: Float64Array, lLo: number, lHi: number, eLo: number, eHi: number, doWeighting: boolean): number {
  let num = 0, den = 0, sum = 0, cnt = 0;
  for (let i = 0; i < logR.length; i++) {
    if (!(logR[i] >= lLo && logR[i] <= lHi && absE[i] >= eLo && absE[i] <= eHi)) continue;
    num += logR[i] / v[i];
    den += 1 / v[i];
    sum += logR[i];
    cnt++;
  }
  return doWeighting ? num / den : sum / cnt;
}

/**
 * TMM with singleton pairing (edgeR `.calcFactorTMMwsp`): genes with a zero in exactly one
 * of the two libraries are paired largest with largest instead of being dropped; M-value ties
 * are broken by a shrunken M; weights stabilised by 1e-6.
 */
function tmmwspFactor(obs0: Float64Array, ref0: Float64Array, nO: number, nR: number, logratioTrim: number, sumTrim: number, doWeighting: boolean): number {
  const eps = 1e-14;
  const obsB: number[] = [];
  const refB: number[] = [];
  const zeroObs: number[] = [];
  const zeroRef: number[] = [];
  const kObs: number[] = [];
  const kRef: number[] = [];
  for (let g = 0; g < obs0.length; g++) {
    const po = obs0[g] > eps;
    const pr = ref0[g] > eps;
    if (!po && !pr) continue;
    if (po && pr) {
      obsB.push(obs0[g]);
      refB.push(ref0[g]);
    } else {
      kObs.push(obs0[g]);
      kRef.push(ref0[g]);
      if (!po) zeroObs.push(g);
      else zeroRef.push(g);
    }
  }
  const singles = Math.min(zeroObs.length, zeroRef.length);
  const obs = obsB.slice();
  const ref = refB.slice();
  if (singles > 0) {
    const ro = kRef.slice().sort((a, b) => b - a).slice(0, singles);
    const oo = kObs.slice().sort((a, b) => b - a).slice(0, singles);
    obs.push(...oo);
    ref.push(...ro);
  }
  const n = obs.length;
  if (n === 0) return 1;
  const obsP = obs.map((v) => v / nO);
  const refP = ref.map((v) => v / nR);
  const M = obsP.map((v, i) => Math.log2(v / refP[i]));
  const A = obsP.map((v, i) => 0.5 * Math.log2(v * refP[i]));
  if (M.reduce((m: number, v: number) => Math.max(m, Math.abs(v)), 0) < 1e-6) return 1;
  const Ms = obs.map((v, i) => Math.log2((v + 0.5) / (nO + 0.5) / ((ref[i] + 0.5) / (nR + 0.5))));
  const idx = Array.from({ length: n }, (_, i) => i);
  const oM = idx.slice().sort((a, b) => M[a] - M[b] || Ms[a] - Ms[b] || a - b);
  const oA = idx.slice().sort((a, b) => A[a] - A[b] || a - b);
  const loM = Math.trunc(n * logratioTrim) + 1;
  const hiM = n + 1 - loM;
  const loA = Math.trunc(n * sumTrim) + 1;
  const hiA = n + 1 - loA;
  const keepM = new Uint8Array(n);
  const keepA = new Uint8Array(n);
  for (let r = loM; r <= hiM; r++) keepM[oM[r - 1]] = 1;
  for (let r = loA; r <= hiA; r++) keepA[oA[r - 1]] = 1;
  let num = 0, den = 0, sum = 0, cnt = 0;
  for (let i = 0; i < n; i++) {
    if (!(keepM[i] && keepA[i])) continue;
    const v = (1 - obsP[i]) / obsP[i] / nO + (1 - refP[i]) / refP[i] / nR;
    const w = (1 + 1e-6) / (v + 1e-6);
    num += w * M[i];
    den += w;
    sum += M[i];
    cnt++;
  }
  return Math.pow(2, doWeighting ? num / den : sum / cnt);
}

/** Reference sample with the largest sum of sqrt(count) over kept genes (edgeR's TMMwsp choice, and TMM's fallback). */
function sqrtSumReference(values: Float64Array, keep: number[], m: number): number {
  let ref = 0;
  let best = -Infinity;
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (const g of keep) s += Math.sqrt(values[g * m + j]);
    if (s > best) {
      best = s;
      ref = j;
    }
  }
  return ref;
}

/** Options of TMM after defaults, passed to the per-sample factor. */
export type TmmOptions = Required<Pick<NormFactorOptions, "logratioTrim" | "sumTrim" | "doWeighting" | "Acutoff">>;

/** What TMM needs beside a sample's column: the reference column, its library size, options. */
export interface TmmPlan {
  refCol: Float64Array;
  nR: number;
  o: TmmOptions;
}

/** The genes with a positive count somewhere, copied sample by sample (one pass over the matrix). */
function expressedColumns(counts: CountMatrix): { keep: number[]; byCol: Float64Array } {
  const { nGenes: n, nSamples: m, values } = counts;
  const keep: number[] = [];
  for (let g = 0; g < n; g++) {
    for (let j = 0; j < m; j++) {
      if (values[g * m + j] > 0) {
        keep.push(g);
        break;
      }
    }
  }
  const byCol = new Float64Array(keep.length * m);
  for (let k = 0; k < keep.length; k++) {
    const g = keep[k];
    for (let j = 0; j < m; j++) byCol[j * keep.length + k] = values[g * m + j];
  }
  return { keep, byCol };
}

/** TMM's reference (edgeR: the upper quartile closest to their mean, unless given) and options. */
function tmmPlan(counts: CountMatrix, keep: number[], col: (j: number) => Float64Array, lib: Float64Array, options: NormFactorOptions): TmmPlan {
  const m = counts.nSamples;
  let ref = options.refColumn;
  if (ref === undefined) {
    const scratch = new Float64Array(keep.length);
    const f75 = Float64Array.from({ length: m }, (_, j) => quantileSelect(col(j), 0.75, scratch) / lib[j]);
    const med = quantile7(f75, 0.5);
    if (med < 1e-20) ref = sqrtSumReference(counts.values, keep, m);
    else {
      const mean = f75.reduce((a, b) => a + b, 0) / m;
      let best = Infinity;
      for (let j = 0; j < m; j++) {
        if (Math.abs(f75[j] - mean) < best) {
          best = Math.abs(f75[j] - mean);
          ref = j;
        }
      }
    }
  }
  const o = { logratioTrim: options.logratioTrim ?? 0.3, sumTrim: options.sumTrim ?? 0.05, doWeighting: options.doWeighting ?? true, Acutoff: options.Acutoff ?? -1e10 };
  return { refCol: col(ref!), nR: lib[ref!], o };
}

let lastReference: { ref: Float64Array; nR: number; nKeep: number; rt: RefTerms; bufs: ReturnType<typeof tmmBuffers> } | null = null;

/**
 * TMM factors (before scaling to product one) of `lib.length` samples whose columns of `nKeep`
 * genes follow each other in `cols`, against `plan`'s reference.
 */
export function tmmFactorsOf(cols: Float64Array, nKeep: number, lib: ArrayLike<number>, plan: TmmPlan): Float64Array {
  // the reference's terms and the buffers are kept for the next call with the same plan (the
  // next samples of the same run, when the samples are shared out in small blocks)
  let c = lastReference;
  if (!c || c.ref !== plan.refCol || c.nR !== plan.nR || c.nKeep !== nKeep) c = lastReference = { ref: plan.refCol, nR: plan.nR, nKeep, rt: referenceTerms(plan.refCol, plan.nR), bufs: tmmBuffers(nKeep) };
  const { rt, bufs } = c;
  return Float64Array.from({ length: lib.length }, (_, j) => tmmFactor(cols.subarray(j * nKeep, (j + 1) * nKeep), plan.refCol, lib[j], plan.nR, plan.o, rt, bufs));
}

/** Factors scaled to multiply to one (edgeR divides by their geometric mean). */
export function unitProduct(f: Float64Array): Float64Array {
  let s = 0;
  for (let j = 0; j < f.length; j++) s += Math.log(f[j]);
  const g = Math.exp(s / f.length);
  return Float64Array.from(f, (v) => v / g);
}

/**
 * TMM with its per-sample work left to the caller (to run on threads): the expressed genes'
 * columns, the plan and the library sizes; or, where there is no per-sample work (no expressed
 * gene, one sample), the factors themselves.
 */
export function tmmPrepare(counts: CountMatrix): { factors: Float64Array } | { byCol: Float64Array; nKeep: number; lib: Float64Array; plan: TmmPlan } {
  const lib = counts.librarySizes();
  const { keep, byCol } = expressedColumns(counts);
  if (keep.length === 0 || counts.nSamples === 1) return { factors: new Float64Array(counts.nSamples).fill(1) };
  const col = (j: number) => byCol.subarray(j * keep.length, (j + 1) * keep.length);
  return { byCol, nKeep: keep.length, lib, plan: tmmPlan(counts, keep, col, lib, {}) };
}

/**
 * Normalisation factors, as edgeR's `calcNormFactors`.
 *
 * @example
 * calcNormFactors(counts); // Float64Array, one factor per sample, product 1
 */
export function calcNormFactors(counts: CountMatrix, options: NormFactorOptions = {}): Float64Array {
  const method = options.method ?? "TMM";
  const { nSamples: m, values } = counts;
  const lib = options.libSize ? Float64Array.from(options.libSize) : counts.librarySizes();
  if (lib.length !== m) throw new InputError(`${lib.length} library sizes for ${m} samples`, "calcNormFactors");
  const { keep, byCol } = expressedColumns(counts);
  const col = (j: number) => byCol.subarray(j * keep.length, (j + 1) * keep.length);
  let f: Float64Array;
  if (keep.length === 0 || m === 1 || method === "none") f = new Float64Array(m).fill(1);
  else if (method === "RLE") {
    // Median ratio to the geometric mean, over genes with no zero (edgeR .calcFactorRLE), / library size.
    const gm = keep.map((g) => {
      let s = 0;
      for (let j = 0; j < m; j++) s += Math.log(values[g * m + j]);
      return Math.exp(s / m);
    });
    f = Float64Array.from({ length: m }, (_, j) => {
      const r: number[] = [];
      keep.forEach((g, k) => {
        if (gm[k] > 0) r.push(values[g * m + j] / gm[k]);
      });
      return quantile7(r, 0.5) / lib[j];
    });
  } else if (method === "TMMwsp") {
    let ref = options.refColumn;
    if (ref === undefined) ref = sqrtSumReference(values, keep, m);
    const refCol = col(ref!);
    f = Float64Array.from({ length: m }, (_, j) =>
      tmmwspFactor(col(j), refCol, lib[j], lib[ref!], options.logratioTrim ?? 0.3, options.sumTrim ?? 0.05, options.doWeighting ?? true),
    );
  } else if (method === "upperquartile") f = Float64Array.from({ length: m }, (_, j) => quantile7(col(j), options.p ?? 0.75) / lib[j]);
  else f = tmmFactorsOf(byCol, keep.length, lib, tmmPlan(counts, keep, col, lib, options));
  return unitProduct(f);
}
