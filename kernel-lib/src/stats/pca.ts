/**
 * Principal components and distances of samples from a genes x samples matrix (e.g. a VST), as
 * DESeq2's plotPCA (the `ntop` most variable genes, centred) and its vignette's sample distances;
 * the small samples x samples eigenproblem is solved by cyclic Jacobi rotations.
 */

/** A genes x samples matrix (gene-major), e.g. the output of `vst`. */
export interface SampleMatrix {
  genes: string[];
  samples: string[];
  values: ArrayLike<number>;
}

function which(n: number, keep: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return out;
}

/**
 * Eigen-decomposition of a symmetric m x m matrix (row-major) by cyclic Jacobi rotations:
 * eigenvalues in decreasing order and the matching unit eigenvectors (`vectors[k]`).
 *
 * @example
 * symmetricEigen(Float64Array.of(2, 1, 1, 2), 2).values; // Float64Array [3, 1]
 */
export function symmetricEigen(aIn: ArrayLike<number>, m: number): { values: Float64Array; vectors: Float64Array[] } {
  const a = Float64Array.from(aIn);
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) (i === j ? (total += a[i * m + j] ** 2) : (off += a[i * m + j] ** 2));
    if (off <= 1e-30 * (total + off) || off === 0) break;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (apq === 0) continue;
        const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          // columns p and q of A
          const akp = a[k * m + p];
          const akq = a[k * m + q];
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          // rows p and q of A
          const apk = a[p * m + k];
          const aqk = a[q * m + k];
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p];
          const vkq = v[k * m + q];
          v[k * m + p] = c * vkp - s * vkq;
          v[k * m + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => a[y * m + y] - a[x * m + x]);
  return {
    values: Float64Array.from(order, (i) => a[i * m + i]),
    vectors: order.map((i) => Float64Array.from({ length: m }, (_, k) => v[k * m + i])),
  };
}

/** Result of {@link principalComponents}. */
export interface PcaResult {
  samples: string[];
  /** Genes used (the `ntop` most variable), most variable first. */
  genes: string[];
  /** `scores[k][j]`: sample j on component k (as prcomp's `x`; sign fixed so the largest |score| is positive). */
  scores: Float64Array[];
  /** Fraction of the variance explained by each component (as DESeq2's percentVar / 100). */
  varianceFraction: Float64Array;
}

/**
 * PCA of samples on the `ntop` most variable genes (DESeq2's plotPCA): genes centred, scores
 * from the eigen-decomposition of the samples x samples Gram matrix (equivalent to the SVD).
 *
 * @example
 * const pca = principalComponents(vst(counts), { ntop: 500 });
 * pca.varianceFraction[0]; // e.g. 0.62
 */
export function principalComponents(matrix: SampleMatrix, options: { ntop?: number } = {}): PcaResult {
  const { genes, samples, values } = matrix;
  const m = samples.length;
  const n = genes.length;
  if (values.length !== n * m) throw new RangeError(`${values.length} values for ${n} genes x ${m} samples`);
  if (m < 2) throw new RangeError("PCA needs at least 2 samples");
  const means = new Float64Array(n);
  const vars = new Float64Array(n);
  for (let g = 0; g < n; g++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += values[g * m + j];
    const mu = s / m;
    let ss = 0;
    for (let j = 0; j < m; j++) ss += (values[g * m + j] - mu) ** 2;
    means[g] = mu;
    vars[g] = ss / (m - 1);
  }
  const ok = which(n, (g) => Number.isFinite(vars[g]));
  const top = ok.sort((a, b) => vars[b] - vars[a] || a - b).slice(0, Math.min(options.ntop ?? 500, ok.length));
  const gram = new Float64Array(m * m);
  const row = new Float64Array(m);
  for (const g of top) {
    for (let j = 0; j < m; j++) row[j] = values[g * m + j] - means[g];
    for (let i = 0; i < m; i++) for (let j = i; j < m; j++) gram[i * m + j] += row[i] * row[j];
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) gram[i * m + j] = gram[j * m + i];
  const eig = symmetricEigen(gram, m);
  const lambda = eig.values.map((l) => Math.max(l, 0));
  const total = lambda.reduce((a, b) => a + b, 0);
  const k = m;
  const scores = eig.vectors.slice(0, k).map((vec, c) => {
    const sd = Math.sqrt(lambda[c]);
    let big = 0;
    for (let j = 1; j < m; j++) if (Math.abs(vec[j]) > Math.abs(vec[big])) big = j;
    const sign = vec[big] < 0 ? -1 : 1;
    return Float64Array.from(vec, (x) => sign * sd * x);
  });
  return { samples: samples.slice(), genes: top.map((g) => genes[g]), scores, varianceFraction: Float64Array.from(lambda.slice(0, k), (l) => (total > 0 ? l / total : NaN)) };
}

/**
 * Euclidean distances between the samples (columns) of a genes x samples matrix, as
 * `dist(t(assay(vsd)))`: `d[i * m + j]`.
 *
 * @example
 * sampleDistances({ genes: ["a", "b"], samples: ["s1", "s2"], values: [0, 3, 0, 4] })[1]; // 5
 */
export function sampleDistances(matrix: SampleMatrix): Float64Array {
  const m = matrix.samples.length;
  const n = matrix.genes.length;
  const d = new Float64Array(m * m);
  for (let g = 0; g < n; g++) {
    for (let i = 0; i < m; i++) {
      const vi = matrix.values[g * m + i];
      for (let j = i + 1; j < m; j++) d[i * m + j] += (vi - matrix.values[g * m + j]) ** 2;
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      d[i * m + j] = Math.sqrt(d[i * m + j]);
      d[j * m + i] = d[i * m + j];
    }
  }
  return d;
}

