/**
 * Relative quantification from Cq values: the delta-delta-Ct method (Livak & Schmittgen 2001,
 * Methods 25:402), the efficiency-corrected ratio (Pfaffl 2001, NAR 29:e45), the delta-Ct
 * comparison without a reference gene, and qbase-style normalised relative quantities with
 * several reference genes (Vandesompele et al. 2002, Genome Biol 3:research0034; Hellemans
 * et al. 2007, Genome Biol 8:R19).
 *
 * Conventions (named options, because labs differ):
 * - `mode: "separate"` (target and reference in separate tubes): group means of each gene's Cq;
 *   the delta-Ct SD combines both SDs, sqrt(s_t^2 + s_r^2). `mode: "same-tube"`: delta-Ct per
 *   sample first, then its mean and SD.
 * - `calibratorError: false` (default, Livak's tables): the calibrator's SD is not carried into
 *   the other groups' delta-delta-Ct; `true` adds it in quadrature.
 * - Fold changes are 2^-ddCt with the range 2^-(ddCt +/- SD).
 */
import type { CqTable, CqRow } from "../io/cq";
import { InputError } from "../io/errors";
import { Table } from "../io/table";

/** Mean and sample SD (n - 1). */
function meanSd(x: number[]): { mean: number; sd: number; n: number } {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : NaN;
  return { mean, sd, n };
}

function rowsOf(cq: CqTable, group: string, target: string): CqRow[] {
  return cq.rows.filter((r) => r.group === group && r.target === target);
}

function checkNames(cq: CqTable, references: string[], calibrator: string): void {
  const targets = cq.targets();
  for (const r of references) {
    if (!targets.includes(r)) throw new InputError(`reference gene "${r}" is not in the Cq table (targets: ${targets.join(", ")})`, cq.source);
  }
  const groups = cq.groups();
  if (!groups.includes(calibrator)) throw new InputError(`calibrator group "${calibrator}" is not in the Cq table (groups: ${groups.join(", ")})`, cq.source);
}

/** Per-sample mean Cq of a target (technical replicates averaged), by sample. */
function sampleMeans(cq: CqTable, target: string, group?: string): Map<string, number> {
  const acc = new Map<string, number[]>();
  for (const r of cq.rows) {
    if (r.target !== target || (group !== undefined && r.group !== group)) continue;
    const list = acc.get(r.sample);
    if (list) list.push(r.cq);
    else acc.set(r.sample, [r.cq]);
  }
  return new Map([...acc].map(([s, v]) => [s, v.reduce((a, b) => a + b, 0) / v.length]));
}

/** Reference Cq per sample: the mean over reference genes (= log of their geometric-mean quantity). */
function referenceBySample(cq: CqTable, references: string[], group: string): Map<string, number> {
  const per = references.map((r) => sampleMeans(cq, r, group));
  const out = new Map<string, number>();
  for (const s of per[0].keys()) {
    const vals = per.map((m) => m.get(s));
    if (vals.some((v) => v === undefined)) {
      const lacking = references.filter((_, k) => vals[k] === undefined);
      throw new InputError(`sample ${s} has no Cq for reference gene(s) ${lacking.join(", ")}`, cq.source);
    }
    out.set(s, (vals as number[]).reduce((a, b) => a + b, 0) / vals.length);
  }
  return out;
}

/** Options of {@link deltaDeltaCt}. */
export interface DeltaDeltaCtOptions {
  /** Reference gene(s); several are combined by their geometric mean (mean Cq). */
  reference: string | string[];
  /** The calibrator group (e.g. "DMSO"). */
  calibrator: string;
  /** "separate" tubes (default) or "same-tube" (multiplex: delta-Ct per sample). */
  mode?: "separate" | "same-tube";
  /** Add the calibrator's SD to the other groups' ddCt SD (default false, as Livak). */
  calibratorError?: boolean;
}

/**
 * Delta-delta-Ct fold changes of every non-reference target in every group against the
 * calibrator group. Columns: `group, target, n, dCt, dCt_sd, ddCt, ddCt_sd, fold, fold_low,
 * fold_high`.
 *
 * @example
 * deltaDeltaCt(cq, { reference: "GAPDH", calibrator: "DMSO" });
 */
