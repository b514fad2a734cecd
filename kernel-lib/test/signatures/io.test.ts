/** Gene-set files, built-in signatures and identifier mapping (data read in place from ../shared). */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { readGeneSets, parseGmt, writeGmt, writeGeneSetTable, normalizeGeneId, JEAY2015_P53_SIGNATURE, builtinSignatures, mapGeneSets, readIdMapping, matchSet } from "../../src/signatures";

const GS = join(process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data"), "genesets");

describe.skipIf(!existsSync(join(GS, "msigdb_v7.0_p53_sets_CC-BY-4.0.gmt")))("gene-set files", () => {
  it("GMT and the long table of the same MSigDB sets agree", () => {
    const gmt = readGeneSets(join(GS, "msigdb_v7.0_p53_sets_CC-BY-4.0.gmt"));
    expect(gmt.length).toBe(20);
    expect(gmt[0].name).toBe("HALLMARK_P53_PATHWAY");
    expect(gmt[0].genes.length).toBe(200);
    expect(gmt[0].genes.slice(0, 3)).toEqual(["CDKN1A", "BTG2", "MDM2"]);
    const long = readGeneSets(join(GS, "msigdb_v7.0_p53_sets_CC-BY-4.0_long.tsv"));
    expect(long.map((s) => s.name)).toEqual(gmt.map((s) => s.name));
    long.forEach((s, i) => expect(new Set(s.genes)).toEqual(new Set(gmt[i].genes)));
  });
  it("weights and directions (PROGENy footprint), Ensembl IDs (Fischer 2017)", () => {
    const [progeny] = readGeneSets(join(GS, "progeny_p53_footprint_top100_human_v2019.tsv"), { name: "PROGENY_P53" });
    expect(progeny.name).toBe("PROGENY_P53");
    expect(progeny.genes.length).toBe(100);
    expect(progeny.weights![0]).toBeCloseTo(30.22074728, 8);
    const downRows = readFileSync(join(GS, "progeny_p53_footprint_top100_human_v2019.tsv"), "utf8").split("\n").filter((l) => l.endsWith("\tdown")).length;
    expect(progeny.weights!.filter((w) => w < 0).length).toBe(downRows);
    const [fischer] = readGeneSets(join(GS, "fischer2017_oncogene_tableS3_343_p53_targets.tsv"));
    expect(fischer.genes.length).toBe(343);
    expect(fischer.genes[0]).toBe("ENSG00000124762");
  });
  it("the built-in Jeay 2015 signature is the published list", () => {
    const rows = readFileSync(join(GS, "jeay2015_elife_13gene_p53_signature.tsv"), "utf8").trim().split("\n").slice(1).map((l) => l.split("\t")[1]);
    expect(JEAY2015_P53_SIGNATURE.genes).toEqual(rows);
  });
});

describe("gene-set io without data files", () => {
  it("round trip through GMT and the long table; Ensembl versions stripped", () => {
    const dir = mkdtempSync(join(tmpdir(), "p53lab-gs-"));
    const sets = [...builtinSignatures(), { name: "W", genes: ["A", "B"], weights: [1, -1] }];
    writeGmt(join(dir, "s.gmt"), sets);
    expect(readGeneSets(join(dir, "s.gmt")).map((s) => s.genes)).toEqual(sets.map((s) => s.genes));
    writeGeneSetTable(join(dir, "s.tsv"), sets);
    const back = readGeneSets(join(dir, "s.tsv"));
    expect(back[2].weights).toEqual([1, -1]);
    expect(normalizeGeneId("ENSG00000141510.18")).toBe("ENSG00000141510");
    expect(normalizeGeneId("HLA-DRB1")).toBe("HLA-DRB1");
  });
  it("names malformed lines, duplicates and bad directions", () => {
    expect(() => parseGmt("S1\tdesc\n", "x.gmt")).toThrow(/x.gmt line 1: a GMT line needs a name, a description and at least one gene/);
    expect(() => parseGmt("S1\td\tA\tA\n", "x.gmt")).toThrow(/line 1: gene "A" appears twice in set S1/);
    expect(() => parseGmt("S1\td\tA\nS1\td\tB\n", "x.gmt")).toThrow(/set "S1" is defined twice \(lines 1 and 2\)/);
    const dir = mkdtempSync(join(tmpdir(), "p53lab-gs-"));
    writeFileSync(join(dir, "d.tsv"), "gene\tdirection\nCDKN1A\tup\nMKI67\tsideways\n");
    expect(() => readGeneSets(join(dir, "d.tsv"))).toThrow(/line 3: direction must be up or down, got "sideways"/);
  });
  it("maps aliases into the data's symbols and reports what it cannot map", () => {
    const dir = mkdtempSync(join(tmpdir(), "p53lab-gs-"));
    writeFileSync(join(dir, "alias.tsv"), "alias\tsymbol\nHDM2\tMDM2\nPUMA\tBBC3\nP21\tCDKN1A\n");
    const mapping = readIdMapping(join(dir, "alias.tsv"));
    const { sets, report } = mapGeneSets([{ name: "S", genes: ["HDM2", "PUMA", "CDKN1A", "P21", "NOTAGENE"], weights: [1, 2, 3, 4, 5] }], ["CDKN1A", "MDM2", "BBC3", "GAPDH"], mapping);
    expect(sets[0].genes).toEqual(["MDM2", "BBC3", "CDKN1A"]);
    expect(sets[0].weights).toEqual([1, 2, 3]);
    expect(report[0]).toEqual({ set: "S", kept: 1, renamed: [{ from: "HDM2", to: "MDM2" }, { from: "PUMA", to: "BBC3" }, { from: "P21", to: "CDKN1A" }], unmapped: ["NOTAGENE"] });
    expect(matchSet(sets[0], ["BBC3", "X"]).missing).toEqual(["MDM2", "CDKN1A"]);
    writeFileSync(join(dir, "bad.tsv"), "alias\tsymbol\nA\tB\nA\tC\n");
    expect(() => readIdMapping(join(dir, "bad.tsv"))).toThrow(/"A" maps to both "B" \(line 2\) and "C" \(line 3\)/);
  });
});
