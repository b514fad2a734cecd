/**
 * qPCR figures: fold-change bars with error ranges and significance marks, dose-response
 * curves with the fitted 4PL and EC50, time courses, standard curves and reference-gene
 * stability. Inputs are the result tables and fits of `qpcr`; all text from data is escaped.
 */
import type { Table } from "../io/table";
import type { FourPLFit, StandardCurve } from "../qpcr";
import { figure, plotText, GROUP_COLORS, type PlotlyFigure, type PlotlyTrace } from "./figure";

const stars = (p: number) => (!(p < 0.05) ? "" : p < 0.001 ? "***" : p < 0.01 ? "**" : "*");

/**
 * Bars of fold change per target and group from a {@link deltaDeltaCt} table (error bars from
 * fold_low/fold_high), optionally marked with stars from a {@link testDeltaCt} table (padj).
 *
 * @example
 * show(foldChangePlot(deltaDeltaCt(cq, { reference: "GAPDH", calibrator: "DMSO" }), { tests: testDeltaCt(cq, { reference: "GAPDH", calibrator: "DMSO" }) }));
 */
export function foldChangePlot(ddct: Table, options: { tests?: Table; title?: string; logScale?: boolean } = {}): PlotlyFigure {
  const group = ddct.column("group") as string[];
  const target = ddct.column("target") as string[];
  const fold = ddct.column("fold") as Float64Array;
  const lo = ddct.column("fold_low") as Float64Array;
  const hi = ddct.column("fold_high") as Float64Array;
  const p = new Map<string, number>();
  if (options.tests) {
    const tt = options.tests.column("target") as string[];
    const tg = options.tests.column("group") as string[];
    const padj = options.tests.column("padj") as Float64Array;
    tt.forEach((t, i) => p.set(`${t}\u0000${tg[i]}`, padj[i]));
  }
  const groups = [...new Set(group)];
  const traces: PlotlyTrace[] = groups.map((g, k) => {
    const idx = group.map((x, i) => (x === g ? i : -1)).filter((i) => i >= 0);
    return {
      type: "bar",
      name: plotText(g),
      x: idx.map((i) => plotText(target[i])),
      y: idx.map((i) => fold[i]),
      error_y: { type: "data", symmetric: false, array: idx.map((i) => hi[i] - fold[i]), arrayminus: idx.map((i) => fold[i] - lo[i]), visible: true },
      text: idx.map((i) => stars(p.get(`${target[i]}\u0000${g}`) ?? NaN)),
      textposition: "outside",
      marker: { color: GROUP_COLORS[k % GROUP_COLORS.length] },
      hovertemplate: "%{x}<br>fold %{y:.2f}<extra>" + plotText(g) + "</extra>",
    };
  });
  return figure(traces, {
    title: { text: plotText(options.title ?? "Fold change (2^-ddCt)") },
    barmode: "group",
    yaxis: { title: { text: "fold change vs calibrator" }, type: options.logScale ? "log" : "linear" },
    shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: 1, y1: 1, line: { dash: "dot", color: "#888" } }],
  });
}

/**
 * Dose-response: the observed responses and the fitted 4PL curve, with the EC50 and its interval.
 *
 * @example
 * show(doseResponsePlot(conc, fc, fitFourPL(conc, fc), { title: "CDKN1A after Milademetan" }));
 */
