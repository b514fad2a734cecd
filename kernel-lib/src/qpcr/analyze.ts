/**
 * The qPCR workflow in one call (what `p53lab qpcr` runs): technical replicates summarised,
 * relative quantities by the chosen method, and a test of every group against the calibrator
 * with Benjamini-Hochberg adjustment across targets and groups. One row per target and group
 * with `target, group, n, dct, dct_sd, ddct, fold_change, fold_low, fold_high, pvalue, padj`.
 */
import { CqTable } from "../io/cq";
import { InputError } from "../io/errors";
import { Table } from "../io/table";
import { pAdjustBH } from "../stats/padjust";
import { summarizeReplicates } from "./replicates";
import { deltaDeltaCt, deltaCt, pfafflRatio } from "./deltaCt";
import { standardCurve, relativeStandardCurve, type StandardCurve } from "./standardCurve";
import { testDeltaCt } from "./testDeltaCt";
import { lmDeltaCt } from "./linearModel";
import { restTest } from "./rest";

/** Options of {@link analyzeQpcr}. */
export interface AnalyzeQpcrOptions {
  /** Reference gene(s); not used by "dct". */
  reference?: string[];
  calibrator: string;
  /** "ddct" (default, Livak), "pfaffl" (efficiencies from the file or 2), "dct" (no reference), "curve" (standards in the file). */
  method?: "ddct" | "pfaffl" | "dct" | "curve";
  /** Technical replicates: "mean" (default) or "median". */
  replicates?: "mean" | "median";
  /** "welch" (default), "student", "wilcoxon", "lm" (linear model ~ group) or "randomization" (REST, seeded). */
  test?: "welch" | "student" | "wilcoxon" | "lm" | "randomization";
  seed?: number;
}

const num = (t: Table, c: string) => t.column(c) as Float64Array;

/**
 * @example
 * analyzeQpcr(readQpcr("plate.txt", { undetermined: "drop" }), { reference: ["GAPDH"], calibrator: "DMSO" });
 */
