/**
 * Significance of expression changes from qPCR: per biological sample delta-Cq = Cq(target) -
 * Cq(reference) (technical replicates averaged; several references by their mean Cq, i.e. the
 * geometric mean of their quantities), then each group is compared with the calibrator group
 * by a Welch (default) or Student t-test, or a Wilcoxon rank-sum test (with the Hodges-Lehmann
 * shift; ddCq is then that shift), on the delta-Cq values, and p-values are adjusted
 * across all target x group comparisons (Benjamini-Hochberg). Testing on the delta-Cq (log)
 * scale is the standard recommendation (e.g. Yuan et al. 2006, BMC Bioinformatics 7:85).
 */
import type { CqTable } from "../io/cq";
import { InputError } from "../io/errors";
import { Table } from "../io/table";
import { tTest } from "../stats/ttest";
import { wilcoxonTest } from "../stats/wilcoxon";
import { pAdjustBH } from "../stats/padjust";
import { cqBySample, meanOf } from "./bySample";

/** Options of {@link testDeltaCt}. */
export interface TestDeltaCtOptions {
  reference: string | string[];
  calibrator: string;
  /** "welch" (default), "student", or "wilcoxon" (rank-sum, Hodges-Lehmann interval; t and df NaN). */
  test?: "welch" | "student" | "wilcoxon";
}

/** Per-sample delta-Cq of every target: a table sample, group, target, dCq. */
export function sampleDeltaCq(cq: CqTable, references: string[]): Table {
  const targets = cq.targets();
  for (const r of references) if (!targets.includes(r)) throw new InputError(`reference gene "${r}" is not in the Cq table (targets: ${targets.join(", ")})`, cq.source);
  const bySample = cqBySample(cq);
  const mean = meanOf;
  const cols = { sample: [] as string[], group: [] as string[], target: [] as string[], dCq: [] as number[] };
  for (const [sample, s] of bySample) {
    const refs = references.map((r) => s.cq.get(r));
    const lacking = references.filter((_, k) => !refs[k]);
    const hasTargets = [...s.cq.keys()].some((t) => !references.includes(t));
    if (!hasTargets) continue;
    if (lacking.length) throw new InputError(`sample ${sample} has no Cq for reference gene(s) ${lacking.join(", ")}`, cq.source);
    const ref = refs.reduce((a, v) => a + mean(v!), 0) / refs.length;
    for (const [t, v] of s.cq) {
      if (references.includes(t)) continue;
      cols.sample.push(sample);
      cols.group.push(s.group);
      cols.target.push(t);
      cols.dCq.push(mean(v) - ref);
    }
  }
  return Table.fromColumns({ ...cols, dCq: Float64Array.from(cols.dCq) }, `delta-Cq per sample (${references.join(" + ")})`);
}

/**
 * t-tests of each group against the calibrator on per-sample delta-Cq. Columns: `target,
 * group, n, n_calibrator, ddCq, fold, ci_low, ci_high (fold scale), t, df, pvalue, padj`.
 *
 * @example
 * testDeltaCt(cq, { reference: ["GAPDH", "ACTB"], calibrator: "DMSO" });
 */
export function testDeltaCt(cq: CqTable, options: TestDeltaCtOptions): Table {
  const references = Array.isArray(options.reference) ? options.reference : [options.reference];
  const d = sampleDeltaCq(cq, references);
  const target = d.column("target") as string[];
  const group = d.column("group") as string[];
  const dcq = d.column("dCq") as Float64Array;
  if (!group.includes(options.calibrator)) throw new InputError(`calibrator group "${options.calibrator}" has no samples with target genes (groups: ${[...new Set(group)].join(", ")})`, cq.source);
  const rows: { target: string; group: string; n: number; nc: number; ddCq: number; lo: number; hi: number; t: number; df: number; p: number }[] = [];
  for (const t of [...new Set(target)]) {
    const of = (g: string) => Array.from(dcq).filter((_, i) => target[i] === t && group[i] === g);
    const cal = of(options.calibrator);
    for (const g of [...new Set(group)]) {
      if (g === options.calibrator) continue;
      const x = of(g);
      if (!x.length) continue;
      if (x.length < 2 || cal.length < 2) throw new InputError(`a t-test needs at least two samples per group: ${t} has ${x.length} in ${g} and ${cal.length} in ${options.calibrator}`, cq.source);
      if (options.test === "wilcoxon") {
        const w = wilcoxonTest(x, cal);
        rows.push({ target: t, group: g, n: x.length, nc: cal.length, ddCq: w.estimate, lo: w.confInt[0], hi: w.confInt[1], t: NaN, df: NaN, p: w.pValue });
        continue;
      }
      const r = tTest(x, cal, { welch: (options.test ?? "welch") === "welch" });
      rows.push({ target: t, group: g, n: x.length, nc: cal.length, ddCq: r.estimate, lo: r.confInt[0], hi: r.confInt[1], t: r.statistic, df: r.df, p: r.pValue });
    }
  }
  const padj = pAdjustBH(rows.map((r) => r.p));
  return Table.fromColumns(
    {
      target: rows.map((r) => r.target),
      group: rows.map((r) => r.group),
      n: Float64Array.from(rows, (r) => r.n),
      n_calibrator: Float64Array.from(rows, (r) => r.nc),
      ddCq: Float64Array.from(rows, (r) => r.ddCq),
      fold: Float64Array.from(rows, (r) => 2 ** -r.ddCq),
      ci_low: Float64Array.from(rows, (r) => 2 ** -r.hi),
      ci_high: Float64Array.from(rows, (r) => 2 ** -r.lo),
      t: Float64Array.from(rows, (r) => r.t),
      df: Float64Array.from(rows, (r) => r.df),
      pvalue: Float64Array.from(rows, (r) => r.p),
      padj,
    },
    `${options.test === "student" ? "Student t-tests" : options.test === "wilcoxon" ? "Wilcoxon rank-sum tests" : "Welch t-tests"} on delta-Cq against ${options.calibrator}`,
  );
}
