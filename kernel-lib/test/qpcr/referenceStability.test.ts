/**
 * geNorm on the NormFinder example data (Andersen et al. 2004, colon and bladder; linear-scale
 * quantities) against NormqPCR 1.53 (reference_outputs_NormqPCR_1.53/geNorm_*_M_all.csv and the
 * ranking and final mean M in EXPECTED.md), read in place from ../shared.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { genorm, genormTable, normFinderRho, normFinderStepwise, normFinderModel, minPairwiseVariance, type QuantityMatrix } from "../../src/qpcr";

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

describe("NormFinder: negative variance estimates", () => {
  // gene A follows the sample means almost exactly, so its bias-corrected variance is negative
  const genes = ["A", "B", "C", "D"];
  const base = [[10, 11, 9.5, 12], [10.5, 10.2, 9.9, 11.4], [9.8, 12, 8.9, 11.9], [10.1, 10.8, 10.6, 12.6], [10.4, 11.3, 9.2, 11.1], [9.9, 10.1, 10.3, 12.2]];
  // group y shifts gene B, so the groups differ and gamma > 0
  const rowsLog = base.map((r, i) => {
    const b = r[1] + (i >= 3 ? 6 : 0);
    const m = (b + r[2] + r[3]) / 3;
    return [m + 0.001 * Math.sin(r[1]), b, r[2], r[3]];
  });
  const values = Float64Array.from(rowsLog.flat().map((v) => 2 ** v));
  const group = ["x", "x", "x", "y", "y", "y"];
  it("clips to zero by default (NormqPCR) and uses the smallest pairwise variance / 4 on request (original NormFinder)", () => {
    const zero = normFinderModel(values, genes, group);
    const pair = normFinderModel(values, genes, group, { negativeVariance: "pairwise" });
    const x = Float64Array.from(rowsLog.flat());
    const expected = minPairwiseVariance(x, 4, [0, 1, 2], 0) / 4 / 3;
    // gene A in group x: zero under the default rule, the pairwise value otherwise
    const vaZero = zero.v[0 * 2 + 0];
    const vaPair = pair.v[0 * 2 + 0];
    expect(vaZero).toBe(0);
    expect(vaPair).toBeGreaterThan(0);
    expect(Math.abs(vaPair - (expected + (expected * pair.gamma) / (pair.gamma + expected))) / vaPair).toBeLessThan(1e-12);
  });
});
