/**
 * `signatureWidget(...)`: the interactive gene-signature widget for one or more DE results and
 * one or more gene sets. `show()` sends it as a MIME bundle with three items:
 * `application/vnd.p53lab.signature+json` (rendered by the p53lab JupyterLab extension), a
 * `text/html` fallback that carries the same widget code as an inline script (so exported HTML
 * reports stay interactive offline), and a `text/plain` summary.
 */
import { readFileSync, existsSync } from "fs";
import { resolve } from "path";
import { createHash } from "crypto";
import { InputError } from "../../io/errors";
import type { Table } from "../../io/table";
import type { SampleTable } from "../../io/samples";
import type { GeneSet } from "../../signatures/geneSet";
import { scoreSets, type ScoreMethod } from "../../signatures/scores";
import type { MimeBundle } from "../kernel";
import { escapeHtml, scriptJson } from "../html";
import {
  SIGNATURE_WIDGET_MIME,
  validateSignaturePayload,
  type SignatureWidgetPayload,
  type WidgetContrast,
  type WidgetSignature,
} from "./contract";

/** One DE result for the widget. */
export interface WidgetResult {
  /** Shown in the contrast menu. */
  name: string;
  /** A result table with gene_id and DESeq2, edgeR or limma columns. */
  table: Table;
}

/** A genes x samples matrix (a VST, rlog or logCPM result, or `readExpressionMatrix`). */
export interface WidgetExpressionInput {
  genes: string[];
  samples: string[];
  /** Gene-major values. */
  values: Float64Array;
}

/** Options of {@link signatureWidget}. */
export interface SignatureWidgetOptions {
  /** DE results: one table, or named tables (e.g. Nutlin-3a and Milademetan). */
  results: Table | WidgetResult[];
  /** Gene sets to explore (at least one). */
  signatures: GeneSet | GeneSet[];
  /** Expression for the heatmap and the per-sample scores (VST recommended). */
  expression?: WidgetExpressionInput;
  /** What `expression` holds, shown on the heatmap. Default "VST (log2 scale)". */
  expressionLabel?: string;
  /** Sample annotations (condition, drug, dose ...), for heatmap colours and score groups. */
  samples?: SampleTable;
  /** Annotation column that groups samples. Default: "condition" when present, else the first column. */
  groupBy?: string;
  /** Display labels for gene IDs (e.g. Ensembl ID -> symbol). Gene sets match IDs and labels. */
  labels?: Map<string, string> | Record<string, string>;
  /** Per-sample score method. Default "zscore" (mean z-score, Ishizawa 2018). */
  scoreMethod?: ScoreMethod;
  /** Significance level. Default 0.05. */
  alpha?: number;
  title?: string;
  /** Free text under the widget, e.g. "SIMULATED data". */
  note?: string;
  /**
   * Heatmap rows sent: "all" genes, or "auto" (all when genes x samples <= 1,500,000 values,
   * else the signature genes and the 3,000 genes with the smallest adjusted p-values).
   */
  expressionGenes?: "all" | "auto";
  /** Largest payload (bytes of JSON) sent; beyond it only a summary is shown. Default 30 MB. */
  maxBytes?: number;
}

const TOO_LARGE_DEFAULT = 30e6;

function column(t: Table, names: string[]): Float64Array | null {
  const c = names.find((n) => t.names.includes(n));
  return c ? (t.column(c) as Float64Array) : null;
}

function round6(v: number): number | null {
  if (!Number.isFinite(v)) return null;
  if (v === 0) return 0;
  return Number(v.toPrecision(6));
}

