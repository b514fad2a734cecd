import { describe, it, expect } from "vitest";
import { Table } from "../../src/io/table";
import { InputError } from "../../src/io/errors";
import { countsFromDataFrame, fromDataFrame, isDataFrame, toDataFrame } from "../../src/io/dataframe";
import { thrown } from "../helpers";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dfd = require("danfojs-node");

describe("isDataFrame", () => {
  it("is true for a danfo DataFrame", () => {
    expect(isDataFrame(new dfd.DataFrame({ a: [1, 2] }))).toBe(true);
  });

  it("is false for plain objects, arrays, null and look-alikes without $data", () => {
    expect(isDataFrame({ a: [1] })).toBe(false);
    expect(isDataFrame([{ a: 1 }])).toBe(false);
    expect(isDataFrame(null)).toBe(false);
    expect(isDataFrame("df")).toBe(false);
    expect(isDataFrame({ columns: ["a"], index: [0], shape: [1, 1], values: [[1]] })).toBe(false);
  });
});

describe("Table <-> DataFrame", () => {
  it("round trip keeps names, kinds, values and NA", () => {
    const t = Table.fromColumns({
      gene: ["CDKN1A", "MDM2", "GAPDH"],
      log2FoldChange: [4.6, NaN, 0.1 + 0.2],
      padj: [1e-300, 0.5, null],
      up: [true, false, false],
      count: [5_000_000_000, 7, 0],
    });
    const df = toDataFrame(t);
    expect(isDataFrame(df)).toBe(true);
    expect(df.shape).toEqual([3, 5]);
    expect(df.columns).toEqual(t.names);
    const back = fromDataFrame(df);
    expect(back.names).toEqual(t.names);
    expect(back.kinds()).toEqual(t.kinds());
    expect(back.toRecords()).toEqual(t.toRecords());
  });

  it("fromDataFrame reads a DataFrame made by danfo directly", () => {
    const df = new dfd.DataFrame({ gene: ["TP53", "BAX"], lfc: [0.1, 1.4] });
    const t = fromDataFrame(df);
    expect(t.names).toEqual(["gene", "lfc"]);
    expect(t.column("gene")).toEqual(["TP53", "BAX"]);
    expect(Array.from(t.column("lfc") as Float64Array)).toEqual([0.1, 1.4]);
  });
});

describe("countsFromDataFrame", () => {
  it("first column holds gene IDs, the others are samples", () => {
    const df = new dfd.DataFrame({ gene_id: ["MDM2", "TP53"], s1: [5, 6], s2: [9, 10] });
    const m = countsFromDataFrame(df);
    expect(m.genes).toEqual(["MDM2", "TP53"]);
    expect(m.samples).toEqual(["s1", "s2"]);
    expect(Array.from(m.geneCounts("MDM2"))).toEqual([5, 9]);
    expect(Array.from(m.geneCounts("TP53"))).toEqual([6, 10]);
    expect(m.source).toBe("DataFrame");
  });

  it("geneColumn may be any column", () => {
    const df = new dfd.DataFrame({ s1: [1, 2], gene: ["A", "B"], s2: [3, 4] });
    const m = countsFromDataFrame(df, "gene");
    expect(m.genes).toEqual(["A", "B"]);
    expect(m.samples).toEqual(["s1", "s2"]);
    expect(Array.from(m.values)).toEqual([1, 3, 2, 4]);
  });

  it("an unknown gene column lists the columns", () => {
    const df = new dfd.DataFrame({ id: ["A"], s1: [1] });
    const e = thrown(() => countsFromDataFrame(df, "gene"));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain('"gene"');
    expect(e.message).toContain("id, s1");
  });

  it("invalid counts name gene and sample", () => {
    const df = new dfd.DataFrame({ gene_id: ["A", "B"], s1: [1, 2], s2: [3, 4.5] });
    const e = thrown(() => countsFromDataFrame(df));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain("gene B");
    expect(e.message).toContain("sample s2");
    expect(e.message).toMatch(/fractional/);
  });
});
