/**
 * Gene-signature figures: a heatmap of a set's genes across samples (z-scored per gene) and the
 * GSEA running-sum plot of one set on a ranked list. All text from data is escaped.
 */
import { InputError } from "../io/errors";
import type { SampleTable } from "../io/samples";
import { matchSet, type GeneSet } from "../signatures/geneSet";
import { figure, plotText, GROUP_COLORS, type PlotlyFigure, type PlotlyTrace } from "./figure";
import { annotationStrip, scatterType, type GeneMatrix } from "./deFigureParts";

/** Values of a sample-table column in the order of `names`. */
function valuesFor(samples: SampleTable, column: string, names: string[]): string[] {
  const v = samples.get(column);
  const at = new Map(samples.samples.map((s, i) => [s, i]));
  return names.map((s) => {
    const i = at.get(s);
    if (i === undefined) throw new InputError(`sample "${s}" has no row in the sample table`, samples.source);
    return v[i];
  });
}

/** A row z-scored (sample standard deviation); a constant row gives zeros. */
function zScores(row: number[]): number[] {
  const n = row.length;
  const mu = row.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(row.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(n - 1, 1));
  return row.map((v) => (sd > 0 ? (v - mu) / sd : 0));
}

/**
 * Heatmap of a gene set's genes (rows, in the set's order) across samples, each gene z-scored
 * over samples, with an optional annotation strip from a sample-table column. Genes of the set
 * missing from the matrix are counted in the title.
 *
 * @example
 * show(signatureHeatmap(vst(counts), hallmarkP53, samples, { annotateBy: "condition" }));
 */
export function signatureHeatmap(matrix: GeneMatrix, set: GeneSet, samples?: SampleTable, options: { annotateBy?: string; title?: string } = {}): PlotlyFigure {
  const m = matrix.samples.length;
  const hit = matchSet(set, matrix.genes);
  if (hit.index.length === 0) throw new InputError(`no gene of set "${set.name}" is in the matrix`, "signatureHeatmap");
  const raw = hit.index.map((g) => Array.from({ length: m }, (_, j) => matrix.values[g * m + j]));
  const z = raw.map(zScores);
  const x = matrix.samples.map(plotText);
  const y = hit.present.map(plotText);
  const traces: PlotlyTrace[] = [
    {
      type: "heatmap",
      x,
      y,
      z,
      customdata: raw,
      zmid: 0,
      colorscale: "RdBu",
      reversescale: true,
      colorbar: { title: { text: "z-score" } },
      hovertemplate: "%{y} in %{x}<br>z %{z:.2f}<br>value %{customdata:.3g}<extra></extra>",
      xaxis: "x",
      yaxis: "y",
    },
  ];
  const annotate = Boolean(options.annotateBy && samples);
  if (annotate) traces.push(annotationStrip(matrix.samples, valuesFor(samples!, options.annotateBy!, matrix.samples), options.annotateBy!, { yaxis: "y2" }));
  const missing = hit.missing.length ? ` (${hit.missing.length} missing)` : "";
  return figure(traces, {
    title: { text: plotText(options.title ?? `${set.name}: ${hit.present.length} of ${set.genes.length} genes${missing}`) },
    xaxis: { tickangle: -45, automargin: true },
    yaxis: { autorange: "reversed", automargin: true, domain: annotate ? [0, 0.9] : [0, 1] },
    ...(annotate ? { yaxis2: { domain: [0.92, 1], automargin: true } } : {}),
    height: Math.max(400, 150 + 14 * hit.present.length),
  });
}

/** The GSEA running sum of one set on a ranking (see {@link gseaRunningSumPlot}). */
export interface RunningSum {
  /** Genes in rank order. */
  genes: string[];
  /** Statistic in rank order. */
  stat: Float64Array;
  /** Running sum after each rank. */
  sum: Float64Array;
  /** 0-based ranks of the set's genes. */
  hits: number[];
  /** Enrichment score (as gseaPreranked). */
  es: number;
  /** 0-based rank where the walk reaches ES (-1 when ES = 0). */
  peak: number;
  /** Set genes in the leading edge. */
  leadingEdge: string[];
}

/**
 * The classic weighted GSEA running sum (Subramanian et al. 2005) of `set` on genes ranked by
 * `stat` decreasing (sorted stably when not already): steps of |stat|^weight / NR at hits and
 * -1 / (N - k) at misses; ES is the largest deviation from 0, as {@link gseaPreranked}.
 *
 * @example
 * gseaRunningSum(["A", "B", "C"], Float64Array.of(3, 1, -2), { name: "S", genes: ["A"] }).es; // 1
 */
