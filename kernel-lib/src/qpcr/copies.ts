/**
 * Relative expression from quantities already on a linear scale (N0 or copy numbers from
 * curve analysis, e.g. LinRegPCR results stored in RDML), as rdmlpython's `quantify` does:
 * technical replicates averaged arithmetically (with SD and CV; CV above 0.3 noted), a
 * reference factor per sample = geometric mean of the reference genes' means divided by the
 * geometric mean of that over all samples, and relative expression = mean quantity / factor.
 */
import { InputError } from "../io/errors";
import { Table } from "../io/table";

/** One reaction's quantity. */
export interface QuantityRow {
  sample: string;
  target: string;
  quantity: number;
}

/** What {@link relativeFromQuantities} returns. */
export interface RelativeQuantities {
  /** sample, target, n, mean, sd, cv, note. */
  technical: Table;
  /** sample, n_references, geomean, factor. */
  reference: Table;
  /** sample, target, n, relative. */
  relative: Table;
}

/**
 * @example
 * relativeFromQuantities(rows, ["Rpl32", "Ppia"]).relative;
 */
export function relativeFromQuantities(rows: QuantityRow[], references: string[], options: { maxCv?: number } = {}): RelativeQuantities {
  const maxCv = options.maxCv ?? 0.3;
  const targets = [...new Set(rows.map((r) => r.target))];
  for (const r of references) if (!targets.includes(r)) throw new InputError(`reference gene "${r}" has no quantities (targets: ${targets.join(", ")})`, "relativeFromQuantities");
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (!(r.quantity >= 0) || !Number.isFinite(r.quantity)) throw new InputError(`quantity must be a non-negative number, got ${r.quantity}`, `row ${i + 1}, sample ${r.sample}, target ${r.target}`);
    const key = `${r.sample}\u0000${r.target}`;
    const l = groups.get(key);
    if (l) l.push(r.quantity);
    else groups.set(key, [r.quantity]);
  });
  const samples = [...new Set(rows.map((r) => r.sample))];
  const mean = new Map<string, number>();
  const tech = { sample: [] as string[], target: [] as string[], n: [] as number[], mean: [] as number[], sd: [] as number[], cv: [] as number[], note: [] as (string | null)[] };
  for (const [key, v] of groups) {
    const [s, t] = key.split("\u0000");
    const n = v.length;
    const m = v.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1)) : NaN;
    mean.set(key, m);
    tech.sample.push(s);
    tech.target.push(t);
    tech.n.push(n);
    tech.mean.push(m);
    tech.sd.push(sd);
    tech.cv.push(sd / m);
    tech.note.push(sd / m > maxCv ? `CV ${(sd / m).toFixed(3)} > ${maxCv}` : null);
  }
  const geo = new Map<string, number>();
  const nRef = new Map<string, number>();
  for (const s of samples) {
    const vals = references.map((r) => mean.get(`${s}\u0000${r}`)).filter((v): v is number => v !== undefined && v > 0);
    if (vals.length === 0) continue;
    geo.set(s, Math.exp(vals.reduce((a, v) => a + Math.log(v), 0) / vals.length));
    nRef.set(s, vals.length);
  }
  const all = [...geo.values()];
  const overall = Math.exp(all.reduce((a, v) => a + Math.log(v), 0) / all.length);
  const factor = new Map([...geo].map(([s, g]) => [s, g / overall]));
  const rel = { sample: [] as string[], target: [] as string[], n: [] as number[], relative: [] as number[] };
  for (const [key, m] of mean) {
    const [s, t] = key.split("\u0000");
    if (references.includes(t) || !factor.has(s)) continue;
    rel.sample.push(s);
    rel.target.push(t);
    rel.n.push(groups.get(key)!.length);
    rel.relative.push(m / factor.get(s)!);
  }
  return {
    technical: Table.fromColumns({ ...tech, n: Float64Array.from(tech.n), mean: Float64Array.from(tech.mean), sd: Float64Array.from(tech.sd), cv: Float64Array.from(tech.cv) }, "technical replicates (arithmetic mean of quantities)"),
    reference: Table.fromColumns({ sample: [...geo.keys()], n_references: Float64Array.from([...geo.keys()], (s) => nRef.get(s)!), geomean: Float64Array.from(geo.values()), factor: Float64Array.from(factor.values()) }, "reference factors"),
    relative: Table.fromColumns({ ...rel, n: Float64Array.from(rel.n), relative: Float64Array.from(rel.relative) }, `relative expression (${references.join(", ")})`),
  };
}
