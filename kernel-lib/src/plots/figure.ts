/**
 * The plotly figure type every p53lab plot returns: plain `{ data, layout, config }`
 * objects, so users can adjust any trace or layout property before showing them.
 */

/** One plotly trace (any plotly.js trace attributes). */
export type PlotlyTrace = Record<string, unknown>;

/** A plotly figure specification. */
export interface PlotlyFigure {
  data: PlotlyTrace[];
  layout: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** Colours used for groups, in order (colour-blind safe, Okabe & Ito 2008). */
export const GROUP_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

/** Layout defaults shared by p53lab figures. */
export const BASE_LAYOUT: Record<string, unknown> = {
  margin: { l: 60, r: 20, t: 50, b: 60 },
  font: { family: "Helvetica, Arial, sans-serif", size: 12 },
  hovermode: "closest",
  paper_bgcolor: "rgba(0,0,0,0)",
  plot_bgcolor: "rgba(0,0,0,0)",
};

/**
 * Make a figure from traces and layout, merged over p53lab's layout defaults.
 *
 * @example
 * const fig = figure([{ type: "bar", x: ["a", "b"], y: [1, 2] }], { title: { text: "Counts" } });
 * fig.layout.hovermode; // "closest"
 */
export function figure(data: PlotlyTrace[], layout: Record<string, unknown> = {}, config: Record<string, unknown> = {}): PlotlyFigure {
  return { data, layout: { ...BASE_LAYOUT, ...layout }, config: { responsive: true, displaylogo: false, ...config } };
}

/**
 * True when `x` has the shape of a plotly figure (`data` array of trace objects).
 *
 * @example
 * isPlotlyFigure({ data: [{ type: "scatter" }], layout: {} }); // true
 */
export function isPlotlyFigure(x: unknown): x is PlotlyFigure {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  return Array.isArray(o.data) && o.data.every((t) => typeof t === "object" && t !== null) && (o.layout === undefined || typeof o.layout === "object");
}

/**
 * Escape text from data (gene or sample names) before it goes into plotly labels:
 * plotly interprets a few HTML tags in text, and data must never act as markup.
 *
 * @example
 * plotText("<b>TP53</b>"); // "&lt;b&gt;TP53&lt;/b&gt;" (shown literally by plotly)
 */
export function plotText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
