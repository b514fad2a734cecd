/**
 * Observation weights for the DESeq2 engine (DESeq2's `assays(dds)[["weights"]]`, e.g.
 * from zinbwave): one weight in [0, 1] per gene and sample. Reading and checking them, the
 * per-gene scaling DESeq2 applies (each gene's weights divided by its largest), and
 * DESeq2's `getAndCheckWeights` test of which genes' weights leave the design degenerate.
 */
import { InputError } from "../io/errors";
import { householderQR, type Matrix } from "../stats/linalg";

/**
 * Weights in the forms {@link DESeqDataSet} accepts: genes x samples values gene-major (as
 * counts), one row per gene, or `{ genes, samples, values }` (e.g. a CountMatrix), matched
 * to the counts by gene and sample names.
 */
export type WeightsInput =
  | ArrayLike<number>
  | ArrayLike<number>[]
  | { genes: readonly string[]; samples: readonly string[]; values: ArrayLike<number> | ArrayLike<number>[] };

/** Weights ready for the engine. */
export interface PreparedWeights {
  /** The weights as given (genes x samples, gene-major): they weight baseMean and baseVar. */
  given: Float64Array;
  /** Each gene's weights divided by its largest: they weight the fits. */
  scaled: Float64Array;
  /** Genes whose weights leave the design degenerate (DESeq2's `weightsFail`). */
  weightsFail: Uint8Array;
}

const WHERE = "weights";

function fromRows(rows: ArrayLike<number>[], genes: readonly string[], m: number, what: string): Float64Array {
  if (rows.length !== genes.length) throw new InputError(`${rows.length} rows of weights for ${genes.length} genes${what}`, WHERE);
  const out = new Float64Array(genes.length * m);
  for (let g = 0; g < rows.length; g++) {
    if (rows[g].length !== m) throw new InputError(`gene ${genes[g]} has ${rows[g].length} weights for ${m} samples`, WHERE);
    for (let j = 0; j < m; j++) out[g * m + j] = rows[g][j];
  }
  return out;
}

function flat(values: ArrayLike<number> | ArrayLike<number>[], genes: readonly string[], m: number, what = ""): Float64Array {
  if (values.length > 0 && typeof (values as ArrayLike<unknown>)[0] === "object") return fromRows(values as ArrayLike<number>[], genes, m, what);
  const n = genes.length;
  if (values.length !== n * m) throw new InputError(`${values.length} weights for ${n} genes x ${m} samples${what}`, WHERE);
  return Float64Array.from(values as ArrayLike<number>);
}

/**
 * The weights as a genes x samples array in the order of `genes` and `samples` (the
 * counts'), checked: right shape, every value a number in [0, 1], no gene with all weights 0.
 *
 * @example
 * weightsMatrix([[1, 0.5], [1, 1]], ["g1", "g2"], ["s1", "s2"]); // Float64Array [1, 0.5, 1, 1]
 */
export function weightsMatrix(input: WeightsInput, genes: readonly string[], samples: readonly string[]): Float64Array {
  const n = genes.length;
  const m = samples.length;
  let w: Float64Array;
  if (typeof input === "object" && input !== null && "genes" in input && "samples" in input && "values" in input && Array.isArray(input.genes)) {
    const named = input as { genes: readonly string[]; samples: readonly string[]; values: ArrayLike<number> | ArrayLike<number>[] };
    const wm = named.samples.length;
    const own = flat(named.values, named.genes, wm, " (as the weights' own genes and samples)");
    const gi = new Map(named.genes.map((g, i) => [String(g), i]));
    const si = new Map(named.samples.map((s, j) => [String(s), j]));
    const missingS = samples.filter((s) => !si.has(s));
    if (missingS.length) throw new InputError(`no weights for sample${missingS.length > 1 ? "s" : ""} ${missingS.slice(0, 5).join(", ")}`, WHERE);
    const missingG = genes.filter((g) => !gi.has(g));
    if (missingG.length) {
      throw new InputError(`no weights for ${missingG.length} gene${missingG.length > 1 ? "s" : ""} of the counts (${missingG.slice(0, 5).join(", ")}${missingG.length > 5 ? ", ..." : ""})`, WHERE);
    }
    w = new Float64Array(n * m);
    for (let g = 0; g < n; g++) {
      const r = gi.get(genes[g])!;
      for (let j = 0; j < m; j++) w[g * m + j] = own[r * wm + si.get(samples[j])!];
    }
  } else {
    w = flat(input as ArrayLike<number> | ArrayLike<number>[], genes, m);
  }
  for (let k = 0; k < w.length; k++) {
    const v = w[k];
    if (!(v >= 0 && v <= 1)) {
      throw new InputError(`weight for gene ${genes[Math.floor(k / m)]}, sample ${samples[k % m]} must be a number in [0, 1], got ${v}`, WHERE);
    }
  }
  for (let g = 0; g < n; g++) {
    let mx = 0;
    for (let j = 0; j < m; j++) mx = Math.max(mx, w[g * m + j]);
    if (mx === 0) throw new InputError(`gene ${genes[g]} has weight 0 in every sample: give it a positive weight somewhere or remove the gene`, WHERE);
  }
  return w;
}

