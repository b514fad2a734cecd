/**
 * A 2 vs 2 design (MCF7 samples alone, residual df 2): DESeq2 estimates the dispersion prior
 * variance by its seeded simulation; p53lab reproduces it and the downstream results
 * (values printed by smallDf.reference.R with R DESeq2 1.38.3).
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "fs";
import { join, resolve } from "path";
import { readCounts } from "../../src/io/counts";
import { readSamples, SampleTable } from "../../src/io/samples";
import { DESeqDataSet } from "../../src/de/deseq";

const DIR = join(process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data"), "rnaseq", "andrysik2017_hct116_mcf7");
const R_PRIOR_VAR = 1.0730730730730731;
const R_N_SIG = 823;
// [gene, dispersion, log2FoldChange, lfcSE, pvalue]
const R: [string, number, number, number, number][] = [
  ["CDKN1A", 1.0637895638254209, 0.99676830975108033, 1.4879986639931295, 0.50293953233939748],
  ["MDM2", 1.7216023841495689, -2.4428721491777141, 1.8929524816018852, 0.19687400092380494],
  ["BBC3", 0.66431911205557381, 1.2336892740689545, 1.1761318314328633, 0.29420669259631599],
  ["GDF15", 0.81062961838392489, 1.0552465280821064, 1.2989484404044958, 0.41657061840720794],
  ["TP53I3", 0.82703465226722417, 3.2231376053508147, 1.3121232672889336, 0.014032553988995151],
  ["GAPDH", 0.21320018147599856, -0.62420438121030963, 0.66615534076402894, 0.34874556474203949],
  ["E2F2", 0.30175355781421653, -4.2647025200720341, 0.81669463182178947, 1.7709095348927786e-07],
  ["SESN1", 0.75977509085303052, 0.81878177404793084, 1.2576811695828953, 0.51503040504113551],
];

describe.skipIf(!existsSync(join(DIR, "counts.tsv")))("2 vs 2 (MCF7): simulated dispersion prior variance", () => {
  it("matches R's prior variance, calls and key genes", () => {
    const all = readCounts(join(DIR, "counts.tsv"));
    const st = readSamples(join(DIR, "samples.tsv")).alignTo(all);
    const names = all.samples.filter((_, i) => st.get("cell_line")[i] === "mcf7");
    const counts = all.selectSamples(names);
    const samples = new SampleTable(names, { condition: names.map((n) => st.get("condition")[st.samples.indexOf(n)]) });
    const dds = new DESeqDataSet(counts, samples, { design: "~ condition", reference: { condition: "dmso" } }).run();
    expect(dds.map!.dispPriorVarMethod).toBe("simulation");
    expect(dds.map!.dispPriorVar).toBe(R_PRIOR_VAR);
    const res = dds.results({ alpha: 0.05 });
    expect(Array.from(res.column("padj") as Float64Array).filter((v) => v < 0.05).length).toBe(R_N_SIG);
    const genes = res.column("gene_id") as string[];
    for (const [gene, disp, lfc, se, p] of R) {
      const i = genes.indexOf(gene);
      expect(Math.abs(dds.map!.dispersion[i] / disp - 1), `${gene} dispersion`).toBeLessThan(1e-4);
      expect(Math.abs((res.column("log2FoldChange") as Float64Array)[i] / lfc - 1), `${gene} lfc`).toBeLessThan(1e-4);
      expect(Math.abs((res.column("lfcSE") as Float64Array)[i] / se - 1), `${gene} se`).toBeLessThan(1e-4);
      expect(Math.abs((res.column("pvalue") as Float64Array)[i] / p - 1), `${gene} p`).toBeLessThan(1e-3);
    }
  });
});
