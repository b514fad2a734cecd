/**
 * Per-sample signature scores by group: an SVG strip plot (one column per group, a point per
 * sample with its name as tooltip, the group mean as a bar).
 */
import { svgEl, fmt } from "./dom";
import { PALETTE, type Theme } from "./theme";
import { ticks } from "./scatter";

export interface ScoreSpec {
  samples: string[];
  scores: (number | null)[];
  groups: string[] | null;
  groupName: string;
  yLabel: string;
}

export function scorePlot(spec: ScoreSpec, theme: Theme, width: number): SVGElement {
  const h = 220;
  const w = Math.max(220, Math.min(width, 520));
  const m = { left: 56, right: 10, top: 10, bottom: 36 };
  const svg = svgEl("svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: "img", class: "p53sw-scores", "font-family": theme.font, "font-size": 11 });
  svg.appendChild(svgEl("title", {}, `Per-sample ${spec.yLabel} by ${spec.groupName}`));
  const groups = spec.groups ?? spec.samples.map(() => "all samples");
  const levels: string[] = [];
  for (const g of groups) if (!levels.includes(g)) levels.push(g);
  const vals = spec.scores.filter((v): v is number => v !== null);
  if (vals.length === 0) {
    svg.appendChild(svgEl("text", { x: 10, y: 20, fill: theme.muted }, "No score: none of the signature's genes are in the expression matrix."));
    return svg;
  }
  let lo = Math.min(...vals), hi = Math.max(...vals);
  if (lo === hi) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.08;
  lo -= pad; hi += pad;
  const sy = (v: number) => h - m.bottom - ((v - lo) / (hi - lo)) * (h - m.top - m.bottom);
  const bw = (w - m.left - m.right) / levels.length;
  for (const v of ticks(lo, hi, 5)) {
    svg.appendChild(svgEl("line", { x1: m.left, x2: w - m.right, y1: sy(v), y2: sy(v), stroke: theme.grid }));
    svg.appendChild(svgEl("text", { x: m.left - 4, y: sy(v), "text-anchor": "end", "dominant-baseline": "middle", fill: theme.muted }, fmt(v)));
  }
  svg.appendChild(svgEl("text", { transform: `translate(12 ${(m.top + h - m.bottom) / 2}) rotate(-90)`, "text-anchor": "middle", fill: theme.fg }, spec.yLabel));
  levels.forEach((lv, k) => {
    const cx = m.left + bw * (k + 0.5);
    const color = PALETTE[k % PALETTE.length];
    const idx = groups.map((g, j) => (g === lv ? j : -1)).filter((j) => j >= 0 && spec.scores[j] !== null);
    const mean = idx.reduce((a, j) => a + (spec.scores[j] as number), 0) / Math.max(1, idx.length);
    if (idx.length) svg.appendChild(svgEl("line", { x1: cx - bw * 0.3, x2: cx + bw * 0.3, y1: sy(mean), y2: sy(mean), stroke: theme.fg, "stroke-width": 2 }));
    idx.forEach((j, r) => {
      // Deterministic spread: alternate left and right of the centre.
      const off = (r % 2 === 0 ? 1 : -1) * Math.ceil(r / 2) * Math.min(7, (bw * 0.4) / Math.max(1, idx.length / 2));
      const c = svgEl("circle", { cx: cx + off, cy: sy(spec.scores[j] as number), r: 4.5, fill: color, stroke: theme.bg, "stroke-width": 1 });
      c.appendChild(svgEl("title", {}, `${spec.samples[j]}: ${fmt(spec.scores[j])}`));
      svg.appendChild(c);
    });
    // Group names shortened to fit their column; the full name is the tooltip.
    const suffix = ` (n=${idx.length})`;
    const room = Math.max(4, Math.floor(bw / 7.2) - suffix.length);
    const label = (lv.length > room ? lv.slice(0, room - 1) + "…" : lv) + suffix;
    const t = svgEl("text", { x: cx, y: h - m.bottom + 16, "text-anchor": "middle", fill: theme.fg }, label);
    t.appendChild(svgEl("title", {}, `${spec.groupName}: ${lv} (${idx.length} samples)`));
    svg.appendChild(t);
  });
  return svg;
}
