/**
 * Counts per million (edgeR 3.40 `cpm`): counts / effective library size x 1e6; on the log
 * scale with edgeR's prior count, scaled to each library (prior_j = prior x lib_j / mean lib)
 * and added twice to the library size, so that log2 CPM is finite and comparable.
 */
import type { CountMatrix } from "../../io/counts";
import { InputError } from "../../io/errors";

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
 * CPM or log2-CPM values, genes x samples (gene-major).
 *
 * @example
 * cpm(counts, { normFactors: calcNormFactors(counts), log: true });
 */
export function cpm(counts: CountMatrix, options: CpmOptions = {}): Float64Array {
  const { nGenes: n, nSamples: m, values } = counts;
  let lib: Float64Array;
  if (options.libSize) lib = Float64Array.from(options.libSize);
  else {
    lib = counts.librarySizes();
    if (options.normFactors) lib = Float64Array.from(lib, (v, j) => v * options.normFactors![j]);
  }
  if (lib.length !== m) throw new InputError(`${lib.length} library sizes for ${m} samples`, "cpm");
  if (lib.some((v) => !(v > 0) || !Number.isFinite(v))) throw new InputError("library sizes must be finite and positive", "cpm");
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
