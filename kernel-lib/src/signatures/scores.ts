/**
 * Per-sample gene-set scores, as GSVA 1.46.0 computes them: `gsva` (Hänzelmann et al. 2013),
 * `ssgsea` (Barbie et al. 2009), `zscore` (Lee et al. 2008), `plage` (Tomfohr et al. 2005), and the
 * mean z-score `meanz` (Ishizawa et al. 2018). Every method scores each set in each sample of a
 * genes x samples matrix of continuous values (e.g. a VST or log-CPM matrix).
 *
 * Conventions shared with GSVA 1.46:
 * - rows whose standard deviation (n - 1) is below 1e-10 are dropped before scoring, as GSVA drops
 *   them; a set's genes among them are reported in `missing` with the genes absent from the matrix;
 * - gene matching is exact and case-sensitive; set weights are ignored;
 * - ties are broken by row order (a stable sort), which matters: ties are common in VST data.
 */
import { symmetricEigen } from "../stats/pca";
import { InputError } from "../io/errors";
import { Table } from "../io/table";
import { normalUpper } from "../stats/distributions";
import { GeneSet, matchSet } from "./geneSet";

/**
 * A scoring method.
 *
 * @example
 * const m: ScoreMethod = "ssgsea";
 */
export type ScoreMethod = "gsva" | "ssgsea" | "zscore" | "meanz" | "plage";

/** The methods `scoreSets` knows, in the order they are listed in error messages. */
const METHODS: readonly ScoreMethod[] = ["gsva", "ssgsea", "zscore", "meanz", "plage"];

/**
 * Options of `scoreSets`.
 *
 * @example
 * const o: ScoreOptions = { method: "ssgsea", ssgseaNormalize: false };
 */
export interface ScoreOptions {
  method: ScoreMethod;
  /**
   * ssgsea only: divide the raw scores by their range (max - min) over the whole sets x samples
   * matrix, as GSVA's `ssgsea.norm = TRUE` does (default true). The normalised scores therefore depend
   * on the whole collection of sets scored together.
   */
  ssgseaNormalize?: boolean;
  /** Exponent of the rank weights: gsva default 1, ssgsea default 0.25 (GSVA's `tau`); others ignore it. */
  tau?: number;
  /** Smallest number of a set's genes that must be in the matrix (default 1); a smaller set is an error. */
  minSize?: number;
}

/**
 * What `scoreSets` returns.
 *
 * @example
 * const r: ScoreResult = scoreSets(values, genes, samples, sets, { method: "zscore" });
 * r.matrix[s * samples.length + j]; // score of set s in sample j
 */
export interface ScoreResult {
  /** Columns `set`, `sample`, `score`; set-major (all samples of the first set, then the next set). */
  table: Table;
  /** Sets x samples, set-major. */
  matrix: Float64Array;
  /** For each set (by name), its genes not in the matrix (or constant there), in set order. */
  missing: Map<string, string[]>;
}

/**
 * Score gene sets in each sample of a genes x samples matrix.
 *
 * `values` is gene-major: the value of gene `g` in sample `j` is `values[g * samples.length + j]`.
 * Bad input (mismatched lengths, non-finite values, duplicate names, a set with no gene in the
 * matrix, an unknown method) raises an `InputError` that names the gene, sample or set.
 *
 * Methods:
 * - `gsva`: Gaussian-kernel CDF per gene (bandwidth sd / 4, GSVA's lookup table for Phi), density
 *   score -log((1 - F) / F), genes ranked per sample with rank score |N - p + 1 - N/2|, and the
 *   random walk's max + min deviation (GSVA `mx.diff = TRUE`).
 * - `ssgsea`: average ranks truncated to integers (as GSVA 1.46), weights rank^tau, sum of the walk;
 *   normalised by the range of all raw scores unless `ssgseaNormalize: false`.
 * - `zscore`: sum of the set's gene-wise z-scores divided by sqrt(k).
 * - `meanz`: mean of the set's gene-wise z-scores.
 * - `plage`: first right singular vector of the set's z-score rows. Its sign is arbitrary in
 *   GSVA (LAPACK's); here it is chosen so that the score correlates positively with `meanz`.
 *
 * @example
 * const genes = ["CDKN1A", "MDM2", "GAPDH", "ACTB"];
 * const samples = ["dmso", "nutlin"];
 * const values = Float64Array.of(5, 9, 6, 8, 10, 10.5, 12, 11.8);
 * const { table, missing } = scoreSets(values, genes, samples, [{ name: "P53", genes: ["CDKN1A", "MDM2", "BAX"] }], { method: "meanz" });
 * table.column("score"); // Float64Array [-0.707..., 0.707...]
 * missing.get("P53"); // ["BAX"]
 */
