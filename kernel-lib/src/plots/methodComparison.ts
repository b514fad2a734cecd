/**
 * Figures for a DE method comparison: an UpSet plot of the significant-gene intersections
 * (bars of intersection sizes over a dot matrix of the methods involved) and a log fold
 * change scatter of two methods.
 */
import type { MethodComparison, DeMethod } from "../de/compare";
import { figure, plotText, GROUP_COLORS, type PlotlyFigure, type PlotlyTrace } from "./figure";

/**
 * UpSet plot of a comparison's intersections.
 *
 * @example
 * show(upsetPlot(compareMethods(counts, samples, { design: "~ condition" })));
 */
export function upsetPlot(cmp: MethodComparison, options: { title?: string; maxBars?: number } = {}): PlotlyFigure {
  const bars = cmp.intersections.slice(0, options.maxBars ?? 20);
  const x = bars.map((_, i) => i);
  const traces: PlotlyTrace[] = [
    { type: "bar", x, y: bars.map((b) => b.count), text: bars.map((b) => String(b.count)), textposition: "outside", marker: { color: "#333" }, hovertext: bars.map((b) => `${b.methods.join(" & ")} only: ${b.count} genes`), hoverinfo: "text", xaxis: "x", yaxis: "y", showlegend: false },
  ];
  const nm = cmp.methods.length;
  // background dots for every method row, filled dots and a connecting line for members
  traces.push({ type: "scatter", mode: "markers", x: bars.flatMap((_, i) => cmp.methods.map(() => i)), y: bars.flatMap(() => cmp.methods.map((_, k) => k)), marker: { color: "#ddd", size: 12 }, hoverinfo: "skip", xaxis: "x", yaxis: "y2", showlegend: false });
  bars.forEach((b, i) => {
    const ys = b.methods.map((m) => cmp.methods.indexOf(m));
    traces.push({ type: "scatter", mode: "lines+markers", x: ys.map(() => i), y: ys, marker: { color: "#333", size: 12 }, line: { color: "#333", width: 2 }, hoverinfo: "skip", xaxis: "x", yaxis: "y2", showlegend: false });
  });
  const totals = cmp.summary.column("significant") as Float64Array;
  return figure(traces, {
    title: { text: plotText(options.title ?? `Significant genes (adjusted p < ${cmp.fdr}) shared between methods`) },
    xaxis: { showticklabels: false, zeroline: false, range: [-0.6, bars.length - 0.4] },
    yaxis: { domain: [0.4, 1], title: { text: "Intersection size" } },
    yaxis2: { domain: [0, 0.35], tickvals: cmp.methods.map((_, k) => k), ticktext: cmp.methods.map((m, k) => `${plotText(m)} (${totals[k]})`), range: [-0.5, nm - 0.5], zeroline: false, showgrid: false },
    bargap: 0.3,
    height: 300 + 30 * nm,
  });
}

/**
 * Log2 fold changes of two methods on the genes both tested, coloured by where they are
 * significant.
 *
 * @example
 * show(lfcScatter(cmp, "deseq2", "voom"));
 */
export function lfcScatter(cmp: MethodComparison, a: DeMethod, b: DeMethod): PlotlyFigure {
  const ia = cmp.methods.indexOf(a);
  const ib = cmp.methods.indexOf(b);
  if (ia < 0 || ib < 0) throw new RangeError(`methods must be among ${cmp.methods.join(", ")}`);
  const genes = cmp.lfc.column("gene_id") as string[];
  const xa = cmp.lfc.column(a) as Float64Array;
  const xb = cmp.lfc.column(b) as Float64Array;
  const sigOf = (k: number) => {
    const c = cmp.calls[k];
    const s = new Set(c.genes.filter((_, i) => c.padj[i] < cmp.fdr));
    return (g: string) => s.has(g);
  };
  const sa = sigOf(ia);
  const sb = sigOf(ib);
  const groups: [string, (g: string) => boolean, string][] = [
    ["neither", (g) => !sa(g) && !sb(g), "#bbb"],
    [`${a} only`, (g) => sa(g) && !sb(g), GROUP_COLORS[0]],
    [`${b} only`, (g) => !sa(g) && sb(g), GROUP_COLORS[1]],
    ["both", (g) => sa(g) && sb(g), GROUP_COLORS[2]],
  ];
  const traces = groups.map(([name, pick, color]) => {
    const idx = genes.map((g, i) => (pick(g) ? i : -1)).filter((i) => i >= 0);
    return { type: "scatter", mode: "markers", name: plotText(name), x: idx.map((i) => xa[i]), y: idx.map((i) => xb[i]), text: idx.map((i) => plotText(genes[i])), hovertemplate: "%{text}<br>%{x:.2f}, %{y:.2f}<extra></extra>", marker: { color, size: 4, opacity: 0.7 } };
  });
  return figure(traces, {
    title: { text: plotText(`log2 fold change: ${a} vs ${b}`) },
    xaxis: { title: { text: plotText(`${a} log2FC`) }, zeroline: true },
    yaxis: { title: { text: plotText(`${b} log2FC`) }, zeroline: true },
  });
}
