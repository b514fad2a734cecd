/**
 * Library sizes: total read counts per sample, the first QC plot of any RNA-seq study.
 */
import type { CountMatrix } from "../io/counts";
import type { SampleTable } from "../io/samples";
import { figure, GROUP_COLORS, PlotlyFigure, plotText } from "./figure";

/** Options for {@link librarySizePlot}. */
export interface LibrarySizeOptions {
  /** Sample annotations; with `colorBy`, bars are coloured by that column. */
  samples?: SampleTable;
  /** Sample-table column that colours the bars (e.g. "condition"). */
  colorBy?: string;
  /** Title; default "Library sizes". */
  title?: string;
}

/**
 * Bar chart of total counts per sample (millions of reads), coloured by a sample annotation.
 *
 * @example
 * const fig = librarySizePlot(counts, { samples, colorBy: "condition" });
 * show(fig);
 */
export function librarySizePlot(counts: CountMatrix, options: LibrarySizeOptions = {}): PlotlyFigure {
  const sizes = counts.librarySizes();
  const millions = Array.from(sizes, (x) => x / 1e6);
  const names = counts.samples.map(plotText);
  const groups = options.colorBy && options.samples ? options.samples.alignTo(counts).get(options.colorBy) : null;
  const traces = groups
    ? [...new Set(groups)].map((level, k) => {
        const idx = groups.map((g, i) => (g === level ? i : -1)).filter((i) => i >= 0);
        return {
          type: "bar",
          name: plotText(level),
          x: idx.map((i) => names[i]),
          y: idx.map((i) => millions[i]),
          marker: { color: GROUP_COLORS[k % GROUP_COLORS.length] },
          hovertemplate: "%{x}<br>%{y:.2f} million reads<extra>%{fullData.name}</extra>",
        };
      })
    : [{ type: "bar", x: names, y: millions, marker: { color: GROUP_COLORS[0] }, hovertemplate: "%{x}<br>%{y:.2f} million reads<extra></extra>" }];
  return figure(traces, {
    title: { text: plotText(options.title ?? "Library sizes") },
    xaxis: { title: { text: "sample" }, type: "category", categoryorder: "array", categoryarray: names },
    yaxis: { title: { text: "million reads" }, rangemode: "tozero" },
    legend: { title: { text: plotText(options.colorBy ?? "") } },
    barmode: "stack",
  });
}
