/**
 * Size factors: DESeq2's median-of-ratios estimator (Anders & Huber 2010) and its
 * `poscounts` variant for data where every gene has a zero.
 */
import { InputError } from "../io/errors";
import type { CountMatrix } from "../io/counts";
import { median } from "../stats/select";

/** Options for {@link estimateSizeFactors}. */
export interface SizeFactorOptions {
  /**
   * "ratio" (default, genes with any zero are skipped) or "poscounts" (zeros ignored in the
   * geometric mean, which is still divided by the number of samples; factors then scaled to
   * geometric mean 1, as DESeq2's `estimateSizeFactors(dds, type = "poscounts")`).
   */
  type?: "ratio" | "poscounts";
  /** Genes to use (indices or IDs), e.g. housekeeping or spike-ins. Default: all. */
  controlGenes?: (number | string)[];
  /** Geometric means to use instead of those of the data (one per gene); then the factors are scaled to geometric mean 1. */
  geoMeans?: ArrayLike<number>;
}

/**
 * Median-of-ratios size factors, as DESeq2's `estimateSizeFactorsForMatrix`.
 *
 * @example
 * estimateSizeFactors(counts); // Float64Array [1.339, 0.852, 1.056, 0.839] for the HCT116 data
 */
export function estimateSizeFactors(counts: CountMatrix, options: SizeFactorOptions = {}): Float64Array {
  const type = options.type ?? "ratio";
  const { nGenes: n, nSamples: m, values } = counts;
  const logGeo = new Float64Array(n);
  if (options.geoMeans) {
    if (options.geoMeans.length !== n) throw new InputError(`geoMeans has ${options.geoMeans.length} values for ${n} genes`, "size factors");
    for (let g = 0; g < n; g++) logGeo[g] = Math.log(options.geoMeans[g]);
  } else {
    for (let g = 0; g < n; g++) {
      let s = 0;
      let total = 0;
      for (let j = 0; j < m; j++) {
        const c = values[g * m + j];
        total += c;
        if (c > 0) s += Math.log(c);
        else if (type === "ratio") s = -Infinity;
      }
      logGeo[g] = type === "poscounts" && total === 0 ? -Infinity : s / m;
    }
  }
  let genes: number[];
  if (options.controlGenes) {
    genes = options.controlGenes.map((x) => (typeof x === "number" ? x : counts.geneIndex(x)));
  } else {
    genes = Array.from({ length: n }, (_, g) => g);
  }
  if (genes.every((g) => !Number.isFinite(logGeo[g]))) {
    throw new InputError(
      'every gene contains at least one zero, cannot compute log geometric means; use type "poscounts"',
      "size factors",
    );
  }
  const sf = new Float64Array(m);
  // Log ratios to the geometric means, one sample at a time in one reused buffer (memory of one
  // column, not of the matrix: this matters with hundreds of samples).
  const usable: number[] = [];
  for (const g of genes) if (Number.isFinite(logGeo[g])) usable.push(g);
  const buf = new Float64Array(usable.length);
  for (let j = 0; j < m; j++) {
    let k = 0;
    for (let u = 0; u < usable.length; u++) {
      const g = usable[u];
      const c = values[g * m + j];
      if (c > 0) buf[k++] = Math.log(c) - logGeo[g];
    }
    if (k === 0) throw new InputError(`sample ${counts.samples[j]} has no usable genes (all zero)`, "size factors");
    const b = buf.subarray(0, k);
    sf[j] = Math.exp(median(b, b));
  }
  // Given geometric means, or with poscounts (which DESeq2's estimateSizeFactors passes as
  // geometric means), the factors are scaled to a geometric mean of 1.
  if (options.geoMeans || type === "poscounts") {
    let s = 0;
    for (let j = 0; j < m; j++) s += Math.log(sf[j]);
    const scale = Math.exp(s / m);
    for (let j = 0; j < m; j++) sf[j] /= scale;
  }
  return sf;
}