export function scoreSets(values: Float64Array, genes: string[], samples: string[], sets: GeneSet[], options: ScoreOptions): ScoreResult {
  const method = options?.method;
  if (!METHODS.includes(method)) {
    throw new InputError(`unknown method "${String(method)}"; use one of ${METHODS.join(", ")}`, "scoreSets");
  }
  const n = samples.length;
  const nGenes = genes.length;
  if (values.length !== nGenes * n) {
    throw new InputError(`values has ${values.length} entries, expected ${nGenes} genes x ${n} samples = ${nGenes * n}`, "scoreSets");
  }
  if (n < 2) throw new InputError(`${n} sample(s); scoring needs at least 2 samples`, "scoreSets");
  checkUnique(genes, "gene");
  checkUnique(samples, "sample");
  if (sets.length === 0) throw new InputError("no gene sets given", "scoreSets");
  checkUnique(
    sets.map((s) => s.name),
    "gene set",
  );
  for (let g = 0; g < nGenes; g++) {
    for (let j = 0; j < n; j++) {
      const v = values[g * n + j];
      if (!Number.isFinite(v)) throw new InputError(`value is ${v}; every value must be a finite number`, `scoreSets: gene "${genes[g]}", sample "${samples[j]}"`);
    }
  }
  const minSize = options.minSize ?? 1;
  if (!Number.isInteger(minSize) || minSize < 1) throw new InputError(`minSize must be an integer >= 1 (got ${minSize})`, "scoreSets");
  const tau = options.tau ?? (method === "ssgsea" ? 0.25 : 1);
  if (!Number.isFinite(tau) || tau < 0) throw new InputError(`tau must be a finite number >= 0 (got ${tau})`, "scoreSets");

  // Per-gene mean and sd (n - 1); constant rows are dropped, as GSVA does.
  const mean = new Float64Array(nGenes);
  const sd = new Float64Array(nGenes);
  const kept: number[] = [];
  for (let g = 0; g < nGenes; g++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += values[g * n + j];
    const m = s / n;
    let ss = 0;
    for (let j = 0; j < n; j++) {
      const d = values[g * n + j] - m;
      ss += d * d;
    }
    mean[g] = m;
    sd[g] = Math.sqrt(ss / (n - 1));
    if (sd[g] >= 1e-10) kept.push(g);
  }
  const N = kept.length;
  if (N === 0) throw new InputError("every gene is constant across the samples; nothing to score", "scoreSets");
  const universe = new Map<string, number>();
  kept.forEach((g, r) => universe.set(genes[g], r));

  // Set members as row indices into the kept rows.
  const missing = new Map<string, string[]>();
  const members: Int32Array[] = sets.map((set) => {
    const m = matchSet(set, universe);
    missing.set(set.name, m.missing);
    if (m.index.length === 0) {
      throw new InputError(`none of its ${set.genes.length} genes is in the matrix (or all are constant there)`, `scoreSets: gene set "${set.name}"`);
    }
    if (m.index.length < minSize) {
      throw new InputError(`only ${m.index.length} of its genes are in the matrix, fewer than minSize = ${minSize}`, `scoreSets: gene set "${set.name}"`);
    }
    if ((method === "gsva" || method === "ssgsea") && m.index.length === N) {
      throw new InputError(`it contains every scored gene of the matrix (${N}); ${method} needs genes outside the set`, `scoreSets: gene set "${set.name}"`);
    }
    return Int32Array.from(m.index);
  });

  // Kept rows as a dense N x n matrix.
  const x = new Float64Array(N * n);
  kept.forEach((g, r) => x.set(values.subarray(g * n, g * n + n), r * n));

  let matrix: Float64Array;
  switch (method) {
    case "gsva":
      matrix = gsvaScores(x, N, n, members, tau, Float64Array.from(kept, (g) => sd[g]));
      break;
    case "ssgsea": {
      matrix = ssgseaScores(x, N, n, members, tau);
      if (options.ssgseaNormalize ?? true) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of matrix) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        const range = hi - lo;
        if (!(range > 0)) {
          throw new InputError("ssgsea normalisation divides by the range of all raw scores, which is 0 here; pass ssgseaNormalize: false", "scoreSets");
        }
        for (let i = 0; i < matrix.length; i++) matrix[i] /= range;
      }
      break;
    }
    default: {
      const z = zScores(x, N, n, Float64Array.from(kept, (g) => mean[g]), Float64Array.from(kept, (g) => sd[g]));
      matrix = method === "plage" ? plageScores(z, n, members) : zSums(z, n, members, method === "meanz");
    }
  }

  const setCol: string[] = [];
  const sampleCol: string[] = [];
  for (const set of sets) {
    for (const s of samples) {
      setCol.push(set.name);
      sampleCol.push(s);
    }
  }
  const table = Table.fromColumns({ set: setCol, sample: sampleCol, score: matrix.slice() });
  return { table, matrix, missing };
}

