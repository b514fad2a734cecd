import { describe, it, expect } from "vitest";
import { responseFraction, SIMULATION_GENES, simulateMdm2Experiment } from "../../src/datasets/simulate";
import { CountMatrix } from "../../src/io/counts";
import { SampleTable } from "../../src/io/samples";

const NAMED = SIMULATION_GENES.length;

describe("responseFraction", () => {
  const mine = (dose: number, time: number, ec50: number, hill: number, tau: number) =>
    dose <= 0 || time <= 0 ? 0 : (1 / (1 + (ec50 / dose) ** hill)) * (1 - Math.exp(-time / tau));

  it("is the Emax (Hill) model times a first-order approach", () => {
    for (const [dose, time, ec50, hill, tau] of [
      [0.1, 24, 0.1, 1, 8],
      [1, 24, 0.1, 1, 8],
      [0.05, 4, 0.2, 2, 6],
      [10, 100, 0.3, 0.5, 12],
    ]) {
      expect(responseFraction(dose, time, { ec50, hill, tau })).toBeCloseTo(mine(dose, time, ec50, hill, tau), 12);
    }
    // the documented value: half the maximal dose effect times 1 - e^-3
    expect(responseFraction(0.1, 24, { ec50: 0.1, hill: 1, tau: 8 })).toBeCloseTo(0.5 * (1 - Math.exp(-3)), 12);
  });

  it("is 0 without drug or time, and tends to 1 at high dose and long time", () => {
    const p = { ec50: 0.1, hill: 1, tau: 8 };
    expect(responseFraction(0, 24, p)).toBe(0);
    expect(responseFraction(1, 0, p)).toBe(0);
    expect(responseFraction(1e6, 1e4, p)).toBeCloseTo(1, 5);
    expect(responseFraction(1, 24, p)).toBeLessThan(responseFraction(10, 24, p));
    expect(responseFraction(1, 8, p)).toBeLessThan(responseFraction(1, 24, p));
  });
});

describe("simulateMdm2Experiment: structure", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = simulateMdm2Experiment({ seed: 7, nGenes: 200 });
    const b = simulateMdm2Experiment({ seed: 7, nGenes: 200 });
    const c = simulateMdm2Experiment({ seed: 8, nGenes: 200 });
    expect(Array.from(a.counts.values)).toEqual(Array.from(b.counts.values));
    expect(a.truth.toRecords()).toEqual(b.truth.toRecords());
    const diff = a.counts.values.filter((x, i) => x !== c.counts.values[i]).length;
    expect(diff).toBeGreaterThan(a.counts.values.length / 2);
  });

  it("dimensions and sample naming follow doses x times x replicates (DMSO added)", () => {
    const doses = [0.1, 1];
    const times = [8, 24];
    const replicates = 3;
    const sim = simulateMdm2Experiment({ doses, times, replicates, nGenes: 100 });
    expect(sim.counts).toBeInstanceOf(CountMatrix);
    expect(sim.samples).toBeInstanceOf(SampleTable);
    expect(sim.counts.nGenes).toBe(100);
    expect(sim.counts.nSamples).toBe((1 + doses.length) * times.length * replicates);
    const expected: string[] = [];
    for (const t of times)
      for (const d of [0, ...doses])
        for (let r = 1; r <= replicates; r++) expected.push(`${d === 0 ? `dmso_${t}h` : `milademetan_${d}uM_${t}h`}_r${r}`);
    expect(sim.counts.samples).toEqual(expected);
    expect(sim.samples.samples).toEqual(expected);
    expect(sim.samples.levels("condition")).toEqual(["dmso", "milademetan"]);
    expect(sim.samples.levels("dose_uM")).toEqual(["0", "0.1", "1"]);
    expect(sim.samples.levels("time_h")).toEqual(["8", "24"]);
    expect(sim.samples.levels("replicate")).toEqual(["1", "2", "3"]);
    expect(sim.samples.get("drug").filter((d) => d === "DMSO").length).toBe(times.length * replicates);
    // the named genes come first, then SIMGENEnnn
    expect(sim.counts.genes.slice(0, NAMED)).toEqual(SIMULATION_GENES.map((g) => g[0]));
    expect(sim.counts.genes[NAMED]).toBe(`SIMGENE${String(NAMED + 1).padStart(3, "0")}`);
    expect(new Set(sim.counts.genes).size).toBe(100);
  });

  it("truth lists every gene with its role and maximal effect", () => {
    const sim = simulateMdm2Experiment({ nGenes: 300, seed: 3 });
    const t = sim.truth;
    expect(t.names).toEqual(["gene_id", "role", "baseMean", "log2FoldChange_max", "dispersion"]);
    expect(t.nRows).toBe(300);
    expect(t.caption).toContain("SIMULATED");
    const recs = t.toRecords();
    SIMULATION_GENES.forEach(([g, base, lfc, role], i) => {
      expect(recs[i]).toMatchObject({ gene_id: g, role, baseMean: base, log2FoldChange_max: lfc });
    });
    for (const r of recs.slice(NAMED)) {
      expect(["secondary", "unchanged"]).toContain(r.role);
      if (r.role === "unchanged") expect(r.log2FoldChange_max).toBe(0);
    }
    for (const r of recs) expect(r.dispersion as number).toBeGreaterThan(0);
  });

  it("librarySize scales the baseline", () => {
    const sim = simulateMdm2Experiment({ nGenes: NAMED, librarySize: 40e6 });
    expect(sim.truth.toRecords()[0].baseMean).toBe(2 * SIMULATION_GENES[0][1]);
  });

  it("is labelled SIMULATED in counts, samples, description and flag", () => {
    const sim = simulateMdm2Experiment({ nGenes: 100, seed: 99, drug: "Nutlin-3a" });
    expect(sim.simulated).toBe(true);
    expect(sim.counts.source).toContain("SIMULATED");
    expect(sim.samples.source).toContain("SIMULATED");
    expect(sim.counts.source).toContain("seed 99");
    expect(sim.description).toContain("SIMULATED");
    expect(sim.description).toContain("Not real measurements");
    expect(sim.samples.levels("condition")).toEqual(["dmso", "nutlin_3a"]);
    expect(sim.options.seed).toBe(99);
  });
});

