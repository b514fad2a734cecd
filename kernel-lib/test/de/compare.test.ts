/**
 * compareMethods on HCT116 (real data): each method's significant count equals what R's
 * packages call on the same data (reference files), the UpSet intersections partition the union,
 * Jaccard is symmetric, and the figures carry gene names as escaped text only.
 */
import { describe, expect, it } from "vitest";
import { join } from "path";
import { compareMethods } from "../../src/de/compare";
import { upsetPlot, lfcScatter } from "../../src/plots/methodComparison";
import { DATA, haveRef, readRef } from "./edgerSetup";

const DS = "andrysik2017_hct116";
describe.skipIf(!haveRef(DS, "edger_qlf.tsv.gz"))("compareMethods on HCT116", () => {
  it("agrees with R's calls per method and partitions the significant genes", () => {
    const cmp = compareMethods(join(DATA, DS, "counts.tsv"), join(DATA, DS, "samples.tsv"), {
      design: "~ condition",
      contrast: ["condition", "nutlin", "dmso"],
      methods: ["deseq2", "edger-qlf", "edger-exact", "voom"],
    });
    const refSig = (file: string, col: string) => Array.from(readRef(DS, file).col(col)).filter((p) => p < 0.05).length;
    const sig = cmp.summary.column("significant") as Float64Array;
    const expected = [refSig("deseq2_wald.tsv.gz", "padj"), refSig("edger_qlf.tsv.gz", "FDR"), refSig("edger_exact.tsv.gz", "FDR"), refSig("limma_voom.tsv.gz", "adj.P.Val")];
    expected.forEach((e, k) => expect(Math.abs(sig[k] - e), cmp.methods[k]).toBeLessThanOrEqual(Math.ceil(0.001 * 16343)));
    const union = new Set(cmp.calls.flatMap((c) => c.genes.filter((_, i) => c.padj[i] < 0.05)));
    expect(cmp.intersections.reduce((s, x) => s + x.count, 0)).toBe(union.size);
    expect(cmp.intersections.find((x) => x.methods.length === 4)!.genes).toContain("CDKN1A");
    const j = cmp.jaccard;
    cmp.methods.forEach((a, ia) => cmp.methods.forEach((b, ib) => expect((j.column(b) as Float64Array)[ia]).toBeCloseTo((j.column(a) as Float64Array)[ib], 12)));
    const cor = cmp.summary.column("lfc_cor") as Float64Array;
    expect(cor[0]).toBeCloseTo(1, 12);
    for (let k = 1; k < 4; k++) expect(cor[k]).toBeGreaterThan(0.9);
    const up = upsetPlot(cmp);
    expect((up.data[0].y as number[]).reduce((s, v) => s + v, 0)).toBe(union.size);
    const sc = lfcScatter(cmp, "deseq2", "voom");
    expect(sc.data.reduce((s, t) => s + (t.x as number[]).length, 0)).toBe(cmp.lfc.nRows);
  }, 120_000);
});

describe("compareMethods: input checks and escaping", () => {
  const genes = Array.from({ length: 60 }, (_, i) => (i === 0 ? "<img src=x onerror=alert(1)>" : `G${i}`));
  const values = genes.map((_, i) => [100 + i, 110 + i, (i < 5 ? 800 : 100) + i, (i < 5 ? 900 : 105) + i]);
  const counts = { genes, samples: ["A", "B", "C", "D"], values };
  const samples = [{ sample: "A", condition: "dmso" }, { sample: "B", condition: "dmso" }, { sample: "C", condition: "nutlin" }, { sample: "D", condition: "nutlin" }];
  it("rejects repeated methods and escapes gene names in figures", () => {
    expect(() => compareMethods(counts, samples, { design: "~ condition", methods: ["voom", "voom"] })).toThrow(/once/);
    const cmp = compareMethods(counts, samples, { design: "~ condition", methods: ["edger-qlf", "voom"] });
    const fig = JSON.stringify(lfcScatter(cmp, "edger-qlf", "voom"));
    expect(fig).not.toContain("<img");
    expect(fig).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
