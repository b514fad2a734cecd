/**
 * `show(x)`: render a p53lab object (or a DataFrame, figure, markdown, records,
 * text) in the notebook as a full MIME bundle. Outside a kernel it returns the
 * bundle without sending it.
 */
import { Table, CellValue } from "../io/table";
import { CountMatrix } from "../io/counts";
import { SampleTable } from "../io/samples";
import { isDataFrame, fromDataFrame, isSeries, fromSeries } from "../io/dataframe";
import { isPlotlyFigure } from "../plots/figure";
import { MimeBundle, sendBundle } from "./kernel";
import { tableBundle, TableDisplayOptions } from "./table";
import { figureBundle, IncludeLibrary } from "./plotly";
import { Markdown, markdownBundle } from "./markdown";
import { escapeHtml } from "./html";

/** Options for {@link show} and {@link toBundle}. */
export interface ShowOptions extends TableDisplayOptions {
  /** For figures: when to inline plotly.js. Default "once" (first figure of the session). */
  plotlyLibrary?: IncludeLibrary;
}

/**
 * An object that knows how to display itself: p53lab result objects implement it.
 */
export interface Displayable {
  toMimeBundle(options?: ShowOptions): MimeBundle;
}

function isDisplayable(x: unknown): x is Displayable {
  return typeof x === "object" && x !== null && typeof (x as Displayable).toMimeBundle === "function";
}

/**
 * The MIME bundle for `x`, without sending it.
 *
 * @example
 * toBundle(md("# Results"))["text/markdown"]; // "# Results"
 */
export function toBundle(x: unknown, options: ShowOptions = {}): MimeBundle {
  if (isDisplayable(x)) return x.toMimeBundle(options);
  if (x instanceof Markdown) return markdownBundle(x);
  if (x instanceof Table) return tableBundle(x, options);
  if (x instanceof CountMatrix) {
    // Only the rows shown are copied: count matrices can hold millions of values.
    const n = Math.min(options.maxRows ?? 10, x.nGenes);
    const cols = x.samples.map((_, s) => Float64Array.from({ length: n }, (_, g) => x.get(g, s)));
    const t = new Table(["gene_id", ...x.samples], [x.genes.slice(0, n), ...cols]);
    t.caption = `Counts: ${x.nGenes} genes x ${x.nSamples} samples (${x.source})`;
    return tableBundle(t, { ...options, totalRows: x.nGenes });
  }
  if (x instanceof SampleTable) {
    const t = x.toTable();
    t.caption = `Samples (${x.source})`;
    return tableBundle(t, options);
  }
  if (isDataFrame(x)) {
    const t = fromDataFrame(x);
    t.caption = "DataFrame";
    return tableBundle(t, options);
  }
  if (isSeries(x)) {
    const t = fromSeries(x);
    t.caption = "Series";
    return tableBundle(t, options);
  }
  if (isPlotlyFigure(x)) return figureBundle(x, options.plotlyLibrary ?? "once");
  if (Array.isArray(x) && x.length > 0 && x.every((r) => typeof r === "object" && r !== null && !Array.isArray(r))) {
    return tableBundle(Table.fromRecords(x as Record<string, CellValue>[]), options);
  }
  const text = typeof x === "string" ? x : JSON.stringify(x, null, 2) ?? String(x);
  return { "text/plain": text, "text/html": `<pre>${escapeHtml(text)}</pre>` };
}

/**
 * Show `x` in the notebook (table, figure, markdown, DataFrame, records or text).
 * In a kernel the bundle is sent and nothing is returned (so tslab, which prints a
 * cell's last value, prints nothing more); outside a kernel the bundle is returned.
 *
 * @example
 * show(counts);                         // first rows, dimensions, column types
 * show(librarySizePlot(counts));        // an interactive plotly figure
 * show(md("**p21** is the top gene"));  // markdown
 */
export function show(x: unknown, options: ShowOptions = {}): MimeBundle | undefined {
  const bundle = toBundle(x, options);
  return sendBundle(bundle) ? undefined : bundle;
}
