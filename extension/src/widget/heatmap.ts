/**
 * Genes x samples heatmap of per-gene z-scores on a canvas, samples ordered and coloured by group,
 * gene names on the left, hover tooltips; clicking a row selects its gene.
 */
import { el, fmt } from "./dom";
import { divergingColor, PALETTE, type Theme } from "./theme";

export interface HeatmapSpec {
  /** Gene indices (rows, top to bottom). */
  rows: number[];
  /** Row values per sample (raw scale, z-scored here). */
  values: (number | null)[][];
  samples: string[];
  /** Group of each sample (for the annotation bar and the column order). */
  groups: string[] | null;
  groupName: string;
  /** Annotation bars above the columns (the grouping column first), e.g. condition, drug, dose. */
  annotations: { name: string; values: string[] }[];
  label: string;
}

export interface HeatmapCallbacks {
  label(i: number): string;
  isSelected(i: number): boolean;
  onSelect(indices: number[], additive: boolean): void;
}

const LIM = 2.5;

/** Per-row z-scores with the sample standard deviation (as R's `scale()`); constant rows give 0. */
export function zScoreRows(values: (number | null)[][]): number[][] {
  return values.map((r) => {
    const v = r.filter((x): x is number => x !== null);
    const n = v.length;
    const mean = v.reduce((a, b) => a + b, 0) / Math.max(1, n);
    const sd = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
    return r.map((x) => (x === null ? NaN : sd > 0 ? (x - mean) / sd : 0));
  });
}

export class Heatmap {
  readonly node: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  private tip: HTMLDivElement;
  private spec: HeatmapSpec | null = null;
  private z: number[][] = [];
  private colOrder: number[] = [];
  private width = 420;
  private geo = { left: 90, top: 30, cell: 10, colW: 20 };
  readonly legend: HTMLDivElement;

  constructor(private cb: HeatmapCallbacks) {
    this.canvas = el("canvas", { class: "p53sw-canvas", tabindex: 0, role: "img", "aria-label": "Heatmap of z-scored expression of the signature genes" });
    this.tip = el("div", { class: "p53sw-tip", role: "tooltip" });
    this.legend = el("div", { class: "p53sw-legend" });
    this.node = el("div", { class: "p53sw-plot" }, [this.canvas, this.tip]);
    this.canvas.addEventListener("mousemove", (ev) => this.hover(ev));
    this.canvas.addEventListener("mouseleave", () => (this.tip.style.display = "none"));
    this.canvas.addEventListener("click", (ev) => {
      const hit = this.hit(ev);
      if (hit && this.spec) this.cb.onSelect([this.spec.rows[hit.row]], ev.shiftKey);
    });
  }

  setSpec(spec: HeatmapSpec): void {
    this.spec = spec;
    this.z = zScoreRows(spec.values);
    const order = spec.samples.map((_, j) => j);
    if (spec.groups) {
      const levels: string[] = [];
      for (const g of spec.groups) if (!levels.includes(g)) levels.push(g);
      order.sort((a, b) => levels.indexOf((spec.groups as string[])[a]) - levels.indexOf((spec.groups as string[])[b]) || a - b);
    }
    this.colOrder = order;
  }

  resize(width: number): void {
    this.width = Math.max(220, Math.floor(width));
  }

