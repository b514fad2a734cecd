/**
 * Result tables in limma's layout (`topTable`, `topTreat`): logFC, AveExpr, t, P.Value,
 * adj.P.Val (Benjamini-Hochberg) and B, one row per gene, in gene order or sorted.
 */
import { Table } from "../../io/table";
import { pAdjustBH } from "../../stats/padjust";
import { InputError } from "../../io/errors";
import type { EBayesFit } from "./eBayes";
import type { TreatFit } from "./treat";
import { float64Of } from "../../stats/float64";

/** Options of {@link topTable}. */
export interface TopTableOptions {
  /** Coefficient name or 0-based index (default: the last coefficient). */
  coef?: string | number;
  /** Gene identifiers for a first `gene_id` column. */
  genes?: string[];
  /** Sort by "none" (gene order, default), "p" or "B" / "t" (decreasing |value|). */
  sortBy?: "none" | "p" | "B" | "t" | "logFC";
}

function coefIndex(names: string[], coef: string | number | undefined): number {
  if (coef === undefined) return names.length - 1;
  const j = typeof coef === "number" ? coef : names.indexOf(coef);
  if (j < 0 || j >= names.length) throw new InputError(`unknown coefficient ${JSON.stringify(coef)}; the fit has ${names.join(", ")}`, "topTable");
  return j;
}

/**
 * The table of one coefficient: `logFC, AveExpr, t, P.Value, adj.P.Val, B` (and no B after
 * `treat`).
 *
 * @example
 * topTable(eBayes(fit), { coef: "conditionnutlin", genes: counts.genes });
 */
export function topTable(fit: EBayesFit | TreatFit, options: TopTableOptions = {}): Table {
  const j = coefIndex(fit.coefNames, options.coef);
  const p = fit.coefNames.length;
  const n = fit.nGenes;
  const pick = (a: Float64Array) => float64Of(n, (g) => a[g * p + j]);
  const logFC = pick(fit.coefficients);
  const t = pick(fit.t);
  const pv = pick(fit.pValue);
  const cols: Record<string, Float64Array | string[]> = {};
  if (options.genes) {
    if (options.genes.length !== n) throw new InputError(`${options.genes.length} gene names for ${n} genes`, "topTable");
    cols.gene_id = options.genes;
  }
  cols.logFC = logFC;
  cols.AveExpr = Float64Array.from(fit.Amean);
  cols.t = t;
  cols["P.Value"] = pv;
  cols["adj.P.Val"] = pAdjustBH(pv);
  if ("lods" in fit) cols.B = pick(fit.lods);
  let table = Table.fromColumns(cols, `limma: ${fit.coefNames[j]}`);
  const by = options.sortBy ?? "none";
  if (by === "p") table = table.sortBy("P.Value");
  else if (by === "B" && "lods" in fit) table = table.sortBy("B", { descending: true });
  else if (by === "t" || by === "logFC") {
    const key = by === "t" ? t : logFC;
    const order = Array.from({ length: n }, (_, g) => g).sort((a, b) => Math.abs(key[b]) - Math.abs(key[a]) || a - b);
    table = table.take(order);
  }
  return table;
}
