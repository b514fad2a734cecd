/**
 * A simulated MDM2-inhibitor RNA-seq experiment: deterministic, seeded
 * negative-binomial counts in which p53 targets go up and E2F/G2M (proliferation)
 * genes go down, with optional doses and time points. It is the embedded default
 * data set when no real data is present, and is labelled SIMULATED wherever shown.
 *
 * Effect sizes (maximal log2 fold changes) and baseline expression of the named
 * genes are taken from published data: log2 ratios of size-factor-normalised mean
 * counts, Nutlin-3a vs DMSO in HCT116 cells (Andrysik et al. 2017, Genome Research
 * 27:1645, GEO GSE86222), rounded to 0.1, computed by p53lab. Dose and time follow an
 * Emax (Hill) model and a first-order approach to the maximal effect; the EC50 and
 * time constant are illustrative defaults, not measured values for Milademetan.
 */
import { CountMatrix } from "../io/counts";
import { SampleTable } from "../io/samples";
import { Table } from "../io/table";
import { randomStream } from "../stats/random";

/** Role of a simulated gene. */
export type SimulatedRole = "p53_target" | "proliferation" | "reference" | "secondary" | "unchanged";

/** Named genes: [symbol, baseline mean count at 20M reads, maximal log2 fold change, role]. */
export const SIMULATION_GENES: ReadonlyArray<readonly [string, number, number, SimulatedRole]> = [
  // p53 targets induced by MDM2 inhibition (HCT116 + Nutlin-3a, Andrysik 2017)
  ["CDKN1A", 5000, 4.6, "p53_target"],
  ["BBC3", 400, 3.1, "p53_target"],
  ["MDM2", 2800, 4.0, "p53_target"],
  ["GDF15", 1600, 4.4, "p53_target"],
  ["TP53I3", 350, 4.9, "p53_target"],
  ["SESN1", 350, 3.2, "p53_target"],
  ["SESN2", 750, 1.9, "p53_target"],
  ["FAS", 650, 2.6, "p53_target"],
  ["RRM2B", 1600, 2.2, "p53_target"],
  ["TNFRSF10B", 5600, 1.7, "p53_target"],
  ["ZMAT3", 730, 2.0, "p53_target"],
  ["BAX", 3100, 1.4, "p53_target"],
  ["FDXR", 2700, 2.9, "p53_target"],
  ["TIGAR", 870, 1.5, "p53_target"],
  ["PLK3", 1800, 2.0, "p53_target"],
  ["DDB2", 1800, 1.7, "p53_target"],
  ["XPC", 2300, 1.4, "p53_target"],
  ["CCNG1", 3400, 1.2, "p53_target"],
  ["GADD45A", 1600, 1.5, "p53_target"],
  ["BTG2", 650, 3.9, "p53_target"],
  ["RPS27L", 1600, 2.1, "p53_target"],
  ["TP53INP1", 160, 4.3, "p53_target"],
  ["PHLDA3", 880, 2.3, "p53_target"],
  ["SERPINB5", 670, 3.4, "p53_target"],
  ["APAF1", 420, 2.0, "p53_target"],
  ["SUSD6", 530, 2.1, "p53_target"],
  ["POLH", 1350, 2.0, "p53_target"],
  ["ACTA2", 80, 3.3, "p53_target"],
  // E2F / G2M proliferation genes repressed (indirectly, via p21-DREAM)
  ["CCNB1", 19500, -1.8, "proliferation"],
  ["CDC20", 20000, -1.7, "proliferation"],
  ["PLK1", 13600, -1.9, "proliferation"],
  ["E2F1", 2850, -1.9, "proliferation"],
  ["E2F2", 2300, -2.4, "proliferation"],
  ["MKI67", 55800, -1.6, "proliferation"],
  ["AURKA", 4800, -1.8, "proliferation"],
  ["BUB1", 8000, -1.8, "proliferation"],
  ["CDK1", 7900, -0.8, "proliferation"],
  ["TOP2A", 10300, -1.2, "proliferation"],
  ["CCNA2", 9200, -2.0, "proliferation"],
  ["MCM2", 15200, -1.4, "proliferation"],
  ["MCM3", 22100, -1.4, "proliferation"],
  ["CDC25C", 970, -1.1, "proliferation"],
  ["KIF20A", 7700, -1.8, "proliferation"],
  ["CENPF", 12700, -1.5, "proliferation"],
  ["RRM2", 23300, -1.4, "proliferation"],
  ["MYBL2", 11000, -1.7, "proliferation"],
  ["FOXM1", 10300, -1.4, "proliferation"],
  // reference (housekeeping) genes and TP53 itself: no simulated change
  ["GAPDH", 190000, 0, "reference"],
  ["ACTB", 88000, 0, "reference"],
  ["TP53", 3100, 0, "reference"],
  ["B2M", 11900, 0, "reference"],
  ["HPRT1", 2100, 0, "reference"],
  ["TBP", 1400, 0, "reference"],
];