export function analyzeQpcr(cqIn: CqTable, options: AnalyzeQpcrOptions): Table {
  const method = options.method ?? "ddct";
  const refs = options.reference ?? [];
  if (method !== "dct" && refs.length === 0) throw new InputError(`--method ${method} needs reference gene(s)`, "qpcr");
  let cq = cqIn;
  // standards (rows with a quantity) feed the curves and are left out of the comparison
  let curves: Record<string, StandardCurve> | undefined;
  if (method === "curve") {
    const std = cq.rows.filter((r) => r.quantity !== undefined && r.quantity > 0);
    if (std.length === 0) throw new InputError("--method curve needs standards: rows with a quantity", cq.source);
    curves = {};
    for (const t of [...new Set(std.map((r) => r.target))]) {
      const rows = std.filter((r) => r.target === t);
      curves[t] = standardCurve(rows.map((r) => r.quantity!), rows.map((r) => r.cq));
    }
    cq = new CqTable(cq.rows.filter((r) => !(r.quantity !== undefined && r.quantity > 0)), cq.source, cq.dropped);
  }
  const { collapsed } = summarizeReplicates(cq, { center: options.replicates ?? "mean" });
  // the delta-Ct columns always come from delta-delta-Ct (or delta-Ct without a reference)
  const dd = method === "dct" ? deltaCt(collapsed, { calibrator: options.calibrator }) : deltaDeltaCt(collapsed, { reference: refs, calibrator: options.calibrator });
  const key = (t: string, g: string) => `${t}\u0000${g}`;
  const rowsT = dd.column("target") as string[];
  const rowsG = dd.column("group") as string[];
  const fold = new Map<string, [number, number, number]>();
  if (method === "ddct") rowsT.forEach((t, i) => fold.set(key(t, rowsG[i]), [num(dd, "fold")[i], num(dd, "fold_low")[i], num(dd, "fold_high")[i]]));
  else if (method === "dct") rowsT.forEach((t, i) => fold.set(key(t, rowsG[i]), [num(dd, "fold")[i], num(dd, "fold_low")[i], num(dd, "fold_high")[i]]));
  else if (method === "pfaffl") {
    const eff: Record<string, number> = {};
    for (const r of cq.rows) if (r.efficiency !== undefined && eff[r.target] === undefined) eff[r.target] = r.efficiency;
    if (refs.length !== 1) throw new InputError("--method pfaffl takes one reference gene", "qpcr");
    const p = pfafflRatio(collapsed, { reference: refs[0], calibrator: options.calibrator, efficiency: eff });
    (p.column("target") as string[]).forEach((t, i) => fold.set(key(t, (p.column("group") as string[])[i]), [num(p, "ratio")[i], NaN, NaN]));
  } else {
    if (refs.length !== 1) throw new InputError("--method curve takes one reference gene", "qpcr");
    const c = relativeStandardCurve(cq, { reference: refs[0], calibrator: options.calibrator, curves: curves! });
    (c.column("target") as string[]).forEach((t, i) => {
      const v = num(c, "relative")[i];
      const sd = num(c, "relative_sd")[i];
      fold.set(key(t, (c.column("group") as string[])[i]), [v, v - sd, v + sd]);
    });
  }
  // tests against the calibrator
  const p = new Map<string, number>();
  const test = options.test ?? "welch";
  if (method !== "dct") {
    if (test === "lm") {
      const lm = lmDeltaCt(collapsed, { reference: refs, design: "~ group", referenceLevels: { group: options.calibrator }, factors: ["group"] });
      const coef = lm.column("coefficient") as string[];
      (lm.column("target") as string[]).forEach((t, i) => {
        const m = /^group_(.*)_vs_/.exec(coef[i]);
        if (m) p.set(key(t, m[1]), num(lm, "pvalue")[i]);
      });
    } else if (test === "randomization") {
      for (const g of collapsed.groups().filter((x) => x !== options.calibrator)) {
        const r = restTest(collapsed, { reference: refs, control: options.calibrator, treated: g, seed: options.seed ?? 1 });
        (r.column("target") as string[]).forEach((t, i) => p.set(key(t, g), num(r, "pvalue")[i]));
      }
    } else {
      const tt = testDeltaCt(collapsed, { reference: refs, calibrator: options.calibrator, test });
      (tt.column("target") as string[]).forEach((t, i) => p.set(key(t, (tt.column("group") as string[])[i]), num(tt, "pvalue")[i]));
    }
  }
  const pv = Float64Array.from(rowsT, (t, i) => p.get(key(t, rowsG[i])) ?? NaN);
  const tested = Array.from(pv.keys()).filter((i) => Number.isFinite(pv[i]));
  const adj = pAdjustBH(tested.map((i) => pv[i]));
  const padj = new Float64Array(pv.length).fill(NaN);
  tested.forEach((i, k) => (padj[i] = adj[k]));
  // without a reference gene, dct is the Cq difference to the calibrator and there is no ddct
  const dct = num(dd, "dCt");
  const dctSd = method === "dct" ? num(dd, "sd") : num(dd, "dCt_sd");
  const ddct = method === "dct" ? new Float64Array(rowsT.length).fill(NaN) : num(dd, "ddCt");
  const f = (j: number) => Float64Array.from(rowsT, (t, i) => fold.get(key(t, rowsG[i]))?.[j] ?? NaN);
  return Table.fromColumns(
    { target: rowsT, group: rowsG, n: num(dd, "n"), dct, dct_sd: dctSd, ddct, fold_change: f(0), fold_low: f(1), fold_high: f(2), pvalue: pv, padj },
    `qPCR: ${method} against ${options.calibrator}${refs.length ? ` (${refs.join(" + ")})` : ""}, ${method === "dct" ? "no test" : test}`,
  );
}
