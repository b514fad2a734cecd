/**
 * NormFinder stability (Andersen, Jensen & Orntoft 2004, Cancer Res 64:5245), agreeing with
 * Bioconductor NormqPCR `stabMeasureRho` and `selectHKs(method = "NormFinder")`: a model-based
 * estimate of each gene's intragroup variance (bias-corrected for the gene's share of the
 * sample means) and intergroup variation (shrunk by the between-group variance gamma);
 * rho_j = mean over groups of |d_jg| + sqrt(v_jg), smaller = more stable. NormqPCR clips
 * negative variance estimates at zero; the original program uses another rule (the example
 * data have none). The stepwise selection is greedy, as selectHKs.
 *
 * Layout: `values` is samples x genes, row-major (values[s * nGenes + j]).
 * By default values are linear-scale expression and are log2-transformed here
 * (NormqPCR `log = FALSE`); pass `{ log: true }` if they are already log2 (or Cq).
 * NaN entries are treated as missing (NormqPCR na.rm = TRUE).
 */

import { InputError } from "../io/errors";

export interface NormFinderOptions {
  /** true: values are already on a log scale (NormqPCR log = TRUE). Default false. */
  log?: boolean;
  /**
   * A negative intragroup variance estimate becomes 0 ("zero", default: NormqPCR) or, as the
   * original NormFinder program does, the smallest variance of the gene's log ratio to another
   * gene within the group, divided by 4 ("pairwise").
   */
  negativeVariance?: "zero" | "pairwise";
}

/** Per-gene, per-group model terms after shrinkage (NormqPCR returnAll = TRUE). */
export interface NormFinderModel {
  genes: string[];
  groups: string[]; // sorted group levels
  groupSizes: number[]; // samples per group (all samples, as table(group))
  /** rho per gene, in the order of `genes`. */
  rho: Float64Array;
  /** shrunken intergroup difference d[j * m + g] */
  d: Float64Array;
  /** shrunken variance of the group mean v[j * m + g] */
  v: Float64Array;
  /** between-group variance gamma (tau) */
  gamma: number;
}

export interface NormFinderStepwiseResult {
  /** genes in order of selection (length = minNrHKs) */
  ranking: string[];
  /** rho of the selected set after each step; rho[0] = best single gene, rho[1] = best pair */
  rho: number[];
  bestPairRho: number;
  /** false when no group was given: NormqPCR has no reference behaviour there (see SPEC.md) */
  reference: boolean;
}

function toLog2(values: Float64Array, n: number, k: number, opts?: NormFinderOptions, genes?: string[]): Float64Array {
  if (values.length !== n * k) {
    throw new InputError(`values has length ${values.length}, expected ${n} samples x ${k} genes`, "NormFinder");
  }
  if (opts?.log) return Float64Array.from(values);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      out[i] = NaN;
    } else if (!(v > 0) || !Number.isFinite(v)) {
      throw new InputError(`linear-scale value must be positive and finite, got ${v}`, `NormFinder: sample ${Math.floor(i / k) + 1}, gene ${genes ? genes[i % k] : (i % k) + 1}`);
    } else {
      out[i] = Math.log2(v);
    }
  }
  return out;
}

/** Mean of the non-NaN entries; NaN if there are none (as R mean(na.rm = TRUE)). */
function nanMean(xs: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (!Number.isNaN(v)) {
      s += v;
      c++;
    }
  }
  return c === 0 ? NaN : s / c;
}

/** Per-sample mean over genes. */
function sampleMeans(x: Float64Array, n: number, k: number): Float64Array {
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) out[s] = nanMean(x.subarray(s * k, (s + 1) * k));
  return out;
}

/**
 * Intragroup variance estimate for each gene over the sample subset `rows`
 * (NormFinder eq. for sigma^2_ig), before clipping.
 * r_sj = x_sj - geneMean_j - sampleMean_s + overall, where geneMean is the gene's mean
 * over `rows` and overall is the mean of those gene means (group case) or of the
 * sample means (no-group case; the same number when nothing is missing).
 */
function varianceEstimates(
  x: Float64Array,
  k: number,
  rows: number[],
  sampleMean: Float64Array,
  geneMean: Float64Array, // per gene mean within these rows
  overall: number,
): Float64Array {
  const a = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let ss = 0;
    let cnt = 0;
    for (const s of rows) {
      const v = x[s * k + j];
      if (Number.isNaN(v)) continue;
      const r = v - geneMean[j] - sampleMean[s] + overall;
      ss += r * r;
      cnt++;
    }
    a[j] = cnt < 1 ? NaN : ss / (cnt - 1);
  }
  let total = 0;
  for (let j = 0; j < k; j++) if (!Number.isNaN(a[j])) total += a[j];
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) out[j] = (a[j] - total / (k * (k - 1))) / (1 - 2 / k);
  return out;
}