function contrastFrom(r: WidgetResult, index: Map<string, number>, n: number): WidgetContrast {
  const t = r.table;
  if (!t.names.includes("gene_id")) throw new InputError(`result "${r.name}" has no gene_id column`, "signatureWidget");
  const ids = t.column("gene_id") as string[];
  const lfc = column(t, ["log2FoldChange", "logFC"]);
  const padj = column(t, ["padj", "FDR", "adj.P.Val"]);
  const pv = column(t, ["pvalue", "PValue", "P.Value"]);
  if (!lfc || !padj || !pv) {
    throw new InputError(`result "${r.name}" needs log fold change, p-value and adjusted p-value columns (DESeq2, edgeR or limma names)`, "signatureWidget");
  }
  const base = column(t, ["baseMean"]);
  const logcpm = column(t, ["logCPM", "AveExpr"]);
  const method = base ? "deseq2" : t.names.includes("AveExpr") ? "limma" : "edger";
  const out: WidgetContrast = {
    name: r.name,
    method,
    log2FC: new Array<number | null>(n).fill(null),
    padj: new Array<number | null>(n).fill(null),
    pvalue: new Array<number | null>(n).fill(null),
    meanExpr: new Array<number | null>(n).fill(null),
    meanLabel: base ? "log2(baseMean + 1)" : t.names.includes("AveExpr") ? "AveExpr (log2 CPM)" : "logCPM",
  };
  for (let i = 0; i < ids.length; i++) {
    const g = index.get(ids[i]);
    if (g === undefined) continue;
    out.log2FC[g] = round6(lfc[i]);
    out.padj[g] = round6(padj[i]);
    out.pvalue[g] = round6(pv[i]);
    out.meanExpr[g] = base ? round6(Math.log2(base[i] + 1)) : logcpm ? round6(logcpm[i]) : null;
  }
  return out;
}

/** The built widget: `show(widget)` renders it; `payload` is the validated contract. */
export class SignatureWidget {
  constructor(
    readonly payload: SignatureWidgetPayload,
    readonly maxBytes: number,
  ) {}

  /** Size of the JSON payload in bytes. */
  get bytes(): number {
    return Buffer.byteLength(JSON.stringify(this.payload));
  }

  /** A one-paragraph text summary (the bundle's text/plain). */
  summary(): string {
    const p = this.payload;
    const sig = p.signatures.map((s) => `${s.name} (${s.members.length} genes${s.missing.length ? `, ${s.missing.length} not measured` : ""})`).join("; ");
    return `p53lab signature widget: ${p.genes.length} genes, ${p.contrasts.length} contrast${p.contrasts.length === 1 ? "" : "s"} (${p.contrasts.map((c) => c.name).join(", ")}), signatures: ${sig}`;
  }

  toMimeBundle(): MimeBundle {
    const json = JSON.stringify(this.payload);
    const bytes = Buffer.byteLength(json);
    if (bytes > this.maxBytes) {
      const msg =
        `The signature widget's data (${(bytes / 1e6).toFixed(1)} MB) exceed the limit of ${(this.maxBytes / 1e6).toFixed(1)} MB, so only this summary is shown. ` +
        `Pass fewer genes (filter the results), expressionGenes: "auto", or raise maxBytes.`;
      return {
        "text/html": `<div class="p53lab-sigwidget-summary"><p><strong>${escapeHtml(msg)}</strong></p><p>${escapeHtml(this.summary())}</p></div>`,
        "text/plain": `${msg}\n${this.summary()}`,
      };
    }
    return {
      [SIGNATURE_WIDGET_MIME]: this.payload,
      "text/html": widgetHtml(this.payload),
      "text/plain": this.summary(),
    };
  }
}

let widgetCounter = 0;
let scriptCache: string | null = null;

/** Path of the standalone widget script (built from `extension/src/standalone.ts`). */
export function widgetScriptPath(): string {
  return resolve(__dirname, "../../../assets/signature-widget.js");
}

/** The standalone widget script (throws a clear error if it was not built). */
export function widgetScript(): string {
  if (scriptCache === null) {
    const p = widgetScriptPath();
    if (!existsSync(p)) throw new InputError(`the widget script ${p} is missing: run "npm run build" at the top of the p53lab checkout`, "signatureWidget");
    scriptCache = readFileSync(p, "utf8");
  }
  return scriptCache;
}

/**
 * Self-contained HTML for the widget: a host element, the payload as inert JSON and the widget
 * script inline; nothing is fetched. Before the script runs (or without JavaScript) the host shows
 * a static summary.
 */
