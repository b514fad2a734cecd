/**
 * Colours for canvas drawing, read from JupyterLab's theme variables on the host element (light
 * and dark themes), with fallbacks for pages without them (exported reports).
 */
export interface Theme {
  bg: string;
  fg: string;
  muted: string;
  grid: string;
  point: string;
  significant: string;
  signature: string;
  selected: string;
  font: string;
  dark: boolean;
}

function v(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const x = style.getPropertyValue(name).trim();
  return x || fallback;
}

function luminance(color: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(color.trim());
  if (m) {
    const n = parseInt(m[1], 16);
    return (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  }
  const r = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  if (r) return (0.299 * +r[1] + 0.587 * +r[2] + 0.114 * +r[3]) / 255;
  return 1;
}

/** Read the theme from `host`'s computed style. */
export function readTheme(host: Element): Theme {
  const s = getComputedStyle(host);
  const bg = v(s, "--jp-layout-color0", "#ffffff");
  const dark = luminance(bg) < 0.5;
  return {
    bg,
    fg: v(s, "--jp-ui-font-color1", dark ? "#e0e0e0" : "#212121"),
    muted: v(s, "--jp-ui-font-color2", dark ? "#a0a0a0" : "#616161"),
    grid: v(s, "--jp-border-color2", dark ? "#424242" : "#e0e0e0"),
    point: dark ? "rgba(190,190,190,0.35)" : "rgba(120,120,120,0.35)",
    significant: dark ? "rgba(100,170,255,0.7)" : "rgba(33,110,200,0.6)",
    signature: v(s, "--jp-error-color1", dark ? "#ff6b6b" : "#d32f2f"),
    selected: v(s, "--jp-warn-color0", dark ? "#ffb74d" : "#e65100"),
    font: v(s, "--jp-ui-font-family", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"),
    dark,
  };
}

/** A categorical palette (Okabe-Ito, colour-blind safe). */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"];

/** Diverging blue-white-red colour for a z-score clamped to [-lim, lim]. */
export function divergingColor(z: number, lim: number, dark: boolean): string {
  if (!Number.isFinite(z)) return dark ? "#303030" : "#eeeeee";
  const t = Math.max(-1, Math.min(1, z / lim));
  const mid = dark ? [40, 40, 40] : [247, 247, 247];
  const end = t < 0 ? [33, 102, 172] : [178, 24, 43];
  const a = Math.abs(t);
  const c = mid.map((m, i) => Math.round(m + (end[i] - m) * a));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
