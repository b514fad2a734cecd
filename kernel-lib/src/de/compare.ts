/**
 * Run several DE methods on the same data and measure how far they agree: significant genes
 * per method, the intersections an UpSet plot shows, pairwise Jaccard indices and log fold
 * change correlations. A careful analyst's check before trusting one method's list.
 */
import { Table } from "../io/table";
import { InputError } from "../io/errors";
import { asCountMatrix, asSampleTable, type CountsInput, type SamplesInput } from "./inputs";
import { DESeqDataSet } from "./deseq";
import { runEdgerMethod, type EdgerMethod } from "./methods";

/** Any method p53lab runs. */
export type DeMethod = "deseq2" | EdgerMethod;

/** Options of {@link compareMethods}. */
export interface CompareOptions {
  design: string;
  contrast?: [string, string, string];
  /** Methods to run (default: deseq2, edger-qlf, voom). */
  methods?: DeMethod[];
  /** Adjusted p-value cut-off (default 0.05). */
  fdr?: number;
}

/** One method's per-gene log2 fold change and adjusted p-value. */
export interface MethodCalls {
  method: DeMethod;
  genes: string[];
  logFC: Float64Array;
  padj: Float64Array;
  table: Table;
}

/** What {@link compareMethods} returns. */
export interface MethodComparison {
  fdr: number;
  methods: DeMethod[];
  calls: MethodCalls[];
  /** method, tested, significant, up, down, lfc_cor (Pearson, with the first method, shared genes). */
  summary: Table;
  /** Genes significant in exactly this set of methods (UpSet intersections), largest first. */
  intersections: { methods: DeMethod[]; count: number; genes: string[] }[];
  /** Pairwise Jaccard indices of the significant sets. */
  jaccard: Table;
  /** Genes tested by every method: gene_id and one log2 fold change column per method. */
  lfc: Table;
}

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  if (n < 2) return NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Compare DE methods on one data set.
 *
 * @example
 * const cmp = compareMethods(counts, samples, { design: "~ condition", contrast: ["condition", "nutlin", "dmso"] });
 * show(cmp.summary); show(upsetPlot(cmp));
 */
export function compareMethods(countsIn: CountsInput, samplesIn: SamplesInput, options: CompareOptions): MethodComparison {
  const counts = asCountMatrix(countsIn);
  const samples = asSampleTable(samplesIn);
  const methods = options.methods ?? ["deseq2", "edger-qlf", "voom"];
  if (!methods.length) throw new InputError("give at least one method", "compareMethods");
  if (new Set(methods).size !== methods.length) throw new InputError("each method may appear once", "compareMethods");
  const fdr = options.fdr ?? 0.05;
  const calls: MethodCalls[] = methods.map((method) => {
    if (method === "deseq2") {
      const reference = options.contrast ? { [options.contrast[0]]: options.contrast[2] } : undefined;
      const dds = new DESeqDataSet(counts, samples, { design: options.design, reference }).run();
      const res = dds.results({ contrast: options.contrast, alpha: fdr });
      return { method, genes: res.column("gene_id") as string[], logFC: res.column("log2FoldChange") as Float64Array, padj: res.column("padj") as Float64Array, table: res };
    }
    const r = runEdgerMethod(counts, samples, { method, design: options.design, contrast: options.contrast });
    const padj = r.table.column(method === "voom" ? "adj.P.Val" : "FDR") as Float64Array;
    return { method, genes: r.table.column("gene_id") as string[], logFC: r.table.column("logFC") as Float64Array, padj, table: r.table };
  });
  return { fdr, methods, calls, ...compareCalls(calls.map((c) => ({ ...c, name: c.method })), fdr, counts.genes) } as MethodComparison;
}

/** One result's calls, for {@link compareCalls}. */
export interface NamedCalls {
  name: string;
  genes: string[];
  logFC: Float64Array;
  padj: Float64Array;
}

/** What {@link compareCalls} returns. */
export interface CallComparison {
  /** name, tested, significant, up, down, lfc_cor (Pearson with the first result, shared genes). */
  summary: Table;
  /** Genes significant in exactly this set of results (UpSet intersections), largest first. */
  intersections: { methods: string[]; count: number; genes: string[] }[];
  jaccard: Table;
  /** Genes tested by every result: gene_id and one log2 fold change column per result. */
  lfc: Table;
}

/**
 * Agreement between several sets of DE calls (methods on one data set, or drugs and conditions):
 * significant genes per result, UpSet intersections, pairwise Jaccard indices and the log fold
 * changes on the genes all results tested. `order` fixes the gene order of the outputs.
 *
 * @example
 * compareCalls([{ name: "nutlin", genes, logFC, padj }, { name: "milademetan", genes: g2, logFC: l2, padj: p2 }], 0.05, genes);
 */
export function compareCalls(calls: NamedCalls[], fdr: number, order: string[]): CallComparison {
  const methods = calls.map((c) => c.name);
  const sig = calls.map((c) => new Set(c.genes.filter((_, i) => c.padj[i] < fdr)));
  // genes tested by every result, in the given order
  const maps = calls.map((c) => new Map(c.genes.map((g, i) => [g, i])));
  const shared = order.filter((g) => maps.every((m, k) => m.has(g) && Number.isFinite(calls[k].logFC[m.get(g)!])));
  const lfcCols: Record<string, string[] | Float64Array> = { gene_id: shared };
  calls.forEach((c, k) => (lfcCols[c.name] = Float64Array.from(shared, (g) => c.logFC[maps[k].get(g)!])));
  const lfc = Table.fromColumns(lfcCols, "log2 fold changes, genes tested by every method");
  const first = lfcCols[methods[0]] as Float64Array;
  const summary = Table.fromColumns(
    {
      method: methods,
      tested: calls.map((c) => c.genes.length),
      significant: sig.map((s) => s.size),
      up: calls.map((c) => c.genes.filter((_, i) => c.padj[i] < fdr && c.logFC[i] > 0).length),
      down: calls.map((c) => c.genes.filter((_, i) => c.padj[i] < fdr && c.logFC[i] < 0).length),
      lfc_cor: methods.map((m) => pearson(Array.from(first), Array.from(lfcCols[m] as Float64Array))),
    },
    `DE methods at adjusted p < ${fdr}`,
  );
  const byPattern = new Map<string, string[]>();
  const allSig = new Set(sig.flatMap((s) => [...s]));
  for (const g of order) {
    if (!allSig.has(g)) continue;
    const key = sig.map((s) => (s.has(g) ? "1" : "0")).join("");
    const list = byPattern.get(key);
    if (list) list.push(g);
    else byPattern.set(key, [g]);
  }
  const intersections = [...byPattern.entries()]
    .map(([key, genes]) => ({ methods: methods.filter((_, k) => key[k] === "1"), count: genes.length, genes }))
    .sort((a, b) => b.count - a.count || b.methods.length - a.methods.length);
  const jac: Record<string, string[] | Float64Array> = { method: methods };
  methods.forEach((m, b) => {
    jac[m] = Float64Array.from(methods, (_, a) => {
      const inter = [...sig[a]].filter((g) => sig[b].has(g)).length;
      const union = sig[a].size + sig[b].size - inter;
      return union ? inter / union : NaN;
    });
  });
  return { summary, intersections, jaccard: Table.fromColumns(jac, "Jaccard index of significant genes"), lfc };
}
