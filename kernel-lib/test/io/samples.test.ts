import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { SampleTable, readSamples } from "../../src/io/samples";
import { CountMatrix } from "../../src/io/counts";
import { InputError } from "../../src/io/errors";
import { HAVE_HCT116, HCT116_SAMPLES, SKIP_HCT116, thrown, useTempFiles } from "../helpers";

const { write } = useTempFiles();

const counts = (samples: string[]) =>
  new CountMatrix({ genes: ["TP53"], samples, values: samples.map((_, i) => i), source: "counts.tsv" });

describe("SampleTable", () => {
  it("get, levels and variables", () => {
    const st = new SampleTable(["s1", "s2", "s3"], { condition: ["dmso", "nutlin", "dmso"], rep: ["A", "A", "B"] });
    expect(st.variables).toEqual(["condition", "rep"]);
    expect(st.get("condition")).toEqual(["dmso", "nutlin", "dmso"]);
    expect(st.levels("condition")).toEqual(["dmso", "nutlin"]);
    expect(st.levels("rep")).toEqual(["A", "B"]);
  });

  it("an unknown column error names it and lists the columns", () => {
    const st = new SampleTable(["s1"], { condition: ["dmso"], cell_line: ["hct116"] }, "samples.tsv");
    const e = thrown(() => st.get("treatment"));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain('"treatment"');
    expect(e.message).toContain("condition, cell_line");
    expect(e.message).toContain("samples.tsv");
  });

  // Regression test for a fixed bug (src/io/samples.ts SampleTable.get): columns is a plain object, so names of
  // Object.prototype members ("toString", "constructor", ...) return a function instead of
  // the "no column" InputError.
  it("get() of an inherited object member name (toString) is an unknown column", () => {
    const st = new SampleTable(["s1"], { condition: ["dmso"] });
    expect(() => st.get("toString")).toThrow(InputError);
  });

  it("a duplicate sample name is rejected naming the sample and both rows", () => {
    const e = thrown(() => new SampleTable(["s1", "s2", "s1"], { c: ["a", "b", "c"] }, "mem"));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain('"s1"');
    expect(e.message).toMatch(/1\D+3/);
    expect(e.message).toContain("mem");
  });

  it("an empty sample name and a column of the wrong length are rejected", () => {
    expect(thrown(() => new SampleTable(["s1", " "], {})).message).toMatch(/empty sample name at row 2/);
    const e = thrown(() => new SampleTable(["s1", "s2"], { condition: ["dmso"] }));
    expect(e.message).toMatch(/column "condition" has 1 values for 2 samples/);
  });

  it("alignTo reorders the rows to the count columns", () => {
    const st = new SampleTable(["b", "c", "a"], { condition: ["B", "C", "A"], rep: ["2", "3", "1"] }, "s.tsv");
    const aligned = st.alignTo(counts(["a", "b", "c"]));
    expect(aligned.samples).toEqual(["a", "b", "c"]);
    expect(aligned.get("condition")).toEqual(["A", "B", "C"]);
    expect(aligned.get("rep")).toEqual(["1", "2", "3"]);
    expect(aligned.source).toBe("s.tsv");
    // the original is unchanged
    expect(st.samples).toEqual(["b", "c", "a"]);
  });

  it("alignTo mismatch error lists both the missing and the extra names and both sources", () => {
    const st = new SampleTable(["a", "b", "x"], { condition: ["1", "2", "3"] }, "samples.tsv");
    const e = thrown(() => st.alignTo(counts(["a", "b", "c", "d"])));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/count columns without a sample-table row: c, d/);
    expect(e.message).toMatch(/sample-table rows without a count column: x/);
    expect(e.message).toContain("samples.tsv");
    expect(e.message).toContain("counts.tsv");
  });

  it("alignTo with only extra rows names them", () => {
    const st = new SampleTable(["a", "b", "z"], { condition: ["1", "2", "3"] });
    const e = thrown(() => st.alignTo(counts(["a", "b"])));
    expect(e.message).toContain("z");
    expect(e.message).not.toMatch(/count columns without/);
  });

  it("toTable puts sample first", () => {
    const t = new SampleTable(["s1", "s2"], { condition: ["dmso", "nutlin"] }).toTable();
    expect(t.names).toEqual(["sample", "condition"]);
    expect(t.column("sample")).toEqual(["s1", "s2"]);
    expect(t.column("condition")).toEqual(["dmso", "nutlin"]);
  });

  // Regression test for a fixed bug (src/io/samples.ts toTable): `{ sample: this.samples, ...this.columns }` lets an
  // annotation column called "sample" overwrite the sample names (and show() then displays
  // the wrong names).
  it("toTable keeps the sample names when an annotation column is called 'sample'", () => {
    const t = new SampleTable(["s1", "s2"], { sample: ["x", "y"] }).toTable();
    expect(t.column(t.names[0])).toEqual(["s1", "s2"]);
    expect(t.toRecords().flatMap((r) => Object.values(r))).toEqual(expect.arrayContaining(["s1", "s2", "x", "y"]));
  });
});