/** Throws an InputError naming the first repeated name. */
function checkUnique(names: string[], what: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new InputError(`${what} name "${name}" appears more than once`, "scoreSets");
    seen.add(name);
  }
}

/** GSVA's table of Phi(10 i / 10000), i = 0..10000, built on first use. */
let phiTable: Float64Array | null = null;

/** Phi(v) as GSVA 1.46 looks it up: 0 below -10, 1 above 10, else the table at floor(|v| / 10 * 10000). */
function phiLookup(v: number): number {
  if (v < -10) return 0;
  if (v > 10) return 1;
  if (phiTable === null) {
    phiTable = new Float64Array(10001);
    for (let i = 0; i <= 10000; i++) phiTable[i] = 1 - normalUpper((10 * i) / 10000);
  }
  const p = phiTable[Math.floor((Math.abs(v) / 10) * 10000)];
  return v < 0 ? 1 - p : p;
}

/**
 * The order of rows 0..N-1 of column j by a key, decreasing, ties by row order (stable).
 */
function orderDecreasing(key: Float64Array, N: number): Int32Array {
  const idx = Array.from({ length: N }, (_, i) => i);
  idx.sort((a, b) => key[b] - key[a] || a - b);
  return Int32Array.from(idx);
}

/** Column j of an N x n row-major matrix. */
function column(x: Float64Array, N: number, n: number, j: number): Float64Array {
  const c = new Float64Array(N);
  for (let r = 0; r < N; r++) c[r] = x[r * n + j];
  return c;
}

/** GSVA method "gsva" (Gaussian kernel, mx.diff = TRUE). */
function gsvaScores(x: Float64Array, N: number, n: number, members: Int32Array[], tau: number, sd: Float64Array): Float64Array {
  // Density scores d (N x n).
  const d = new Float64Array(N * n);
  for (let r = 0; r < N; r++) {
    const bw = sd[r] / 4;
    const row = r * n;
    for (let j = 0; j < n; j++) {
      let lt = 0;
      for (let i = 0; i < n; i++) lt += phiLookup((x[row + j] - x[row + i]) / bw);
      lt /= n;
      d[row + j] = -Math.log((1 - lt) / lt);
    }
  }
  const out = new Float64Array(members.length * n);
  const pos = new Int32Array(N);
  for (let j = 0; j < n; j++) {
    const order = orderDecreasing(column(d, N, n, j), N);
    for (let p = 0; p < N; p++) pos[order[p]] = p;
    members.forEach((idx, s) => {
      const k = idx.length;
      // Positions (0-based) of the set's genes in the ranking, top first, and their rank scores.
      const hp = Int32Array.from(idx, (r) => pos[r]).sort();
      const w = Float64Array.from(hp, (p) => {
        const rs = Math.abs(N - p - N / 2); // |N - p1 + 1 - N/2| with p1 = p + 1
        return tau === 1 ? rs : Math.pow(rs, tau);
      });
      let total = 0;
      for (const v of w) total += v;
      const miss = 1 / (N - k);
      // The walk falls between hits, so its extremes are just after a hit (max) or just before one (min).
      let mx = 0;
      let mn = 0;
      let hit = 0;
      for (let t = 0; t < k; t++) {
        const before = hit / total - (hp[t] - t) * miss;
        if (before < mn) mn = before;
        hit += w[t];
        const after = hit / total - (hp[t] - t) * miss;
        if (after > mx) mx = after;
      }
      const end = hit / total - (N - k) * miss;
      if (end < mn) mn = end;
      out[s * n + j] = mx + mn;
    });
  }
  return out;
}

