/**
 * Sample-level figures: the PCA of samples (colour and shape by sample variables, variance
 * explained on the axes) and the sample-distance heatmap, from a genes x samples matrix.
 */
import { InputError } from "../io/errors";
import type { SampleTable } from "../io/samples";
import { principalComponents, sampleDistances } from "../stats/pca";
import { hclust } from "../stats/hclust";
import { figure, plotText, GROUP_COLORS, type PlotlyFigure, type PlotlyTrace } from "./figure";
import { annotationStrip, sampleValues, which, type GeneMatrix } from "./deFigureParts";

/** Options of {@link pcaPlot}. */
export interface PcaPlotOptions {
  /** Sample-table column giving the colour (one legend entry per level). */
  colorBy?: string;
  /** Sample-table column giving the marker symbol. */
  shapeBy?: string;
  /** Most variable genes used (default 500, as DESeq2's plotPCA). */
  ntop?: number;
  /** Components on x and y (1-based, default [1, 2]). */
  components?: [number, number];
  title?: string;
}

const SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "x", "triangle-down", "star"];

/**
 * PCA of samples (DESeq2's plotPCA) on a transformed matrix such as `vst(counts)`, coloured and
 * shaped by sample annotations, with the variance explained on the axes.
 *
 * @example
 * show(pcaPlot(vst(counts), samples, { colorBy: "condition", shapeBy: "batch" }));
 */
export function pcaPlot(matrix: GeneMatrix, samples: SampleTable, options: PcaPlotOptions = {}): PlotlyFigure {
  const pca = principalComponents(matrix, { ntop: options.ntop });
  const [cx, cy] = options.components ?? [1, 2];
  if (!(cx >= 1 && cy >= 1 && cx <= pca.scores.length && cy <= pca.scores.length)) {
    throw new InputError(`components must be between 1 and ${pca.scores.length}`, "pcaPlot");
  }
  const names = pca.samples;
  const color = options.colorBy ? sampleValues(samples, options.colorBy, names) : names.map(() => "samples");
  const shape = options.shapeBy ? sampleValues(samples, options.shapeBy, names) : null;
  const shapeLevels = shape ? [...new Set(shape)] : [];
  const colorLevels = [...new Set(color)];
  const sx = pca.scores[cx - 1];
  const sy = pca.scores[cy - 1];
  const traces: PlotlyTrace[] = colorLevels.map((lv, k) => {
    const idx = which(names.length, (j) => color[j] === lv);
    return {
      type: "scatter",
      mode: "markers",
      name: plotText(lv),
      showlegend: Boolean(options.colorBy),
      x: idx.map((j) => sx[j]),
      y: idx.map((j) => sy[j]),
      text: idx.map((j) => plotText(names[j]) + (options.colorBy ? `<br>${plotText(options.colorBy)}: ${plotText(color[j])}` : "") + (shape ? `<br>${plotText(options.shapeBy!)}: ${plotText(shape[j])}` : "")),
      hovertemplate: `%{text}<br>PC${cx} %{x:.2f}<br>PC${cy} %{y:.2f}<extra></extra>`,
      marker: { color: GROUP_COLORS[k % GROUP_COLORS.length], size: 11, symbol: shape ? idx.map((j) => SYMBOLS[shapeLevels.indexOf(shape[j]) % SYMBOLS.length]) : "circle", line: { color: "#fff", width: 1 } },
    };
  });
  // legend entries for the shapes (no points)
  shapeLevels.forEach((lv, k) => traces.push({ type: "scatter", mode: "markers", name: plotText(lv), legendgroup: "shape", x: [null], y: [null], marker: { color: "#555", size: 11, symbol: SYMBOLS[k % SYMBOLS.length] }, hoverinfo: "skip" }));
  const pct = (c: number) => `${(100 * pca.varianceFraction[c - 1]).toFixed(0)}%`;
  return figure(traces, {
    title: { text: plotText(options.title ?? `PCA of ${names.length} samples (top ${pca.genes.length} variable genes)`) },
    xaxis: { title: { text: `PC${cx}: ${pct(cx)} variance` }, zeroline: false },
    yaxis: { title: { text: `PC${cy}: ${pct(cy)} variance` }, zeroline: false },
    legend: { title: { text: plotText([options.colorBy, options.shapeBy].filter(Boolean).join(" / ")) } },
  });
}

/**
 * Heatmap of Euclidean distances between samples (the DESeq2 vignette's sample-distance
 * heatmap), with an optional annotation strip from a sample-table column.
 *
 * @example
 * show(sampleDistanceHeatmap(vst(counts), samples, { annotateBy: "condition" }));
 */
export function sampleDistanceHeatmap(matrix: GeneMatrix, samples?: SampleTable, options: { annotateBy?: string; title?: string; cluster?: boolean } = {}): PlotlyFigure {
  const m = matrix.samples.length;
  const d0 = sampleDistances(matrix);
  // samples in the leaf order of complete-linkage clustering (as pheatmap in DESeq2's vignette)
  const order = options.cluster === false ? matrix.samples.map((_, i) => i) : hclust(d0, m).order;
  const names = order.map((i) => matrix.samples[i]);
  const z = order.map((i) => order.map((j) => d0[i * m + j]));
  const labels = names.map(plotText);
  const traces: PlotlyTrace[] = [
    {
      type: "heatmap",
      x: labels,
      y: labels,
      z,
      colorscale: "Blues",
      reversescale: true,
      colorbar: { title: { text: "distance" } },
      hovertemplate: "%{y} vs %{x}<br>distance %{z:.2f}<extra></extra>",
      xaxis: "x",
      yaxis: "y",
    },
  ];
  const annotate = options.annotateBy && samples;
  if (annotate) traces.push(annotationStrip(names, sampleValues(samples, options.annotateBy!, names), options.annotateBy!, { yaxis: "y2" }));
  return figure(traces, {
    title: { text: plotText(options.title ?? "Sample-to-sample distances") },
    xaxis: { tickangle: -45, automargin: true },
    yaxis: { autorange: "reversed", automargin: true, domain: annotate ? [0, 0.9] : [0, 1] },
    ...(annotate ? { yaxis2: { domain: [0.92, 1], automargin: true } } : {}),
    height: Math.max(400, 200 + 22 * m),
  });
}

// ---------------------------------------------------------------------------------------------
// Dispersions and counts of one gene
// ---------------------------------------------------------------------------------------------

