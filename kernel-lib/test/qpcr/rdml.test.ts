/**
 * The RDML examples' expectations (../shared/data/qpcr/rdml_examples/EXPECTED.md): the StepOne
 * standard curve read from the RDML file itself, rdmlpython's relative quantification from copy
 * numbers (its outputs are printed with four decimals), and geNorm on the nine-gene set against
 * NormqPCR's stepwise geNorm (the variant p53lab implements; rdmlpython orders the pairwise
 * variations by the all-gene M instead).
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { readQpcr } from "../../src/io/instruments";
import { standardCurve, relativeFromQuantities, genorm } from "../../src/qpcr";

const DIR = join(process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data"), "qpcr", "rdml_examples");
const tsv = (f: string) => readFileSync(join(DIR, f), "utf8").trimEnd().split("\n").map((l) => l.split("\t"));
/** Within the rounding of a value printed with four decimals. */
const printed = (a: number, b: string) => expect(Math.abs(a - Number(b)), `${a} vs ${b}`).toBeLessThanOrEqual(0.5e-4 + 1e-12 * Math.abs(a));

describe.skipIf(!existsSync(join(DIR, "files", "stepone_std.rdml")))("RDML examples", () => {
  it("StepOne: the standard curve of the RDML standards (OLS of Cq on log10 quantity); the NTC at cycle 40 is undetermined", () => {
    const cq = readQpcr(join(DIR, "files", "stepone_std.rdml"), { undetermined: "drop" });
    const std = cq.rows.filter((r) => r.quantity !== undefined && r.quantity > 0);
    const sc = standardCurve(std.map((r) => r.quantity!), std.map((r) => r.cq));
    expect(Math.abs(sc.intercept - 40.768071907)).toBeLessThan(1e-8);
    expect(Math.abs(sc.slope - -3.477042427)).toBeLessThan(1e-8);
    expect(Math.abs(sc.rSquared - 0.9994983)).toBeLessThan(1e-7);
    expect(Math.abs(100 * sc.efficiency - 93.91181)).toBeLessThan(0.01);
    expect(cq.dropped.length).toBeGreaterThanOrEqual(1);
  });
  it("relative quantification from copy numbers as rdmlpython (technical means, reference factors, relative expression)", () => {
    const [h, ...rows] = readFileSync(join(DIR, "reactions_tidy", "relative_reactions.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
    const col = (n: string) => h.indexOf(n);
    const data = rows.filter((r) => r[col("Ncopy")] !== "" && Number(r[col("Ncopy")]) >= 0 && r[col("excl")] === "").map((r) => ({ sample: r[col("sample")], target: r[col("target")], quantity: Number(r[col("Ncopy")]) }));
    const res = relativeFromQuantities(data, ["Rpl32", "Ppia"]);
    const tech = new Map(res.technical.toRecords().map((r) => [`${r.sample}/${r.target}`, r]));
    for (const r of tsv("reference_outputs_rdmlpython/relative_technical_data.tsv").slice(1)) {
      const o = tech.get(`${r[0]}/${r[2]}`)!;
      expect(o.n).toBe(Number(r[6]));
      printed(o.mean as number, r[7]);
      if (r[8] !== "") printed(o.sd as number, r[8]);
    }
    expect(((tech.get("Adult 2/SCX")!.cv as number) - 0.457943)).toBeLessThan(1e-6);
    const ref = new Map(res.reference.toRecords().map((r) => [r.sample, r]));
    const refRows = tsv("reference_outputs_rdmlpython/relative_reference_data.tsv").slice(1);
    const overall = refRows.find((r) => r[0] === "Geometric Mean")!;
    for (const r of refRows.filter((x) => x !== overall)) {
      printed(ref.get(r[0])!.geomean as number, r[3]);
      printed(ref.get(r[0])!.factor as number, r[4]);
    }
    const g0 = ref.get("Adult 1")!;
    printed((g0.geomean as number) / (g0.factor as number), overall[4]);
    const rel = new Map(res.relative.toRecords().map((r) => [`${r.sample}/${r.target}`, r]));
    const refRel = tsv("reference_outputs_rdmlpython/relative_relative_data.tsv").slice(1);
    expect(rel.size).toBe(refRel.length);
    for (const r of refRel) {
      const o = rel.get(`${r[0]}/${r[2]}`)!.relative as number;
      // rdmlpython divides by the factor rounded to four decimals in its table; we keep full precision
      expect(Math.abs(o / Number(r[5]) - 1), `${r[0]}/${r[2]}`).toBeLessThan(1e-4);
    }
  });
  it("geNorm on the nine candidate genes: NormqPCR's stepwise result", () => {
    const [h, ...rows] = tsv("reference_outputs_rdmlpython/genorm_ncopy.tsv");
    const genes = h.slice(1);
    const g = genorm({ genes, samples: rows.map((r) => r[0]), values: Float64Array.from(rows.flatMap((r) => r.slice(1).map(Number))) });
    const mAll: Record<string, number> = { Rpl4: 0.617585486671541, Polr2a: 0.634995438984565, Hprt1: 0.701891543633439, Rpl32: 0.720298147462783, H2afz: 0.749290772358438, Eef1e1: 0.863726308439405, Pgk1: 0.938081098647032, Tbp: 0.949570564577368, Ppia: 1.157882357635787 };
    for (const [gene, m] of Object.entries(mAll)) expect(Math.abs(g.mAll.get(gene)! / m - 1), gene).toBeLessThan(1e-12);
    expect(new Set(g.ranking.slice(0, 2))).toEqual(new Set(["Polr2a", "Rpl4"]));
    expect(g.ranking.slice(2)).toEqual(["Rpl32", "H2afz", "Hprt1", "Eef1e1", "Pgk1", "Tbp", "Ppia"]);
    const meanM = [0.814813524267818, 0.716793857591255, 0.620034124004476, 0.523969930370399, 0.440187019313803, 0.388864875151571, 0.362663784469654, 0.327062429228609];
    g.steps.forEach((s, i) => expect(Math.abs(s.meanM / meanM[i] - 1)).toBeLessThan(1e-12));
    const V: Record<number, number> = { 2: 0.1145105136979835, 3: 0.0929179206584721, 4: 0.0935527303228481, 5: 0.1060166392344894, 6: 0.114701300373259, 7: 0.1144312746726243, 8: 0.1188193874596919 };
    for (const v of g.pairwiseV) expect(Math.abs(v.V / V[v.n] - 1), `V${v.n}/${v.n + 1}`).toBeLessThan(1e-12);
    expect(g.recommended).toBe(2);
    // rdmlpython's convention: V with genes in the order of the all-gene M
    const r = genorm({ genes, samples: rows.map((x) => x[0]), values: Float64Array.from(rows.flatMap((x) => x.slice(1).map(Number))) }, { order: "all-genes" });
    const vRdml = [0.1343868775886409, 0.09142255129861741, 0.08621690710523333, 0.10601663923448915, 0.11470130037325896, 0.11443127467262465, 0.11881938745969177];
    r.pairwiseV.forEach((v, i) => expect(Math.abs(v.V / vRdml[i] - 1), `V${v.n}/${v.n + 1}`).toBeLessThan(1e-12));
  });
});
