/**
 * Reference-gene stability: geNorm (Vandesompele et al. 2002, Genome Biology 3:research0034).
 * For genes j and k, V_jk is the SD over samples of log2(Q_j / Q_k); a gene's stability M_j is
 * the mean of V_jk over the other genes (lower = more stable). geNorm removes the least stable
 * gene step by step until two remain, and the pairwise variation V_n/n+1 (SD of the log2 ratio
 * of normalisation factors built from the n and n+1 best genes) tells how many genes to use
 * (below 0.15: n is enough). Two conventions for the order in which genes enter V: the stepwise
 * ranking (default; NormqPCR and the geNorm manual) or the M computed once with all genes
 * (`order: "all-genes"`, as rdmlpython reports).
 */
import { InputError } from "../io/errors";
import { Table } from "../io/table";

/** Relative quantities: samples x genes (row-major), linear scale, with gene names. */
export interface QuantityMatrix {
  genes: string[];
  samples: string[];
  /** samples x genes, row-major, positive. */
  values: Float64Array;
}

function checkMatrix(q: QuantityMatrix): void {
  const { genes, samples, values } = q;
  if (values.length !== genes.length * samples.length) throw new InputError(`${values.length} values for ${samples.length} samples x ${genes.length} genes`, "geNorm");
  if (genes.length < 2) throw new InputError("stability needs at least two genes", "geNorm");
  if (samples.length < 2) throw new InputError("stability needs at least two samples", "geNorm");
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] > 0) || !Number.isFinite(values[i])) {
      throw new InputError(`quantity must be positive and finite, got ${values[i]}`, `sample ${samples[Math.floor(i / genes.length)]}, gene ${genes[i % genes.length]}`);
    }
  }
}

function sd(x: Float64Array): number {
  const n = x.length;
  let m = 0;
  for (const v of x) m += v;
  m /= n;
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

/**
 * geNorm M of each gene among the genes listed (indices into q.genes).
 *
 * @example
 * genormM(q).get("GAPD");
 */
export function genormM(q: QuantityMatrix, use?: number[]): Map<string, number> {
  checkMatrix(q);
  const idx = use ?? q.genes.map((_, j) => j);
  const nS = q.samples.length;
  const nG = q.genes.length;
  const logq = Float64Array.from(q.values, Math.log2);
  const out = new Map<string, number>();
  const a = new Float64Array(nS);
  for (const j of idx) {
    let sum = 0;
    for (const k of idx) {
      if (k === j) continue;
      for (let s = 0; s < nS; s++) a[s] = logq[s * nG + j] - logq[s * nG + k];
      sum += sd(a);
    }
    out.set(q.genes[j], sum / (idx.length - 1));
  }
  return out;
}

/** Result of {@link genorm}. */
export interface GenormResult {
  /** Genes from most to least stable (the final two tie). */
  ranking: string[];
  /** M of every gene with all genes present. */
  mAll: Map<string, number>;
  /** Per step: the genes remaining and their mean M (the last step has two genes). */
  steps: { genes: string[]; meanM: number; removed: string | null }[];
  /** Pairwise variation V_n/n+1 for n = 2 .. genes - 1. */
  pairwiseV: { n: number; V: number }[];
  /** The smallest n with V_n/n+1 below `cutoff` (default 0.15), or null. */
  recommended: number | null;
}

/**
 * geNorm: stepwise exclusion of the least stable gene, and the pairwise variations.
 *
 * @example
 * const g = genorm({ genes, samples, values });
 * g.ranking.slice(0, 3); // the three most stable reference genes
 */
export function genorm(q: QuantityMatrix, options: { cutoff?: number; order?: "stepwise" | "all-genes" } = {}): GenormResult {
  checkMatrix(q);
  const mAll = genormM(q);
  let remaining = q.genes.map((_, j) => j);
  const steps: GenormResult["steps"] = [];
  const removedOrder: string[] = [];
  while (remaining.length >= 2) {
    const m = genormM(q, remaining);
    const vals = remaining.map((j) => m.get(q.genes[j])!);
    const meanM = vals.reduce((a, b) => a + b, 0) / vals.length;
    if (remaining.length === 2) {
      steps.push({ genes: remaining.map((j) => q.genes[j]), meanM, removed: null });
      break;
    }
    let worst = 0;
    for (let i = 1; i < vals.length; i++) if (vals[i] > vals[worst]) worst = i;
    const removed = q.genes[remaining[worst]];
    steps.push({ genes: remaining.map((j) => q.genes[j]), meanM, removed });
    removedOrder.push(removed);
    remaining = remaining.filter((_, i) => i !== worst);
  }
  const ranking = [...steps[steps.length - 1].genes, ...removedOrder.slice().reverse()];
  // pairwise variation with genes added in ranking order
  const nS = q.samples.length;
  const nG = q.genes.length;
  const logq = Float64Array.from(q.values, Math.log2);
  // genes enter the normalisation factors in the stepwise ranking (NormqPCR, the geNorm manual)
  // or, as rdmlpython does, in the order of M computed once with all genes
  const entry = options.order === "all-genes" ? [...mAll].sort((a, b) => a[1] - b[1]).map(([g]) => g) : ranking;
  const order = entry.map((g) => q.genes.indexOf(g));
  const nf = (n: number) => Float64Array.from({ length: nS }, (_, s) => {
    let t = 0;
    for (let k = 0; k < n; k++) t += logq[s * nG + order[k]];
    return t / n;
  });
  const pairwiseV: { n: number; V: number }[] = [];
  for (let n = 2; n < nG; n++) {
    const a = nf(n);
    const b = nf(n + 1);
    pairwiseV.push({ n, V: sd(Float64Array.from(a, (v, s) => v - b[s])) });
  }
  const cutoff = options.cutoff ?? 0.15;
  const rec = pairwiseV.find((p) => p.V < cutoff);
  return { ranking, mAll, steps, pairwiseV, recommended: rec ? rec.n : null };
}

/**
 * geNorm results as a table: gene, rank, M_all, and the step at which the gene was removed.
 *
 * @example
 * show(genormTable(genorm(q)));
 */
export function genormTable(g: GenormResult): Table {
  const removedAt = new Map(g.steps.filter((s) => s.removed).map((s, i) => [s.removed!, i + 1]));
  return Table.fromColumns(
    {
      gene: g.ranking,
      rank: Float64Array.from(g.ranking, (_, i) => i + 1),
      M_all: Float64Array.from(g.ranking, (x) => g.mAll.get(x)!),
      removed_at_step: g.ranking.map((x) => (removedAt.has(x) ? String(removedAt.get(x)) : null)),
    },
    "geNorm stability (lower M = more stable)",
  );
}
