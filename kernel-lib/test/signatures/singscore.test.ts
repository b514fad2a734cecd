/** singscore on a small matrix (hand-computed ranks) and the expression-matrix reader. */
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { singscore } from "../../src/signatures";
import { readExpressionMatrix } from "../../src/io/expression";

describe("singscore", () => {
  // 6 genes x 2 samples; in sample 1 the set genes A, B have ranks 6 and 5 (the highest possible)
  const genes = ["A", "B", "C", "D", "E", "F"];
  const values = Float64Array.of(9, 1, 8, 2, 1, 8, 2, 7, 3, 6, 0, 9);
  it("scaled mean rank minus 0.5: +0.5 at the top, -0.5 at the bottom", () => {
    const t = singscore(values, genes, ["s1", "s2"], [{ name: "AB", genes: ["A", "B"] }]).toRecords();
    expect(t[0].score).toBeCloseTo(0.5, 15);
    // sample 2: A = 1 and B = 2 are the two lowest values (ranks 1 and 2): the lowest possible score
    expect(t[1].score).toBeCloseTo(-0.5, 15);
    const mid = singscore(values, genes, ["s1", "s2"], [{ name: "CE", genes: ["C", "E"] }]).toRecords();
    // sample 1: C = 1 has rank 2 and E = 3 rank 4: mean 3, between the bounds 1.5 and 5.5
    expect(mid[0].score).toBeCloseTo((3 - 1.5) / (5.5 - 1.5) - 0.5, 15);
  });
  it("bidirectional: a down set scores high when its genes are low", () => {
    const t = singscore(values, genes, ["s1", "s2"], [{ name: "updown", genes: ["A", "F"], weights: [1, -1] }]).toRecords();
    // sample 1: A rank 6 (up part 0.5); F = 0 rank 1 -> reversed rank 6 (down part 0.5)
    expect(t[0].score).toBeCloseTo(1, 15);
  });
});

describe("readExpressionMatrix", () => {
  it("reads numbers and names bad cells", () => {
    const dir = mkdtempSync(join(tmpdir(), "p53lab-expr-"));
    writeFileSync(join(dir, "m.tsv"), "gene\ts1\ts2\nCDKN1A\t5.1\t9.3\nMDM2\t4.2\t7.7\n");
    const m = readExpressionMatrix(join(dir, "m.tsv"));
    expect(m.samples).toEqual(["s1", "s2"]);
    expect(Array.from(m.values)).toEqual([5.1, 9.3, 4.2, 7.7]);
    writeFileSync(join(dir, "bad.tsv"), "gene\ts1\ts2\nCDKN1A\t5.1\tNaN\n");
    expect(() => readExpressionMatrix(join(dir, "bad.tsv"))).toThrow(/line 2, gene CDKN1A, sample s2: value is not a finite number \("NaN"\)/);
  });
});