/** Options for {@link simulateMdm2Experiment}. */
export interface SimulateOptions {
  /** Random seed (1 to 2^32-1). Default 53. */
  seed?: number;
  /** Genes in all, named ones included. Default 10000. */
  nGenes?: number;
  /** Biological replicates per condition. Default 3. */
  replicates?: number;
  /** Drug name. Default "Milademetan". */
  drug?: string;
  /** Drug concentrations in µM (DMSO controls are added). Default [1]. */
  doses?: number[];
  /** Time points in hours. Default [24]. */
  times?: number[];
  /** Concentration giving half the maximal effect, µM (illustrative). Default 0.1. */
  ec50?: number;
  /** Hill coefficient. Default 1. */
  hill?: number;
  /** Time constant of the response in hours (illustrative). Default 8. */
  tau?: number;
  /** Mean library size (reads per sample). Default 20 million. */
  librarySize?: number;
  /** Fraction of other genes with a secondary (non-p53-target) change. Default 0.03. */
  secondaryFraction?: number;
}

/** The simulated experiment. */
export interface SimulatedExperiment {
  counts: CountMatrix;
  samples: SampleTable;
  /** Per gene: `gene_id, role, baseMean, log2FoldChange_max` (the true maximal effect) and the dispersion used. */
  truth: Table;
  /** Always true: these data are simulated. */
  simulated: true;
  /** One paragraph saying how the data were made. */
  description: string;
  options: Required<SimulateOptions>;
}

/**
 * Fraction of the maximal effect at concentration `dose` (µM) and time `time` (h):
 * Emax model times a first-order approach, 1 - exp(-t / tau).
 *
 * @example
 * responseFraction(0.1, 24, { ec50: 0.1, hill: 1, tau: 8 }); // 0.5 * (1 - e^-3) = 0.475
 */
export function responseFraction(dose: number, time: number, p: { ec50: number; hill: number; tau: number }): number {
  if (dose <= 0 || time <= 0) return 0;
  const d = Math.pow(dose, p.hill);
  return (d / (d + Math.pow(p.ec50, p.hill))) * (1 - Math.exp(-time / p.tau));
}

function checkPositive(name: string, v: number, integer = false): void {
  if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    throw new RangeError(`simulate: ${name} must be a positive ${integer ? "integer" : "number"}, got ${v}`);
  }
}

/**
 * Simulate an MDM2-inhibitor RNA-seq experiment (SIMULATED data, deterministic for a seed).
 *
 * @example
 * const sim = simulateMdm2Experiment({ doses: [0.1, 1], times: [8, 24], replicates: 3 });
 * sim.counts.nSamples; // (1 + 2 doses) x 2 times x 3 replicates = 18
 * sim.samples.levels("condition"); // ["dmso", "milademetan"]
 */