/**
 * Each gene's weights divided by its largest (DESeq2 scales them so before every fit).
 *
 * @example
 * scaleWeights(Float64Array.from([0.5, 0.25]), 1, 2); // [1, 0.5]
 */
export function scaleWeights(w: Float64Array, nGenes: number, m: number): Float64Array {
  const out = new Float64Array(w.length);
  for (let g = 0; g < nGenes; g++) {
    let mx = 0;
    for (let j = 0; j < m; j++) mx = Math.max(mx, w[g * m + j]);
    for (let j = 0; j < m; j++) out[g * m + j] = w[g * m + j] / mx;
  }
  return out;
}

/**
 * DESeq2's `getAndCheckWeights` test (for a full-rank design): a gene fails when the design
 * with its rows multiplied by the (scaled) weights is not of full rank, or when the design
 * restricted to the samples with weight above `threshold`, without the columns that are all
 * zero there, is not of full column rank (ranks as R's `qr`, tolerance 1e-7).
 *
 * @example
 * weightsFailOf(scaled, design.matrix, nGenes, 0.01); // 1 for genes DESeq2 flags in weightsFail
 */
export function weightsFailOf(scaled: Float64Array, x: Matrix, nGenes: number, threshold = 0.01): Uint8Array {
  const m = x.rows;
  const p = x.cols;
  const out = new Uint8Array(nGenes);
  const wx = new Float64Array(m * p);
  for (let g = 0; g < nGenes; g++) {
    const w = scaled.subarray(g * m, (g + 1) * m);
    for (let i = 0; i < m; i++) for (let c = 0; c < p; c++) wx[i * p + c] = w[i] * x.data[i * p + c];
    const test1 = householderQR({ rows: m, cols: p, data: wx }).independent.length === p;
    const rows: number[] = [];
    for (let i = 0; i < m; i++) if (w[i] > threshold) rows.push(i);
    const cols: number[] = [];
    for (let c = 0; c < p; c++) if (rows.some((i) => x.data[i * p + c] !== 0)) cols.push(c);
    let test2 = true;
    if (cols.length > 0) {
      const sub = new Float64Array(rows.length * cols.length);
      rows.forEach((i, r) => cols.forEach((c, k) => (sub[r * cols.length + k] = x.data[i * p + c])));
      test2 = householderQR({ rows: rows.length, cols: cols.length, data: sub }).independent.length === cols.length;
    }
    out[g] = test1 && test2 ? 0 : 1;
  }
  return out;
}

/**
 * Read, check and prepare weights for a data set: `counts` gives the genes, samples and
 * raw counts (for the check that each usable gene keeps a positive weighted count).
 *
 * @example
 * const w = prepareWeights(input, counts.genes, counts.samples, counts.values, design.matrix);
 */
export function prepareWeights(
  input: WeightsInput,
  genes: readonly string[],
  samples: readonly string[],
  counts: Float64Array,
  x: Matrix,
  threshold = 0.01,
): PreparedWeights {
  if (!(threshold >= 0 && threshold < 1)) throw new InputError(`weightThreshold must be in [0, 1), got ${threshold}`, WHERE);
  const given = weightsMatrix(input, genes, samples);
  const n = genes.length;
  const m = samples.length;
  const scaled = scaleWeights(given, n, m);
  const weightsFail = weightsFailOf(scaled, x, n, threshold);
  for (let g = 0; g < n; g++) {
    if (weightsFail[g]) continue;
    let raw = 0;
    let weighted = 0;
    for (let j = 0; j < m; j++) {
      raw += counts[g * m + j];
      weighted += given[g * m + j] * counts[g * m + j];
    }
    if (raw > 0 && weighted === 0) {
      throw new InputError(
        `gene ${genes[g]} has counts only in samples of weight 0, so its weighted mean count is 0 ` +
          `(DESeq2 stops here with an NA dispersion estimate): give one of those samples a positive weight or remove the gene`,
        WHERE,
      );
    }
  }
  return { given, scaled, weightsFail };
}