  render(theme: Theme): void {
    const spec = this.spec;
    const g0 = this.canvas.getContext("2d");
    if (!spec || !g0) return;
    const nr = spec.rows.length, nc = spec.samples.length;
    const left = 96;
    const bars = spec.annotations.length;
    const top = bars ? 12 + 12 * bars : 16;
    const colW = Math.max(6, Math.min(40, Math.floor((this.width - left - 10) / Math.max(1, nc))));
    const cell = nr > 0 ? Math.max(3, Math.min(16, Math.floor(520 / nr))) : 16;
    this.geo = { left, top, cell, colW };
    const w = left + colW * nc + 10;
    const h = top + cell * Math.max(nr, 1) + 8;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    const g = g0;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = theme.bg;
    g.fillRect(0, 0, w, h);
    g.font = `10px ${theme.font}`;
    if (nr === 0) {
      g.fillStyle = theme.muted;
      g.fillText("No expression values for these genes.", 8, 16);
      return;
    }
    const levelsOf = (values: string[]) => {
      const lv: string[] = [];
      for (const x of values) if (!lv.includes(x)) lv.push(x);
      return lv;
    };
    const annLevels = spec.annotations.map((a) => levelsOf(a.values));
    // Each annotation takes its own stretch of the palette, so bars are told apart.
    const offsets = annLevels.map((_, k) => annLevels.slice(0, k).reduce((acc, l) => acc + l.length, 0));
    const colour = (k: number, v: string) => PALETTE[(offsets[k] + annLevels[k].indexOf(v)) % PALETTE.length];
    g.textAlign = "right";
    g.textBaseline = "middle";
    g.fillStyle = theme.muted;
    spec.annotations.forEach((a, k) => g.fillText(a.name.length > 14 ? a.name.slice(0, 13) + "…" : a.name, left - 4, 6 + 12 * k + 5));
    this.colOrder.forEach((j, c) => {
      const x = left + c * colW;
      spec.annotations.forEach((a, k) => {
        g.fillStyle = colour(k, a.values[j]);
        g.fillRect(x, 6 + 12 * k, colW - 1, 10);
      });
      for (let r = 0; r < nr; r++) {
        g.fillStyle = divergingColor(this.z[r][j], LIM, theme.dark);
        g.fillRect(x, top + r * cell, colW - (colW > 8 ? 1 : 0), cell - (cell > 6 ? 1 : 0));
      }
    });
    if (cell >= 8) {
      g.textAlign = "right";
      g.textBaseline = "middle";
      for (let r = 0; r < nr; r++) {
        const i = spec.rows[r];
        const sel = this.cb.isSelected(i);
        g.fillStyle = sel ? theme.selected : theme.fg;
        g.font = `${sel ? "bold " : ""}${Math.min(11, cell - 1)}px ${theme.font}`;
        let name = this.cb.label(i);
        if (name.length > 14) name = name.slice(0, 13) + "…";
        g.fillText(name, left - 4, top + r * cell + cell / 2);
      }
    }
    // Legend (DOM, text only).
    this.legend.textContent = "";
    this.legend.appendChild(el("span", { text: `z-score of ${spec.label}, per gene: blue < 0 < red (clamped at ±${LIM})` }));
    spec.annotations.forEach((a, k) => {
      annLevels[k].forEach((lv) => {
        this.legend.appendChild(el("span", { class: "p53sw-swatch", style: `background:${colour(k, lv)}` }));
        this.legend.appendChild(el("span", { text: `${a.name}: ${lv}` }));
      });
    });
  }

  private hit(ev: MouseEvent): { row: number; col: number } | null {
    const spec = this.spec;
    if (!spec) return null;
    const r = this.canvas.getBoundingClientRect();
    const x = ev.clientX - r.left, y = ev.clientY - r.top;
    const { left, top, cell, colW } = this.geo;
    const row = Math.floor((y - top) / cell);
    if (row < 0 || row >= spec.rows.length) return null;
    const c = Math.floor((x - left) / colW);
    return { row, col: c >= 0 && c < spec.samples.length ? this.colOrder[c] : -1 };
  }

  private hover(ev: MouseEvent): void {
    const spec = this.spec;
    const hit = this.hit(ev);
    if (!spec || !hit) {
      this.tip.style.display = "none";
      return;
    }
    const gene = this.cb.label(spec.rows[hit.row]);
    if (hit.col < 0) this.tip.textContent = `${gene}\n(click to select)`;
    else {
      const j = hit.col;
      const grp = spec.annotations.map((a) => `\n${a.name}: ${a.values[j]}`).join("");
      this.tip.textContent = `${gene} in ${spec.samples[j]}${grp}\n${spec.label}: ${fmt(spec.values[hit.row][j])}, z = ${fmt(this.z[hit.row][j])}`;
    }
    const r = this.canvas.getBoundingClientRect();
    this.tip.style.display = "block";
    this.tip.style.left = `${Math.min(ev.clientX - r.left + 12, Math.max(0, r.width - 180))}px`;
    this.tip.style.top = `${ev.clientY - r.top + 12}px`;
  }

  toPNG(): string {
    return this.canvas.toDataURL("image/png");
  }
}