describe("readSamples", () => {
  it("reads names from the first column and annotations from the others (trimmed)", () => {
    const p = write("s.tsv", "sample\tcondition\trep\ns1\tdmso \tA\ns2\t nutlin\tB\n");
    const st = readSamples(p);
    expect(st.samples).toEqual(["s1", "s2"]);
    expect(st.variables).toEqual(["condition", "rep"]);
    expect(st.get("condition")).toEqual(["dmso", "nutlin"]);
    expect(st.source).toBe(p);
  });

  it("a duplicate sample in a file is rejected naming the sample and the file", () => {
    const p = write("dup.tsv", "sample\tcondition\ns1\tdmso\ns2\tnutlin\ns1\tnutlin\n");
    const e = thrown(() => readSamples(p));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain('"s1"');
    expect(e.message).toContain(p);
  });

  // Regression test for a fixed bug (src/io/samples.ts readSamples -> SampleTable constructor): the duplicate-sample error
  // says "rows 1 and 3" (data rows) for what are file lines 2 and 4; unlike readCounts it does
  // not name the file lines, so a user looking at line 1 finds the header.
  it("a duplicate sample in a file names the file lines (2 and 4)", () => {
    const p = write("dup2.tsv", "sample\tcondition\ns1\tdmso\ns2\tnutlin\ns1\tnutlin\n");
    const e = thrown(() => readSamples(p));
    expect(e.message).toMatch(/lines?\s*2\b[\s\S]*\b4\b/);
  });

  it("a duplicate or unnamed column names line 1 of the file", () => {
    const p1 = write("dupcol.tsv", "sample\tcondition\tcondition\ns1\ta\tb\n");
    const e1 = thrown(() => readSamples(p1));
    expect(e1.message).toContain(`${p1} line 1`);
    expect(e1.message).toContain('duplicate column "condition"');
    const p2 = write("nocol.tsv", "sample\t\tcondition\ns1\ta\tb\n");
    const e2 = thrown(() => readSamples(p2));
    expect(e2.message).toContain(`${p2} line 1`);
    expect(e2.message).toContain("column 2 has no name");
  });

  // Regression test for a fixed bug (src/io/samples.ts readSamples, `name in columns`): the duplicate-column check uses
  // the `in` operator on a plain object, so a column named like an Object.prototype member
  // ("constructor", "toString", "valueOf") is wrongly rejected as a duplicate.
  it("a column called 'constructor' is not a duplicate", () => {
    const p = write("proto.tsv", "sample\tconstructor\tcondition\ns1\ta\tb\n");
    expect(readSamples(p).variables).toEqual(["constructor", "condition"]);
  });

  it.skipIf(!HAVE_HCT116)(
    `reads the real HCT116 sample table${HAVE_HCT116 ? "" : ` (SKIPPED: ${SKIP_HCT116})`}`,
    () => {
      const st = readSamples(HCT116_SAMPLES);
      const lines = readFileSync(HCT116_SAMPLES, "utf8").split(/\r?\n/).filter((l) => l.trim());
      const header = lines[0].split("\t");
      const rows = lines.slice(1).map((l) => l.split("\t"));
      expect(st.samples).toEqual(rows.map((r) => r[0]));
      expect(st.variables).toEqual(header.slice(1));
      const ci = header.indexOf("condition");
      expect(ci).toBeGreaterThan(0);
      expect(st.get("condition")).toEqual(rows.map((r) => r[ci]));
      expect(st.levels("condition")).toEqual([...new Set(rows.map((r) => r[ci]))]);
    },
  );
});

describe("SampleTable.select", () => {
  it("keeps the named rows in the given order and names a missing sample", () => {
    const st = new SampleTable(["a", "b", "c"], { condition: ["x", "y", "z"] });
    expect(st.select(["c", "a"]).get("condition")).toEqual(["z", "x"]);
    expect(() => st.select(["d"])).toThrow(/no sample "d" in the sample table/);
  });
});
