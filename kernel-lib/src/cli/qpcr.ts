/**
 * `p53lab qpcr`: relative quantification and tests from a qPCR export (any format readQpcr
 * reads), and `p53lab qpcr genorm|normfinder` for reference-gene stability. A thin layer over
 * `qpcr.analyzeQpcr`, `qpcr.genorm` and `qpcr.normFinderRho`.
 */
import type { Command } from "commander";
import { writeFileSync } from "fs";
import { resolve } from "path";
import { InputError } from "../io/errors";
import { Table } from "../io/table";
import { readDelimited } from "../io/delimited";
import { readQpcr } from "../io/instruments";
import type { UndeterminedPolicy } from "../io/cq";
import { analyzeQpcr, genorm, genormM, normFinderRho, cqBySample, meanOf, efficiencyFactor, type QuantityMatrix } from "../qpcr";

const FORMATS = ["auto", "tidy", "sds", "quantstudio", "cfx", "lc480", "biomark", "rdml"];

function policy(text: string): UndeterminedPolicy {
  if (text === "drop" || text === "error") return text;
  const m = /^cutoff:(\d+(\.\d+)?)$/.exec(text);
  if (m) return { cutoff: Number(m[1]) };
  throw new InputError(`--undetermined takes drop, error or cutoff:CYCLE (e.g. cutoff:40), got "${text}"`, "p53lab qpcr");
}

/**
 * Quantities for reference-gene stability: from a Cq file (Q = E^(min Cq - Cq) per gene, mean
 * of technical replicates), or from a wide table of linear-scale values (first column sample,
 * optional group column, one numeric column per gene).
 */
function quantities(path: string, groupColumn: string | undefined, format: string, undetermined: UndeterminedPolicy): QuantityMatrix & { group: string[] | null } {
  const t = readDelimited(path);
  const lower = t.header.map((h) => h.trim().toLowerCase());
  const isCq = lower.includes("cq") || lower.includes("ct") || format !== "auto";
  if (!isCq) {
    const gi = groupColumn ? t.header.indexOf(groupColumn) : -1;
    if (groupColumn && gi < 0) throw new InputError(`no column "${groupColumn}" (columns: ${t.header.join(", ")})`, `${t.source} line 1`);
    const geneCols = t.header.map((_, i) => i).filter((i) => i > 0 && i !== gi && t.rows.every((r) => Number.isFinite(Number(r[i]))));
    if (geneCols.length < 2) throw new InputError("expected at least two numeric gene columns of linear-scale quantities", `${t.source} line 1`);
    return {
      genes: geneCols.map((i) => t.header[i]),
      samples: t.rows.map((r) => r[0]),
      values: Float64Array.from(t.rows.flatMap((r) => geneCols.map((i) => Number(r[i])))),
      group: gi >= 0 ? t.rows.map((r) => r[gi]) : null,
    };
  }
  const cq = readQpcr(path, { format: format as "auto", undetermined });
  const by = cqBySample(cq);
  const genes = cq.targets();
  const samples = [...by.keys()];
  const eff = new Map<string, number>();
  for (const r of cq.rows) if (r.efficiency !== undefined && !eff.has(r.target)) eff.set(r.target, efficiencyFactor(r.efficiency));
  const minCq = new Map(genes.map((g) => [g, Math.min(...samples.map((s) => (by.get(s)!.cq.has(g) ? meanOf(by.get(s)!.cq.get(g)!) : Infinity)))]));
  const values = new Float64Array(samples.length * genes.length);
  samples.forEach((s, i) =>
    genes.forEach((g, j) => {
      const v = by.get(s)!.cq.get(g);
      if (!v) throw new InputError(`sample ${s} has no Cq for ${g}; stability needs every gene in every sample`, cq.source);
      values[i * genes.length + j] = (eff.get(g) ?? 2) ** (minCq.get(g)! - meanOf(v));
    }),
  );
  return { genes, samples, values, group: groupColumn ? samples.map((s) => by.get(s)!.group) : null };
}

