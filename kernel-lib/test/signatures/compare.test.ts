/** Comparing DE results (two real Nutlin-3a analyses) and footprint scores. */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "fs";
import { gunzipSync } from "zlib";
import { join, resolve } from "path";
import { Table } from "../../src/io/table";
import { compareResults, footprintScores, JEAY2015_P53_SIGNATURE, P53_CANONICAL_TARGETS } from "../../src/signatures";

const REF = join(process.env.P53LAB_REFERENCE ?? resolve(__dirname, "../../../../shared/reference"), "rnaseq");
function result(ds: string): Table {
  const [h, ...rows] = gunzipSync(readFileSync(join(REF, ds, "deseq2_wald.tsv.gz"))).toString("utf8").trim().split("\n").map((l) => l.split("\t"));
  const cols: Record<string, string[] | Float64Array> = { gene_id: rows.map((r) => r[0]) };
  h.slice(1).forEach((name, k) => (cols[name] = Float64Array.from(rows, (r) => (r[k + 1] === "NA" ? NaN : Number(r[k + 1])))));
  return Table.fromColumns(cols);
}

describe.skipIf(!existsSync(join(REF, "andrysik2017_hct116_mcf7", "deseq2_wald.tsv.gz")))("compareResults", () => {
  it("Nutlin-3a in HCT116 alone and with MCF7: overlaps, LFC correlation and the p53 signatures", () => {
    const a = result("andrysik2017_hct116");
    const b = result("andrysik2017_hct116_mcf7");
    const cmp = compareResults([{ name: "HCT116", table: a }, { name: "HCT116+MCF7", table: b }], { sets: [JEAY2015_P53_SIGNATURE, P53_CANONICAL_TARGETS] });
    const sig = cmp.summary.column("significant") as Float64Array;
    const count = (t: Table) => Array.from(t.column("padj") as Float64Array).filter((p) => p < 0.05).length;
    expect(Array.from(sig)).toEqual([count(a), count(b)]);
    const both = cmp.intersections.find((x) => x.methods.length === 2)!;
    expect(both.count).toBeGreaterThan(100);
    expect(JEAY2015_P53_SIGNATURE.genes.some((g) => both.genes.includes(g))).toBe(true);
    expect(cmp.intersections.reduce((s, x) => s + x.count, 0)).toBe(new Set([...(a.column("gene_id") as string[]).filter((_, i) => (a.column("padj") as Float64Array)[i] < 0.05), ...(b.column("gene_id") as string[]).filter((_, i) => (b.column("padj") as Float64Array)[i] < 0.05)]).size);
    // the two analyses share the HCT116 samples, so their fold changes correlate (0.496 here)
    expect((cmp.summary.column("lfc_cor") as Float64Array)[1]).toBeGreaterThan(0.4);
    const sets = cmp.sets!.toRecords();
    const jeayA = sets.find((r) => r.set === JEAY2015_P53_SIGNATURE.name && r.result === "HCT116")!;
    expect(jeayA.tested).toBe(13);
    expect(jeayA.up as number).toBeGreaterThanOrEqual(10);
    expect(jeayA.mean_lfc as number).toBeGreaterThan(1);
  });
  it("names missing columns and refuses a single result", () => {
    const t = Table.fromColumns({ gene_id: ["A"], logFC: Float64Array.of(1) });
    expect(() => compareResults([{ name: "x", table: t }, { name: "y", table: t }])).toThrow(/result "x" has no adjusted p-value column/);
    expect(() => compareResults([{ name: "x", table: t }])).toThrow(/at least two results/);
  });
});

describe("footprintScores", () => {
  it("weighted sums, z-scored across samples by default", () => {
    const values = Float64Array.of(1, 2, 3, 4, 0, 0, 5, 1, 2, 1, 1, 1); // genes A, B, C x 4 samples
    const set = { name: "FP", genes: ["A", "C", "Z"], weights: [2, -1, 3] };
    const raw = footprintScores(values, ["A", "B", "C"], ["s1", "s2", "s3", "s4"], [set], { scale: false });
    expect(Array.from(raw.table.column("score") as Float64Array)).toEqual([2 * 1 - 2, 2 * 2 - 1, 2 * 3 - 1, 2 * 4 - 1]);
    expect(raw.missing.get("FP")).toEqual(["Z"]);
    const z = Array.from(footprintScores(values, ["A", "B", "C"], ["s1", "s2", "s3", "s4"], [set]).table.column("score") as Float64Array);
    expect(z.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(() => footprintScores(values, ["A", "B", "C"], ["s1", "s2", "s3", "s4"], [{ name: "U", genes: ["A"] }])).toThrow(/set U has no weights/);
  });
});
