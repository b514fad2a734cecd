/**
 * Volcano and MA plots and the p-value histogram, from DESeq2, edgeR or limma result tables;
 * every text from data is escaped with {@link plotText}.
 */
import type { Table } from "../io/table";
import { figure, plotText, GROUP_COLORS, type PlotlyFigure } from "./figure";
import { deColumnName, deGenes, deNumbers, geneAnnotations, labelRows, round4, scatterType, which } from "./deFigureParts";

/** Options of {@link volcanoPlot}. */
export interface VolcanoOptions {
  /** Adjusted p-value cut-off (default 0.05). */
  alpha?: number;
  /** |log2 fold change| cut-off (default 1). */
  lfc?: number;
  /** Genes always labelled (when plotted). */
  label?: string[];
  /** Also label the n significant genes with the smallest padj (default 10; 0 for none). */
  top?: number;
  title?: string;
}

/**
 * Volcano plot: log2 fold change against -log10 adjusted p-value, genes coloured up / down /
 * not significant, threshold lines, labelled genes. Works on DESeq2 (log2FoldChange, padj),
 * edgeR (logFC, FDR) and limma (logFC, adj.P.Val) tables. Genes with NA padj (filtered out by
 * independent filtering or Cook's distances) are not plotted but counted in the title; padj = 0
 * is drawn at the smallest positive padj. Uses "scattergl" above 10,000 points.
 *
 * @example
 * show(volcanoPlot(dds.results({ alpha: 0.05 }), { label: ["CDKN1A", "MDM2"], top: 15 }));
 */
export function volcanoPlot(results: Table, options: VolcanoOptions = {}): PlotlyFigure {
  const where = "volcanoPlot";
  const alpha = options.alpha ?? 0.05;
  const cut = options.lfc ?? 1;
  const genes = deGenes(results);
  const lfc = deNumbers(results, "lfc", where);
  const padj = deNumbers(results, "padj", where);
  const shown = which(results.nRows, (i) => Number.isFinite(lfc[i]) && !Number.isNaN(padj[i]));
  const naCount = results.nRows - shown.length;
  const floor = shown.reduce((m, i) => (padj[i] > 0 && padj[i] < m ? padj[i] : m), 1);
  const y = (i: number) => -Math.log10(Math.max(padj[i], floor));
  const up = shown.filter((i) => padj[i] < alpha && lfc[i] >= cut);
  const down = shown.filter((i) => padj[i] < alpha && lfc[i] <= -cut);
  const rest = shown.filter((i) => !(padj[i] < alpha && Math.abs(lfc[i]) >= cut));
  const type = scatterType(shown.length);
  const groups: [string, number[], string][] = [
    [`not significant (${rest.length})`, rest, "#bbbbbb"],
    [`down (${down.length})`, down, GROUP_COLORS[0]],
    [`up (${up.length})`, up, GROUP_COLORS[1]],
  ];
  const traces = groups.map(([name, idx, color]) => ({
    type,
    mode: "markers",
    name,
    // positions to 4 decimals and p-values to 3 digits keep the page small (60k genes) at no visible cost
    x: idx.map((i) => round4(lfc[i])),
    y: idx.map((i) => round4(y(i))),
    text: idx.map((i) => plotText(genes[i])),
    customdata: idx.map((i) => Number(padj[i].toPrecision(3))),
    hovertemplate: "%{text}<br>log2FC %{x:.3f}<br>padj %{customdata:.3g}<extra></extra>",
    marker: { color, size: 5, opacity: 0.7 },
  }));
  const labelled = labelRows(genes, padj, shown, alpha, options.label, options.top);
  const na = naCount > 0 ? `; ${naCount} with NA padj not shown` : "";
  return figure(traces, {
    title: { text: plotText(options.title ?? `Volcano: ${up.length} up, ${down.length} down (padj < ${alpha}, |log2FC| ≥ ${cut})${na}`) },
    xaxis: { title: { text: "log2 fold change" }, zeroline: false },
    yaxis: { title: { text: "-log10 adjusted p-value" }, rangemode: "tozero" },
    shapes: [
      ...[-cut, cut].map((x) => ({ type: "line", xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1, line: { dash: "dot", color: "#888", width: 1 } })),
      { type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: -Math.log10(alpha), y1: -Math.log10(alpha), line: { dash: "dot", color: "#888", width: 1 } },
    ],
    annotations: geneAnnotations(labelled, genes, (i) => lfc[i], y),
    legend: { title: { text: naCount > 0 ? `NA padj: ${naCount}` : "" } },
  });
}