export function gseaRunningSum(genes: string[], stat: ArrayLike<number>, set: GeneSet, options: { weight?: number } = {}): RunningSum {
  const where = "gseaRunningSum";
  const N = genes.length;
  if (stat.length !== N) throw new InputError(`${N} genes but ${stat.length} statistics`, where);
  const p = options.weight ?? 1;
  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => stat[b] - stat[a] || a - b);
  const ranked = order.map((i) => genes[i]);
  const st = Float64Array.from(order, (i) => stat[i]);
  const members = new Set(matchSet(set, ranked).index);
  const k = members.size;
  if (k === 0) throw new InputError(`no gene of set "${set.name}" is in the ranking`, where);
  if (k === N) throw new InputError(`gene set "${set.name}" contains every ranked gene`, where);
  const w = (r: number) => (p === 0 ? 1 : Math.abs(st[r]) ** p);
  let NR = 0;
  for (const r of members) NR += w(r);
  const sum = new Float64Array(N);
  let cum = 0;
  let mx = 0;
  let mn = 0;
  let atMax = -1;
  let atMin = -1;
  for (let r = 0; r < N; r++) {
    cum += members.has(r) ? w(r) / NR : -1 / (N - k);
    sum[r] = cum;
    if (cum > mx) [mx, atMax] = [cum, r];
    if (cum < mn) [mn, atMin] = [cum, r];
  }
  const es = mx > -mn ? mx : mx < -mn ? mn : 0;
  const peak = mx > -mn ? atMax : mx < -mn ? atMin : -1;
  const hits = [...members].sort((a, b) => a - b);
  const leadingEdge = es > 0 ? hits.filter((r) => r <= peak) : es < 0 ? hits.filter((r) => r > peak).reverse() : [];
  return { genes: ranked, stat: st, sum, hits, es, peak, leadingEdge: leadingEdge.map((r) => ranked[r]) };
}

/**
 * GSEA enrichment plot of one set: the running sum with ES marked, the positions of the set's
 * genes (ticks, gene names in the hover) and the ranked statistic below.
 *
 * @example
 * show(gseaRunningSumPlot(["CDKN1A", "MDM2", "GAPDH", "MKI67"], Float64Array.of(40, 30, 1, -25), { name: "P53", genes: ["CDKN1A", "MDM2"] }));
 */
export function gseaRunningSumPlot(genes: string[], stat: ArrayLike<number>, set: GeneSet, options: { weight?: number; title?: string } = {}): PlotlyFigure {
  const rs = gseaRunningSum(genes, stat, set, options);
  const N = rs.genes.length;
  const type = scatterType(N);
  const ranks = Array.from({ length: N + 1 }, (_, i) => i);
  const hitText = rs.hits.map((r) => `${plotText(rs.genes[r])}<br>rank ${r + 1}<br>stat ${rs.stat[r].toPrecision(3)}`);
  const color = GROUP_COLORS[2];
  const traces: PlotlyTrace[] = [
    { type, mode: "lines", name: "running sum", x: ranks, y: [0, ...rs.sum], line: { color, width: 2 }, hovertemplate: "rank %{x}<br>running sum %{y:.3f}<extra></extra>", xaxis: "x", yaxis: "y" },
    { type: "scatter", mode: "markers", name: "set genes", x: rs.hits.map((r) => r + 1), y: rs.hits.map(() => 0), text: hitText, hovertemplate: "%{text}<extra></extra>", marker: { symbol: "line-ns-open", size: 18, color: "#000", line: { width: 1 } }, xaxis: "x", yaxis: "y2", showlegend: false },
    { type, mode: "lines", name: "ranked statistic", x: ranks.slice(1), y: Array.from(rs.stat), fill: "tozeroy", line: { color: "#888", width: 1 }, hovertemplate: "rank %{x}<br>stat %{y:.3g}<extra></extra>", xaxis: "x", yaxis: "y3", showlegend: false },
  ];
  const shapes: Record<string, unknown>[] = [{ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: 0, y1: 0, line: { color: "#888", width: 1 } }];
  const annotations: Record<string, unknown>[] = [];
  if (rs.peak >= 0) {
    const px = rs.peak + 1;
    shapes.push({ type: "line", xref: "x", yref: "y", x0: px, x1: px, y0: 0, y1: rs.es, line: { color: GROUP_COLORS[1], dash: "dash", width: 1.5 } });
    annotations.push({ x: px, y: rs.es, xref: "x", yref: "y", text: `ES = ${rs.es.toFixed(3)} (leading edge ${rs.leadingEdge.length} genes)`, showarrow: true, arrowhead: 0, ax: rs.es > 0 ? 40 : -40, ay: rs.es > 0 ? -20 : 20 });
  }
  return figure(traces, {
    title: { text: plotText(options.title ?? `${set.name}: ${rs.hits.length} genes in a ranking of ${N}`) },
    xaxis: { title: { text: "rank" }, range: [0, N], anchor: "y3" },
    yaxis: { domain: [0.45, 1], title: { text: "running enrichment score" } },
    yaxis2: { domain: [0.35, 0.42], showticklabels: false, showgrid: false, zeroline: false, range: [-1, 1] },
    yaxis3: { domain: [0, 0.3], title: { text: "ranked statistic" } },
    shapes,
    annotations,
    showlegend: false,
  });
}