/** Add `qpcr` to the program. */
export function addQpcrCommand(p: Command, out: (s: string) => void): void {
  p.command("qpcr")
    .description("qRT-PCR: fold changes and tests from an instrument export or tidy Cq table; or `qpcr genorm|normfinder` for reference genes")
    .argument("[analysis]", "genorm or normfinder (reference-gene stability); omit for relative quantification")
    .requiredOption("--input <file>", "Cq table or instrument export (SDS, QuantStudio, CFX, LightCycler 480, BioMark, RDML)")
    .option("--format <name>", `file format: ${FORMATS.join("|")}`, "auto")
    .option("--reference <genes>", "reference gene(s), comma-separated")
    .option("--calibrator <group>", "calibrator group (e.g. DMSO)")
    .option("--method <name>", "ddct|pfaffl|dct|curve", "ddct")
    .option("--replicates <how>", "technical replicates: mean|median", "mean")
    .option("--undetermined <policy>", "drop|cutoff:40|error", "error")
    .option("--test <name>", "welch|student|wilcoxon|lm|randomization", "welch")
    .option("--seed <n>", "seed for --test randomization", "1")
    .option("--group <column>", "genorm/normfinder: column with the sample groups")
    .requiredOption("--out <file>", "results TSV")
    .action((analysis: string | undefined, o: { input: string; format: string; reference?: string; calibrator?: string; method: string; replicates: string; undetermined: string; test: string; seed: string; group?: string; out: string }) => {
      if (!FORMATS.includes(o.format)) throw new InputError(`--format must be one of ${FORMATS.join(", ")}, got "${o.format}"`, "p53lab qpcr");
      const und = policy(o.undetermined);
      if (analysis === "genorm" || analysis === "normfinder") {
        const q = quantities(o.input, o.group, o.format, und);
        if (analysis === "genorm") {
          const g = genorm(q);
          // the M of every gene still in the set, at each step of the exclusion
          const rows: { step: string; gene: string; M: number; V: number }[] = [];
          g.steps.forEach((s, i) => {
            const m = genormM(q, s.genes.map((x) => q.genes.indexOf(x)));
            for (const gene of s.genes) rows.push({ step: String(i + 1), gene, M: m.get(gene)!, V: NaN });
          });
          for (const v of g.pairwiseV) rows.push({ step: `V${v.n}/${v.n + 1}`, gene: "", M: NaN, V: v.V });
          writeFileSync(o.out, Table.fromColumns({ step: rows.map((r) => r.step), gene: rows.map((r) => r.gene), M: Float64Array.from(rows, (r) => r.M), V: Float64Array.from(rows, (r) => r.V) }).toTSV());
          process.stderr.write(`p53lab qpcr genorm: most stable ${g.ranking.slice(0, 2).join(" and ")}; ${g.recommended ? `${g.recommended} genes recommended (V < 0.15)` : "no V below 0.15"}; wrote ${o.out}\n`);
        } else {
          const rho = normFinderRho(q.values, q.genes, q.group);
          const ranked = [...rho].sort((a, b) => a[1] - b[1]);
          writeFileSync(o.out, Table.fromColumns({ gene: ranked.map(([g]) => g), stability: Float64Array.from(ranked, ([, v]) => v) }).toTSV());
          process.stderr.write(`p53lab qpcr normfinder: most stable ${ranked[0][0]}${q.group ? "" : " (no groups)"}; wrote ${o.out}\n`);
        }
        out(`${resolve(o.out)}\n`);
        return;
      }
      if (analysis !== undefined) throw new InputError(`unknown analysis "${analysis}"; use genorm or normfinder, or omit it`, "p53lab qpcr");
      if (!o.calibrator) throw new InputError("--calibrator is required (the control group, e.g. DMSO)", "p53lab qpcr");
      const methods = ["ddct", "pfaffl", "dct", "curve"];
      if (!methods.includes(o.method)) throw new InputError(`--method must be one of ${methods.join(", ")}, got "${o.method}"`, "p53lab qpcr");
      const tests = ["welch", "student", "wilcoxon", "lm", "randomization"];
      if (!tests.includes(o.test)) throw new InputError(`--test must be one of ${tests.join(", ")}, got "${o.test}"`, "p53lab qpcr");
      if (o.replicates !== "mean" && o.replicates !== "median") throw new InputError(`--replicates must be mean or median, got "${o.replicates}"`, "p53lab qpcr");
      const seed = Number(o.seed);
      if (!Number.isInteger(seed) || seed < 1) throw new InputError(`--seed must be a positive integer, got "${o.seed}"`, "p53lab qpcr");
      const cq = readQpcr(o.input, { format: o.format as "auto", undetermined: und });
      const res = analyzeQpcr(cq, {
        reference: o.reference ? o.reference.split(",").map((x) => x.trim()).filter(Boolean) : undefined,
        calibrator: o.calibrator,
        method: o.method as "ddct",
        replicates: o.replicates,
        test: o.test as "welch",
        seed,
      });
      writeFileSync(o.out, res.toTSV());
      const sig = (res.column("padj") as Float64Array).filter((v) => v < 0.05).length;
      const dropped = cq.dropped.length ? `; ${cq.dropped.length} undetermined well(s) dropped` : "";
      process.stderr.write(`p53lab qpcr: ${res.nRows} target x group rows, ${sig} at padj < 0.05${dropped}; wrote ${o.out}\n`);
      out(`${resolve(o.out)}\n`);
    });
}