export function deltaDeltaCt(cq: CqTable, options: DeltaDeltaCtOptions): Table {
  const references = Array.isArray(options.reference) ? options.reference : [options.reference];
  if (references.length === 0) throw new InputError("give at least one reference gene", "deltaDeltaCt");
  checkNames(cq, references, options.calibrator);
  const mode = options.mode ?? "separate";
  const targets = cq.targets().filter((t) => !references.includes(t));
  if (targets.length === 0) throw new InputError("no target genes besides the reference gene(s)", cq.source);
  const groups = cq.groups();
  const dct = new Map<string, { mean: number; sd: number; n: number }>();
  for (const t of targets) {
    for (const g of groups) {
      let res: { mean: number; sd: number; n: number };
      if (mode === "separate") {
        const tv = rowsOf(cq, g, t).map((r) => r.cq);
        if (tv.length === 0) continue;
        const rv = references.length === 1 ? rowsOf(cq, g, references[0]).map((r) => r.cq) : [...referenceBySample(cq, references, g).values()];
        if (rv.length === 0) throw new InputError(`group ${g} has no Cq for the reference gene(s) ${references.join(", ")}`, cq.source);
        const a = meanSd(tv);
        const b = meanSd(rv);
        res = { mean: a.mean - b.mean, sd: Math.sqrt(a.sd ** 2 + b.sd ** 2), n: a.n };
      } else {
        const tm = sampleMeans(cq, t, g);
        if (tm.size === 0) continue;
        const rm = referenceBySample(cq, references, g);
        const d: number[] = [];
        for (const [s, v] of tm) {
          const r = rm.get(s);
          if (r === undefined) throw new InputError(`same-tube mode: sample ${s} has ${t} but no reference Cq`, cq.source);
          d.push(v - r);
        }
        res = meanSd(d);
      }
      dct.set(`${g}\u0000${t}`, res);
    }
  }
  const out = { group: [] as string[], target: [] as string[], n: [] as number[], dCt: [] as number[], dCt_sd: [] as number[], ddCt: [] as number[], ddCt_sd: [] as number[], fold: [] as number[], fold_low: [] as number[], fold_high: [] as number[] };
  for (const t of targets) {
    const cal = dct.get(`${options.calibrator}\u0000${t}`);
    if (!cal) throw new InputError(`the calibrator group ${options.calibrator} has no Cq for ${t}`, cq.source);
    for (const g of groups) {
      const d = dct.get(`${g}\u0000${t}`);
      if (!d) continue;
      const dd = d.mean - cal.mean;
      const sd = options.calibratorError && g !== options.calibrator ? Math.sqrt(d.sd ** 2 + cal.sd ** 2) : d.sd;
      out.group.push(g);
      out.target.push(t);
      out.n.push(d.n);
      out.dCt.push(d.mean);
      out.dCt_sd.push(d.sd);
      out.ddCt.push(dd);
      out.ddCt_sd.push(sd);
      out.fold.push(2 ** -dd);
      out.fold_low.push(2 ** -(dd + sd));
      out.fold_high.push(2 ** -(dd - sd));
    }
  }
  return Table.fromColumns(
    { ...out, n: Float64Array.from(out.n), dCt: Float64Array.from(out.dCt), dCt_sd: Float64Array.from(out.dCt_sd), ddCt: Float64Array.from(out.ddCt), ddCt_sd: Float64Array.from(out.ddCt_sd), fold: Float64Array.from(out.fold), fold_low: Float64Array.from(out.fold_low), fold_high: Float64Array.from(out.fold_high) },
    `delta-delta-Ct against ${options.calibrator} (${references.join(" + ")}, ${mode === "separate" ? "separate tubes" : "same tube"})`,
  );
}

/**
 * Delta-Ct of each gene between every group and the calibrator, without a reference gene.
 * Columns: `group, target, n, dCt, sd, fold, fold_low, fold_high` (dCt = mean Cq in the group -
 * mean Cq in the calibrator; fold = 2^-dCt; SD of the group's Cq).
 *
 * @example
 * deltaCt(cq, { calibrator: "brain" });
 */