/** Smallest sample variance over genes j' != j of x_j - x_j' within the rows (NaN skipped). */
export function minPairwiseVariance(x: Float64Array, k: number, rows: number[], j: number): number {
  let best = Infinity;
  for (let o = 0; o < k; o++) {
    if (o === j) continue;
    const d = rows.map((s) => x[s * k + j] - x[s * k + o]).filter((v) => !Number.isNaN(v));
    if (d.length < 2) continue;
    const m = d.reduce((a, b) => a + b, 0) / d.length;
    best = Math.min(best, d.reduce((a, b) => a + (b - m) ** 2, 0) / (d.length - 1));
  }
  return best;
}

/**
 * No-group variance estimates exactly as NormqPCR returns them for a one-level
 * group (unclipped, may be negative), in gene order.
 *
 * @example
 * normFinderNoGroupVariance(q.values, q.genes);
 */
export function normFinderNoGroupVariance(
  values: Float64Array,
  genes: string[],
  opts?: NormFinderOptions,
): Float64Array {
  const k = genes.length;
  if (k < 2) throw new InputError("need at least two genes", "NormFinder");
  const n = values.length / k;
  const x = toLog2(values, n, k, opts, genes);
  const sm = sampleMeans(x, n, k);
  const gm = new Float64Array(k);
  const col = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    for (let s = 0; s < n; s++) col[s] = x[s * k + j];
    gm[j] = nanMean(col);
  }
  const overall = nanMean(sm);
  const rows = Array.from({ length: n }, (_, s) => s);
  return varianceEstimates(x, k, rows, sm, gm, overall);
}

/**
 * Full grouped model (rho, shrunken d and v, gamma). Requires >= 2 groups.
 *
 * @example
 * normFinderModel(q.values, q.genes, groups).gamma;
 */
export function normFinderModel(
  values: Float64Array,
  genes: string[],
  group: string[],
  opts?: NormFinderOptions,
): NormFinderModel {
  const k = genes.length;
  if (k < 2) throw new InputError("need at least two genes", "NormFinder");
  const n = group.length;
  const x = toLog2(values, n, k, opts, genes);

  const levels = Array.from(new Set(group)).sort();
  const m = levels.length;
  if (m < 2) throw new InputError("need at least two groups; use group = null for the no-group case", "NormFinder");
  const rowsOf: number[][] = levels.map(() => []);
  const levelIndex = new Map(levels.map((l, i) => [l, i]));
  group.forEach((g, s) => rowsOf[levelIndex.get(g)!].push(s));
  const groupSizes = rowsOf.map((r) => r.length);

  const sm = sampleMeans(x, n, k);

  // Group-by-gene means (m x k) and each group's mean of those.
  const grMean = new Float64Array(m * k);
  const grOverall = new Float64Array(m);
  for (let g = 0; g < m; g++) {
    const rows = rowsOf[g];
    const tmp = new Float64Array(rows.length);
    for (let j = 0; j < k; j++) {
      rows.forEach((s, i) => (tmp[i] = x[s * k + j]));
      grMean[g * k + j] = nanMean(tmp);
    }
    grOverall[g] = nanMean(grMean.subarray(g * k, (g + 1) * k));
  }

  // Intragroup variances, clipped at zero (NormqPCR; the original NormFinder differs, see SPEC.md).
  const va = new Float64Array(m * k); // variance of the group mean, va[g*k+j]
  for (let g = 0; g < m; g++) {
    const vg = varianceEstimates(x, k, rowsOf[g], sm, grMean.subarray(g * k, (g + 1) * k), grOverall[g]);
    for (let j = 0; j < k; j++) {
      let v = vg[j];
      if (v < 0) v = opts?.negativeVariance === "pairwise" ? minPairwiseVariance(x, k, rowsOf[g], j) / 4 : 0;
      va[g * k + j] = v / groupSizes[g];
    }
  }

  // Intergroup differences: two-way interaction residual of the group means.
  const geneAvg = new Float64Array(k); // mean over groups
  for (let j = 0; j < k; j++) {
    let s = 0;
    let c = 0;
    for (let g = 0; g < m; g++) {
      const v = grMean[g * k + j];
      if (!Number.isNaN(v)) {
        s += v;
        c++;
      }
    }
    geneAvg[j] = c ? s / c : NaN;
  }
  const grand = nanMean(grOverall);
  const dif = new Float64Array(k * m); // dif[j*m+g]
  let ssDif = 0;
  let sumVa = 0;
  for (let j = 0; j < k; j++) {
    for (let g = 0; g < m; g++) {
      const d = grMean[g * k + j] - grOverall[g] - geneAvg[j] + grand;
      dif[j * m + g] = d;
      ssDif += d * d;
      sumVa += va[g * k + j];
    }
  }
  const gamma = Math.max(ssDif / ((m - 1) * (k - 1)) - sumVa / (m * k), 0);

  const d = new Float64Array(k * m);
  const v = new Float64Array(k * m);
  const rho = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let acc = 0;
    for (let g = 0; g < m; g++) {
      const vv = va[g * k + j];
      const shrink = gamma / (gamma + vv);
      d[j * m + g] = dif[j * m + g] * shrink;
      v[j * m + g] = vv + vv * shrink;
      acc += Math.abs(d[j * m + g]) + Math.sqrt(v[j * m + g]);
    }
    rho[j] = acc / m;
  }
  return { genes: genes.slice(), groups: levels, groupSizes, rho, d, v, gamma };
}

