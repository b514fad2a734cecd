/**
 * singscore (Foroutan et al. 2018, BMC Bioinformatics 19:404): a single-sample, rank-based
 * score. Genes are ranked within each sample (ties take the lowest rank, as the singscore
 * package's rankGenes); a set's score is its mean rank scaled between the lowest and highest
 * mean rank a set of that size could have, minus 0.5 (so 0 is the middle; range -0.5 to 0.5).
 * With weights, genes of negative weight are scored as a down set and the two halves added
 * (the package's bidirectional score).
 */
import { InputError } from "../io/errors";
import { Table } from "../io/table";
import { matchSet, type GeneSet } from "./geneSet";

function minRanks(x: Float64Array): Float64Array {
  const idx = Array.from(x.keys()).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(x.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]] === x[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = i + 1;
    i = j + 1;
  }
  return r;
}

function scaled(ranks: Float64Array, index: number[], n: number): number {
  const k = index.length;
  let s = 0;
  for (const i of index) s += ranks[i];
  const low = (k + 1) / 2;
  const high = (2 * n - k + 1) / 2;
  return (s / k - low) / (high - low) - 0.5;
}

/**
 * @example
 * singscore(vst.values, vst.genes, vst.samples, [JEAY2015_P53_SIGNATURE]);
 */
export function singscore(values: Float64Array, genes: string[], samples: string[], sets: GeneSet[]): Table {
  const n = genes.length;
  const m = samples.length;
  if (values.length !== n * m) throw new InputError(`${values.length} values for ${n} genes x ${m} samples`, "singscore");
  const ranks = samples.map((_, j) => minRanks(Float64Array.from({ length: n }, (_, g) => values[g * m + j])));
  const cols = { set: [] as string[], sample: [] as string[], score: [] as number[] };
  for (const set of sets) {
    const hit = matchSet(set, genes);
    if (hit.index.length === 0) throw new InputError(`no gene of set ${set.name} is in the matrix`, "singscore");
    const up = hit.weights ? hit.index.filter((_, i) => hit.weights![i] >= 0) : hit.index;
    const down = hit.weights ? hit.index.filter((_, i) => hit.weights![i] < 0) : [];
    samples.forEach((s, j) => {
      let score = up.length ? scaled(ranks[j], up, n) : 0;
      if (down.length) {
        // a down set scores high when its genes rank low: use reversed ranks
        const rev = Float64Array.from(ranks[j], (r) => n + 1 - r);
        score += scaled(rev, down, n);
      }
      cols.set.push(set.name);
      cols.sample.push(s);
      cols.score.push(score);
    });
  }
  return Table.fromColumns({ ...cols, score: Float64Array.from(cols.score) }, "singscore");
}
