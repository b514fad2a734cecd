/**
 * Technical replicates: one Cq per sample and target (mean or median), the spread (SD, SEM or
 * MAD), and flags for replicate sets that disagree (SD above a threshold, by default 0.3 cycles,
 * a common qPCR acceptance limit) and for single replicates far from the others (more than
 * `outlierCycles` from the replicates' median, default 0.5 cycles). Undetermined replicates
 * are counted and reported, never averaged in unless the table's policy set a cut-off.
 */
import { CqTable, type CqRow } from "../io/cq";
import { Table } from "../io/table";

/** Options of {@link summarizeReplicates}. */
export interface ReplicateOptions {
  center?: "mean" | "median";
  spread?: "sd" | "sem" | "mad";
  /** Flag replicate sets with an SD above this many cycles (default 0.3). */
  maxSd?: number;
  /** Flag a replicate more than this many cycles from the replicates' median (default 0.5). */
  outlierCycles?: number;
}

/** What {@link summarizeReplicates} returns. */
export interface ReplicateSummary {
  /** sample, group, target, n, cq, spread, cv_percent, flag. */
  table: Table;
  /** One row per sample and target with the summarised Cq, for the delta-Ct functions. */
  collapsed: CqTable;
}

const median = (v: number[]) => {
  const s = v.slice().sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/**
 * @example
 * const { table, collapsed } = summarizeReplicates(cq, { center: "mean", spread: "sd" });
 * deltaDeltaCt(collapsed, { reference: "GAPDH", calibrator: "DMSO" });
 */
export function summarizeReplicates(cq: CqTable, options: ReplicateOptions = {}): ReplicateSummary {
  const maxSd = options.maxSd ?? 0.3;
  const outlierCycles = options.outlierCycles ?? 0.5;
  const groups = new Map<string, CqRow[]>();
  for (const r of cq.rows) {
    const key = `${r.sample}\u0000${r.target}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const cols = { sample: [] as string[], group: [] as string[], target: [] as string[], n: [] as number[], cq: [] as number[], spread: [] as number[], cv_percent: [] as number[], flag: [] as (string | null)[] };
  const collapsed: CqRow[] = [];
  for (const rows of groups.values()) {
    const v = rows.map((r) => r.cq);
    const n = v.length;
    const mean = v.reduce((a, b) => a + b, 0) / n;
    const center = options.center === "median" ? median(v) : mean;
    const sd = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : NaN;
    let spread = sd;
    if (options.spread === "sem") spread = sd / Math.sqrt(n);
    else if (options.spread === "mad") spread = n > 1 ? 1.4826 * median(v.map((x) => Math.abs(x - median(v)))) : NaN;
    const flags: string[] = [];
    if (sd > maxSd) flags.push(`SD ${sd.toFixed(2)} > ${maxSd} cycles`);
    if (n >= 3) {
      const med = median(v);
      rows.forEach((r, i) => {
        const dev = Math.abs(r.cq - med);
        if (dev > outlierCycles) flags.push(`possible outlier ${r.well ? `well ${r.well}` : `replicate ${i + 1}`}${r.line ? ` (line ${r.line})` : ""}: ${dev.toFixed(2)} cycles from the median`);
      });
    }
    const und = rows.filter((r) => r.undetermined).length;
    if (und) flags.push(`${und} undetermined replicate(s) set to the cut-off`);
    const first = rows[0];
    cols.sample.push(first.sample);
    cols.group.push(first.group);
    cols.target.push(first.target);
    cols.n.push(n);
    cols.cq.push(center);
    cols.spread.push(spread);
    cols.cv_percent.push((100 * sd) / mean);
    cols.flag.push(flags.length ? flags.join("; ") : null);
    collapsed.push({ ...first, cq: center, undetermined: rows.every((r) => r.undetermined), well: undefined, replicate: undefined });
  }
  const table = Table.fromColumns(
    { ...cols, n: Float64Array.from(cols.n), cq: Float64Array.from(cols.cq), spread: Float64Array.from(cols.spread), cv_percent: Float64Array.from(cols.cv_percent) },
    `technical replicates (${options.center ?? "mean"}, ${options.spread ?? "sd"})`,
  );
  return { table, collapsed: new CqTable(collapsed, cq.source, cq.dropped) };
}
