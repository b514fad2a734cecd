import { describe, it, expect } from "vitest";
import { Table, columnKind } from "../../src/io/table";
import { InputError } from "../../src/io/errors";
import { thrown } from "../helpers";

describe("Table.fromColumns", () => {
  it("numbers become Float64Array, text string[], booleans boolean[]", () => {
    const t = Table.fromColumns({ gene: ["CDKN1A", "MDM2"], lfc: [3.1, 2.2], up: [true, true] });
    expect(t.names).toEqual(["gene", "lfc", "up"]);
    expect(t.nRows).toBe(2);
    expect(t.kinds()).toEqual(["string", "number", "boolean"]);
    expect(t.column("lfc")).toBeInstanceOf(Float64Array);
    expect(Array.from(t.column("lfc") as Float64Array)).toEqual([3.1, 2.2]);
    expect(t.column("gene")).toEqual(["CDKN1A", "MDM2"]);
    expect(t.column("up")).toEqual([true, true]);
  });

  it("keeps a Float64Array column as given", () => {
    const x = Float64Array.from([1, 2, 3]);
    expect(Table.fromColumns({ x }).column("x")).toBe(x);
  });

  it("null, undefined and NaN are NA in numeric columns; cell() gives null", () => {
    const t = Table.fromColumns({ x: [1, null, undefined, NaN, 5] });
    expect(t.kinds()).toEqual(["number"]);
    const col = t.column("x") as Float64Array;
    expect(col[0]).toBe(1);
    expect(Number.isNaN(col[1]) && Number.isNaN(col[2]) && Number.isNaN(col[3])).toBe(true);
    expect([0, 1, 2, 3, 4].map((r) => t.cell(r, 0))).toEqual([1, null, null, null, 5]);
  });

  it("an all-NA column is numeric", () => {
    const t = Table.fromColumns({ x: [null, null] });
    expect(t.kinds()).toEqual(["number"]);
    expect(t.cell(0, 0)).toBeNull();
  });

  it("mixed numbers and text become text", () => {
    const t = Table.fromColumns({ x: ["a", 2] });
    expect(t.kinds()).toEqual(["string"]);
    expect(t.column("x")).toEqual(["a", "2"]);
  });

  it("objects in a column are rejected naming the column", () => {
    const e = thrown(() => Table.fromColumns({ ok: [1], bad: [{}] as unknown as number[] }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain('"bad"');
  });

  it("ragged columns are rejected naming the column and lengths", () => {
    const e = thrown(() => Table.fromColumns({ a: [1, 2, 3], b: [1, 2] }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/column "b" has 2 values, expected 3/);
  });

  it("duplicate column names are rejected (constructor)", () => {
    const e = thrown(() => new Table(["a", "b", "a"], [[1], [2], [3]].map((v) => Float64Array.from(v))));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/duplicate column name "a"/);
  });

  it("names and columns of different lengths are rejected", () => {
    expect(() => new Table(["a"], [])).toThrow(/1 names for 0 columns/);
  });
});

describe("Table.fromRecords", () => {
  it("takes the union of keys in order of appearance, missing values NA", () => {
    const t = Table.fromRecords([
      { gene: "MDM2", lfc: 2 },
      { gene: "BBC3", padj: 0.01 },
    ]);
    expect(t.names).toEqual(["gene", "lfc", "padj"]);
    expect(t.kinds()).toEqual(["string", "number", "number"]);
    expect(t.toRecords()).toEqual([
      { gene: "MDM2", lfc: 2, padj: null },
      { gene: "BBC3", lfc: null, padj: 0.01 },
    ]);
  });

  it("empty records give an empty table", () => {
    const t = Table.fromRecords([]);
    expect(t.nRows).toBe(0);
    expect(t.names).toEqual([]);
  });
});

describe("Table access", () => {
  const t = Table.fromColumns({ g: ["a", "b", "c", "d"], x: [1, 2, 3, 4] }, "cap");

  it("column() of an unknown name lists the columns", () => {
    const e = thrown(() => t.column("y"));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain('"y"');
    expect(e.message).toContain("g, x");
  });

  it("head and slice take rows and keep names, kinds and caption", () => {
    const h = t.head(2);
    expect(h.nRows).toBe(2);
    expect(h.names).toEqual(t.names);
    expect(h.caption).toBe("cap");
    expect(h.toRecords()).toEqual([
      { g: "a", x: 1 },
      { g: "b", x: 2 },
    ]);
    const s = t.slice(1, 3);
    expect(s.kinds()).toEqual(["string", "number"]);
    expect(s.toRecords()).toEqual([
      { g: "b", x: 2 },
      { g: "c", x: 3 },
    ]);
    expect(t.head().nRows).toBe(4);
    expect(t.head(100).nRows).toBe(4);
    // the original is not changed
    expect(t.nRows).toBe(4);
  });

  it("columnKind of an empty string array is string", () => {
    expect(columnKind([])).toBe("string");
    expect(columnKind(new Float64Array(0))).toBe("number");
  });
});

describe("Table.toTSV", () => {
  it("writes a header, NA for missing and Inf/-Inf, full precision", () => {
    const t = Table.fromColumns({ g: ["A", "B", "C", "D"], x: [NaN, Infinity, -Infinity, 0.1 + 0.2] });
    const lines = t.toTSV().split("\n");
    expect(lines).toEqual(["g\tx", "A\tNA", "B\tInf", "C\t-Inf", `D\t${String(0.1 + 0.2)}`, ""]);
    // parse back: the number survives exactly
    expect(Number(lines[4].split("\t")[1])).toBe(0.1 + 0.2);
  });

  it("an empty table is the header line only", () => {
    expect(Table.fromColumns({ a: [], b: [] }).toTSV()).toBe("a\tb\n");
  });

  it("a missing value in a text column is NA, and the row survives a round trip", async () => {
    const t = Table.fromColumns({ gene: ["MDM2", null, "BBC3"] });
    expect(t.cell(1, 0)).toBeNull();
    expect(t.toTSV()).toBe("gene\nMDM2\nNA\nBBC3\n");
  });

  it("text holding a tab, newline or quote is quoted so that it reads back whole", async () => {
    const { parseDelimited } = await import("../../src/io/delimited");
    const odd = ['a\tb', 'line1\nline2', 'say "p21"'];
    const t = Table.fromColumns({ gene: odd, x: [1, 2, 3] });
    const back = parseDelimited(t.toTSV(), { source: "x.tsv" });
    expect(back.rows.map((r) => r[0])).toEqual(odd);
  });
});

describe("Table.sortBy and take", () => {
  it("sorts ascending with NA last and stable ties, or descending", () => {
    const t = Table.fromColumns({ gene: ["a", "b", "c", "d", "e"], padj: [0.5, NaN, 0.01, 0.5, 0.2] });
    expect(t.sortBy("padj").column("gene")).toEqual(["c", "e", "a", "d", "b"]);
    expect(t.sortBy("padj", { descending: true }).column("gene")).toEqual(["a", "d", "e", "c", "b"]);
    expect(t.sortBy("gene", { descending: true }).column("gene")).toEqual(["e", "d", "c", "b", "a"]);
    expect(Array.from(t.take([4, 0]).column("padj") as Float64Array)).toEqual([0.2, 0.5]);
  });
});