/**
 * NormFinder stability value rho per gene.
 *
 * @example
 * normFinderRho(q.values, q.genes, groups).get("UBC"); // 0.1822 on the colon example
 * With groups: identical to NormqPCR stabMeasureRho(x, group, log = FALSE).
 * group = null: sqrt(max(variance, 0)) of the no-group variance estimate
 * (NormqPCR itself returns the raw variance there; see normFinderNoGroupVariance).
 */
export function normFinderRho(
  values: Float64Array,
  genes: string[],
  group: string[] | null,
  opts?: NormFinderOptions,
): Map<string, number> {
  const out = new Map<string, number>();
  if (group === null || new Set(group).size === 1) {
    const v = normFinderNoGroupVariance(values, genes, opts);
    genes.forEach((g, j) => out.set(g, Math.sqrt(Math.max(v[j], 0))));
    return out;
  }
  const model = normFinderModel(values, genes, group, opts);
  genes.forEach((g, j) => out.set(g, model.rho[j]));
  return out;
}

/**
 * Stepwise (greedy) selection as NormqPCR selectHKs(method = "NormFinder").
 *
 * @example
 * normFinderStepwise(q.values, q.genes, groups, 3).ranking; // ["UBC", "GAPD", "TPT1"] on the colon example
 * Step 1 takes the gene with smallest rho; step i adds the gene j minimising
 *   mean_g( |mean_{a in S+j} d_ag| * sqrt(k/(k-i)) + sqrt(mean_{a in S+j} v_ag / i) ).
 * minNrHKs defaults to k - 1 (the largest selectHKs accepts).
 * Ties go to the first gene in input order (R which.min).
 */
export function normFinderStepwise(
  values: Float64Array,
  genes: string[],
  group: string[] | null,
  minNrHKs?: number,
  opts?: NormFinderOptions,
): NormFinderStepwiseResult {
  const k = genes.length;
  if (k < 3) throw new InputError("need at least three genes", "NormFinder");
  const steps = minNrHKs ?? k - 1;
  if (steps >= k || steps < 2) throw new InputError("minNrHKs must be in [2, k-1]", "NormFinder");

  let m: number;
  let d: Float64Array;
  let v: Float64Array;
  let rho0: Float64Array;
  let reference = true;
  if (group === null || new Set(group).size === 1) {
    // Extension (NormqPCR errors here): one "group", no between-group term,
    // v = clipped per-sample variance; rho of a set = sqrt(mean v / i).
    reference = false;
    m = 1;
    const vr = normFinderNoGroupVariance(values, genes, opts);
    v = vr.map((x) => Math.max(x, 0));
    d = new Float64Array(k);
    rho0 = v.map((x) => Math.sqrt(x));
  } else {
    const model = normFinderModel(values, genes, group, opts);
    m = model.groups.length;
    d = model.d;
    v = model.v;
    rho0 = model.rho;
  }

  const argmin = (r: Float64Array, skip: boolean[]): number => {
    let best = -1;
    for (let j = 0; j < r.length; j++) {
      if (skip[j] || Number.isNaN(r[j])) continue;
      if (best < 0 || r[j] < r[best]) best = j;
    }
    return best;
  };

  const chosen: number[] = [];
  const used = new Array<boolean>(k).fill(false);
  const rhoSteps: number[] = [];
  const first = argmin(rho0, used);
  chosen.push(first);
  used[first] = true;
  rhoSteps.push(rho0[first]);

  for (let i = 2; i <= steps; i++) {
    const cand = new Float64Array(k).fill(NaN);
    const inflate = Math.sqrt(k / (k - i));
    for (let j = 0; j < k; j++) {
      if (used[j]) continue;
      const set = [...chosen, j];
      let acc = 0;
      for (let g = 0; g < m; g++) {
        let sd = 0;
        let sv = 0;
        for (const a of set) {
          sd += d[a * m + g];
          sv += v[a * m + g];
        }
        acc += Math.abs((sd / i) * inflate) + Math.sqrt(sv / i / i);
      }
      cand[j] = acc / m;
    }
    const b = argmin(cand, used);
    if (b < 0) break;
    chosen.push(b);
    used[b] = true;
    rhoSteps.push(cand[b]);
  }
  return {
    ranking: chosen.map((j) => genes[j]),
    rho: rhoSteps,
    bestPairRho: rhoSteps[1],
    reference,
  };
}
