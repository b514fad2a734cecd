/**
 * A REST-style randomisation test (Pfaffl, Horgan & Dempfle 2002, NAR 30:e36): the
 * efficiency-corrected expression ratio of a target between a treated and a control group
 * (normalised to one or more reference genes) is compared with its distribution when the
 * samples, each keeping its target and reference Cq together ("pair-wise fixed reallocation"),
 * are randomly reassigned to the two groups. The two-sided p-value is the share of
 * randomisations whose |log ratio| reaches the observed one (counting the observed
 * allocation, so p is never 0). Seeded: the same seed gives the same p-value.
 */
import type { CqTable } from "../io/cq";
import { InputError } from "../io/errors";
import { Table } from "../io/table";
import { randomStream } from "../stats/random";
import { efficiencyFactor } from "./deltaCt";
import { cqBySample, meanOf } from "./bySample";

/** Options of {@link restTest}. */
export interface RestOptions {
  reference: string | string[];
  control: string;
  treated: string;
  /** Efficiency per gene (factor or percent); default 2 (100%). */
  efficiency?: Record<string, number>;
  /** Number of randomisations (default 10,000). */
  iterations?: number;
  seed?: number;
}

/**
 * @example
 * restTest(cq, { reference: "GAPDH", control: "DMSO", treated: "Milademetan", seed: 1 });
 */
export function restTest(cq: CqTable, options: RestOptions): Table {
  const refs = Array.isArray(options.reference) ? options.reference : [options.reference];
  const targets = cq.targets();
  for (const r of refs) if (!targets.includes(r)) throw new InputError(`reference gene "${r}" is not in the Cq table (targets: ${targets.join(", ")})`, cq.source);
  for (const g of [options.control, options.treated]) if (!cq.groups().includes(g)) throw new InputError(`group "${g}" is not in the Cq table (groups: ${cq.groups().join(", ")})`, cq.source);
  const iterations = options.iterations ?? 10000;
  const eff = (t: string) => Math.log2(efficiencyFactor(options.efficiency?.[t] ?? 2));
  // per sample: mean Cq per gene (technical replicates averaged)
  const bySample = cqBySample(cq, [options.control, options.treated]);
  const mean = meanOf;
  const rows: { target: string; ratio: number; p: number; nC: number; nT: number }[] = [];
  const rng = randomStream(options.seed ?? 1);
  for (const t of targets.filter((x) => !refs.includes(x))) {
    // each sample contributes log2 quantities: -eff * Cq for the target and the mean over references
    const samples = [...bySample.values()].filter((s) => s.cq.has(t) && refs.every((r) => s.cq.has(r)));
    const isT = samples.map((s) => s.group === options.treated);
    const nT = isT.filter(Boolean).length;
    const nC = samples.length - nT;
    if (nT < 1 || nC < 1) throw new InputError(`${t}: needs samples with the target and reference genes in both ${options.control} and ${options.treated}`, cq.source);
    const tq = samples.map((s) => -eff(t) * mean(s.cq.get(t)!));
    const rq = samples.map((s) => refs.reduce((a, r) => a - eff(r) * mean(s.cq.get(r)!), 0) / refs.length);
    const logRatio = (alloc: boolean[]) => {
      let tT = 0, tC = 0, rT = 0, rC = 0;
      alloc.forEach((treated, i) => {
        if (treated) {
          tT += tq[i];
          rT += rq[i];
        } else {
          tC += tq[i];
          rC += rq[i];
        }
      });
      return tT / nT - tC / nC - (rT / nT - rC / nC);
    };
    const obs = logRatio(isT);
    let extreme = 1; // the observed allocation counts
    const alloc = isT.slice();
    for (let it = 0; it < iterations; it++) {
      // Fisher-Yates shuffle of the group labels
      for (let i = alloc.length - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        const tmp = alloc[i];
        alloc[i] = alloc[j];
        alloc[j] = tmp;
      }
      if (Math.abs(logRatio(alloc)) >= Math.abs(obs) - 1e-12) extreme++;
    }
    rows.push({ target: t, ratio: 2 ** obs, p: extreme / (iterations + 1), nC, nT });
  }
  return Table.fromColumns(
    {
      target: rows.map((r) => r.target),
      ratio: Float64Array.from(rows, (r) => r.ratio),
      pvalue: Float64Array.from(rows, (r) => r.p),
      n_control: Float64Array.from(rows, (r) => r.nC),
      n_treated: Float64Array.from(rows, (r) => r.nT),
    },
    `REST randomisation test: ${options.treated} vs ${options.control} (${iterations} randomisations)`,
  );
}
