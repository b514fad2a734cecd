/**
 * Sample-sheet QC figure: RIN (or RQN) per sample as bars, samples that fail any threshold in
 * red, the RIN threshold as a dashed line; the hover text lists every flag.
 */
import type { SampleQcResult } from "../io/sampleQc";
import { figure, PlotlyFigure, plotText } from "./figure";

/**
 * @example
 * show(sampleQcPlot(sampleQc(samples, { minRin: 7 })));
 */
export function sampleQcPlot(qc: SampleQcResult, options: { title?: string } = {}): PlotlyFigure {
  const t = qc.table;
  const names = (t.column("sample") as string[]).map((s) => plotText(s ?? ""));
  const rin = t.column("rin") as Float64Array;
  const pass = t.column("pass") as boolean[];
  const flags = (t.column("flags") as string[]).map((f) => plotText(f || "passes"));
  const lib = t.column("library_size") as Float64Array;
  const hasRin = qc.columns.rin !== null;
  const y = hasRin ? Array.from(rin, (v) => (Number.isNaN(v) ? null : v)) : Array.from(lib, (v) => (Number.isNaN(v) ? null : v / 1e6));
  const trace = (ok: boolean) => {
    const idx = pass.map((p, i) => (p === ok ? i : -1)).filter((i) => i >= 0);
    return {
      type: "bar",
      name: ok ? "passes" : "flagged",
      x: idx.map((i) => names[i]),
      y: idx.map((i) => y[i]),
      text: idx.map((i) => flags[i]),
      marker: { color: ok ? "#4C72B0" : "#C44E52" },
      hovertemplate: `%{x}<br>${hasRin ? "RIN %{y}" : "%{y:.2f} million reads"}<br>%{text}<extra></extra>`,
    };
  };
  const shapes = hasRin
    ? [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: qc.thresholds.minRin, y1: qc.thresholds.minRin, line: { dash: "dash", color: "#C44E52", width: 1.5 } }]
    : [];
  return figure([trace(true), trace(false)], {
    title: { text: options.title ?? (hasRin ? `RNA integrity (flagged below RIN ${qc.thresholds.minRin})` : "Library sizes") },
    yaxis: { title: { text: hasRin ? "RIN" : "million reads" }, rangemode: "tozero" },
    xaxis: { title: { text: "sample" } },
    shapes,
    barmode: "group",
  });
}
