import { describe, it, expect } from "vitest";
import { join } from "path";
import { gzipSync } from "zlib";
import { parseDelimited, readDelimited } from "../../src/io/delimited";
import { InputError } from "../../src/io/errors";
import { thrown, useTempFiles } from "../helpers";

const { write, dir: tmp } = useTempFiles();

describe("parseDelimited", () => {
  it("splits header and rows and gives the 1-based file line of each row", () => {
    const t = parseDelimited("gene\ta\tb\nTP53\t1\t2\nMDM2\t3\t4\n", { source: "x.tsv" });
    expect(t.source).toBe("x.tsv");
    expect(t.header).toEqual(["gene", "a", "b"]);
    expect(t.rows).toEqual([
      ["TP53", "1", "2"],
      ["MDM2", "3", "4"],
    ]);
    expect(t.lines).toEqual([2, 3]);
  });

  it("counts skipped blank lines in the line numbers", () => {
    const t = parseDelimited("g\tx\nA\t1\n\n\nB\t2\n", { source: "x.tsv" });
    expect(t.rows.map((r) => r[0])).toEqual(["A", "B"]);
    expect(t.lines).toEqual([2, 5]);
  });

  it("a ragged row error names the source and the file line", () => {
    const text = "gene\ta\tb\nTP53\t1\t2\nMDM2\t3\nBAX\t5\t6\n";
    const e = thrown(() => parseDelimited(text, { source: "counts.tsv" }));
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).where).toBe("counts.tsv line 3");
    expect(e.message).toContain("counts.tsv line 3");
    expect(e.message).toMatch(/expected 3 fields.*found 2/);
  });

  it("a ragged row with too many fields after a blank line names the right line (CRLF)", () => {
    const text = "gene\ta\r\nTP53\t1\r\n\r\nMDM2\t3\t9\r\n";
    const e = thrown(() => parseDelimited(text, { source: "c.tsv" }));
    expect(e.message).toContain("c.tsv line 4");
    expect(e.message).toMatch(/found 3/);
  });

  it("an empty or blank text is rejected as an empty file", () => {
    for (const text of ["", "   \n\n\t\n"]) {
      const e = thrown(() => parseDelimited(text, { source: "empty.tsv" }));
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toContain("empty.tsv");
      expect(e.message).toMatch(/empty/);
    }
  });

  it("strips a UTF-8 byte order mark from the first header name", () => {
    const t = parseDelimited("\ufeffgene\tS1\nTP53\t4\n", { source: "bom.tsv" });
    expect(t.header[0]).toBe("gene");
    expect(t.header[0].charCodeAt(0)).toBe("g".charCodeAt(0));
  });

  it("uses comma for .csv and tab for .tsv/.txt names whatever the content", () => {
    expect(parseDelimited("a,b\n1,2\n", { source: "x.csv" }).header).toEqual(["a", "b"]);
    // a tab file named .csv is read with commas: one field holding the tab
    expect(parseDelimited("a\tb\n1\t2\n", { source: "x.csv" }).header).toEqual(["a\tb"]);
    expect(parseDelimited("a,b\n1,2\n", { source: "x.tsv" }).header).toEqual(["a,b"]);
    expect(parseDelimited("a,b\n1,2\n", { source: "x.txt" }).header).toEqual(["a,b"]);
    expect(parseDelimited("a,b\n1,2\n", { source: "x.csv.gz" }).header).toEqual(["a", "b"]);
  });

  it("sniffs the delimiter from the first line for other names", () => {
    const csv = parseDelimited("gene,s1,s2\nTP53,1,2\n", { source: "data" });
    expect(csv.header).toEqual(["gene", "s1", "s2"]);
    expect(csv.rows).toEqual([["TP53", "1", "2"]]);
    const tsv = parseDelimited("gene\ts1\ts2\nTP53\t1,5\t2\n", { source: "data" });
    expect(tsv.header).toEqual(["gene", "s1", "s2"]);
    expect(tsv.rows).toEqual([["TP53", "1,5", "2"]]);
  });

  it("an explicit delimiter wins over the name", () => {
    const t = parseDelimited("a;b\n1;2\n", { source: "x.tsv", delimiter: ";" });
    expect(t.header).toEqual(["a", "b"]);
    expect(t.rows).toEqual([["1", "2"]]);
  });

  it("reads quoted CSV fields holding the delimiter", () => {
    const t = parseDelimited('gene,desc\nTP53,"tumor protein, p53"\n', { source: "x.csv" });
    expect(t.rows).toEqual([["TP53", "tumor protein, p53"]]);
  });

  it("an unclosed quote is an InputError naming the source", () => {
    const e = thrown(() => parseDelimited('g,x\n"A,1\n', { source: "bad.csv" }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain("bad.csv");
    expect(e.message).toMatch(/cannot parse/);
  });
});