export function deltaCt(cq: CqTable, options: { calibrator: string }): Table {
  checkNames(cq, [], options.calibrator);
  const cols = { group: [] as string[], target: [] as string[], n: [] as number[], dCt: [] as number[], sd: [] as number[], fold: [] as number[], fold_low: [] as number[], fold_high: [] as number[] };
  for (const t of cq.targets()) {
    const cal = rowsOf(cq, options.calibrator, t).map((r) => r.cq);
    if (!cal.length) throw new InputError(`the calibrator group ${options.calibrator} has no Cq for ${t}`, cq.source);
    const c = meanSd(cal);
    for (const g of cq.groups()) {
      const v = rowsOf(cq, g, t).map((r) => r.cq);
      if (!v.length) continue;
      const m = meanSd(v);
      const d = m.mean - c.mean;
      cols.group.push(g);
      cols.target.push(t);
      cols.n.push(m.n);
      cols.dCt.push(d);
      cols.sd.push(m.sd);
      cols.fold.push(2 ** -d);
      cols.fold_low.push(2 ** -(d + m.sd));
      cols.fold_high.push(2 ** -(d - m.sd));
    }
  }
  return Table.fromColumns({ ...cols, n: Float64Array.from(cols.n), dCt: Float64Array.from(cols.dCt), sd: Float64Array.from(cols.sd), fold: Float64Array.from(cols.fold), fold_low: Float64Array.from(cols.fold_low), fold_high: Float64Array.from(cols.fold_high) }, `delta-Ct against ${options.calibrator}`);
}

/**
 * An amplification efficiency as the factor E per cycle (2 = 100%). Accepts the factor
 * (1 < E <= 2.5) or a percentage (e.g. 95 for 95%, i.e. E = 1.95).
 *
 * @example
 * efficiencyFactor(95); // 1.95
 * efficiencyFactor(1.9); // 1.9
 */
export function efficiencyFactor(e: number): number {
  if (!Number.isFinite(e) || e <= 0) throw new InputError(`efficiency must be a positive number, got ${e}`, "efficiency");
  if (e > 1 && e <= 2.5) return e;
  if (e >= 10 && e <= 150) return 1 + e / 100;
  throw new InputError(`efficiency ${e} is neither a factor (1-2.5, 2 = 100%) nor a percentage (10-150)`, "efficiency");
}

/** Options of {@link pfafflRatio}. */
export interface PfafflOptions {
  reference: string;
  calibrator: string;
  /** Efficiency per target (factor or percent); missing targets default to 2 (100%). */
  efficiency?: Record<string, number>;
}

/**
 * Pfaffl's efficiency-corrected expression ratio of each target in each group against the
 * calibrator: E_target^(dCq_target) / E_ref^(dCq_ref) with dCq = mean(calibrator) - mean(group).
 * Columns: `group, target, ratio, log2_ratio`.
 *
 * @example
 * pfafflRatio(cq, { reference: "GAPDH", calibrator: "DMSO", efficiency: { CDKN1A: 1.93, GAPDH: 1.98 } });
 */
export function pfafflRatio(cq: CqTable, options: PfafflOptions): Table {
  checkNames(cq, [options.reference], options.calibrator);
  const eff = (t: string) => efficiencyFactor(options.efficiency?.[t] ?? 2);
  const mean = (g: string, t: string) => {
    const v = rowsOf(cq, g, t).map((r) => r.cq);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
  };
  const cols = { group: [] as string[], target: [] as string[], ratio: [] as number[], log2_ratio: [] as number[] };
  const eRef = eff(options.reference);
  for (const t of cq.targets().filter((x) => x !== options.reference)) {
    const eT = eff(t);
    for (const g of cq.groups()) {
      const dT = mean(options.calibrator, t) - mean(g, t);
      const dR = mean(options.calibrator, options.reference) - mean(g, options.reference);
      if (!Number.isFinite(dT) || !Number.isFinite(dR)) continue;
      const log2 = dT * Math.log2(eT) - dR * Math.log2(eRef);
      cols.group.push(g);
      cols.target.push(t);
      cols.ratio.push(2 ** log2);
      cols.log2_ratio.push(log2);
    }
  }
  return Table.fromColumns({ ...cols, ratio: Float64Array.from(cols.ratio), log2_ratio: Float64Array.from(cols.log2_ratio) }, `Pfaffl ratio against ${options.calibrator} (${options.reference})`);
}

/** Options of {@link normalizedRelativeQuantities}. */
export interface NrqOptions {
  /** Reference genes; the normalisation factor is the geometric mean of their relative quantities. */
  references: string[];
  /** Efficiency per gene (factor or percent); default 2. */
  efficiency?: Record<string, number>;
  /** Express NRQs relative to this sample (default: as computed, relative to the lowest-Cq sample per gene). */
  calibratorSample?: string;
}

