/**
 * Average log2 counts per million per gene (edgeR's `aveLogCPM`): one-group NB fit of the
 * counts plus library-scaled prior counts (prior x lib_j / mean lib), with library sizes
 * increased by twice the prior, expressed per million on the log2 scale. Unlike the mean of
 * log-CPMs it is defined for genes with zeros and hardly depends on the dispersion.
 */
import { oneGroupFit } from "./oneGroup";

/**
 * @example
 * aveLogCpm(counts.values, counts.nGenes, libSizes, { dispersion: 0.05 });
 */
export function aveLogCpm(
  values: ArrayLike<number>,
  nGenes: number,
  libSize: ArrayLike<number>,
  options: { priorCount?: number; dispersion?: number | ArrayLike<number> } = {},
): Float64Array {
  const n = libSize.length;
  const prior = options.priorCount ?? 2;
  const d = options.dispersion ?? 0.05;
  const meanLib = Array.from(libSize).reduce((a, b) => a + b, 0) / n;
  const adj = Float64Array.from(libSize, (l) => (prior * l) / meanLib);
  const offset = Float64Array.from(libSize, (l, j) => Math.log(l + 2 * adj[j]));
  const fitOptions = { lib: Float64Array.from(offset, Math.exp) };
  const out = new Float64Array(nGenes);
  const y = new Float64Array(n);
  const disp = new Float64Array(n);
  for (let g = 0; g < nGenes; g++) {
    for (let j = 0; j < n; j++) y[j] = values[g * n + j] + adj[j];
    disp.fill(typeof d === "number" ? d : d[g]);
    out[g] = (oneGroupFit(y, offset, disp, null, undefined, fitOptions) + Math.log(1e6)) / Math.LN2;
  }
  return out;
}
