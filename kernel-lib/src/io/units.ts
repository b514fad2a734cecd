/**
 * Expression units from counts (formulas as edgeR 3.40 and the usual RNA-seq definitions):
 *
 * - CPM = count / L_j x 1e6, with L_j the library size (column sum) times an optional
 *   normalisation factor (e.g. TMM);
 * - log2 CPM (edgeR's rule) = log2((count + p_j) / (L_j + 2 p_j) x 1e6), with the prior count
 *   scaled to each library: p_j = prior x L_j / mean(L) (prior 2 by default);
 * - TPM = (count_g / len_g) / sum_h(count_h / len_h) x 1e6;
 * - FPKM (RPKM) = count_g / (len_g / 1e3) / (L_j / 1e6), with L_j the column sum.
 *
 * Lengths are in bases: featureCounts' `Length`, a table from a GTF, or tximport's per-sample
 * average transcript lengths (a genes x samples matrix). Differential expression always runs on
 * counts: these matrices carry their unit, and the DE entry points refuse them.
 */
import { InputError } from "./errors";
import type { CountMatrix } from "./counts";
import type { ExpressionMatrix } from "./expression";

/** Options of {@link cpm}. */
export interface CpmOptions {
  /** Effective library sizes; default column sums x `normFactors`. */
  libSize?: ArrayLike<number>;
  /** Normalisation factors (e.g. TMM) multiplying the column sums. */
  normFactors?: ArrayLike<number>;
  /** log2 scale with a prior count. Default false. */
  log?: boolean;
  /** Prior count for the log scale. Default 2 (as edgeR). */
  priorCount?: number;
}

/**
 * CPM or log2-CPM values as edgeR's `cpm()`, genes x samples (gene-major).
 *
 * @example
 * cpmValues(counts, { log: true }); // edgeR::cpm(y, log = TRUE)
 */
export function cpmValues(counts: CountMatrix, options: CpmOptions = {}): Float64Array {
  const { nGenes: n, nSamples: m, values } = counts;
  let lib: Float64Array;
  if (options.libSize) lib = Float64Array.from(options.libSize);
  else {
    lib = counts.librarySizes();
    if (options.normFactors) {
      if (options.normFactors.length !== m) throw new InputError(`${options.normFactors.length} normalisation factors for ${m} samples`, "cpm");
      lib = Float64Array.from(lib, (v, j) => v * options.normFactors![j]);
    }
  }
  if (lib.length !== m) throw new InputError(`${lib.length} library sizes for ${m} samples`, "cpm");
  const bad = Array.from(lib).findIndex((v) => !(v > 0) || !Number.isFinite(v));
  if (bad >= 0) throw new InputError(`library size of sample ${counts.samples[bad]} is ${lib[bad]}; library sizes must be finite and positive`, "cpm");
  const out = new Float64Array(n * m);
  if (!options.log) {
    for (let g = 0; g < n; g++) for (let j = 0; j < m; j++) out[g * m + j] = (values[g * m + j] / lib[j]) * 1e6;
    return out;
  }
  const prior = options.priorCount ?? 2;
  const meanLib = lib.reduce((a, b) => a + b, 0) / m;
  const pj = Float64Array.from(lib, (v) => (prior * v) / meanLib);
  const libAdj = Float64Array.from(lib, (v, j) => v + 2 * pj[j]);
  for (let g = 0; g < n; g++) {
    for (let j = 0; j < m; j++) out[g * m + j] = Math.log2(((values[g * m + j] + pj[j]) / libAdj[j]) * 1e6);
  }
  return out;
}

/**
 * CPM (or log2 CPM) as an expression matrix that carries its unit.
 *
 * @example
 * const lc = cpm(counts, { log: true }); lc.unit; // "log2 CPM"
 */
export function cpm(counts: CountMatrix, options: CpmOptions = {}): ExpressionMatrix {
  return { genes: counts.genes, samples: counts.samples, values: cpmValues(counts, options), source: `${options.log ? "log2 CPM" : "CPM"} of ${counts.source}`, unit: options.log ? "log2 CPM" : "CPM" };
}

/** Gene lengths: one per gene, or a genes x samples matrix (gene-major, e.g. tximport's). */
export type GeneLengths = ArrayLike<number> | { values: ArrayLike<number>; perSample: true };

function lengthAt(lengths: GeneLengths, n: number, m: number): (g: number, j: number) => number {
  if ("perSample" in lengths) {
    if (lengths.values.length !== n * m) throw new InputError(`${lengths.values.length} lengths for ${n} genes x ${m} samples`, "gene lengths");
    return (g, j) => lengths.values[g * m + j];
  }
  const l = lengths as ArrayLike<number>;
  if (l.length !== n) throw new InputError(`${l.length} gene lengths for ${n} genes`, "gene lengths");
  return (g) => l[g];
}

function checkLengths(counts: CountMatrix, at: (g: number, j: number) => number): void {
  for (let g = 0; g < counts.nGenes; g++) {
    for (let j = 0; j < counts.nSamples; j++) {
      const L = at(g, j);
      if (!(L > 0) || !Number.isFinite(L)) throw new InputError(`length ${L} is not a positive number of bases`, `gene ${counts.genes[g]}, sample ${counts.samples[j]}`);
    }
  }
}

/**
 * TPM from counts and gene lengths.
 *
 * @example
 * tpm(fc.counts, fc.lengths).values; // each sample sums to 1e6
 */
export function tpm(counts: CountMatrix, lengths: GeneLengths): ExpressionMatrix {
  const { nGenes: n, nSamples: m, values } = counts;
  const at = lengthAt(lengths, n, m);
  checkLengths(counts, at);
  const out = new Float64Array(n * m);
  for (let j = 0; j < m; j++) {
    let total = 0;
    for (let g = 0; g < n; g++) {
      const r = values[g * m + j] / at(g, j);
      out[g * m + j] = r;
      total += r;
    }
    if (!(total > 0)) throw new InputError("all counts are zero: TPM is undefined", `sample ${counts.samples[j]}`);
    for (let g = 0; g < n; g++) out[g * m + j] = (out[g * m + j] / total) * 1e6;
  }
  return { genes: counts.genes, samples: counts.samples, values: out, source: `TPM of ${counts.source}`, unit: "TPM" };
}

/**
 * FPKM (RPKM for single-end reads) from counts and gene lengths.
 *
 * @example
 * fpkm(fc.counts, fc.lengths);
 */
export function fpkm(counts: CountMatrix, lengths: GeneLengths): ExpressionMatrix {
  const { nGenes: n, nSamples: m, values } = counts;
  const at = lengthAt(lengths, n, m);
  checkLengths(counts, at);
  const lib = counts.librarySizes();
  const out = new Float64Array(n * m);
  for (let j = 0; j < m; j++) {
    if (!(lib[j] > 0)) throw new InputError("all counts are zero: FPKM is undefined", `sample ${counts.samples[j]}`);
    for (let g = 0; g < n; g++) out[g * m + j] = values[g * m + j] / (at(g, j) / 1e3) / (lib[j] / 1e6);
  }
  return { genes: counts.genes, samples: counts.samples, values: out, source: `FPKM of ${counts.source}`, unit: "FPKM" };
}