/**
 * qbase-style normalised relative quantities: per gene Q = E^(min Cq - Cq) (sample means of
 * technical replicates), per sample NF = geometric mean of Q over the reference genes, and
 * NRQ = Q / NF for every non-reference gene. Errors are propagated as Hellemans et al. (2007)
 * do, to first order: SE(Q) = Q ln(E) SE(Cq) with SE(Cq) the standard error of the replicate
 * mean, SE(NF) = NF sqrt(sum_r (SE(Q_r) / (f Q_r))^2) over the f reference genes, relative
 * errors of Q and NF added in quadrature for NRQ, and those of the calibrator for a calibrated
 * NRQ (NaN without technical replicates). Columns: `sample, group, target, Q, NF, NRQ, NRQ_se`.
 *
 * @example
 * normalizedRelativeQuantities(cq, { references: ["HK1", "HK2", "HK3"], calibratorSample: "A" });
 */
export function normalizedRelativeQuantities(cq: CqTable, options: NrqOptions): Table {
  const targets = cq.targets();
  for (const r of options.references) if (!targets.includes(r)) throw new InputError(`reference gene "${r}" is not in the Cq table (targets: ${targets.join(", ")})`, cq.source);
  const samples = cq.samples();
  const groupOf = new Map(cq.rows.map((r) => [r.sample, r.group]));
  const Q = new Map<string, Map<string, number>>();
  // relative error of Q per gene and sample: ln(E) x SE of the replicate mean
  const relQ = new Map<string, Map<string, number>>();
  for (const t of targets) {
    const m = sampleMeans(cq, t);
    let minCq = Infinity;
    for (const c of m.values()) minCq = Math.min(minCq, c);
    const E = efficiencyFactor(options.efficiency?.[t] ?? 2);
    Q.set(t, new Map([...m].map(([s, c]) => [s, E ** (minCq - c)])));
    const rel = new Map<string, number>();
    for (const s of m.keys()) {
      const v = cq.rows.filter((r) => r.sample === s && r.target === t).map((r) => r.cq);
      rel.set(s, v.length > 1 ? (Math.log(E) * meanSd(v).sd) / Math.sqrt(v.length) : NaN);
    }
    relQ.set(t, rel);
  }
  const nf = new Map<string, number>();
  const relNf = new Map<string, number>();
  const f = options.references.length;
  for (const s of samples) {
    let logSum = 0;
    let err2 = 0;
    for (const r of options.references) {
      const q = Q.get(r)!.get(s);
      if (q === undefined) throw new InputError(`sample ${s} has no Cq for reference gene ${r}`, cq.source);
      logSum += Math.log(q);
      err2 += (relQ.get(r)!.get(s)! / f) ** 2;
    }
    nf.set(s, Math.exp(logSum / f));
    relNf.set(s, Math.sqrt(err2));
  }
  const cols = { sample: [] as string[], group: [] as string[], target: [] as string[], Q: [] as number[], NF: [] as number[], NRQ: [] as number[], NRQ_se: [] as number[] };
  const relNrq = (t: string, s: string) => Math.hypot(relQ.get(t)!.get(s)!, relNf.get(s)!);
  for (const t of targets.filter((x) => !options.references.includes(x))) {
    const cal = options.calibratorSample;
    let scale = 1;
    let relCal = 0;
    if (cal !== undefined) {
      const qc = Q.get(t)!.get(cal);
      if (qc === undefined) throw new InputError(`calibrator sample ${cal} has no Cq for ${t}`, cq.source);
      scale = qc / nf.get(cal)!;
      relCal = relNrq(t, cal);
    }
    for (const s of samples) {
      const q = Q.get(t)!.get(s);
      if (q === undefined) continue;
      cols.sample.push(s);
      cols.group.push(groupOf.get(s)!);
      cols.target.push(t);
      cols.Q.push(q);
      cols.NF.push(nf.get(s)!);
      const nrq = q / nf.get(s)! / scale;
      cols.NRQ.push(nrq);
      cols.NRQ_se.push(nrq * (s === cal ? relNrq(t, s) : Math.hypot(relNrq(t, s), relCal)));
    }
  }
  return Table.fromColumns({ ...cols, Q: Float64Array.from(cols.Q), NF: Float64Array.from(cols.NF), NRQ: Float64Array.from(cols.NRQ), NRQ_se: Float64Array.from(cols.NRQ_se) }, `normalised relative quantities (${options.references.join(", ")})`);
}
