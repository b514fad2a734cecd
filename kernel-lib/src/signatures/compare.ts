/**
 * Comparing DE results of several conditions or drugs (e.g. Nutlin-3a and a simulated
 * Milademetan): overlap of the significant genes (UpSet intersections, Jaccard), correlation of
 * log fold changes on the shared genes, and, per gene set, how each result moves the set (genes
 * tested, significantly up and down, mean log2 fold change).
 */
import { InputError } from "../io/errors";
import { Table } from "../io/table";
import { compareCalls, type CallComparison } from "../de/compare";
import { matchSet, type GeneSet } from "./geneSet";

/** One DE result to compare. */
export interface NamedResult {
  name: string;
  /** A result table with gene_id and DESeq2, edgeR or limma columns. */
  table: Table;
}

function pick(t: Table, names: string[], what: string, name: string): Float64Array {
  const c = names.find((n) => t.names.includes(n));
  if (!c) throw new InputError(`result "${name}" has no ${what} column (${names.join(", ")})`, "compareResults");
  return t.column(c) as Float64Array;
}

/**
 * @example
 * const cmp = compareResults([{ name: "Nutlin-3a", table: res1 }, { name: "Milademetan", table: res2 }], { sets: [JEAY2015_P53_SIGNATURE] });
 * show(cmp.summary); show(cmp.sets);
 */
export function compareResults(results: NamedResult[], options: { alpha?: number; sets?: GeneSet[] } = {}): CallComparison & { sets: Table | null } {
  if (results.length < 2) throw new InputError("give at least two results to compare", "compareResults");
  const names = results.map((r) => r.name);
  if (new Set(names).size !== names.length) throw new InputError("each result needs its own name", "compareResults");
  const alpha = options.alpha ?? 0.05;
  const calls = results.map((r) => {
    if (!r.table.names.includes("gene_id")) throw new InputError(`result "${r.name}" has no gene_id column`, "compareResults");
    return {
      name: r.name,
      genes: r.table.column("gene_id") as string[],
      logFC: pick(r.table, ["log2FoldChange", "logFC"], "log fold change", r.name),
      padj: pick(r.table, ["padj", "FDR", "adj.P.Val"], "adjusted p-value", r.name),
    };
  });
  const order = [...new Set(calls.flatMap((c) => c.genes))];
  const base = compareCalls(calls, alpha, order);
  let sets: Table | null = null;
  if (options.sets?.length) {
    const cols = { set: [] as string[], result: [] as string[], tested: [] as number[], up: [] as number[], down: [] as number[], mean_lfc: [] as number[] };
    for (const s of options.sets) {
      for (const c of calls) {
        const hit = matchSet(s, c.genes);
        let up = 0;
        let down = 0;
        let sum = 0;
        let n = 0;
        for (const i of hit.index) {
          if (!Number.isFinite(c.logFC[i])) continue;
          n++;
          sum += c.logFC[i];
          if (c.padj[i] < alpha) {
            if (c.logFC[i] > 0) up++;
            else if (c.logFC[i] < 0) down++;
          }
        }
        cols.set.push(s.name);
        cols.result.push(c.name);
        cols.tested.push(n);
        cols.up.push(up);
        cols.down.push(down);
        cols.mean_lfc.push(n ? sum / n : NaN);
      }
    }
    sets = Table.fromColumns({ ...cols, tested: Float64Array.from(cols.tested), up: Float64Array.from(cols.up), down: Float64Array.from(cols.down), mean_lfc: Float64Array.from(cols.mean_lfc) }, `gene sets across results (adjusted p < ${alpha})`);
  }
  return { ...base, sets };
}