describe("readDelimited", () => {
  it("reads a plain TSV file with its path as source", () => {
    const p = write("plain.tsv", "gene\tS1\nTP53\t7\n");
    const t = readDelimited(p);
    expect(t.source).toBe(p);
    expect(t.header).toEqual(["gene", "S1"]);
    expect(t.rows).toEqual([["TP53", "7"]]);
  });

  it("reads a gzipped file (detected by magic bytes) the same as the plain text", () => {
    const text = "gene,S1,S2\nTP53,7,8\nMDM2,1,0\n";
    const gz = write("counts.csv.gz", gzipSync(Buffer.from(text)));
    const plain = write("counts.csv", text);
    const a = readDelimited(gz);
    const b = readDelimited(plain);
    expect(a.header).toEqual(["gene", "S1", "S2"]);
    expect(a.rows).toEqual(b.rows);
    expect(a.lines).toEqual([2, 3]);
    // gzip without a .gz suffix is still recognised
    const noSuffix = write("counts_gz.tsv", gzipSync(Buffer.from("g\tx\nA\t1\n")));
    expect(readDelimited(noSuffix).rows).toEqual([["A", "1"]]);
  });

  it("a gzipped file with a BOM loses the BOM", () => {
    const p = write("bom.tsv.gz", gzipSync(Buffer.from("\ufeffgene\tS1\nA\t1\n", "utf8")));
    expect(readDelimited(p).header).toEqual(["gene", "S1"]);
  });

  it("a truncated gzip file gives an InputError naming the path", () => {
    const full = gzipSync(Buffer.from("gene\tS1\n" + "A\t1\n".repeat(1000)));
    const p = write("broken.tsv.gz", full.subarray(0, 20));
    const e = thrown(() => readDelimited(p));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(p);
    expect(e.message).toMatch(/gzip/);
  });

  it("rejects a binary file", () => {
    const p = write("image.tsv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a, 0x41, 0x00]));
    const e = thrown(() => readDelimited(p));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(p);
    expect(e.message).toMatch(/binary/);
  });

  it("an empty file says it is empty and names the path", () => {
    const p = write("empty.tsv", "");
    const e = thrown(() => readDelimited(p));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(p);
    expect(e.message).toMatch(/empty/);
  });

  it("a missing file says 'file not found' and gives the path", () => {
    const p = join(tmp(), "no-such-folder", "missing_counts.tsv");
    const e = thrown(() => readDelimited(p));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain("file not found");
    expect(e.message).toContain(p);
  });

  it("a folder is not a file", () => {
    const e = thrown(() => readDelimited(tmp()));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(tmp());
    expect(e.message).toMatch(/folder/);
  });

  it("a ragged row in a file names the path and the line", () => {
    const p = write("ragged.tsv", "gene\tS1\tS2\nA\t1\t2\nB\t1\t2\nC\t3\n");
    const e = thrown(() => readDelimited(p));
    expect(e.message).toContain(`${p} line 4`);
  });

  it("the source option replaces the path in messages", () => {
    const p = write("labelled.tsv", "gene\tS1\nA\n");
    const e = thrown(() => readDelimited(p, { source: "my counts" }));
    expect(e.message).toContain("my counts line 2");
  });
});
