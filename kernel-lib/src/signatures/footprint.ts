/**
 * Weighted footprint scores (PROGENy-style; Schubert et al. 2018, Nat Commun 9:20): a pathway's
 * activity in a sample is the weighted sum of its footprint genes' expression, sum_g w_g x_gj,
 * then (by default, as PROGENy's `scale = TRUE`) z-scored across samples so that samples are
 * compared with each other. Genes of the footprint missing from the matrix are reported.
 */
import { InputError } from "../io/errors";
import { Table } from "../io/table";
import { matchSet, type GeneSet } from "./geneSet";

/**
 * @example
 * footprintScores(vst.values, vst.genes, vst.samples, readGeneSets("progeny_p53.tsv")).table;
 */
export function footprintScores(values: Float64Array, genes: string[], samples: string[], sets: GeneSet[], options: { scale?: boolean } = {}): { table: Table; missing: Map<string, string[]> } {
  const n = genes.length;
  const m = samples.length;
  if (values.length !== n * m) throw new InputError(`${values.length} values for ${n} genes x ${m} samples`, "footprintScores");
  const pos = new Map(genes.map((g, i) => [g, i]));
  const cols = { set: [] as string[], sample: [] as string[], score: [] as number[] };
  const missing = new Map<string, string[]>();
  for (const s of sets) {
    if (!s.weights) throw new InputError(`set ${s.name} has no weights; a footprint needs a weight per gene`, "footprintScores");
    const hit = matchSet(s, pos);
    missing.set(s.name, hit.missing);
    if (hit.index.length === 0) throw new InputError(`no gene of set ${s.name} is in the matrix`, "footprintScores");
    const score = new Float64Array(m);
    hit.index.forEach((g, k) => {
      for (let j = 0; j < m; j++) score[j] += hit.weights![k] * values[g * m + j];
    });
    if (options.scale ?? true) {
      const mean = score.reduce((a, b) => a + b, 0) / m;
      const sd = Math.sqrt(score.reduce((a, b) => a + (b - mean) ** 2, 0) / (m - 1));
      for (let j = 0; j < m; j++) score[j] = sd > 0 ? (score[j] - mean) / sd : 0;
    }
    samples.forEach((sample, j) => {
      cols.set.push(s.name);
      cols.sample.push(sample);
      cols.score.push(score[j]);
    });
  }
  return { table: Table.fromColumns({ ...cols, score: Float64Array.from(cols.score) }, `footprint scores${options.scale ?? true ? " (z-scored across samples)" : ""}`), missing };
}
