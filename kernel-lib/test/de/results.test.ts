/**
 * results(): contrasts, lfcThreshold with each altHypothesis, numeric contrasts, and the
 * design and size-factor building blocks, checked against R DESeq2 1.38.3 on the HCT116
 * data (values printed by results.reference.R beside this file) and against errors.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "fs";
import { join, resolve } from "path";
import { readCounts, CountMatrix } from "../../src/io/counts";
import { readSamples, SampleTable } from "../../src/io/samples";
import { DESeqDataSet } from "../../src/de/deseq";
import { modelMatrix, parseFormula } from "../../src/de/design";
import { estimateSizeFactors } from "../../src/de/sizeFactors";
import { InputError } from "../../src/io/errors";

const DATA = process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data");
const DIR = join(DATA, "rnaseq", "andrysik2017_hct116");

// [case, gene, log2FoldChange, stat, pvalue] from results.reference.R (R 4.2.2, DESeq2 1.38.3)
const R: [string, string, number, number, number][] = [
  ["reversed", "CDKN1A", -4.5476793474062349, -44.777575648948414, 0],
  ["reversed", "MDM2", -4.0053836625304697, -36.933460278910452, 1.3424181725847644e-298],
  ["reversed", "BBC3", -3.1343731660054535, -23.279023833608221, 7.2322841647195368e-120],
  ["reversed", "GDF15", -4.4053157372837859, -35.005896063493346, 1.8299763917243525e-268],
  ["reversed", "TP53I3", -4.8604879624619484, -35.614414602782276, 8.3818062524701204e-278],
  ["reversed", "GAPDH", -0.11897647935474701, -1.0518754248620443, 0.29285670830853533],
  ["reversed", "E2F2", 2.399236070900542, 15.060282370524376, 2.9552212296139808e-51],
  ["reversed", "ACTB", 0.58102063727883724, 4.6799703723089223, 2.8691637621106009e-06],
  ["lfc1_greaterAbs", "CDKN1A", 4.5476793474062349, 34.931328315242432, 2.4877472700529127e-267],
  ["lfc1_greaterAbs", "MDM2", 4.0053836625304697, 27.712505835915319, 4.9353215340391303e-169],
  ["lfc1_greaterAbs", "BBC3", 3.1343731660054535, 15.852012880960306, 1.3614910906189639e-56],
  ["lfc1_greaterAbs", "GDF15", 4.4053157372837859, 27.059610677584285, 2.9439149160179645e-161],
  ["lfc1_greaterAbs", "TP53I3", 4.8604879624619484, 28.28708144655679, 4.9830669106156998e-176],
  ["lfc1_greaterAbs", "GAPDH", 0.11897647935474701, 0, 1],
  ["lfc1_greaterAbs", "E2F2", -2.399236070900542, -8.7831666864176565, 1.589353721319123e-18],
  ["lfc1_greaterAbs", "ACTB", -0.58102063727883724, -0, 1],
  ["lfc1_lessAbs", "CDKN1A", 4.5476793474062349, 0, 1],
  ["lfc1_lessAbs", "MDM2", 4.0053836625304697, 0, 1],
  ["lfc1_lessAbs", "BBC3", 3.1343731660054535, 0, 1],
  ["lfc1_lessAbs", "GDF15", 4.4053157372837859, 0, 1],
  ["lfc1_lessAbs", "TP53I3", 4.8604879624619484, 0, 1],
  ["lfc1_lessAbs", "GAPDH", 0.11897647935474701, 7.7891613125397496, 3.3727720689246372e-15],
  ["lfc1_lessAbs", "E2F2", -2.399236070900542, 0, 1],
  ["lfc1_lessAbs", "ACTB", -0.58102063727883724, 3.3747699794747632, 0.00036938705891239655],
  ["lfc1_greater", "CDKN1A", 4.5476793474062349, 34.931328315242432, 1.2438736350264563e-267],
  ["lfc1_greater", "MDM2", 4.0053836625304697, 27.712505835915319, 2.4676607670195651e-169],
  ["lfc1_greater", "BBC3", 3.1343731660054535, 15.852012880960306, 6.8074554530948194e-57],
  ["lfc1_greater", "GDF15", 4.4053157372837859, 27.059610677584285, 1.4719574580089823e-161],
  ["lfc1_greater", "TP53I3", 4.8604879624619484, 28.28708144655679, 2.4915334553078499e-176],
  ["lfc1_greater", "GAPDH", 0.11897647935474701, 0, 0.99999999999999667],
  ["lfc1_greater", "E2F2", -2.399236070900542, 0, 1],
  ["lfc1_greater", "ACTB", -0.58102063727883724, 0, 1],
  ["lfc1_less", "CDKN1A", 4.5476793474062349, 0, 1],
  ["lfc1_less", "MDM2", 4.0053836625304697, 0, 1],
  ["lfc1_less", "BBC3", 3.1343731660054535, 0, 1],
  ["lfc1_less", "GDF15", 4.4053157372837859, 0, 1],
  ["lfc1_less", "TP53I3", 4.8604879624619484, 0, 1],
  ["lfc1_less", "GAPDH", 0.11897647935474701, 0, 1],
  ["lfc1_less", "E2F2", -2.399236070900542, -8.7831666864176565, 7.9467686065956148e-19],
  ["lfc1_less", "ACTB", -0.58102063727883724, 0, 0.99963061294108757],
  ["numeric", "CDKN1A", 4.5476793474062349, 44.777575648948414, 0],
  ["numeric", "MDM2", 4.0053836625304697, 36.933460278910452, 1.3424181725847644e-298],
  ["numeric", "BBC3", 3.1343731660054535, 23.279023833608221, 7.2322841647195368e-120],
  ["numeric", "GDF15", 4.4053157372837859, 35.005896063493346, 1.8299763917243525e-268],
  ["numeric", "TP53I3", 4.8604879624619484, 35.614414602782276, 8.3818062524701204e-278],
  ["numeric", "GAPDH", 0.11897647935474699, 1.0518754248620441, 0.29285670830853544],
  ["numeric", "E2F2", -2.399236070900542, -15.060282370524376, 2.9552212296139808e-51],
  ["numeric", "ACTB", -0.58102063727883724, -4.6799703723089223, 2.8691637621106009e-06],
];

describe.skipIf(!existsSync(join(DIR, "counts.tsv")))("results() against R on HCT116", () => {
  let dds: DESeqDataSet;
  beforeAll(() => {
    dds = new DESeqDataSet(readCounts(join(DIR, "counts.tsv")), readSamples(join(DIR, "samples.tsv")), {
      design: "~ condition",
      reference: { condition: "dmso" },
    }).run();
  });
  const cases: Record<string, Parameters<DESeqDataSet["results"]>[0]> = {
    reversed: { contrast: ["condition", "dmso", "nutlin"] },
    lfc1_greaterAbs: { lfcThreshold: 1, altHypothesis: "greaterAbs" },
    lfc1_lessAbs: { lfcThreshold: 1, altHypothesis: "lessAbs" },
    lfc1_greater: { lfcThreshold: 1, altHypothesis: "greater" },
    lfc1_less: { lfcThreshold: 1, altHypothesis: "less" },
    numeric: { contrast: { vector: [0, 1] } },
  };
  it.each(Object.keys(cases))("%s", (name) => {
    const res = dds.results(cases[name]);
    const genes = res.column("gene_id") as string[];
    for (const [c, gene, lfc, stat, pvalue] of R.filter((r) => r[0] === name)) {
      const i = genes.indexOf(gene);
      const close = (a: number, b: number, tol: number) => (b === 0 ? Math.abs(a) < 1e-300 : Math.abs(a / b - 1) < tol);
      expect(close((res.column("log2FoldChange") as Float64Array)[i], lfc, 1e-6), `${c} ${gene} lfc`).toBe(true);
      expect(close((res.column("stat") as Float64Array)[i], stat, 1e-5), `${c} ${gene} stat`).toBe(true);
      expect(close((res.column("pvalue") as Float64Array)[i], pvalue, 1e-3), `${c} ${gene} pvalue`).toBe(true);
    }
  });

  it("summary() counts up and down genes as R's summary()", () => {
    const s = dds.results({ alpha: 0.05 }).summary();
    const lfc = dds.results({ alpha: 0.05 });
    const padj = lfc.column("padj") as Float64Array;
    const l = lfc.column("log2FoldChange") as Float64Array;
    let up = 0;
    padj.forEach((p, i) => {
      if (p < 0.05 && l[i] > 0) up++;
    });
    expect(s).toContain(`out of 24765 with nonzero total read count`);
    expect(s).toMatch(new RegExp(`LFC > 0 \\(up\\)\\s+: ${up}, `));
  });

  it("a level that is not in the data is named with the levels there are", () => {
    expect(() => dds.results({ contrast: ["condition", "milademetan", "dmso"] })).toThrow(
      '"milademetan" is not a level of condition (levels: dmso, nutlin)',
    );
    expect(() => dds.results({ contrast: "condition_x_vs_y" })).toThrow("no coefficient \"condition_x_vs_y\"; coefficients are Intercept, condition_nutlin_vs_dmso");
    expect(() => dds.results({ contrast: { vector: [1] } })).toThrow("a numeric contrast needs 2 values");
    expect(() => dds.results({ lfcThreshold: 0, altHypothesis: "lessAbs" })).toThrow("needs a positive lfcThreshold");
  });
});

describe("design formulas", () => {
  const st = new SampleTable(["a", "b", "c", "d", "e", "f"], {
    condition: ["dmso", "dmso", "nutlin", "nutlin", "milademetan", "milademetan"],
    line: ["hct116", "mcf7", "hct116", "mcf7", "hct116", "mcf7"],
    dose: ["0", "0", "1", "1", "0.5", "0.5"],
  });
  it("parses terms, interactions and a * b", () => {
    expect(parseFormula("~ a*b").terms.map((t) => t.vars.join(":"))).toEqual(["a", "b", "a:b"]);
    expect(parseFormula("~ 0 + a").intercept).toBe(false);
    expect(() => parseFormula("condition")).toThrow('a design formula starts with "~"');
  });
  it("names coefficients as DESeq2 and sorts levels as R with the reference first", () => {
    const d = modelMatrix("~ line + condition", st, { reference: { condition: "dmso" } });
    expect(d.columns).toEqual(["Intercept", "line_mcf7_vs_hct116", "condition_milademetan_vs_dmso", "condition_nutlin_vs_dmso"]);
    expect(Array.from(d.matrix.data.subarray(4 * 4, 5 * 4))).toEqual([1, 0, 1, 0]);
  });
  it("treats numeric columns as covariates unless told otherwise", () => {
    expect(modelMatrix("~ dose", st).columns).toEqual(["Intercept", "dose"]);
    expect(modelMatrix("~ dose", st, { factors: ["dose"] }).columns).toEqual(["Intercept", "dose_0.5_vs_0", "dose_1_vs_0"]);
  });
  it("names an interaction column as R's model.matrix after make.names", () => {
    const st8 = new SampleTable(
      ["1", "2", "3", "4", "5", "6", "7", "8"],
      { t: ["a", "a", "b", "b", "a", "a", "b", "b"], g: ["x", "x", "x", "x", "y", "y", "y", "y"] },
    );
    expect(modelMatrix("~ g + t + g:t", st8).columns).toEqual(["Intercept", "g_y_vs_x", "t_b_vs_a", "gy.tb"]);
  });
  it("names confounded columns", () => {
    const conf = new SampleTable(["a", "b", "c", "d"], { condition: ["x", "x", "y", "y"], batch: ["1", "1", "2", "2"] });
    expect(() => modelMatrix("~ batch + condition", conf, { factors: ["batch"] })).toThrow(/condition_y_vs_x is a linear combination/);
  });
  it("refuses designs without residual degrees of freedom", () => {
    const two = new SampleTable(["a", "b"], { condition: ["x", "y"] });
    expect(() => modelMatrix("~ condition", two)).toThrow(InputError);
    expect(() => modelMatrix("~ condition", two)).toThrow(/no replicates/);
  });
});

describe("size factors", () => {
  const counts = new CountMatrix({
    genes: ["g1", "g2", "g3", "g4"],
    samples: ["a", "b", "c"],
    values: [
      [10, 20, 40],
      [5, 10, 20],
      [0, 3, 9],
      [8, 16, 32],
    ],
  });
  it("median of ratios: genes with a zero are left out; the factors have geometric mean 1 here", () => {
    const sf = estimateSizeFactors(counts);
    // Every usable gene has ratios 1/2, 1, 2 to its geometric mean.
    expect(Array.from(sf).map((v) => +v.toFixed(12))).toEqual([0.5, 1, 2]);
  });
  it("poscounts uses genes with zeros too, and an all-zero design needs it", () => {
    const zeros = new CountMatrix({ genes: ["g1", "g2"], samples: ["a", "b"], values: [[0, 4], [3, 0]] });
    expect(() => estimateSizeFactors(zeros)).toThrow('every gene contains at least one zero, cannot compute log geometric means; use type "poscounts"');
    const sf = estimateSizeFactors(zeros, { type: "poscounts" });
    expect(sf.every((v) => v > 0)).toBe(true);
  });
  it("control genes restrict the genes used", () => {
    const sf = estimateSizeFactors(counts, { controlGenes: ["g1"] });
    expect(Array.from(sf).map((v) => +v.toFixed(12))).toEqual([0.5, 1, 2]);
  });
});
