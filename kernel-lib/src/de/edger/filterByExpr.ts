/**
 * edgeR's `filterByExpr` (edgeR 3.40): keep genes with enough counts per million in enough
 * samples (the smallest group size, from the design's leverages) and enough total counts.
 */
import type { CountMatrix } from "../../io/counts";
import type { Matrix } from "../../stats/linalg";
import { householderQR } from "../../stats/linalg";

/** Options of {@link filterByExpr}. */
export interface FilterByExprOptions {
  /** Design (samples x coefficients); the minimum group size is 1 / max leverage. */
  design?: Matrix;
  /** Group labels instead of a design. */
  group?: string[];
  /** Effective library sizes (default: column sums). */
  libSize?: ArrayLike<number>;
  minCount?: number;
  minTotalCount?: number;
  largeN?: number;
  minProp?: number;
}

/**
 * Which genes to keep (true = keep), as edgeR's `filterByExpr`.
 *
 * @example
 * const keep = filterByExpr(counts, { design: dds.design.matrix });
 */
export function filterByExpr(counts: CountMatrix, options: FilterByExprOptions = {}): boolean[] {
  const { nGenes: n, nSamples: m, values } = counts;
  const lib = options.libSize ? Float64Array.from(options.libSize) : counts.librarySizes();
  let minSize: number;
  if (options.group) {
    const sizes = new Map<string, number>();
    for (const g of options.group) sizes.set(g, (sizes.get(g) ?? 0) + 1);
    minSize = Math.min(...sizes.values());
  } else if (options.design) {
    // Leverages: row sums of squares of Q (hat matrix diagonal).
    const { q, independent } = householderQR(options.design);
    const k = independent.length;
    let maxH = 0;
    for (let i = 0; i < m; i++) {
      let h = 0;
      for (let c = 0; c < k; c++) h += q[i * k + c] ** 2;
      maxH = Math.max(maxH, h);
    }
    minSize = 1 / maxH;
  } else {
    minSize = m;
  }
  const largeN = options.largeN ?? 10;
  if (minSize > largeN) minSize = largeN + (minSize - largeN) * (options.minProp ?? 0.7);
  const sorted = Float64Array.from(lib).sort();
  const median = m % 2 ? sorted[(m - 1) / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
  const cutoff = ((options.minCount ?? 10) / median) * 1e6;
  const tol = 1e-14;
  const keep: boolean[] = new Array(n);
  for (let g = 0; g < n; g++) {
    let above = 0;
    let total = 0;
    for (let j = 0; j < m; j++) {
      const c = values[g * m + j];
      if ((c / lib[j]) * 1e6 >= cutoff) above++;
      total += c;
    }
    keep[g] = above >= minSize - tol && total >= (options.minTotalCount ?? 15) - tol;
  }
  return keep;
}