/** Options of {@link maPlot}. */
export interface MaOptions {
  /** Adjusted p-value cut-off for colouring (default 0.05). */
  alpha?: number;
  /** Genes always labelled. */
  label?: string[];
  /** Also label the n significant genes with the smallest padj (default 10). */
  top?: number;
  title?: string;
}

/**
 * MA plot: log2 fold change against mean expression (DESeq2 baseMean on a log axis, or limma
 * AveExpr / edgeR logCPM, already log scale), significant genes coloured. Genes with NA padj are
 * shown as not significant (as DESeq2's plotMA); genes with NA fold change or zero baseMean are left out.
 *
 * @example
 * show(maPlot(dds.results(), { alpha: 0.1, label: ["CDKN1A"] }));
 */
export function maPlot(results: Table, options: MaOptions = {}): PlotlyFigure {
  const where = "maPlot";
  const alpha = options.alpha ?? 0.05;
  const genes = deGenes(results);
  const lfc = deNumbers(results, "lfc", where);
  const padj = deNumbers(results, "padj", where);
  const meanName = deColumnName(results, "mean", where);
  const mean = deNumbers(results, "mean", where);
  const logX = meanName === "baseMean";
  const shown = which(results.nRows, (i) => Number.isFinite(lfc[i]) && Number.isFinite(mean[i]) && (!logX || mean[i] > 0));
  const sig = shown.filter((i) => padj[i] < alpha);
  const rest = shown.filter((i) => !(padj[i] < alpha));
  const type = scatterType(shown.length);
  const groups: [string, number[], string][] = [
    [`not significant (${rest.length})`, rest, "#bbbbbb"],
    [`padj < ${alpha} (${sig.length})`, sig, GROUP_COLORS[1]],
  ];
  const traces = groups.map(([name, idx, color]) => ({
    type,
    mode: "markers",
    name,
    x: idx.map((i) => mean[i]),
    y: idx.map((i) => lfc[i]),
    text: idx.map((i) => plotText(genes[i])),
    customdata: idx.map((i) => (Number.isNaN(padj[i]) ? "NA" : padj[i].toPrecision(3))),
    hovertemplate: `%{text}<br>${meanName} %{x:.3g}<br>log2FC %{y:.3f}<br>padj %{customdata}<extra></extra>`,
    marker: { color, size: 5, opacity: 0.7 },
  }));
  const labelled = labelRows(genes, padj, shown, alpha, options.label, options.top);
  return figure(traces, {
    title: { text: plotText(options.title ?? `MA plot: ${sig.length} genes with padj < ${alpha}`) },
    xaxis: { title: { text: logX ? "mean of normalised counts (baseMean)" : meanName }, type: logX ? "log" : "linear" },
    yaxis: { title: { text: "log2 fold change" }, zeroline: true },
    shapes: [{ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: 0, y1: 0, line: { color: "#888", width: 1 } }],
    annotations: geneAnnotations(labelled, genes, (i) => (logX ? Math.log10(mean[i]) : mean[i]), (i) => lfc[i]),
  });
}

/**
 * Histogram of raw p-values (pvalue / PValue / P.Value) in bins of 0.05 (or `bins` bins on
 * [0, 1]): flat with a peak near 0 when the test is well calibrated. NA p-values are counted
 * in the title.
 *
 * @example
 * show(pValueHistogram(dds.results()));
 */
export function pValueHistogram(results: Table, options: { bins?: number; title?: string } = {}): PlotlyFigure {
  const p = deNumbers(results, "pvalue", "pValueHistogram");
  const x = Array.from(p).filter((v) => !Number.isNaN(v));
  const na = results.nRows - x.length;
  const bins = options.bins ?? 20;
  return figure(
    [{ type: "histogram", x, xbins: { start: 0, end: 1, size: 1 / bins }, marker: { color: GROUP_COLORS[0], line: { color: "#fff", width: 1 } }, hovertemplate: "p %{x}<br>%{y} genes<extra></extra>", name: "p-values" }],
    {
      title: { text: plotText(options.title ?? `p-value distribution (${x.length} genes${na > 0 ? `, ${na} NA not shown` : ""})`) },
      xaxis: { title: { text: "p-value" }, range: [0, 1] },
      yaxis: { title: { text: "genes" } },
      bargap: 0.02,
    },
  );
}

// ---------------------------------------------------------------------------------------------
// PCA and sample distances
// ---------------------------------------------------------------------------------------------

