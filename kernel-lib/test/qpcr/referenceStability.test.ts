/**
 * geNorm on the NormFinder example data (Andersen et al. 2004, colon and bladder; linear-scale
 * quantities) against NormqPCR 1.53 (reference_outputs_NormqPCR_1.53/geNorm_*_M_all.csv and the
 * ranking and final mean M in EXPECTED.md), read in place from ../shared.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { genorm, genormTable, normFinderRho, normFinderStepwise, type QuantityMatrix } from "../../src/qpcr";

const DIR = join(process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data"), "qpcr", "normfinder_andersen2004");

function csv(path: string): string[][] {
  return readFileSync(path, "utf8").trim().split("\n").map((l) => l.split(",").map((c) => c.replace(/^"|"$/g, "")));
}

function wide(file: string, groupColumn: string): QuantityMatrix & { group: string[] } {
  const [h, ...rows] = csv(join(DIR, file));
  const skip = new Set(["sample", "Sample.no.", groupColumn]);
  const geneCols = h.map((x, i) => (skip.has(x) ? -1 : i)).filter((i) => i >= 0);
  return {
    genes: geneCols.map((i) => h[i]),
    samples: rows.map((r) => r[0]),
    values: Float64Array.from(rows.flatMap((r) => geneCols.map((i) => Number(r[i])))),
    group: rows.map((r) => r[h.indexOf(groupColumn)]),
  };
}

const CASES = [
  ["Colon", "colon_wide.csv", ["RPS23", "TPT1", "RPS13", "SUI1", "UBC", "GAPD", "TUBA6", "UBB", "NACA", "CFL1", "CLTC", "ACTB", "FLJ20030"], 0.387064503314748],
  ["Bladder", "bladder_wide.csv", ["CFL1", "UBC", "ATP5B", "HSPCB", "GAPD", "TEGT", "RPS23", "RPS13", "TPT1", "FLJ20030", "FLOT2", "UBB", "ACTB", "S100A6"], 0.35772395841232],
] as const;

describe.skipIf(!existsSync(join(DIR, "colon_wide.csv")))("geNorm against NormqPCR", () => {
  it.each(CASES)("%s: M of all genes, ranking and final mean M", (name, file, ranking, finalM) => {
    const header = csv(join(DIR, file))[0];
    const groupColumn = header.find((h) => /classification|grade/i.test(h))!;
    const q = wide(file, groupColumn);
    const g = genorm(q);
    const ref = csv(join(DIR, "reference_outputs_NormqPCR_1.53", `geNorm_${name}_M_all.csv`)).slice(1);
    for (const [gene, m] of ref) expect(Math.abs(g.mAll.get(gene)! / Number(m) - 1), gene).toBeLessThan(1e-12);
    expect(new Set(g.ranking.slice(0, 2))).toEqual(new Set(ranking.slice(0, 2)));
    expect(g.ranking.slice(2)).toEqual(ranking.slice(2));
    expect(Math.abs(g.steps[g.steps.length - 1].meanM / finalM - 1)).toBeLessThan(1e-12);
    expect(g.pairwiseV.length).toBe(q.genes.length - 2);
    expect(genormTable(g).nRows).toBe(q.genes.length);
  });
  it("refuses non-positive quantities, naming the sample and gene", () => {
    expect(() => genorm({ genes: ["A", "B"], samples: ["s1", "s2"], values: Float64Array.of(1, 2, 0, 3) })).toThrow(/sample s2, gene A: quantity must be positive/);
  });
});

describe.skipIf(!existsSync(join(DIR, "colon_wide.csv")))("NormFinder against NormqPCR", () => {
  const STEPWISE = { Colon: ["UBC", "GAPD", "TPT1", "UBB", "RPS13"], Bladder: ["HSPCB", "RPS13", "UBC"] } as const;
  const BEST_PAIR = { Colon: 0.137529833271699, Bladder: 0.115455484539915 } as const;
  it.each([["Colon", "colon_wide.csv"], ["Bladder", "bladder_wide.csv"]] as const)("%s: rho of every gene, the stepwise order and the best pair", (name, file) => {
    const header = csv(join(DIR, file))[0];
    const q = wide(file, header.find((h) => /classification|grade/i.test(h))!);
    const rho = normFinderRho(q.values, q.genes, q.group);
    const ref = csv(join(DIR, "reference_outputs_NormqPCR_1.53", `NormFinder_${name}_rho.csv`)).slice(1);
    expect(ref.length).toBe(q.genes.length);
    for (const [gene, r] of ref) expect(Math.abs(rho.get(gene)! / Number(r) - 1), gene).toBeLessThan(1e-12);
    const step = normFinderStepwise(q.values, q.genes, q.group);
    expect(step.ranking.slice(0, STEPWISE[name].length)).toEqual([...STEPWISE[name]]);
    expect(Math.abs(step.bestPairRho / BEST_PAIR[name] - 1)).toBeLessThan(1e-12);
  });
  it("names a non-positive value's sample and gene", () => {
    expect(() => normFinderRho(Float64Array.of(1, 2, 3, -1, 2, 2), ["A", "B", "C"], ["x", "y"])).toThrow(/sample 2, gene A: linear-scale value must be positive/);
  });
});
