/**
 * List contrasts (with listValues) and coefficients by name on a two-factor design, against
 * R DESeq2 1.38.3 on the HCT116 + MCF7 data (values printed by contrasts.reference.R).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "fs";
import { join, resolve } from "path";
import { readCounts } from "../../src/io/counts";
import { readSamples } from "../../src/io/samples";
import { DESeqDataSet } from "../../src/de/deseq";
import type { ContrastSpec } from "../../src/de/results";

const DIR = join(process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data"), "rnaseq", "andrysik2017_hct116_mcf7");

// [case, gene, log2FoldChange, stat, pvalue]
const R: [string, string, number, number, number][] = [
  ["list", "CDKN1A", -0.041603363850438252, -0.029426657668834788, 0.97652431226215675],
  ["list", "MDM2", -3.816346016775062, -1.9241085724605482, 0.054340975792802795],
  ["list", "BBC3", 0.42031430425415661, 0.42259253311739425, 0.67259257539729833],
  ["list", "GDF15", 0.23121955863075069, 0.18320009999025397, 0.85464101591395425],
  ["list", "GAPDH", 0.16991958552427458, 0.3986330914335241, 0.69016357497111136],
  ["list", "E2F2", -0.40439139886411157, -0.59009524095016774, 0.5551267992537291],
  ["list_half", "CDKN1A", -0.020801681925219126, -0.029426657668834788, 0.97652431226215675],
  ["list_half", "MDM2", -1.908173008387531, -1.9241085724605482, 0.054340975792802795],
  ["list_half", "BBC3", 0.21015715212707831, 0.42259253311739425, 0.67259257539729833],
  ["list_half", "GDF15", 0.11560977931537535, 0.18320009999025397, 0.85464101591395425],
  ["list_half", "GAPDH", 0.08495979276213729, 0.3986330914335241, 0.69016357497111136],
  ["list_half", "E2F2", -0.20219569943205579, -0.59009524095016774, 0.5551267992537291],
  ["name_cell_line", "CDKN1A", 2.8056128082532097, 2.8064198244108516, 0.0050095377223558432],
  ["name_cell_line", "MDM2", 4.5896133105535606, 3.2724470594908182, 0.0010662083806732641],
  ["name_cell_line", "BBC3", 1.7539281011670247, 2.4934729975454863, 0.012650020564384053],
  ["name_cell_line", "GDF15", 2.4908196266920006, 2.7909258844080096, 0.0052557505647501399],
  ["name_cell_line", "GAPDH", -0.42567258005290709, -1.4122777840284801, 0.15786818512849737],
  ["name_cell_line", "E2F2", -2.8952361111181313, -5.9130980598460638, 3.3573216391219093e-09],
];

const CASES: Record<string, ContrastSpec> = {
  list: { list: [["condition_nutlin_vs_dmso"], ["cell_line_mcf7_vs_hct116"]] },
  list_half: { list: [["condition_nutlin_vs_dmso"], ["cell_line_mcf7_vs_hct116"]], listValues: [0.5, -0.5] },
  name_cell_line: "cell_line_mcf7_vs_hct116",
};

describe.skipIf(!existsSync(join(DIR, "counts.tsv")))("contrasts against R (HCT116 + MCF7)", () => {
  let dds: DESeqDataSet;
  beforeAll(() => {
    dds = new DESeqDataSet(readCounts(join(DIR, "counts.tsv")), readSamples(join(DIR, "samples.tsv")), {
      design: "~ cell_line + condition",
      reference: { condition: "dmso" },
    }).run();
  });
  it.each(Object.keys(CASES))("%s", (name) => {
    const res = dds.results({ contrast: CASES[name] });
    const genes = res.column("gene_id") as string[];
    for (const [, gene, lfc, stat, p] of R.filter((r) => r[0] === name)) {
      const i = genes.indexOf(gene);
      expect(Math.abs((res.column("log2FoldChange") as Float64Array)[i] / lfc - 1), `${gene} lfc`).toBeLessThan(1e-5);
      expect(Math.abs((res.column("stat") as Float64Array)[i] / stat - 1), `${gene} stat`).toBeLessThan(1e-4);
      expect(Math.abs((res.column("pvalue") as Float64Array)[i] / p - 1), `${gene} p`).toBeLessThan(1e-3);
    }
  });
  it("bad list contrasts are named", () => {
    expect(() => dds.results({ contrast: { list: [["conditionX"], []] } })).toThrow('no coefficient "conditionX" in the list contrast');
    expect(() => dds.results({ contrast: { list: [["condition_nutlin_vs_dmso"], []], listValues: [1, 1] } })).toThrow("listValues must be a positive and a negative number");
  });
});
