/**
 * `mountSignatureWidget(host, payload)`: the interactive gene-signature widget. Linked views
 * (volcano/MA plot, z-score heatmap, gene table, per-sample scores, comparison of two results)
 * share one selection; controls switch contrast, signature and plot; exports copy or download the
 * selected genes and the figures. Framework-free DOM, so the same code runs in JupyterLab and in
 * exported HTML reports.
 */
import type { SignatureWidgetPayload } from "p53lab/dist/display/widget/contract";
import { el, clear, fmt } from "./dom";
import { readTheme, type Theme } from "./theme";
import { Scatter, type Layer } from "./scatter";
import { Heatmap } from "./heatmap";
import { GeneTable, type TableColumn } from "./geneTable";
import { scorePlot } from "./scores";
import { copyText, download, csvField, fileName } from "./export";
import { injectStyle } from "./style";

export type PlotKind = "volcano" | "ma";
export type TableFilter = "signature" | "significant" | "selected" | "all";
export type HeatRows = "signature" | "selected" | "top";

/** The widget's state (exposed for scripting and tests through the returned handle). */
export interface WidgetState {
  contrast: number;
  compareWith: number;
  signature: number;
  plot: PlotKind;
  search: string;
  filter: TableFilter;
  heatRows: HeatRows;
  selected: Set<number>;
}

export interface MountedWidget {
  readonly state: WidgetState;
  /** Replace the selection (gene indices). */
  select(indices: number[], additive?: boolean): void;
  dispose(): void;
}

const SCORE_LABELS: Record<string, string> = {
  zscore: "z-score (sum of z / √k)",
  meanz: "mean z-score",
  gsva: "GSVA score",
  ssgsea: "ssGSEA score",
  plage: "PLAGE score",
  singscore: "singscore",
};

function option(value: string, text: string, selected = false): HTMLOptionElement {
  const o = el("option", { value, text });
  o.selected = selected;
  return o;
}