describe("simulateMdm2Experiment: invalid options", () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ replicates: 0 }, /replicates must be a positive integer, got 0/],
    [{ replicates: 2.5 }, /replicates must be a positive integer, got 2\.5/],
    [{ nGenes: 10 }, new RegExp(`nGenes must be at least ${NAMED}`)],
    [{ nGenes: NaN }, /nGenes must be a positive integer/],
    [{ doses: [1, -0.5] }, /dose must be a positive number, got -0\.5/],
    [{ times: [0] }, /time must be a positive number, got 0/],
    [{ ec50: 0 }, /ec50/],
    [{ hill: -1 }, /hill/],
    [{ tau: Infinity }, /tau/],
    [{ librarySize: -5 }, /librarySize/],
    [{ secondaryFraction: 1.5 }, /secondaryFraction must be in \[0, 1\]/],
    [{ drug: "<script>" }, /drug name "<script>"/],
    [{ seed: 0 }, /seed/],
  ];
  for (const [opts, re] of bad) {
    it(`${JSON.stringify(opts, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v))} throws a RangeError naming the option`, () => {
      expect(() => simulateMdm2Experiment({ nGenes: 100, ...opts })).toThrow(RangeError);
      expect(() => simulateMdm2Experiment({ nGenes: 100, ...opts })).toThrow(re);
    });
  }
});

