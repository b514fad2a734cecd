/**
 * A canvas scatter plot for tens of thousands of genes: axes, reference lines, four layers
 * (background, significant, signature, selected) drawn in that order, hover tooltips, click and
 * brush selection, and SVG/PNG export.
 */
import { el, fmt, xmlEscape } from "./dom";
import type { Theme } from "./theme";

/** Layer of a point: 0 background, 1 significant, 2 in the signature, 3 selected. */
export type Layer = 0 | 1 | 2 | 3;

export interface ScatterSpec {
  x: (number | null)[];
  y: (number | null)[];
  xLabel: string;
  yLabel: string;
  /** Vertical and horizontal reference lines (data units). */
  vlines?: number[];
  hlines?: number[];
  /** Diagonal y = x (comparison plots). */
  diagonal?: boolean;
}

export interface ScatterCallbacks {
  label(i: number): string;
  detail(i: number): string;
  layer(i: number): Layer;
  /** Genes named on the plot. */
  named(): number[];
  onSelect(indices: number[], additive: boolean): void;
  onHover?(i: number | null): void;
}

const M = { left: 58, right: 12, top: 12, bottom: 42 };

/** Round tick values covering [lo, hi] (steps of 1, 2 or 5 times a power of ten). */
export function ticks(lo: number, hi: number, n = 6): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const step0 = span / n;
  const mag = Math.pow(10, Math.floor(Math.log10(step0)));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= step0) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * span; t += step) out.push(Math.abs(t) < 1e-12 * step ? 0 : t);
  return out;
}

export class Scatter {
  readonly node: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  private tip: HTMLDivElement;
  private brush: HTMLDivElement;
  private spec: ScatterSpec | null = null;
  private width = 480;
  private height = 360;
  private xr: [number, number] = [0, 1];
  private yr: [number, number] = [0, 1];
  private theme: Theme | null = null;
  private hovered: number | null = null;

  constructor(private cb: ScatterCallbacks, ariaLabel: string) {
    this.canvas = el("canvas", { class: "p53sw-canvas", tabindex: 0, role: "img", "aria-label": ariaLabel });
    this.tip = el("div", { class: "p53sw-tip", role: "tooltip" });
    this.brush = el("div", { class: "p53sw-brush" });
    this.node = el("div", { class: "p53sw-plot" }, [this.canvas, this.brush, this.tip]);
    this.attach();
  }

  setSpec(spec: ScatterSpec): void {
    this.spec = spec;
    const fx = spec.x.filter((v): v is number => v !== null && Number.isFinite(v));
    const fy = spec.y.filter((v): v is number => v !== null && Number.isFinite(v));
    const ext = (a: number[], extra: number[] = []): [number, number] => {
      let lo = Infinity, hi = -Infinity;
      for (const v of a) { if (v < lo) lo = v; if (v > hi) hi = v; }
      for (const v of extra) { if (v < lo) lo = v; if (v > hi) hi = v; }
      if (!Number.isFinite(lo)) return [0, 1];
      if (lo === hi) return [lo - 1, hi + 1];
      const pad = (hi - lo) * 0.04;
      return [lo - pad, hi + pad];
    };
    this.xr = ext(fx, spec.vlines ?? []);
    this.yr = ext(fy, spec.hlines ?? []);
    if (spec.diagonal) {
      const lo = Math.min(this.xr[0], this.yr[0]), hi = Math.max(this.xr[1], this.yr[1]);
      this.xr = [lo, hi];
      this.yr = [lo, hi];
    }
  }

  resize(width: number, height: number): void {
    this.width = Math.max(240, Math.floor(width));
    this.height = Math.max(200, Math.floor(height));
  }

  private sx(v: number): number {
    return M.left + ((v - this.xr[0]) / (this.xr[1] - this.xr[0])) * (this.width - M.left - M.right);
  }
  private sy(v: number): number {
    return this.height - M.bottom - ((v - this.yr[0]) / (this.yr[1] - this.yr[0])) * (this.height - M.top - M.bottom);
  }

