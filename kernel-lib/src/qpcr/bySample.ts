/**
 * Cq values arranged by biological sample: each sample's group and, per target, its technical
 * replicate Cq values (the shape the per-sample analyses start from).
 */
import type { CqTable } from "../io/cq";

/** One sample: its group and the Cq values of each target. */
export interface SampleCq {
  group: string;
  cq: Map<string, number[]>;
}

/**
 * Samples of a Cq table (optionally only those in `groups`), in order of appearance.
 *
 * @example
 * cqBySample(cq).get("dmso_1")!.cq.get("GAPDH"); // [20.1, 20.2, 20.0]
 */
export function cqBySample(cq: CqTable, groups?: string[]): Map<string, SampleCq> {
  const out = new Map<string, SampleCq>();
  for (const r of cq.rows) {
    if (groups && !groups.includes(r.group)) continue;
    let s = out.get(r.sample);
    if (!s) out.set(r.sample, (s = { group: r.group, cq: new Map() }));
    const list = s.cq.get(r.target);
    if (list) list.push(r.cq);
    else s.cq.set(r.target, [r.cq]);
  }
  return out;
}

/** Arithmetic mean. */
export function meanOf(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}
