/**
 * Linear models on per-sample delta-Cq with covariates (e.g. `~ batch + group` or
 * `~ group + time`): for each target, delta-Cq = Cq(target) - Cq(reference) per biological
 * sample is regressed on the design, and each coefficient is tested with an ordinary t-test
 * (residual df = samples - coefficients). Coefficients are on the delta-Cq scale, so a
 * coefficient b means a fold change of 2^-b. Sample variables come from the Cq table (group,
 * dose, time) and, optionally, a sample table joined by sample name.
 */
import type { CqTable } from "../io/cq";
import { InputError } from "../io/errors";
import { SampleTable } from "../io/samples";
import { Table } from "../io/table";
import { modelMatrix } from "../de/design";
import { lmFit } from "../de/limma/lmFit";
import { tTwoSided } from "../stats/tdist";
import { pAdjustBH } from "../stats/padjust";
import { sampleDeltaCq } from "./testDeltaCt";

/** Options of {@link lmDeltaCt}. */
export interface LmDeltaCtOptions {
  reference: string | string[];
  /** Design formula over sample variables, e.g. "~ batch + group". */
  design: string;
  /** Reference level per factor, e.g. { group: "DMSO" }. */
  referenceLevels?: Record<string, string>;
  /** Extra sample variables (first column sample names), joined by sample. */
  samples?: SampleTable;
  /** Variables to treat as factors even if numeric. */
  factors?: string[];
}

/**
 * @example
 * lmDeltaCt(cq, { reference: "GAPDH", design: "~ batch + group", referenceLevels: { group: "DMSO" } });
 */
export function lmDeltaCt(cq: CqTable, options: LmDeltaCtOptions): Table {
  const refs = Array.isArray(options.reference) ? options.reference : [options.reference];
  const d = sampleDeltaCq(cq, refs);
  const sample = d.column("sample") as string[];
  const target = d.column("target") as string[];
  const dcq = d.column("dCq") as Float64Array;
  // sample variables from the Cq rows (first row of each sample), then the optional sample table
  const info = new Map<string, Record<string, string>>();
  for (const r of cq.rows) {
    if (info.has(r.sample)) continue;
    const rec: Record<string, string> = { group: r.group };
    if (r.dose !== undefined) rec.dose = String(r.dose);
    if (r.time !== undefined) rec.time = String(r.time);
    info.set(r.sample, rec);
  }
  if (options.samples) {
    for (const s of info.keys()) {
      const i = options.samples.samples.indexOf(s);
      if (i < 0) throw new InputError(`sample ${s} of the Cq table is not in the sample table`, options.samples.source);
      for (const v of options.samples.variables) info.get(s)![v] = options.samples.columns[v][i];
    }
  }
  const out = { target: [] as string[], coefficient: [] as string[], estimate: [] as number[], se: [] as number[], t: [] as number[], df: [] as number[], pvalue: [] as number[], fold: [] as number[] };
  for (const t of [...new Set(target)]) {
    const idx = target.map((x, i) => (x === t ? i : -1)).filter((i) => i >= 0);
    const names = idx.map((i) => sample[i]);
    const vars = [...new Set(names.flatMap((s) => Object.keys(info.get(s)!)))];
    const cols: Record<string, string[]> = {};
    for (const v of vars) cols[v] = names.map((s) => info.get(s)![v] ?? "");
    const st = new SampleTable(names, cols, `${cq.source} (${t})`);
    const design = modelMatrix(options.design, st, { reference: options.referenceLevels, factors: options.factors });
    const p = design.matrix.cols;
    if (names.length <= p) throw new InputError(`${t}: ${names.length} samples for ${p} coefficients leave no residual degrees of freedom`, cq.source);
    const fit = lmFit(Float64Array.from(idx, (i) => dcq[i]), 1, design.matrix, { coefNames: design.columns });
    for (let c = 0; c < p; c++) {
      const est = fit.coefficients[c];
      const se = fit.stdevUnscaled[c] * fit.sigma[0];
      const tv = est / se;
      out.target.push(t);
      out.coefficient.push(design.columns[c]);
      out.estimate.push(est);
      out.se.push(se);
      out.t.push(tv);
      out.df.push(fit.dfResidual[0]);
      out.pvalue.push(tTwoSided(tv, fit.dfResidual[0]));
      out.fold.push(2 ** -est);
    }
  }
  const nonIntercept = out.coefficient.map((c) => c !== "Intercept");
  const padjSub = pAdjustBH(out.pvalue.filter((_, i) => nonIntercept[i]));
  let k = 0;
  const padj = Float64Array.from(out.pvalue, (_, i) => (nonIntercept[i] ? padjSub[k++] : NaN));
  return Table.fromColumns(
    { target: out.target, coefficient: out.coefficient, estimate: Float64Array.from(out.estimate), se: Float64Array.from(out.se), t: Float64Array.from(out.t), df: Float64Array.from(out.df), pvalue: Float64Array.from(out.pvalue), padj, fold: Float64Array.from(out.fold) },
    `linear model on delta-Cq: ${options.design}`,
  );
}