describe("simulateMdm2Experiment: effects match the truth (20 replicates per group)", () => {
  const R = 20;
  const sim = simulateMdm2Experiment({ seed: 53, nGenes: 500, replicates: R, doses: [1], times: [24] });
  const o = sim.options;
  const frac = responseFraction(1, 24, o);
  const truth = sim.truth.toRecords();
  const m = sim.counts;
  const treated = sim.samples.get("condition").map((c) => c !== "dmso");

  // Size factor of each sample from the genes with no true change (the simulation multiplies
  // every gene of a sample by one size factor): sum of their counts, relative to the mean.
  const stable = truth.map((r, g) => (r.log2FoldChange_max === 0 ? g : -1)).filter((g) => g >= 0);
  const stableSums = m.samples.map((_, s) => stable.reduce((acc, g) => acc + m.get(g, s), 0));
  const meanSum = stableSums.reduce((a, b) => a + b, 0) / stableSums.length;
  const sf = stableSums.map((x) => x / meanSum);

  /** Mean log2 normalised count difference treated - DMSO, and its standard error. */
  function log2Ratio(gene: string): { est: number; se: number } {
    const g = m.geneIndex(gene);
    const t: number[] = [];
    const d: number[] = [];
    for (let s = 0; s < m.nSamples; s++) (treated[s] ? t : d).push(Math.log2((m.get(g, s) + 0.5) / sf[s]));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = (xs: number[]) => xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1);
    return { est: mean(t) - mean(d), se: Math.sqrt(v(t) / t.length + v(d) / d.length) };
  }

  it("has 20 DMSO and 20 treated samples and the named genes are well measured", () => {
    expect(treated.filter(Boolean).length).toBe(R);
    expect(treated.filter((x) => !x).length).toBe(R);
    expect(stable.length).toBeGreaterThan(300);
    expect(log2Ratio("CDKN1A").se).toBeLessThan(0.15);
  });

  it("CDKN1A treated/DMSO log2 ratio is log2FoldChange_max x responseFraction (within 5 SE)", () => {
    const expected = (truth[m.geneIndex("CDKN1A")].log2FoldChange_max as number) * frac;
    expect(expected).toBeCloseTo(4.6 * (1 / 1.1) * (1 - Math.exp(-3)), 10);
    const { est, se } = log2Ratio("CDKN1A");
    expect(Math.abs(est - expected)).toBeLessThan(5 * se);
    expect(est).toBeGreaterThan(3);
  });

  it("every p53 target goes up and every proliferation gene goes down, by the true amount", () => {
    for (const [g, , lfc, role] of SIMULATION_GENES) {
      if (role !== "p53_target" && role !== "proliferation") continue;
      const { est, se } = log2Ratio(g);
      expect(Math.sign(est), g).toBe(role === "p53_target" ? 1 : -1);
      // 6 SE over ~46 genes keeps the family-wise false-failure rate negligible
      expect(Math.abs(est - lfc * frac), `${g}: ${est} vs ${lfc * frac} (SE ${se})`).toBeLessThan(6 * se + 0.02);
    }
  });

  it("reference genes stay near 0", () => {
    for (const [g, , , role] of SIMULATION_GENES) {
      if (role !== "reference") continue;
      const { est, se } = log2Ratio(g);
      expect(Math.abs(est), `${g}: ${est} (SE ${se})`).toBeLessThan(5 * se + 0.02);
      expect(Math.abs(est), g).toBeLessThan(0.25);
    }
  });

  it("the effect follows the dose: a low dose gives a smaller, predicted, change", () => {
    const sim2 = simulateMdm2Experiment({ seed: 11, nGenes: 400, replicates: 12, doses: [0.02, 10], times: [24] });
    const t2 = sim2.truth.toRecords();
    const m2 = sim2.counts;
    const stable2 = t2.map((r, g) => (r.log2FoldChange_max === 0 ? g : -1)).filter((g) => g >= 0);
    const sums2 = m2.samples.map((_, s) => stable2.reduce((acc, g) => acc + m2.get(g, s), 0));
    const g = m2.geneIndex("CDKN1A");
    const dose = sim2.samples.get("dose_uM");
    const values = (d: string) => m2.samples.map((_, s) => s).filter((s) => dose[s] === d).map((s) => Math.log2((m2.get(g, s) + 0.5) / sums2[s]));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = (xs: number[]) => xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1);
    const dmso = values("0");
    const est: number[] = [];
    for (const d of ["0.02", "10"]) {
      const x = values(d);
      const e = mean(x) - mean(dmso);
      const se = Math.sqrt(v(x) / x.length + v(dmso) / dmso.length);
      const expected = 4.6 * responseFraction(Number(d), 24, sim2.options);
      expect(Math.abs(e - expected), `dose ${d}: ${e} vs ${expected} (SE ${se})`).toBeLessThan(5 * se);
      est.push(e);
    }
    expect(est[1] - est[0]).toBeGreaterThan(1.5);
  });
});