/** Mount the widget into `host` (its previous content is replaced). */
export function mountSignatureWidget(host: HTMLElement, payload: SignatureWidgetPayload): MountedWidget {
  injectStyle(host.ownerDocument);
  const p = payload;
  const n = p.genes.length;
  const state: WidgetState = {
    contrast: 0,
    compareWith: p.contrasts.length > 1 ? 1 : -1,
    signature: 0,
    plot: "volcano",
    search: "",
    filter: p.signatures.length ? "signature" : "significant",
    heatRows: "signature",
    selected: new Set<number>(),
  };
  const lowerGenes = p.genes.map((g) => g.toLowerCase());
  const exprRow = new Map<number, number>();
  p.expression?.genes.forEach((g, r) => exprRow.set(g, r));
  const groupValues = p.groupBy ? p.sampleInfo[p.groupBy] : null;
  // Heatmap annotation bars: the grouping column, then up to two more columns with 2-8 levels
  // that are not one value per sample (e.g. drug, dose).
  // A column that splits the samples exactly as one already shown (drug vs condition) is skipped.
  const partition = (values: string[]) => {
    const first = new Map<string, number>();
    return values.map((v, j) => (first.has(v) ? first.get(v) : (first.set(v, j), j))).join(",");
  };
  const annotations: { name: string; values: string[] }[] = [];
  const seenPartitions = new Set<string>();
  const infoColumns = Object.entries(p.sampleInfo).sort(([a], [b]) => (a === p.groupBy ? -1 : b === p.groupBy ? 1 : 0));
  for (const [name, values] of infoColumns) {
    const k = new Set(values).size;
    const key = partition(values);
    if (name !== p.groupBy && (k < 2 || k > 8 || k === values.length || seenPartitions.has(key))) continue;
    seenPartitions.add(key);
    annotations.push({ name, values });
    if (annotations.length === 3) break;
  }

  const memberSet = () => new Set(p.signatures[state.signature]?.members ?? []);
  let members = memberSet();
  const weightOf = (i: number): number => {
    const s = p.signatures[state.signature];
    if (!s) return 0;
    const k = s.members.indexOf(i);
    return k < 0 ? 0 : s.weights?.[k] ?? 1;
  };
  const C = () => p.contrasts[state.contrast];
  const isSig = (c: number, i: number) => {
    const q = p.contrasts[c].padj[i];
    return q !== null && q < p.alpha;
  };
  const contribution = (i: number): number | null => {
    const s = p.signatures[state.signature];
    const lfc = C().log2FC[i];
    if (!s || !members.has(i) || lfc === null) return null;
    return (weightOf(i) * lfc) / s.members.length;
  };

  // ---- layout -------------------------------------------------------------------------------
  clear(host);
  const root = el("div", { class: "p53sw", role: "region", "aria-label": `Gene-signature widget: ${p.title}` });
  host.appendChild(root);
  const contrastSel = el("select", { class: "p53sw-contrast", "aria-label": "Contrast" }, p.contrasts.map((c, k) => option(String(k), c.name, k === 0)));
  const signatureSel = el("select", { class: "p53sw-signature", "aria-label": "Signature" }, p.signatures.map((s, k) => option(String(k), `${s.name} (${s.members.length})`, k === 0)));
  const volcanoBtn = el("button", { type: "button", class: "p53sw-plot-volcano", "aria-pressed": "true", text: "Volcano" });
  const maBtn = el("button", { type: "button", class: "p53sw-plot-ma", "aria-pressed": "false", text: "MA" });
  const search = el("input", { type: "search", class: "p53sw-search", placeholder: "Search genes (Enter selects)", "aria-label": "Search genes", list: "" });
  const clearBtn = el("button", { type: "button", class: "p53sw-clear", text: "Clear selection" });
  const status = el("div", { class: "p53sw-status", "aria-live": "polite" });
  root.appendChild(el("h3", { text: p.title }));
  root.appendChild(
    el("div", { class: "p53sw-toolbar" }, [
      el("label", {}, ["Contrast ", contrastSel]),
      p.signatures.length ? el("label", {}, ["Signature ", signatureSel]) : null,
      el("span", { role: "group", "aria-label": "Plot type" }, [volcanoBtn, " ", maBtn]),
      search,
      clearBtn,
    ]),
  );
  root.appendChild(status);

  // Scatter (volcano / MA).
  const labelOf = (i: number) => p.genes[i];
  const detailOf = (i: number) => {
    const c = C();
    return `log2FC ${fmt(c.log2FC[i])}, padj ${fmt(c.padj[i])}, p ${fmt(c.pvalue[i])}` + (members.has(i) ? `\nin ${p.signatures[state.signature].name}` : "");
  };
  const layerOf = (i: number): Layer => (state.selected.has(i) ? 3 : members.has(i) ? 2 : isSig(state.contrast, i) ? 1 : 0);
  const named = (): number[] => {
    const out: number[] = [];
    if (members.size <= 30) out.push(...members);
    if (state.selected.size <= 20) for (const i of state.selected) if (!members.has(i)) out.push(i);
    return out;
  };
  const scatter = new Scatter(
    { label: labelOf, detail: detailOf, layer: layerOf, named, onSelect: (idx, add) => select(idx, add) },
    "Volcano plot of the contrast; signature genes highlighted. Drag to select genes, click a point to select one, shift adds.",
  );
  const scatterLegend = el("div", { class: "p53sw-legend" });
  const scatterPanel = el("div", { class: "p53sw-panel" }, [el("h4", { class: "p53sw-scatter-title" }), scatter.node, scatterLegend]);

  // Heatmap.
  const heatSel = el("select", { class: "p53sw-heatrows", "aria-label": "Heatmap rows" }, [
    option("signature", "signature genes", true),
    option("selected", "selected genes"),
    option("top", "top 50 by adjusted p"),
  ]);
  const heatmap = new Heatmap({ label: labelOf, isSelected: (i) => state.selected.has(i), onSelect: (idx, add) => select(idx, add) });
  const heatPanel = el("div", { class: "p53sw-panel" }, [
    el("h4", { text: p.expression ? `Expression (${p.expression.label})` : "Expression" }),
    p.expression ? el("div", { class: "p53sw-filterbar" }, [el("label", {}, ["Rows ", heatSel])]) : null,
    p.expression ? heatmap.node : el("p", { class: "p53sw-small", text: "No expression matrix was given (signatureWidget({ expression: vst(counts), samples }))." }),
    heatmap.legend,
  ]);
  root.appendChild(el("div", { class: "p53sw-grid" }, [scatterPanel, heatPanel]));

  // Table.
  const filterSel = el("select", { class: "p53sw-filter", "aria-label": "Genes listed" }, [
    option("signature", "signature genes", state.filter === "signature"),
    option("significant", `significant (padj < ${p.alpha})`, state.filter === "significant"),
    option("selected", "selected genes"),
    option("all", "all genes"),
  ]);
  const table = new GeneTable({ isSelected: (i) => state.selected.has(i), onToggle: (i, add) => toggle(i, add) }, () => undefined);
  const columns: TableColumn[] = [
    { key: "gene", title: "Gene", numeric: false, value: (i) => p.genes[i], text: (i) => p.genes[i] },
    { key: "log2FC", title: "log2FC", numeric: true, value: (i) => C().log2FC[i], text: (i) => fmt(C().log2FC[i]) },
    { key: "padj", title: "padj", numeric: true, value: (i) => C().padj[i], text: (i) => fmt(C().padj[i]) },
    { key: "contribution", title: "Contribution", numeric: true, value: (i) => contribution(i), text: (i) => (members.has(i) ? fmt(contribution(i)) : "") },
    { key: "member", title: "In signature", numeric: false, value: (i) => (members.has(i) ? "yes" : "no"), text: (i) => (members.has(i) ? "✓" : "") },
  ];
  table.setColumns(columns);
  const tablePanel = el("div", { class: "p53sw-panel" }, [
    el("h4", { text: "Genes" }),
    el("div", { class: "p53sw-filterbar" }, [el("label", {}, ["List ", filterSel])]),
    table.node,
    el("p", { class: "p53sw-small", text: "Contribution: weight x log2FC / set size, so a signature's contributions add up to its mean log2 fold change in this contrast." }),
  ]);

  // Scores + signature facts.
  const scoresBox = el("div", { class: "p53sw-scores-box" });
  const sigInfo = el("div", { class: "p53sw-siginfo p53sw-small" });
  const scoresPanel = el("div", { class: "p53sw-panel" }, [el("h4", { text: "Signature score per sample" }), scoresBox, sigInfo]);
  root.appendChild(el("div", { class: "p53sw-grid" }, [tablePanel, scoresPanel]));

  // Compare.
  let compareScatter: Scatter | null = null;
  const cmpSel = el("select", { class: "p53sw-compare", "aria-label": "Compare with" });
  const cmpBody = el("div", { class: "p53sw-compare-body" });
  if (p.contrasts.length > 1) {
    p.contrasts.forEach((c, k) => cmpSel.appendChild(option(String(k), c.name, k === state.compareWith)));
    compareScatter = new Scatter(
      {
        label: labelOf,
        detail: (i) => `${p.contrasts[state.contrast].name}: ${fmt(p.contrasts[state.contrast].log2FC[i])}\n${p.contrasts[state.compareWith].name}: ${fmt(p.contrasts[state.compareWith].log2FC[i])}`,
        layer: (i) => (state.selected.has(i) ? 3 : members.has(i) ? 2 : isSig(state.contrast, i) && isSig(state.compareWith, i) ? 1 : 0),
        named,
        onSelect: (idx, add) => select(idx, add),
      },
      "Scatter of log2 fold changes of two contrasts",
    );
    root.appendChild(
      el("details", { class: "p53sw-compare-panel", open: true }, [
        el("summary", { text: "Compare contrasts (shared and unique genes, log2 fold changes)" }),
        el("div", { class: "p53sw-filterbar" }, [el("label", {}, ["Compare with ", cmpSel])]),
        el("div", { class: "p53sw-grid" }, [cmpBody, el("div", { class: "p53sw-panel" }, [compareScatter.node])]),
      ]),
    );
  }

  // Exports.
  const exportMsg = el("span", { class: "p53sw-small p53sw-export-msg", "aria-live": "polite" });
  const btn = (cls: string, text: string, f: () => void) => {
    const b = el("button", { type: "button", class: cls, text });
    b.addEventListener("click", f);
    return b;
  };
  const exportGenes = () => (state.selected.size ? [...state.selected].sort((a, b) => a - b) : table.visible);
  const base = () => fileName(`${p.title}_${C().name}`);
  root.appendChild(
    el("div", { class: "p53sw-exports" }, [
      btn("p53sw-copy", "Copy genes", async () => {
        const genes = exportGenes();
        const ok = await copyText(genes.map(labelOf).join("\n"));
        exportMsg.textContent = ok ? `Copied ${genes.length} gene names.` : "The browser refused clipboard access: use Download CSV.";
      }),
      btn("p53sw-export-csv", "Download CSV", () => {
        const genes = exportGenes();
        const c = C();
        const lines = ["gene,log2FC,padj,pvalue,in_signature,contribution"];
        for (const i of genes) lines.push([labelOf(i), c.log2FC[i], c.padj[i], c.pvalue[i], members.has(i) ? "yes" : "no", contribution(i)].map((v) => csvField(v as string | number | null)).join(","));
        download(`${base()}_genes.csv`, lines.join("\n") + "\n", "text/csv");
        exportMsg.textContent = `Downloaded ${genes.length} genes as CSV.`;
      }),
      btn("p53sw-export-png", "Plot PNG", () => {
        download(`${base()}_${state.plot}.png`, scatter.toPNG());
        exportMsg.textContent = "Downloaded the plot as PNG.";
      }),
      btn("p53sw-export-svg", "Plot SVG", () => {
        download(`${base()}_${state.plot}.svg`, scatter.toSVG(theme, `${C().name}: ${state.plot === "volcano" ? "volcano" : "MA"} plot`), "image/svg+xml");
        exportMsg.textContent = "Downloaded the plot as SVG.";
      }),
      p.expression
        ? btn("p53sw-export-heatmap", "Heatmap PNG", () => {
            download(`${base()}_heatmap.png`, heatmap.toPNG());
            exportMsg.textContent = "Downloaded the heatmap as PNG.";
          })
        : null,
      exportMsg,
    ]),
  );
  if (p.note) root.appendChild(el("div", { class: "p53sw-note", text: p.note }));

  // ---- behaviour ---------------------------------------------------------------------------
  let theme: Theme = readTheme(host);
  let width = 0;

  function select(indices: number[], additive = false): void {
    if (!additive) state.selected = new Set(indices);
    else if (indices.length === 1 && state.selected.has(indices[0])) state.selected.delete(indices[0]);
    else for (const i of indices) state.selected.add(i);
    if (state.selected.size && state.heatRows === "signature" && !members.size) state.heatRows = "selected";
    refresh();
  }
  function toggle(i: number, additive: boolean): void {
    if (additive) select([i], true);
    else select(state.selected.has(i) && state.selected.size === 1 ? [] : [i]);
  }

  function tableRows(): number[] {
    const q = state.search.trim().toLowerCase();
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      if (q && !lowerGenes[i].includes(q)) continue;
      if (state.filter === "signature" && !members.has(i)) continue;
      if (state.filter === "significant" && !isSig(state.contrast, i)) continue;
      if (state.filter === "selected" && !state.selected.has(i)) continue;
      out.push(i);
    }
    return out;
  }

  function heatRows(): number[] {
    let rows: number[];
    if (state.heatRows === "selected") rows = [...state.selected];
    else if (state.heatRows === "top") {
      const c = C();
      rows = [...exprRow.keys()].filter((i) => c.padj[i] !== null).sort((a, b) => (c.padj[a] as number) - (c.padj[b] as number) || a - b).slice(0, 50);
    } else rows = [...members];
    const c = C();
    return rows.filter((i) => exprRow.has(i)).slice(0, 200).sort((a, b) => (c.log2FC[b] ?? -Infinity) - (c.log2FC[a] ?? -Infinity) || a - b);
  }

  function drawScatter(): void {
    const c = C();
    if (state.plot === "volcano") {
      let maxY = 0;
      const y = c.pvalue.map((v) => {
        if (v === null) return null;
        const t = v > 0 ? -Math.log10(v) : Infinity;
        if (Number.isFinite(t) && t > maxY) maxY = t;
        return t;
      });
      const cap = maxY > 0 ? maxY * 1.05 : 320;
      scatter.setSpec({ x: c.log2FC, y: y.map((v) => (v === Infinity ? cap : v)), xLabel: "log2 fold change", yLabel: "-log10 p-value", vlines: [0] });
    } else {
      scatter.setSpec({ x: c.meanExpr, y: c.log2FC, xLabel: c.meanLabel, yLabel: "log2 fold change", hlines: [0] });
    }
    const title = scatterPanel.querySelector(".p53sw-scatter-title") as HTMLElement;
    title.textContent = `${state.plot === "volcano" ? "Volcano" : "MA"} plot: ${c.name}`;
    scatter.canvas.setAttribute("aria-label", `${state.plot === "volcano" ? "Volcano" : "MA"} plot of ${c.name}; signature genes highlighted. Drag to select genes, click a point to select one, shift adds.`);
    const w = Math.max(280, Math.min(width > 0 ? width : 520, 720));
    scatter.resize(w, Math.round(Math.min(420, w * 0.72)));
    scatter.render(theme);
    clear(scatterLegend);
    const entry = (color: string, text: string) => [el("span", { class: "p53sw-dot", style: `background:${color}` }), el("span", { text })];
    scatterLegend.append(
      ...entry(theme.point, "gene"),
      ...entry(theme.significant, `padj < ${p.alpha}`),
      ...(p.signatures.length ? entry(theme.signature, p.signatures[state.signature].name) : []),
      ...entry(theme.selected, "selected"),
    );
  }

  function drawHeatmap(): void {
    if (!p.expression) return;
    const rows = heatRows();
    heatmap.setSpec({
      rows,
      values: rows.map((i) => p.expression!.values[exprRow.get(i) as number]),
      samples: p.samples,
      groups: groupValues,
      groupName: p.groupBy ?? "",
      annotations,
      label: p.expression.label,
    });
    heatmap.resize(Math.max(280, Math.min(width > 0 ? width : 520, 720)));
    heatmap.render(theme);
  }

  function drawScores(): void {
    clear(scoresBox);
    clear(sigInfo);
    const s = p.signatures[state.signature];
    if (!s) {
      scoresBox.appendChild(el("p", { class: "p53sw-small", text: "No signature given." }));
      return;
    }
    if (p.scores && p.samples.length) {
      scoresBox.appendChild(scorePlot({ samples: p.samples, scores: p.scores.values[state.signature], groups: groupValues, groupName: p.groupBy ?? "", yLabel: SCORE_LABELS[p.scores.method] ?? `${p.scores.method} score` }, theme, width || 480));
    } else scoresBox.appendChild(el("p", { class: "p53sw-small", text: "Per-sample scores need an expression matrix." }));
    const c = C();
    const lfc = s.members.map((i) => c.log2FC[i]).filter((v): v is number => v !== null);
    const up = s.members.filter((i) => isSig(state.contrast, i) && (c.log2FC[i] ?? 0) > 0).length;
    const down = s.members.filter((i) => isSig(state.contrast, i) && (c.log2FC[i] ?? 0) < 0).length;
    const meanContribution = s.members.reduce((a, i) => a + (contribution(i) ?? 0), 0);
    sigInfo.append(
      el("div", { text: `${s.name}: ${s.members.length} genes measured${s.source ? `; source: ${s.source}` : ""}.` }),
      el("div", { text: `In ${c.name}: ${up} up and ${down} down at padj < ${p.alpha}; mean log2FC ${fmt(lfc.reduce((a, b) => a + b, 0) / Math.max(1, lfc.length))}; summed contribution ${fmt(meanContribution)}.` }),
    );
    if (s.missing.length) sigInfo.append(el("div", { class: "p53sw-missing", text: `Not measured here (${s.missing.length}): ${s.missing.join(", ")}` }));
  }

  function drawCompare(): void {
    if (!compareScatter) return;
    clear(cmpBody);
    const a = state.contrast, b = state.compareWith;
    const A = p.contrasts[a], B = p.contrasts[b];
    const count = (genes: Iterable<number>) => {
      let onlyA = 0, onlyB = 0, both = 0;
      const sharedList: number[] = [], aList: number[] = [], bList: number[] = [];
      for (const i of genes) {
        const sa = isSig(a, i), sb = isSig(b, i);
        if (sa && sb) { both++; sharedList.push(i); }
        else if (sa) { onlyA++; aList.push(i); }
        else if (sb) { onlyB++; bList.push(i); }
      }
      const union = onlyA + onlyB + both;
      return { onlyA, onlyB, both, jaccard: union ? both / union : NaN, sharedList, aList, bList };
    };
    const all = count(Array.from({ length: n }, (_, i) => i));
    const sig = count(members);
    let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, m = 0;
    for (let i = 0; i < n; i++) {
      const x = A.log2FC[i], y = B.log2FC[i];
      if (x === null || y === null) continue;
      m++; sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
    }
    const r = m > 2 ? (m * sxy - sx * sy) / Math.sqrt((m * sxx - sx * sx) * (m * syy - sy * sy)) : NaN;
    const row = (name: string, c: ReturnType<typeof count>) =>
      el("tr", {}, [el("th", { scope: "row", text: name }), ...[c.onlyA, c.both, c.onlyB].map((v) => el("td", { class: "p53sw-num", text: String(v) })), el("td", { class: "p53sw-num", text: fmt(c.jaccard) })]);
    cmpBody.append(
      el("div", { class: "p53sw-cmp-wrap" }, [el("table", { class: "p53sw-cmp" }, [
        el("thead", {}, [el("tr", {}, [el("th", { text: `padj < ${p.alpha}` }), el("th", { text: `only ${A.name}` }), el("th", { text: "both" }), el("th", { text: `only ${B.name}` }), el("th", { text: "Jaccard" })])]),
        el("tbody", {}, [row("all genes", all), p.signatures.length ? row(p.signatures[state.signature].name, sig) : null]),
      ])]),
      el("div", { class: "p53sw-small", text: `Pearson correlation of log2 fold changes over ${m.toLocaleString("en")} genes tested in both: ${fmt(r)}` }),
    );
    if (p.signatures.length) {
      const chips = (title: string, list: number[]) => {
        const box = el("div", { class: "p53sw-chips" });
        for (const i of list) {
          const b2 = el("button", { type: "button", text: labelOf(i), title: `Select ${labelOf(i)}`, "aria-pressed": state.selected.has(i) ? "true" : "false" });
          b2.addEventListener("click", () => toggle(i, true));
          box.appendChild(b2);
        }
        return el("div", {}, [el("div", { class: "p53sw-small", text: `${title} (${list.length})` }), box]);
      };
      cmpBody.append(chips(`Signature genes significant in both`, sig.sharedList), chips(`only in ${A.name}`, sig.aList), chips(`only in ${B.name}`, sig.bList));
    }
    compareScatter.setSpec({ x: A.log2FC, y: B.log2FC, xLabel: `log2FC ${A.name}`, yLabel: `log2FC ${B.name}`, diagonal: true, vlines: [0], hlines: [0] });
    const w = Math.max(280, Math.min(width > 0 ? width : 480, 560));
    compareScatter.resize(w, Math.round(Math.min(400, w * 0.75)));
    compareScatter.render(theme);
  }

  function drawStatus(): void {
    const k = state.selected.size;
    if (k === 0) status.textContent = "No genes selected: click or drag on a plot, click table rows, or search and press Enter.";
    else {
      const names = [...state.selected].sort((a, b) => a - b).slice(0, 12).map(labelOf);
      status.textContent = `${k} gene${k === 1 ? "" : "s"} selected: ${names.join(", ")}${k > 12 ? ", …" : ""}`;
    }
    status.setAttribute("data-selected", String(k));
  }

  function refresh(): void {
    members = memberSet();
    drawStatus();
    drawScatter();
    drawHeatmap();
    table.setRows(tableRows());
    drawScores();
    drawCompare();
    heatSel.value = state.heatRows;
  }

  contrastSel.addEventListener("change", () => {
    state.contrast = Number(contrastSel.value);
    if (state.compareWith === state.contrast && p.contrasts.length > 1) {
      state.compareWith = (state.contrast + 1) % p.contrasts.length;
      cmpSel.value = String(state.compareWith);
    }
    refresh();
  });
  cmpSel.addEventListener("change", () => {
    state.compareWith = Number(cmpSel.value);
    refresh();
  });
  signatureSel.addEventListener("change", () => {
    state.signature = Number(signatureSel.value);
    refresh();
  });
  const setPlot = (k: PlotKind) => {
    state.plot = k;
    volcanoBtn.setAttribute("aria-pressed", String(k === "volcano"));
    maBtn.setAttribute("aria-pressed", String(k === "ma"));
    drawScatter();
  };
  volcanoBtn.addEventListener("click", () => setPlot("volcano"));
  maBtn.addEventListener("click", () => setPlot("ma"));
  filterSel.addEventListener("change", () => {
    state.filter = filterSel.value as TableFilter;
    table.setRows(tableRows());
  });
  heatSel.addEventListener("change", () => {
    state.heatRows = heatSel.value as HeatRows;
    drawHeatmap();
  });
  search.addEventListener("input", () => {
    state.search = search.value;
    if (state.search && state.filter === "signature" && !tableRows().length) {
      state.filter = "all";
      filterSel.value = "all";
    }
    table.setRows(tableRows());
  });
  search.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      const q = search.value.trim().toLowerCase();
      if (!q) return;
      const exact = lowerGenes.indexOf(q);
      const hits = exact >= 0 ? [exact] : tableRows().slice(0, 500);
      select(hits, ev.shiftKey);
      status.textContent = hits.length ? status.textContent : `No gene matches "${search.value.trim()}".`;
    } else if (ev.key === "Escape") {
      search.value = "";
      state.search = "";
      table.setRows(tableRows());
    }
  });
  clearBtn.addEventListener("click", () => select([]));
  root.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && ev.target !== search) select([]);
  });

  // Size and theme follow the host.
  const measure = () => {
    const grid = root.querySelector(".p53sw-grid") as HTMLElement | null;
    const total = grid ? grid.clientWidth : root.clientWidth;
    const cols = total >= 2 * 330 + 10 ? 2 : 1;
    return Math.floor((total - (cols - 1) * 10) / cols);
  };
  width = measure();
  refresh();
  let pending = 0;
  const ro = typeof ResizeObserver !== "undefined"
    ? new ResizeObserver(() => {
        if (pending) return;
        pending = requestAnimationFrame(() => {
          pending = 0;
          const w = measure();
          const t = readTheme(host);
          if (Math.abs(w - width) > 8 || t.bg !== theme.bg) {
            width = w;
            theme = t;
            refresh();
          }
        });
      })
    : null;
  ro?.observe(root);
  // JupyterLab switches themes by changing data attributes on <body>.
  const mo = new MutationObserver(() => {
    const t = readTheme(host);
    if (t.bg !== theme.bg || t.fg !== theme.fg) {
      theme = t;
      refresh();
    }
  });
  mo.observe(host.ownerDocument.body, { attributes: true, attributeFilter: ["data-jp-theme-name", "data-jp-theme-light"] });
  host.setAttribute("data-p53lab-widget", "ready");

  return {
    state,
    select,
    dispose() {
      ro?.disconnect();
      mo.disconnect();
      clear(host);
    },
  };
}
