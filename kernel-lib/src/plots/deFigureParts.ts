/**
 * Shared pieces of the DE figures: the gene x sample matrix type, column lookup across DESeq2,
 * edgeR and limma tables, the trace type for large scatters, gene labels and sample annotation
 * strips.
 */
import { InputError } from "../io/errors";
import type { Table } from "../io/table";
import type { SampleTable } from "../io/samples";
import { plotText, GROUP_COLORS, type PlotlyTrace } from "./figure";

export interface GeneMatrix {
  genes: string[];
  samples: string[];
  /** Gene-major values: `values[g * samples.length + j]`. */
  values: ArrayLike<number>;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers: DE table columns across DESeq2 / edgeR / limma names, trace type, annotations
// ---------------------------------------------------------------------------------------------

/**
 * Column names of a DE table per quantity, in order of preference (DESeq2, edgeR, limma).
 *
 * @example
 * DE_COLUMNS.padj; // ["padj", "FDR", "adj.P.Val"]
 */
export const DE_COLUMNS: Record<"gene" | "lfc" | "padj" | "pvalue" | "mean", readonly string[]> = {
  gene: ["gene_id", "gene", "genes", "ID", "symbol", "gene_name"],
  lfc: ["log2FoldChange", "logFC"],
  padj: ["padj", "FDR", "adj.P.Val"],
  pvalue: ["pvalue", "PValue", "P.Value"],
  mean: ["baseMean", "AveExpr", "logCPM"],
};

/** Quantities found in DE tables. */
export type DeQuantity = keyof typeof DE_COLUMNS;

/**
 * The name of the column holding a quantity in a DESeq2, edgeR or limma table; an error lists
 * the names accepted and the columns there are.
 *
 * @example
 * deColumnName(Table.fromColumns({ logFC: [1], FDR: [0.01] }), "padj"); // "FDR"
 */
export function deColumnName(t: Table, q: DeQuantity, where = "DE table"): string {
  const name = DE_COLUMNS[q].find((n) => t.names.includes(n));
  if (name === undefined) {
    throw new InputError(`no ${q} column (looked for ${DE_COLUMNS[q].join(", ")}); columns are ${t.names.join(", ")}`, where);
  }
  return name;
}

/** A numeric DE column (NA and text that is not a number become NaN). */
export function deNumbers(t: Table, q: DeQuantity, where: string): Float64Array {
  const c = t.column(deColumnName(t, q, where));
  if (c instanceof Float64Array) return c;
  return Float64Array.from(c as ArrayLike<unknown>, (v) => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN));
}

/** Gene names of a DE table (the first gene-like column, else the first text column, else row numbers). */
export function deGenes(t: Table): string[] {
  const name = DE_COLUMNS.gene.find((n) => t.names.includes(n)) ?? t.names.find((_, i) => !(t.columns[i] instanceof Float64Array) && typeof t.columns[i][0] === "string");
  if (name === undefined) return Array.from({ length: t.nRows }, (_, i) => `row ${i + 1}`);
  return (t.column(name) as (string | null)[]).map((g, i) => (g === null ? `row ${i + 1}` : String(g)));
}

/**
 * A plotted coordinate rounded to 4 decimals (figures of tens of thousands of points stay small).
 *
 * @example
 * round4(1.234567); // 1.2346
 */
export function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/**
 * "scattergl" above 10,000 points (WebGL keeps large plots responsive), "scatter" otherwise.
 *
 * @example
 * scatterType(20000); // "scattergl"
 */
export function scatterType(points: number): "scatter" | "scattergl" {
  return points > 10000 ? "scattergl" : "scatter";
}

/** Row indices where `keep` is true. */
export function which(n: number, keep: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return out;
}

/** Genes to label: those listed (present among `shown`) plus the top `top` significant by padj. */
export function labelRows(genes: string[], padj: Float64Array, shown: number[], alpha: number, label: string[] = [], top = 10): number[] {
  const listed = new Set(label);
  const out = new Set(shown.filter((i) => listed.has(genes[i])));
  const sig = shown.filter((i) => padj[i] < alpha).sort((a, b) => padj[a] - padj[b] || a - b);
  for (const i of sig.slice(0, Math.max(0, top))) out.add(i);
  return [...out];
}

/** Plotly annotations with arrows naming genes at (x, y). */
export function geneAnnotations(rows: number[], genes: string[], x: (i: number) => number, y: (i: number) => number): Record<string, unknown>[] {
  return rows.map((i) => ({ x: x(i), y: y(i), xref: "x", yref: "y", text: plotText(genes[i]), showarrow: true, arrowhead: 0, arrowwidth: 1, arrowcolor: "#555", ax: 20, ay: -20, font: { size: 10 } }));
}

/** The value of a sample annotation per matrix column (aligned by sample name). */
export function sampleValues(samples: SampleTable, column: string, names: string[]): string[] {
  const values = samples.get(column);
  const at = new Map(samples.samples.map((s, i) => [s, i]));
  return names.map((s) => {
    const i = at.get(s);
    if (i === undefined) throw new InputError(`sample "${s}" has no row in the sample table`, samples.source);
    return values[i];
  });
}

/**
 * A one-row heatmap strip colouring samples by an annotation column (discrete colours, level in
 * the hover), for placing above a heatmap on its own y axis.
 *
 * @example
 * const strip = annotationStrip(["s1", "s2"], ["dmso", "nutlin"], "condition", { yaxis: "y2" });
 */
export function annotationStrip(names: string[], values: string[], column: string, axes: { xaxis?: string; yaxis: string }): PlotlyTrace {
  const levels = [...new Set(values)];
  const k = levels.length;
  const colorscale: [number, string][] = [];
  levels.forEach((_, i) => {
    const c = GROUP_COLORS[i % GROUP_COLORS.length];
    colorscale.push([i / k, c], [(i + 1) / k, c]);
  });
  return {
    type: "heatmap",
    x: names.map(plotText),
    y: [plotText(column)],
    z: [values.map((v) => levels.indexOf(v))],
    zmin: -0.5,
    zmax: k - 0.5,
    colorscale,
    showscale: false,
    text: [values.map((v, j) => `${plotText(names[j])}<br>${plotText(column)}: ${plotText(v)}`)],
    hoverinfo: "text",
    xaxis: axes.xaxis ?? "x",
    yaxis: axes.yaxis,
    xgap: 1,
  };
}

// ---------------------------------------------------------------------------------------------
// Volcano, MA, p-value histogram
// ---------------------------------------------------------------------------------------------