export function doseResponsePlot(concentration: ArrayLike<number>, response: ArrayLike<number>, fit: FourPLFit, options: { title?: string; unit?: string } = {}): PlotlyFigure {
  const xs = Array.from(concentration);
  const lo = Math.log10(Math.min(...xs));
  const hi = Math.log10(Math.max(...xs));
  const grid = Array.from({ length: 101 }, (_, i) => 10 ** (lo - 0.2 + ((hi - lo + 0.4) * i) / 100));
  const unit = options.unit ?? "µM";
  return figure(
    [
      { type: "scatter", mode: "markers", name: "observed", x: xs, y: Array.from(response), marker: { color: GROUP_COLORS[0], size: 8 } },
      { type: "scatter", mode: "lines", name: "4PL fit", x: grid, y: grid.map((x) => fit.predict(x)), line: { color: GROUP_COLORS[1] } },
    ],
    {
      title: { text: plotText(options.title ?? "Dose response") },
      xaxis: { type: "log", title: { text: plotText(`concentration (${unit})`) } },
      yaxis: { title: { text: "response" } },
      shapes: [{ type: "rect", xref: "x", yref: "paper", x0: fit.ec50CI[0], x1: fit.ec50CI[1], y0: 0, y1: 1, fillcolor: "rgba(213,94,0,0.12)", line: { width: 0 } }],
      annotations: [{ x: Math.log10(fit.ec50), y: 1, xref: "x", yref: "paper", text: plotText(`EC50 ${fit.ec50.toPrecision(3)} ${unit} (${fit.ec50CI[0].toPrecision(3)}-${fit.ec50CI[1].toPrecision(3)})`), showarrow: false, yanchor: "bottom" }],
    },
  );
}

/**
 * Time courses: one line per series (e.g. target) of mean response with error bars.
 *
 * @example
 * show(timeCoursePlot([{ name: "CDKN1A", time: [0, 8, 24], mean: [1, 3.2, 7.5], sd: [0.1, 0.4, 0.9] }]));
 */
export function timeCoursePlot(series: { name: string; time: number[]; mean: number[]; sd?: number[] }[], options: { title?: string; yTitle?: string } = {}): PlotlyFigure {
  return figure(
    series.map((s, k) => ({
      type: "scatter",
      mode: "lines+markers",
      name: plotText(s.name),
      x: s.time,
      y: s.mean,
      error_y: s.sd ? { type: "data", array: s.sd, visible: true } : undefined,
      line: { color: GROUP_COLORS[k % GROUP_COLORS.length] },
    })),
    { title: { text: plotText(options.title ?? "Time course") }, xaxis: { title: { text: "time (h)" } }, yaxis: { title: { text: plotText(options.yTitle ?? "fold change") } } },
  );
}

/**
 * A standard curve: Cq against log10 quantity with the fitted line, slope, R^2 and efficiency.
 *
 * @example
 * show(standardCurvePlot(qty, cq, standardCurve(qty, cq)));
 */
export function standardCurvePlot(quantity: ArrayLike<number>, cq: ArrayLike<number>, sc: StandardCurve, options: { title?: string } = {}): PlotlyFigure {
  const q = Array.from(quantity);
  const lo = Math.min(...q);
  const hi = Math.max(...q);
  return figure(
    [
      { type: "scatter", mode: "markers", name: "standards", x: q, y: Array.from(cq), marker: { color: GROUP_COLORS[0], size: 8 } },
      { type: "scatter", mode: "lines", name: "fit", x: [lo, hi], y: [lo, hi].map((x) => sc.intercept + sc.slope * Math.log10(x)), line: { color: GROUP_COLORS[1] } },
    ],
    {
      title: { text: plotText(options.title ?? `Standard curve: slope ${sc.slope.toFixed(3)}, R² ${sc.rSquared.toFixed(4)}, efficiency ${(100 * sc.efficiency).toFixed(1)}%`) },
      xaxis: { type: "log", title: { text: "quantity" } },
      yaxis: { title: { text: "Cq" } },
    },
  );
}

/**
 * Reference-gene stability: geNorm M or NormFinder rho per gene, most stable first.
 *
 * @example
 * show(stabilityPlot(genorm(q).mAll, { measure: "geNorm M" }));
 */
export function stabilityPlot(values: Map<string, number>, options: { measure?: string; title?: string } = {}): PlotlyFigure {
  const entries = [...values].sort((a, b) => a[1] - b[1]);
  return figure(
    [{ type: "bar", x: entries.map(([g]) => plotText(g)), y: entries.map(([, v]) => v), marker: { color: GROUP_COLORS[2] } }],
    {
      title: { text: plotText(options.title ?? `Reference-gene stability (${options.measure ?? "lower is more stable"})`) },
      yaxis: { title: { text: plotText(options.measure ?? "stability") } },
    },
  );
}