export function simulateMdm2Experiment(options: SimulateOptions = {}): SimulatedExperiment {
  const o: Required<SimulateOptions> = {
    seed: options.seed ?? 53,
    nGenes: options.nGenes ?? 10000,
    replicates: options.replicates ?? 3,
    drug: options.drug ?? "Milademetan",
    doses: options.doses ?? [1],
    times: options.times ?? [24],
    ec50: options.ec50 ?? 0.1,
    hill: options.hill ?? 1,
    tau: options.tau ?? 8,
    librarySize: options.librarySize ?? 20e6,
    secondaryFraction: options.secondaryFraction ?? 0.03,
  };
  checkPositive("replicates", o.replicates, true);
  checkPositive("nGenes", o.nGenes, true);
  if (o.nGenes < SIMULATION_GENES.length) {
    throw new RangeError(`simulate: nGenes must be at least ${SIMULATION_GENES.length} (the named genes)`);
  }
  o.doses.forEach((d) => checkPositive("every dose", d));
  o.times.forEach((t) => checkPositive("every time", t));
  checkPositive("ec50", o.ec50);
  checkPositive("hill", o.hill);
  checkPositive("tau", o.tau);
  checkPositive("librarySize", o.librarySize);
  if (!(o.secondaryFraction >= 0 && o.secondaryFraction <= 1)) throw new RangeError("simulate: secondaryFraction must be in [0, 1]");
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/.test(o.drug)) throw new RangeError(`simulate: drug name "${o.drug}" must be letters, digits, space, . _ -`);

  const rng = randomStream(o.seed);
  const scale = o.librarySize / 20e6;
  const genes: string[] = [];
  const roles: SimulatedRole[] = [];
  const base: number[] = [];
  const lfcMax: number[] = [];
  for (const [g, mean, lfc, role] of SIMULATION_GENES) {
    genes.push(g);
    roles.push(role);
    base.push(mean * scale);
    lfcMax.push(lfc);
  }
  const width = String(o.nGenes).length;
  for (let i = genes.length; i < o.nGenes; i++) {
    genes.push(`SIMGENE${String(i + 1).padStart(width, "0")}`);
    // Log-normal baseline: many low, few very high, as in RNA-seq.
    base.push(Math.exp(rng.normal(Math.log(120), 2.0)) * scale);
    const secondary = rng.uniform() < o.secondaryFraction;
    roles.push(secondary ? "secondary" : "unchanged");
    lfcMax.push(secondary ? rng.normal(0, 1.2) : 0);
  }
  // Dispersion trend of cell-line RNA-seq (asymptotic 0.01, Poisson-like excess at low counts), with scatter.
  const dispersion = base.map((mu) => (0.01 + 1.5 / Math.max(mu, 0.5)) * Math.exp(rng.normal(0, 0.4)));

  const drugLevel = o.drug.toLowerCase().replace(/[^a-z0-9]+/g, "_");
  const sampleNames: string[] = [];
  const cols: Record<string, string[]> = { condition: [], drug: [], dose_uM: [], time_h: [], replicate: [], group: [] };
  const fractions: number[] = [];
  for (const t of o.times) {
    for (const d of [0, ...o.doses]) {
      for (let r = 1; r <= o.replicates; r++) {
        const cond = d === 0 ? "dmso" : drugLevel;
        const group = d === 0 ? `dmso_${t}h` : `${drugLevel}_${d}uM_${t}h`;
        sampleNames.push(`${group}_r${r}`);
        cols.condition.push(cond);
        cols.drug.push(d === 0 ? "DMSO" : o.drug);
        cols.dose_uM.push(String(d));
        cols.time_h.push(String(t));
        cols.replicate.push(String(r));
        cols.group.push(group);
        fractions.push(responseFraction(d, t, o));
      }
    }
  }
  const nS = sampleNames.length;
  const sizeFactors = sampleNames.map(() => Math.exp(rng.normal(0, 0.15)));
  const values = new Float64Array(o.nGenes * nS);
  for (let g = 0; g < o.nGenes; g++) {
    for (let s = 0; s < nS; s++) {
      const mu = base[g] * sizeFactors[s] * Math.pow(2, lfcMax[g] * fractions[s]);
      values[g * nS + s] = rng.negativeBinomial(mu, dispersion[g]);
    }
  }
  const source = `SIMULATED ${o.drug} experiment (seed ${o.seed})`;
  const counts = new CountMatrix({ genes, samples: sampleNames, values, source });
  const samples = new SampleTable(sampleNames, cols, source);
  const truth = Table.fromColumns(
    { gene_id: genes, role: roles, baseMean: base, log2FoldChange_max: lfcMax, dispersion },
    `SIMULATED truth (seed ${o.seed})`,
  );
  const description =
    `SIMULATED data: ${o.nGenes} genes x ${nS} samples (DMSO and ${o.drug} at ${o.doses.join(", ")} µM; ` +
    `${o.times.join(", ")} h; ${o.replicates} replicates), negative-binomial counts from p53lab's seeded simulator (seed ${o.seed}). ` +
    `Maximal effects of the ${SIMULATION_GENES.length} named genes follow HCT116 Nutlin-3a RNA-seq (Andrysik et al. 2017); ` +
    `dose and time dependence use an Emax model (EC50 ${o.ec50} µM, Hill ${o.hill}) and a ${o.tau} h time constant, illustrative values. ` +
    `Not real measurements.`;
  return { counts, samples, truth, simulated: true, description, options: o };
}
