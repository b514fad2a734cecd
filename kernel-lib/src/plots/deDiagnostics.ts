/**
 * DESeq2 diagnostics: the dispersion plot (gene-wise, fitted and final dispersions against the
 * mean of normalised counts) and one gene's normalised counts by group.
 */
import { InputError } from "../io/errors";
import type { SampleTable } from "../io/samples";
import type { CountMatrix } from "../io/counts";
import type { DESeqDataSet } from "../de/deseq";
import { figure, plotText, GROUP_COLORS, type PlotlyFigure, type PlotlyTrace } from "./figure";
import { sampleValues, scatterType, which } from "./deFigureParts";

/**
 * DESeq2's plotDispEsts: gene-wise (black), fitted (red) and final (blue; outliers circled)
 * dispersion estimates against the mean of normalised counts, log-log. Genes with all-zero
 * counts are left out.
 *
 * @example
 * show(dispersionPlot(deseq(counts, samples, { design: "~ condition" })));
 */
export function dispersionPlot(dds: DESeqDataSet, options: { title?: string } = {}): PlotlyFigure {
  const t = dds.dispersionTable();
  const genes = t.column("gene_id") as string[];
  const mean = t.column("baseMean") as Float64Array;
  const gene = t.column("dispGeneEst") as Float64Array;
  const fit = t.column("dispFit") as Float64Array;
  const fin = t.column("dispersion") as Float64Array;
  const outlier = t.column("dispOutlier") as (string | null)[];
  const idx = which(t.nRows, (i) => mean[i] > 0 && Number.isFinite(fin[i]));
  const type = scatterType(idx.length);
  const floor = 1e-8;
  const points = (name: string, rows: number[], y: Float64Array, marker: Record<string, unknown>): PlotlyTrace => ({
    type,
    mode: "markers",
    name,
    x: rows.map((i) => mean[i]),
    y: rows.map((i) => Math.max(y[i], floor)),
    text: rows.map((i) => plotText(genes[i])),
    hovertemplate: `%{text}<br>mean %{x:.3g}<br>${name} %{y:.3g}<extra></extra>`,
    marker,
  });
  const byMean = idx.filter((i) => Number.isFinite(fit[i])).sort((a, b) => mean[a] - mean[b]);
  const outliers = idx.filter((i) => outlier[i] === "TRUE");
  return figure(
    [
      points("gene-est", idx, gene, { color: "#000", size: 3, opacity: 0.5 }),
      points("final", idx, fin, { color: "#3778bf", size: 3, opacity: 0.6 }),
      points("outlier", outliers, fin, { color: "rgba(0,0,0,0)", size: 9, line: { color: "#3778bf", width: 1.5 } }),
      { type, mode: "lines", name: "fitted", x: byMean.map((i) => mean[i]), y: byMean.map((i) => fit[i]), line: { color: "#e41a1c", width: 2 }, hoverinfo: "skip" },
    ],
    {
      title: { text: plotText(options.title ?? "Dispersion estimates") },
      xaxis: { type: "log", title: { text: "mean of normalised counts" } },
      yaxis: { type: "log", title: { text: "dispersion" } },
    },
  );
}

/** Counts with size factors (and optional sample table) for {@link geneCountsPlot}. */
export interface NormalisedCountsInput {
  counts: CountMatrix;
  sizeFactors: ArrayLike<number>;
  samples?: SampleTable;
}

/**
 * One gene's normalised counts per sample by group (DESeq2's plotCounts: counts / size factors
 * + 0.5 on a log axis), points with the group means.
 *
 * @param groupBy - a sample-table column (needs `dds.samples` or `input.samples`) or one group per sample.
 * @throws InputError naming an unknown gene.
 *
 * @example
 * show(geneCountsPlot(dds, "CDKN1A", { groupBy: "condition" }));
 */
export function geneCountsPlot(input: DESeqDataSet | NormalisedCountsInput, gene: string, options: { groupBy: string | string[]; title?: string }): PlotlyFigure {
  const counts = input.counts;
  const g = counts.genes.indexOf(gene);
  if (g < 0) {
    const near = counts.genes.filter((x) => x.toLowerCase() === gene.toLowerCase());
    throw new InputError(`gene "${gene}" is not in the counts (${counts.nGenes} genes)${near.length ? `; did you mean ${near.map((x) => `"${x}"`).join(", ")}?` : ""}`, "geneCountsPlot");
  }
  const m = counts.nSamples;
  let sf = input.sizeFactors;
  if (!sf && "estimateSizeFactors" in input) sf = input.estimateSizeFactors().sizeFactors;
  if (!sf || sf.length !== m) throw new InputError(`need ${m} size factors`, "geneCountsPlot");
  const nf = "normFactors" in input ? input.normFactors : null;
  const norm = Array.from({ length: m }, (_, j) => counts.values[g * m + j] / (nf ? nf[g * m + j] : sf![j]));
  let group: string[];
  if (Array.isArray(options.groupBy)) {
    if (options.groupBy.length !== m) throw new InputError(`${options.groupBy.length} groups for ${m} samples`, "geneCountsPlot");
    group = options.groupBy;
  } else {
    if (!input.samples) throw new InputError(`groupBy "${options.groupBy}" needs a sample table (samples)`, "geneCountsPlot");
    group = sampleValues(input.samples, options.groupBy, counts.samples);
  }
  const levels = [...new Set(group)];
  const traces: PlotlyTrace[] = levels.map((lv, k) => {
    const idx = which(m, (j) => group[j] === lv);
    return {
      type: "scatter",
      mode: "markers",
      name: plotText(lv),
      x: idx.map((_, r) => k + ((r % 5) - 2) * 0.06),
      y: idx.map((j) => norm[j] + 0.5),
      text: idx.map((j) => plotText(counts.samples[j])),
      customdata: idx.map((j) => norm[j]),
      hovertemplate: `%{text}<br>normalised count %{customdata:.1f}<extra>${plotText(lv)}</extra>`,
      marker: { color: GROUP_COLORS[k % GROUP_COLORS.length], size: 9, opacity: 0.8 },
    };
  });
  const means = levels.map((lv) => {
    const v = norm.filter((_, j) => group[j] === lv);
    return v.reduce((a, b) => a + b, 0) / v.length;
  });
  traces.push({
    type: "scatter",
    mode: "markers",
    name: "group mean",
    x: levels.map((_, k) => k),
    y: means.map((v) => v + 0.5),
    customdata: means,
    text: levels.map(plotText),
    hovertemplate: "%{text} mean %{customdata:.1f}<extra></extra>",
    marker: { symbol: "line-ew-open", size: 36, color: "#333", line: { width: 2, color: "#333" } },
  });
  return figure(traces, {
    title: { text: plotText(options.title ?? gene) },
    xaxis: { tickvals: levels.map((_, k) => k), ticktext: levels.map(plotText), range: [-0.6, levels.length - 0.4], title: { text: plotText(Array.isArray(options.groupBy) ? "group" : options.groupBy) } },
    yaxis: { type: "log", title: { text: "normalised count + 0.5" } },
  });
}