export function widgetHtml(payload: SignatureWidgetPayload): string {
  const json = scriptJson(payload);
  const hash = createHash("sha256").update(json).digest("hex").slice(0, 10);
  const id = `p53lab-sw-${++widgetCounter}-${hash}`;
  const script = widgetScript().replace(/<\/script/gi, "<\\/script");
  const fallback = `${payload.genes.length} genes, contrasts: ${payload.contrasts.map((c) => c.name).join(", ")}; signatures: ${payload.signatures.map((s) => s.name).join(", ")}`;
  return (
    `<div id="${id}" class="p53lab-sigwidget-host"><p class="p53lab-sigwidget-static">Interactive gene-signature widget (needs JavaScript): ${escapeHtml(fallback)}</p></div>` +
    `<script type="${SIGNATURE_WIDGET_MIME}" id="${id}-data">${json}</script>` +
    `<script type="text/javascript">${script}\n;window.p53labSignatureWidget&&window.p53labSignatureWidget.mountById(${JSON.stringify(id)});</script>`
  );
}

/**
 * Build the interactive gene-signature widget: a volcano/MA plot with the signature's genes
 * highlighted, a z-score heatmap, a sortable, filterable gene table, per-sample scores by group,
 * and a side-by-side comparison of two results; selections are linked across views and export
 * as text, CSV, PNG or SVG.
 *
 * @example
 * show(signatureWidget({
 *   results: [{ name: "Nutlin-3a vs DMSO", table: res }],
 *   signatures: [signatures.JEAY2015_P53_SIGNATURE],
 *   expression: vst(counts), samples,
 * }));
 */