/** GSVA method "ssgsea", raw (unnormalised) scores. */
function ssgseaScores(x: Float64Array, N: number, n: number, members: Int32Array[], tau: number): Float64Array {
  const out = new Float64Array(members.length * n);
  const pos = new Int32Array(N);
  const rank = new Float64Array(N);
  for (let j = 0; j < n; j++) {
    const col = column(x, N, n, j);
    // Average ranks (ascending), truncated to integers as GSVA 1.46 does (mode(R) <- "integer").
    const asc = Array.from({ length: N }, (_, i) => i);
    asc.sort((a, b) => col[a] - col[b] || a - b);
    for (let start = 0; start < N; ) {
      let end = start + 1;
      while (end < N && col[asc[end]] === col[asc[start]]) end++;
      const avg = Math.trunc((start + 1 + end) / 2);
      for (let t = start; t < end; t++) rank[asc[t]] = avg;
      start = end;
    }
    const order = orderDecreasing(rank, N);
    for (let p = 0; p < N; p++) pos[order[p]] = p;
    members.forEach((idx, s) => {
      const k = idx.length;
      // Sum of the walk = sum_set w (N - p1 + 1) / sum_set w - (N (N + 1) / 2 - sum_set (N - p1 + 1)) / (N - k).
      let wSum = 0;
      let wTail = 0;
      let tail = 0;
      for (const r of idx) {
        const w = Math.pow(rank[r], tau);
        const t = N - pos[r]; // N - p1 + 1 with p1 = pos + 1
        wSum += w;
        wTail += w * t;
        tail += t;
      }
      out[s * n + j] = wTail / wSum - ((N * (N + 1)) / 2 - tail) / (N - k);
    });
  }
  return out;
}

/** Gene-wise z-scores (N x n) with the n - 1 sd. */
function zScores(x: Float64Array, N: number, n: number, mean: Float64Array, sd: Float64Array): Float64Array {
  const z = new Float64Array(N * n);
  for (let r = 0; r < N; r++) for (let j = 0; j < n; j++) z[r * n + j] = (x[r * n + j] - mean[r]) / sd[r];
  return z;
}

/** Sum of the set's z-scores divided by sqrt(k) (zscore) or by k (meanz). */
function zSums(z: Float64Array, n: number, members: Int32Array[], meanz: boolean): Float64Array {
  const out = new Float64Array(members.length * n);
  members.forEach((idx, s) => {
    const k = idx.length;
    const div = meanz ? k : Math.sqrt(k);
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (const r of idx) sum += z[r * n + j];
      out[s * n + j] = sum / div;
    }
  });
  return out;
}

/** PLAGE: the first right singular vector of each set's k x n z-score block. */
function plageScores(z: Float64Array, n: number, members: Int32Array[]): Float64Array {
  const out = new Float64Array(members.length * n);
  members.forEach((idx, s) => {
    const k = idx.length;
    const v = new Float64Array(n);
    if (n <= k) {
      // Top eigenvector of Z'Z (n x n).
      const g = new Float64Array(n * n);
      for (const r of idx) {
        for (let a = 0; a < n; a++) {
          const za = z[r * n + a];
          for (let b = a; b < n; b++) g[a * n + b] += za * z[r * n + b];
        }
      }
      for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) g[a * n + b] = g[b * n + a];
      v.set(topEigenvector(g, n));
    } else {
      // Top eigenvector u of ZZ' (k x k), then v = Z'u normalised.
      const g = new Float64Array(k * k);
      for (let a = 0; a < k; a++) {
        for (let b = a; b < k; b++) {
          let sum = 0;
          for (let j = 0; j < n; j++) sum += z[idx[a] * n + j] * z[idx[b] * n + j];
          g[a * k + b] = sum;
          g[b * k + a] = sum;
        }
      }
      const u = topEigenvector(g, k);
      for (let a = 0; a < k; a++) for (let j = 0; j < n; j++) v[j] += u[a] * z[idx[a] * n + j];
      let norm = 0;
      for (const t of v) norm += t * t;
      norm = Math.sqrt(norm);
      if (norm > 0) for (let j = 0; j < n; j++) v[j] /= norm;
    }
    // Sign: correlate positively with the set's mean z-score (LAPACK's sign is arbitrary).
    let dot = 0;
    for (let j = 0; j < n; j++) {
      let colSum = 0;
      for (const r of idx) colSum += z[r * n + j];
      dot += v[j] * colSum;
    }
    const sign = dot < 0 ? -1 : 1;
    for (let j = 0; j < n; j++) out[s * n + j] = sign * v[j];
  });
  return out;
}

/** The unit eigenvector of the largest eigenvalue of a symmetric m x m matrix (row-major). */
function topEigenvector(a: Float64Array, m: number): Float64Array {
  return Float64Array.from(symmetricEigen(a, m).vectors[0]);
}
