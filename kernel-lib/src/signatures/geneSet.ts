/**
 * Gene sets: a name, an optional description and source, member genes (symbols or stripped
 * Ensembl IDs), and optional per-gene weights (signed for up/down directions). The common shape
 * every reader, scorer and enrichment test in `signatures` takes.
 */

/** One gene set. */
export interface GeneSet {
  name: string;
  description?: string;
  /** Member genes, in the order given, without duplicates. */
  genes: string[];
  /** Optional weight per gene (same order), e.g. +1 / -1 for up / down, or footprint weights. */
  weights?: number[];
  /** Where the set comes from (file, citation). */
  source?: string;
}

/**
 * The members of a set present in a universe of gene names, with their indices there, and the
 * members missing from it (reported, never silently dropped).
 *
 * @example
 * matchSet({ name: "S", genes: ["CDKN1A", "XYZ"] }, ["MDM2", "CDKN1A"]); // { index: [1], present: ["CDKN1A"], missing: ["XYZ"] }
 */
export function matchSet(set: GeneSet, universe: string[] | Map<string, number>): { index: number[]; present: string[]; missing: string[]; weights?: number[] } {
  const pos = universe instanceof Map ? universe : new Map(universe.map((g, i) => [g, i]));
  const index: number[] = [];
  const present: string[] = [];
  const missing: string[] = [];
  const weights: number[] = [];
  set.genes.forEach((g, k) => {
    const i = pos.get(g);
    if (i === undefined) missing.push(g);
    else {
      index.push(i);
      present.push(g);
      if (set.weights) weights.push(set.weights[k]);
    }
  });
  return set.weights ? { index, present, missing, weights } : { index, present, missing };
}