  /** Points in draw order (layer by layer). */
  private order(): number[][] {
    const spec = this.spec;
    const layers: number[][] = [[], [], [], []];
    if (!spec) return layers;
    for (let i = 0; i < spec.x.length; i++) {
      const x = spec.x[i], y = spec.y[i];
      if (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      layers[this.cb.layer(i)].push(i);
    }
    return layers;
  }

  render(theme: Theme): void {
    this.theme = theme;
    const dpr = window.devicePixelRatio || 1;
    const c = this.canvas;
    c.width = Math.round(this.width * dpr);
    c.height = Math.round(this.height * dpr);
    c.style.width = `${this.width}px`;
    c.style.height = `${this.height}px`;
    const g = c.getContext("2d");
    if (!g || !this.spec) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = theme.bg;
    g.fillRect(0, 0, this.width, this.height);
    this.drawAxes(g, theme);
    const spec = this.spec;
    const layers = this.order();
    const styles = [
      { r: 1.6, fill: theme.point },
      { r: 2.0, fill: theme.significant },
      { r: 3.4, fill: theme.signature },
      { r: 4.2, fill: theme.selected },
    ];
    layers.forEach((idx, k) => {
      const st = styles[k];
      g.fillStyle = st.fill;
      g.beginPath();
      for (const i of idx) {
        const px = this.sx(spec.x[i] as number), py = this.sy(spec.y[i] as number);
        g.moveTo(px + st.r, py);
        g.arc(px, py, st.r, 0, 2 * Math.PI);
      }
      g.fill();
      if (k >= 2) {
        g.strokeStyle = theme.bg;
        g.lineWidth = 0.8;
        g.stroke();
      }
    });
    // Names of highlighted genes, without overlaps (a name that fits nowhere is left to the tooltip).
    g.font = `11px ${theme.font}`;
    g.fillStyle = theme.fg;
    g.textBaseline = "bottom";
    for (const l of this.placeLabels(g)) g.fillText(l.text, l.x, l.y);
    if (this.hovered !== null) {
      const x = spec.x[this.hovered], y = spec.y[this.hovered];
      if (x !== null && y !== null) {
        g.strokeStyle = theme.fg;
        g.lineWidth = 1.5;
        g.beginPath();
        g.arc(this.sx(x), this.sy(y), 6, 0, 2 * Math.PI);
        g.stroke();
      }
    }
  }

  /** Greedy label placement: right of the point, else left, else above; never over another label. */
  private placeLabels(g: { measureText(t: string): { width: number } } | null): { text: string; x: number; y: number }[] {
    const spec = this.spec;
    if (!spec) return [];
    const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
    const out: { text: string; x: number; y: number }[] = [];
    const pts = this.cb.named().filter((i) => spec.x[i] !== null && spec.y[i] !== null);
    pts.sort((a, b) => this.sy(spec.y[a] as number) - this.sy(spec.y[b] as number) || a - b);
    for (const i of pts) {
      const text = this.cb.label(i);
      const w = g ? g.measureText(text).width : text.length * 6.2;
      const px = this.sx(spec.x[i] as number), py = this.sy(spec.y[i] as number);
      const options = [
        { x: px + 4, y: py - 3 },
        { x: px - 4 - w, y: py - 3 },
        { x: px + 4, y: py + 12 },
        { x: px - 4 - w, y: py + 12 },
        { x: px - w / 2, y: py - 8 },
      ];
      for (const o of options) {
        const box = { x0: o.x - 1, y0: o.y - 11, x1: o.x + w + 1, y1: o.y + 1 };
        if (box.x0 < 0 || box.x1 > this.width || box.y0 < 0 || box.y1 > this.height) continue;
        if (placed.some((b) => box.x0 < b.x1 && box.x1 > b.x0 && box.y0 < b.y1 && box.y1 > b.y0)) continue;
        placed.push(box);
        out.push({ text, x: o.x, y: o.y });
        break;
      }
    }
    return out;
  }

  private drawAxes(g: CanvasRenderingContext2D, theme: Theme): void {
    const spec = this.spec as ScatterSpec;
    const w = this.width, h = this.height;
    g.strokeStyle = theme.grid;
    g.lineWidth = 1;
    g.font = `11px ${theme.font}`;
    g.fillStyle = theme.muted;
    g.textAlign = "center";
    g.textBaseline = "top";
    for (const t of ticks(this.xr[0], this.xr[1])) {
      const x = this.sx(t);
      g.beginPath(); g.moveTo(x, M.top); g.lineTo(x, h - M.bottom); g.stroke();
      g.fillText(fmt(t), x, h - M.bottom + 4);
    }
    g.textAlign = "right";
    g.textBaseline = "middle";
    for (const t of ticks(this.yr[0], this.yr[1])) {
      const y = this.sy(t);
      g.beginPath(); g.moveTo(M.left, y); g.lineTo(w - M.right, y); g.stroke();
      g.fillText(fmt(t), M.left - 5, y);
    }
    g.setLineDash([4, 3]);
    g.strokeStyle = theme.muted;
    for (const v of spec.vlines ?? []) { const x = this.sx(v); g.beginPath(); g.moveTo(x, M.top); g.lineTo(x, h - M.bottom); g.stroke(); }
    for (const v of spec.hlines ?? []) { const y = this.sy(v); g.beginPath(); g.moveTo(M.left, y); g.lineTo(w - M.right, y); g.stroke(); }
    if (spec.diagonal) { g.beginPath(); g.moveTo(this.sx(this.xr[0]), this.sy(this.xr[0])); g.lineTo(this.sx(this.xr[1]), this.sy(this.xr[1])); g.stroke(); }
    g.setLineDash([]);
    g.fillStyle = theme.fg;
    g.textAlign = "center";
    g.textBaseline = "bottom";
    g.fillText(spec.xLabel, (M.left + w - M.right) / 2, h - 4);
    g.save();
    g.translate(13, (M.top + h - M.bottom) / 2);
    g.rotate(-Math.PI / 2);
    g.textBaseline = "middle";
    g.fillText(spec.yLabel, 0, 0);
    g.restore();
  }

  /** Nearest drawn point within `radius` pixels of (px, py). */
  nearest(px: number, py: number, radius = 7): number | null {
    const spec = this.spec;
    if (!spec) return null;
    let best: number | null = null;
    let bestD = radius * radius;
    let bestLayer = -1;
    for (let i = 0; i < spec.x.length; i++) {
      const x = spec.x[i], y = spec.y[i];
      if (x === null || y === null) continue;
      const dx = this.sx(x) - px, dy = this.sy(y) - py;
      const d = dx * dx + dy * dy;
      if (d > radius * radius) continue;
      const layer = this.cb.layer(i);
      // Prefer points drawn on top.
      if (layer > bestLayer || (layer === bestLayer && d < bestD)) {
        best = i; bestD = d; bestLayer = layer;
      }
    }
    return best;
  }

  /** Points inside a pixel rectangle. */
  inside(x0: number, y0: number, x1: number, y1: number): number[] {
    const spec = this.spec;
    if (!spec) return [];
    const [ax, bx] = x0 < x1 ? [x0, x1] : [x1, x0];
    const [ay, by] = y0 < y1 ? [y0, y1] : [y1, y0];
    const out: number[] = [];
    for (let i = 0; i < spec.x.length; i++) {
      const x = spec.x[i], y = spec.y[i];
      if (x === null || y === null) continue;
      const px = this.sx(x), py = this.sy(y);
      if (px >= ax && px <= bx && py >= ay && py <= by) out.push(i);
    }
    return out;
  }

  private attach(): void {
    const c = this.canvas;
    let start: { x: number; y: number } | null = null;
    let dragging = false;
    const pos = (ev: MouseEvent) => {
      const r = c.getBoundingClientRect();
      return { x: ev.clientX - r.left, y: ev.clientY - r.top };
    };
    c.addEventListener("mousedown", (ev) => {
      start = pos(ev);
      dragging = false;
      ev.preventDefault();
    });
    c.addEventListener("mousemove", (ev) => {
      const p = pos(ev);
      if (start) {
        if (Math.abs(p.x - start.x) + Math.abs(p.y - start.y) > 4) dragging = true;
        if (dragging) {
          Object.assign(this.brush.style, {
            display: "block",
            left: `${Math.min(p.x, start.x)}px`,
            top: `${Math.min(p.y, start.y)}px`,
            width: `${Math.abs(p.x - start.x)}px`,
            height: `${Math.abs(p.y - start.y)}px`,
          });
          return;
        }
      }
      const i = this.nearest(p.x, p.y);
      this.setHover(i, p);
    });
    const end = (ev: MouseEvent) => {
      if (!start) return;
      const p = pos(ev);
      if (dragging) {
        this.cb.onSelect(this.inside(start.x, start.y, p.x, p.y), ev.shiftKey);
      } else {
        const i = this.nearest(p.x, p.y);
        this.cb.onSelect(i === null ? [] : [i], ev.shiftKey);
      }
      start = null;
      dragging = false;
      this.brush.style.display = "none";
    };
    c.addEventListener("mouseup", end);
    c.addEventListener("mouseleave", () => {
      this.brush.style.display = "none";
      start = null;
      dragging = false;
      this.setHover(null, null);
    });
  }

  private setHover(i: number | null, p: { x: number; y: number } | null): void {
    if (i === this.hovered) {
      if (i !== null && p) this.placeTip(p);
      return;
    }
    this.hovered = i;
    this.cb.onHover?.(i);
    if (i === null || !p) {
      this.tip.style.display = "none";
    } else {
      this.tip.textContent = `${this.cb.label(i)}\n${this.cb.detail(i)}`;
      this.tip.style.display = "block";
      this.placeTip(p);
    }
    if (this.theme) this.render(this.theme);
  }

  private placeTip(p: { x: number; y: number }): void {
    const left = p.x + 14 > this.width - 160 ? p.x - 170 : p.x + 14;
    this.tip.style.left = `${Math.max(0, left)}px`;
    this.tip.style.top = `${Math.max(0, p.y - 10)}px`;
  }

  /** PNG data URL of the current drawing. */
  toPNG(): string {
    return this.canvas.toDataURL("image/png");
  }

  /** A standalone SVG document of the current plot (points, axes, labels). */
  toSVG(theme: Theme, title: string): string {
    const spec = this.spec;
    const w = this.width, h = this.height;
    const parts: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h + 20}" viewBox="0 -20 ${w} ${h + 20}" font-family="sans-serif" font-size="11">`,
      `<title>${xmlEscape(title)}</title>`,
      `<rect x="0" y="-20" width="${w}" height="${h + 20}" fill="${xmlEscape(theme.bg)}"/>`,
      `<text x="${M.left}" y="-6" fill="${xmlEscape(theme.fg)}" font-size="12">${xmlEscape(title)}</text>`,
    ];
    if (!spec) return parts.join("") + "</svg>";
    for (const t of ticks(this.xr[0], this.xr[1])) {
      const x = this.sx(t).toFixed(1);
      parts.push(`<line x1="${x}" x2="${x}" y1="${M.top}" y2="${h - M.bottom}" stroke="${xmlEscape(theme.grid)}"/>`);
      parts.push(`<text x="${x}" y="${h - M.bottom + 14}" text-anchor="middle" fill="${xmlEscape(theme.muted)}">${xmlEscape(fmt(t))}</text>`);
    }
    for (const t of ticks(this.yr[0], this.yr[1])) {
      const y = this.sy(t).toFixed(1);
      parts.push(`<line x1="${M.left}" x2="${w - M.right}" y1="${y}" y2="${y}" stroke="${xmlEscape(theme.grid)}"/>`);
      parts.push(`<text x="${M.left - 5}" y="${y}" dy="0.35em" text-anchor="end" fill="${xmlEscape(theme.muted)}">${xmlEscape(fmt(t))}</text>`);
    }
    parts.push(`<text x="${(M.left + w - M.right) / 2}" y="${h - 6}" text-anchor="middle" fill="${xmlEscape(theme.fg)}">${xmlEscape(spec.xLabel)}</text>`);
    parts.push(`<text transform="translate(13 ${(M.top + h - M.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="${xmlEscape(theme.fg)}">${xmlEscape(spec.yLabel)}</text>`);
    const fills = [theme.point, theme.significant, theme.signature, theme.selected];
    const radii = [1.6, 2, 3.4, 4.2];
    this.order().forEach((idx, k) => {
      parts.push(`<g fill="${xmlEscape(fills[k])}">`);
      for (const i of idx) {
        parts.push(`<circle cx="${this.sx(spec.x[i] as number).toFixed(1)}" cy="${this.sy(spec.y[i] as number).toFixed(1)}" r="${radii[k]}"><title>${xmlEscape(this.cb.label(i))}</title></circle>`);
      }
      parts.push("</g>");
    });
    const g = this.canvas.getContext("2d");
    if (g) g.font = `11px ${theme.font}`;
    for (const l of this.placeLabels(g)) {
      parts.push(`<text x="${l.x.toFixed(1)}" y="${l.y.toFixed(1)}" fill="${xmlEscape(theme.fg)}">${xmlEscape(l.text)}</text>`);
    }
    parts.push("</svg>");
    return parts.join("");
  }
}
