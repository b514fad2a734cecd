/**
 * Plotly figures as MIME bundles: `application/vnd.plotly.v1+json` for front ends
 * with a plotly renderer, and a `text/html` item that draws the figure with an
 * inlined plotly.js (no CDN; works offline in exported reports). plotly.js is
 * inlined once per kernel session; later figures reuse `window.Plotly`.
 */
import { readFileSync } from "fs";
import { createHash } from "crypto";
import type { PlotlyFigure } from "../plots/figure";
import { scriptJson } from "./html";
import type { MimeBundle } from "./kernel";

/** Mimetype of plotly figures understood by JupyterLab plotly renderers. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

let plotlySource: string | null = null;
let libraryEmitted = false;
let figureCounter = 0;

/**
 * The plotly.js (plotly.js-dist-min) source, read once from the installed package.
 *
 * @example
 * plotlyLibrary().length > 1e6; // true
 */
export function plotlyLibrary(): string {
  if (plotlySource === null) {
    plotlySource = readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), "utf8");
  }
  return plotlySource;
}

/** The installed plotly.js version. */
export function plotlyVersion(): string {
  return (require("plotly.js-dist-min/package.json") as { version: string }).version;
}

/**
 * A `<script>` element defining `window.Plotly`. An AMD loader on the page (as in the
 * classic notebook) is hidden while plotly.js runs, so it always sets the global.
 */
export function plotlyLibraryScript(): string {
  const src = plotlyLibrary().replace(/<\/script/gi, "<\\/script");
  return (
    `<script type="text/javascript" data-p53lab="plotly.js">` +
    `if(!window.Plotly){(function(){var define;\n${src}\n}).call(window);}` +
    `</script>`
  );
}

/** Forget that plotly.js was sent (the next figure inlines it again), e.g. after clearing outputs. */
export function resetPlotlyLibrary(): void {
  libraryEmitted = false;
}

/** When to inline plotly.js in a figure's HTML. */
export type IncludeLibrary = "once" | "always" | "never";

/** Convert typed arrays to plain arrays and non-finite numbers to null, for JSON. */
export function plainJson(x: unknown): unknown {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    return Array.from(x as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  }
  if (Array.isArray(x)) return x.map(plainJson);
  if (typeof x === "number") return Number.isFinite(x) ? x : null;
  if (typeof x === "object" && x !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (v !== undefined) out[k] = plainJson(v);
    return out;
  }
  return x;
}

/**
 * Standalone HTML fragment that draws the figure (optionally with plotly.js inlined).
 * The element id is deterministic: a per-process counter and a hash of the figure.
 */
export function figureHtml(fig: PlotlyFigure, includeLibrary: boolean): string {
  const spec = plainJson({ data: fig.data, layout: fig.layout ?? {}, config: fig.config ?? {} }) as Record<string, unknown>;
  const json = scriptJson(spec);
  const hash = createHash("sha256").update(json).digest("hex").slice(0, 10);
  const id = `p53lab-fig-${++figureCounter}-${hash}`;
  const layout = spec.layout as Record<string, unknown>;
  const height = typeof layout.height === "number" ? layout.height : 420;
  const draw =
    `<script type="text/javascript">(function(){var spec=${json};var id=${JSON.stringify(id)};` +
    `function draw(){var el=document.getElementById(id);if(el){window.Plotly.newPlot(el,spec.data,spec.layout,spec.config);}}` +
    `if(window.Plotly){draw();}else{var n=0;var t=setInterval(function(){if(window.Plotly){clearInterval(t);draw();}` +
    `else if(++n>50){clearInterval(t);var el=document.getElementById(id);if(el){el.textContent=` +
    `"plotly.js is not loaded on this page: re-run the notebook from the top (p53lab sends plotly.js with the first figure).";}}},100);}})();</script>`;
  return (
    (includeLibrary ? plotlyLibraryScript() : "") +
    `<div id="${id}" class="p53lab-plotly" style="width:100%;height:${height}px"></div>` +
    draw
  );
}

/**
 * MIME bundle for a plotly figure.
 *
 * @example
 * const b = figureBundle(figure([{ type: "bar", x: ["a"], y: [1] }]));
 * Object.keys(b); // ["application/vnd.plotly.v1+json", "text/html", "text/plain"]
 */
export function figureBundle(fig: PlotlyFigure, includeLibrary: IncludeLibrary = "once"): MimeBundle {
  const inline = includeLibrary === "always" || (includeLibrary === "once" && !libraryEmitted);
  if (inline) libraryEmitted = true;
  const layout = (fig.layout ?? {}) as { title?: { text?: string } | string };
  const title = typeof layout.title === "string" ? layout.title : layout.title?.text ?? "";
  return {
    [PLOTLY_MIME]: plainJson({ data: fig.data, layout: fig.layout ?? {}, config: fig.config ?? {} }),
    "text/html": figureHtml(fig, inline),
    "text/plain": `Plotly figure${title ? `: ${title}` : ""} (${fig.data.length} trace${fig.data.length === 1 ? "" : "s"})`,
  };
}