export function signatureWidget(options: SignatureWidgetOptions): SignatureWidget {
  const results: WidgetResult[] = Array.isArray(options.results) ? options.results : [{ name: "result", table: options.results }];
  if (results.length === 0) throw new InputError("give at least one DE result", "signatureWidget");
  const sets = Array.isArray(options.signatures) ? options.signatures : [options.signatures];
  if (sets.length === 0) throw new InputError("give at least one gene set", "signatureWidget");
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new InputError(`alpha must be between 0 and 1 (got ${alpha})`, "signatureWidget");

  // The gene universe: the union of the results' genes, in first-seen order.
  const ids: string[] = [];
  const index = new Map<string, number>();
  for (const r of results) {
    if (!r.table.names.includes("gene_id")) throw new InputError(`result "${r.name}" has no gene_id column`, "signatureWidget");
    const col = r.table.column("gene_id") as string[];
    const seen = new Set<string>();
    col.forEach((g, i) => {
      if (seen.has(g)) throw new InputError(`result "${r.name}": duplicate gene_id "${g}" (row ${i + 1})`, "signatureWidget");
      seen.add(g);
      if (!index.has(g)) {
        index.set(g, ids.length);
        ids.push(g);
      }
    });
  }
  const n = ids.length;
  const labelMap = options.labels instanceof Map ? options.labels : new Map(Object.entries(options.labels ?? {}));
  const labels = ids.map((g) => labelMap.get(g) ?? g);
  const used = new Map<string, number>();
  labels.forEach((l) => used.set(l, (used.get(l) ?? 0) + 1));
  const genes = labels.map((l, i) => ((used.get(l) ?? 0) > 1 && l !== ids[i] ? `${l} (${ids[i]})` : l));
  const byName = new Map<string, number>();
  genes.forEach((g, i) => byName.set(g, i));
  labels.forEach((l, i) => {
    if (!byName.has(l)) byName.set(l, i);
  });
  ids.forEach((g, i) => byName.set(g, i));

  const contrasts = results.map((r) => contrastFrom(r, index, n));
  const signatures: WidgetSignature[] = sets.map((s) => {
    const members: number[] = [];
    const weights: number[] = [];
    const missing: string[] = [];
    const seen = new Set<number>();
    s.genes.forEach((g, k) => {
      const i = byName.get(g) ?? byName.get(g.replace(/\.\d+$/, ""));
      if (i === undefined) missing.push(g);
      else if (!seen.has(i)) {
        seen.add(i);
        members.push(i);
        weights.push(s.weights?.[k] ?? 1);
      }
    });
    const w: WidgetSignature = { name: s.name, members, missing };
    if (s.source) w.source = s.source;
    if (s.weights) w.weights = weights;
    return w;
  });

  let sampleNames: string[] = [];
  const sampleInfo: Record<string, string[]> = {};
  let groupBy: string | undefined;
  let expression: SignatureWidgetPayload["expression"];
  let scores: SignatureWidgetPayload["scores"];
  const e = options.expression;
  if (e) {
    const ns = e.samples.length;
    if (e.values.length !== e.genes.length * ns) {
      throw new InputError(`expression has ${e.values.length} values for ${e.genes.length} genes x ${ns} samples`, "signatureWidget");
    }
    sampleNames = e.samples;
    if (options.samples) {
      const st = options.samples;
      const missingS = e.samples.filter((s) => !st.samples.includes(s));
      if (missingS.length) throw new InputError(`expression samples not in the sample table: ${missingS.slice(0, 5).join(", ")}`, "signatureWidget");
      const pos = e.samples.map((s) => st.samples.indexOf(s));
      for (const v of st.variables) sampleInfo[v] = pos.map((p) => st.get(v)[p]);
    }
    const vars = Object.keys(sampleInfo);
    groupBy = options.groupBy ?? (vars.includes("condition") ? "condition" : vars[0]);
    if (groupBy !== undefined && !vars.includes(groupBy)) {
      throw new InputError(`groupBy "${groupBy}" is not a sample column (${vars.join(", ") || "no sample table given"})`, "signatureWidget");
    }
    // Rows: genes of the expression matrix that are in the universe.
    const exprRow = new Map<number, number>();
    e.genes.forEach((g, r) => {
      const i = index.get(g) ?? byName.get(g);
      if (i !== undefined && !exprRow.has(i)) exprRow.set(i, r);
    });
    let rows = [...exprRow.keys()].sort((a, b) => a - b);
    const mode = options.expressionGenes ?? "auto";
    if (mode === "auto" && rows.length * ns > 1.5e6) {
      const keep = new Set<number>();
      for (const s of signatures) for (const m of s.members) keep.add(m);
      const p0 = contrasts[0].padj;
      const ranked = rows.filter((i) => p0[i] !== null).sort((a, b) => (p0[a] as number) - (p0[b] as number) || a - b);
      for (const i of ranked.slice(0, 3000)) keep.add(i);
      rows = rows.filter((i) => keep.has(i));
    }
    expression = {
      label: options.expressionLabel ?? "VST (log2 scale)",
      genes: rows,
      values: rows.map((i) => {
        const r = exprRow.get(i) as number;
        return Array.from({ length: ns }, (_, s) => round6(e.values[r * ns + s]));
      }),
    };
    const method = options.scoreMethod ?? "zscore";
    const exprIds = new Set(e.genes);
    scores = {
      method,
      values: sets.map((s) => {
        // Members as the expression matrix names them; a set with no measured member gets no score.
        const members = [...new Set(s.genes.map((g) => { const i = byName.get(g); return i !== undefined && exprIds.has(ids[i]) ? ids[i] : g; }).filter((g) => exprIds.has(g)))];
        if (members.length === 0 || ns < 2) return e.samples.map(() => null);
        const sc = scoreSets(e.values, e.genes, e.samples, [{ name: s.name, genes: members }], { method, minSize: 1 });
        return e.samples.map((_, j) => round6(sc.matrix[j]));
      }),
    };
  } else if (options.samples) {
    throw new InputError("a sample table needs an expression matrix (expression: vst(counts))", "signatureWidget");
  }

  const payload: SignatureWidgetPayload = {
    version: 1,
    title: options.title ?? (sets.length === 1 ? sets[0].name : "p53 signatures"),
    genes,
    contrasts,
    signatures,
    samples: sampleNames,
    sampleInfo,
    alpha,
  };
  if (genes.some((g, i) => g !== ids[i])) payload.geneIds = ids;
  if (groupBy) payload.groupBy = groupBy;
  if (expression) payload.expression = expression;
  if (scores) payload.scores = scores;
  if (options.note) payload.note = options.note;
  return new SignatureWidget(validateSignaturePayload(payload), options.maxBytes ?? TOO_LARGE_DEFAULT);
}
