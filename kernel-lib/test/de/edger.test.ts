/**
 * edgeR 3.40 building blocks against the reference outputs in ../shared/reference/rnaseq
 * (edger_tmm_norm_factors.tsv, edger_filterByExpr.tsv; made by run_ref.R): TMM factors on all
 * genes and after filterByExpr, and the filter itself.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { readCounts, CountMatrix } from "../../src/io/counts";
import { readSamples } from "../../src/io/samples";
import { modelMatrix } from "../../src/de/design";
import { calcNormFactors, filterByExpr, cpm } from "../../src/de/edger";

const REF = process.env.P53LAB_REFERENCE ?? resolve(__dirname, "../../../../shared/reference/rnaseq");
const DATA = join(process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data"), "rnaseq");
const rows = (f: string) => readFileSync(f, "utf8").trim().split("\n").slice(1).map((l) => l.split("\t"));

const CASES = [
  ["andrysik2017_hct116", "~ condition"],
  ["andrysik2017_hct116_mcf7", "~ cell_line + condition"],
] as const;

for (const [ds, design] of CASES) {
  describe.skipIf(!existsSync(join(REF, ds, "edger_tmm_norm_factors.tsv")))(`edgeR on ${ds}`, () => {
    it("TMM factors (all genes, and filtered genes with their library sizes) and filterByExpr", () => {
      const counts = readCounts(join(DATA, ds, "counts.tsv"));
      const samples = readSamples(join(DATA, ds, "samples.tsv")).alignTo(counts);
      const ref = rows(join(REF, ds, "edger_tmm_norm_factors.tsv")).map((r) => r.slice(1).map(Number));
      const nf = calcNormFactors(counts);
      ref.forEach((r, j) => expect(Math.abs(nf[j] / r[1] - 1)).toBeLessThan(1e-12));
      const d = modelMatrix(design, samples, { reference: { condition: "dmso" } });
      const keep = filterByExpr(counts, { design: d.matrix });
      const refKeep = rows(join(REF, ds, "edger_filterByExpr.tsv")).map((r) => r[1] === "TRUE");
      expect(keep).toEqual(refKeep);
      const idx = keep.map((k, g) => (k ? g : -1)).filter((g) => g >= 0);
      const kept = new CountMatrix({ genes: idx.map((g) => counts.genes[g]), samples: counts.samples, values: idx.map((g) => Array.from(counts.geneCounts(g))) });
      const lib = kept.librarySizes();
      const nff = calcNormFactors(kept);
      ref.forEach((r, j) => {
        expect(lib[j]).toBe(r[2]);
        expect(Math.abs(nff[j] / r[3] - 1)).toBeLessThan(1e-12);
      });
    });
  });
}

// [dataset, method, factors] from edger.reference.R (edgeR 3.40.2)
const R_FACTORS: [string, "TMMwsp" | "RLE" | "upperquartile", number[]][] = [
  ["andrysik2017_hct116", "TMMwsp", [0.94960611739812661, 1.0006400085996348, 0.99462927124787448, 1.0580772995363279]],
  ["andrysik2017_hct116", "RLE", [0.93944954111368661, 1.0137769941178156, 0.99786084317413259, 1.0522383570769431]],
  ["andrysik2017_hct116", "upperquartile", [0.95130613511985185, 1.01367398157167, 1.0003789314316769, 1.0366135141205126]],
  ["andrysik2017_hct116_mcf7", "TMMwsp", [1.1578828228239615, 1.2201099556545718, 1.2127808858385738, 1.2901449431579817, 0.78081712052864982, 1.0565471435591101, 0.77553595077880055, 0.70709119228360229]],
  ["andrysik2017_hct116_mcf7", "RLE", [1.2198213684500845, 1.3143140483076978, 1.3096441035907878, 1.3840987984199369, 0.85567640075905194, 0.80672805340960996, 0.73553224757619473, 0.67771297050584123]],
  ["andrysik2017_hct116_mcf7", "upperquartile", [1.2719765192591834, 1.3563303618423808, 1.3266374905626532, 1.3945391506731044, 0.89043609676069468, 0.72673149673124338, 0.72457418688198127, 0.66820980829072207]],
];

describe.skipIf(!existsSync(join(DATA, "andrysik2017_hct116", "counts.tsv")))("TMMwsp, RLE and upper quartile against R", () => {
  it.each(R_FACTORS)("%s %s", (ds, method, expected) => {
    const f = calcNormFactors(readCounts(join(DATA, ds, "counts.tsv")), { method });
    expected.forEach((v, j) => expect(Math.abs(f[j] / v - 1)).toBeLessThan(1e-12));
  });
});

// log2 CPM from edger.reference.R: CDKN1A, PKP1, C1orf141 x 4 samples (TMM, prior 2); CDKN1A, PKP1 (no TMM, prior 0.5)
const R_LOGCPM_TMM = [5.4939809259959222, 5.5365062653501722, 10.051617407481238, 10.117917349357796, -5.2945093491176376, -4.9871875018308742, -3.6810234082534841, -4.6065234810839364, -5.0120874446210868, -6.1117403263816925, -6.1117403263816925, -6.1117403263816925];
const R_LOGCPM_05 = [5.4043131292559963, 5.5776793180655373, 10.035666217375409, 10.181652117303191, -6.1645668149064896, -5.5632311008064539, -3.912886503327484, -4.9943662845570893];

describe.skipIf(!existsSync(join(DATA, "andrysik2017_hct116", "counts.tsv")))("cpm against R", () => {
  it("log2 CPM with TMM factors and prior 2, and with library sizes and prior 0.5", () => {
    const counts = readCounts(join(DATA, "andrysik2017_hct116", "counts.tsv"));
    const check = (values: Float64Array, genes: string[], expected: number[]) =>
      genes.forEach((g, k) => {
        const i = counts.geneIndex(g);
        for (let j = 0; j < 4; j++) expect(Math.abs(values[i * 4 + j] / expected[k * 4 + j] - 1)).toBeLessThan(1e-12);
      });
    check(cpm(counts, { normFactors: calcNormFactors(counts), log: true }), ["CDKN1A", "PKP1", "C1orf141"], R_LOGCPM_TMM);
    check(cpm(counts, { log: true, priorCount: 0.5 }), ["CDKN1A", "PKP1"], R_LOGCPM_05);
    const raw = cpm(counts);
    const lib = counts.librarySizes();
    expect(raw[0]).toBeCloseTo((counts.values[0] / lib[0]) * 1e6, 12);
  });
});

describe("calcNormFactors basics", () => {
  it("identical libraries give factors of 1; factors multiply to one; upper quartile and none", () => {
    const same = new CountMatrix({ genes: ["a", "b", "c"], samples: ["s1", "s2"], values: [[10, 10], [20, 20], [5, 5]] });
    expect(Array.from(calcNormFactors(same))).toEqual([1, 1]);
    const c = new CountMatrix({ genes: ["a", "b", "c", "d"], samples: ["s1", "s2", "s3"], values: [[10, 30, 5], [20, 10, 8], [5, 7, 30], [40, 33, 21]] });
    const f = calcNormFactors(c);
    expect(f.reduce((a, b) => a * b, 1)).toBeCloseTo(1, 12);
    expect(Array.from(calcNormFactors(c, { method: "none" }))).toEqual([1, 1, 1]);
    const uq = calcNormFactors(c, { method: "upperquartile" });
    expect(uq.reduce((a, b) => a * b, 1)).toBeCloseTo(1, 12);
  });
});
