import { gzipSync } from "zlib";
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { CountMatrix, readCounts } from "../../src/io/counts";
import { InputError } from "../../src/io/errors";
import { HAVE_HCT116, HCT116_COUNTS, SKIP_HCT116, thrown, useTempFiles } from "../helpers";

const { write } = useTempFiles();

const small = () =>
  new CountMatrix({
    genes: ["CDKN1A", "MDM2", "GAPDH"],
    samples: ["dmso_1", "nutlin_1"],
    values: [
      [10, 80],
      [5, 40],
      [1000, 1100],
    ],
    source: "small",
  });

describe("CountMatrix construction", () => {
  it("stores gene-major values from rows or from a flat array", () => {
    const a = small();
    const b = new CountMatrix({ genes: a.genes, samples: a.samples, values: [10, 80, 5, 40, 1000, 1100] });
    expect(a.nGenes).toBe(3);
    expect(a.nSamples).toBe(2);
    expect(Array.from(a.values)).toEqual([10, 80, 5, 40, 1000, 1100]);
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    expect(a.get(0, 1)).toBe(80);
    expect(a.get(2, 0)).toBe(1000);
  });

  it("librarySizes are the column sums", () => {
    const m = small();
    expect(Array.from(m.librarySizes())).toEqual([10 + 5 + 1000, 80 + 40 + 1100]);
  });

  const bad: [string, number, RegExp][] = [
    ["negative", -3, /negative \(-3\)/],
    ["fractional", 2.5, /fractional \(2\.5\)/],
    ["NaN", NaN, /NaN|not a number|missing/],
    ["Infinity", Infinity, /infinite/],
    ["-Infinity", -Infinity, /infinite/],
  ];
  for (const [what, value, re] of bad) {
    it(`a ${what} count is an InputError naming gene and sample`, () => {
      const e = thrown(
        () =>
          new CountMatrix({
            genes: ["CDKN1A", "MDM2"],
            samples: ["S1", "S2", "S3"],
            values: [
              [1, 2, 3],
              [4, value, 6],
            ],
            source: "mem",
          }),
      );
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toMatch(re);
      expect(e.message).toContain("gene MDM2");
      expect(e.message).toContain("sample S2");
      expect(e.message).toContain("mem");
      expect(e.message).not.toContain("CDKN1A");
    });
  }

  it("the error names the file line when lines are given", () => {
    const e = thrown(
      () =>
        new CountMatrix({
          genes: ["A", "B"],
          samples: ["S1"],
          values: [1, -1],
          source: "f.tsv",
          lines: [2, 7],
        }),
    );
    expect(e.message).toContain("f.tsv line 7");
    expect(e.message).toContain("gene B");
  });

  it("duplicate gene IDs name both positions, or both lines when given", () => {
    const e1 = thrown(() => new CountMatrix({ genes: ["A", "B", "A"], samples: ["S1"], values: [1, 2, 3], source: "m" }));
    expect(e1).toBeInstanceOf(InputError);
    expect(e1.message).toMatch(/duplicate gene ID "A"/);
    expect(e1.message).toMatch(/1\D+3/);
    const e2 = thrown(
      () => new CountMatrix({ genes: ["A", "B", "A"], samples: ["S1"], values: [1, 2, 3], source: "m.tsv", lines: [2, 3, 9] }),
    );
    expect(e2.message).toContain("m.tsv lines 2 and 9");
  });

  it("selectGenes copies the chosen rows in order; a gene chosen twice is a duplicate", () => {
    const m = new CountMatrix({ genes: ["CDKN1A", "MDM2", "BBC3"], samples: ["a", "b"], values: [[1, 2], [3, 4], [5, 6]] });
    const s = m.selectGenes([2, 0]);
    expect(s.genes).toEqual(["BBC3", "CDKN1A"]);
    expect(Array.from(s.values)).toEqual([5, 6, 1, 2]);
    expect(thrown(() => m.selectGenes([1, 1]))?.message).toMatch(/duplicate gene ID "MDM2"/);
    expect(() => m.selectGenes([3])).toThrow(RangeError);
    expect(() => m.selectGenes([0.5])).toThrow(RangeError);
  });
  it("duplicate sample names are rejected naming the sample", () => {
    const e = thrown(() => new CountMatrix({ genes: ["A"], samples: ["S1", "S2", "S1"], values: [1, 2, 3], source: "m" }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/duplicate sample name "S1"/);
  });

  it("empty gene IDs, no samples, no genes and wrong value counts are rejected", () => {
    expect(thrown(() => new CountMatrix({ genes: ["A", " "], samples: ["S"], values: [1, 2] })).message).toMatch(/empty gene ID/);
    expect(thrown(() => new CountMatrix({ genes: ["A"], samples: [], values: [] })).message).toMatch(/no sample/);
    expect(thrown(() => new CountMatrix({ genes: [], samples: ["S"], values: [] })).message).toMatch(/no genes/);
    expect(thrown(() => new CountMatrix({ genes: ["A", "B"], samples: ["S1", "S2"], values: [1, 2, 3] })).message).toMatch(
      /3 values for 2 genes x 2 samples/,
    );
    const e = thrown(() => new CountMatrix({ genes: ["A", "B"], samples: ["S1", "S2"], values: [[1, 2], [3]] }));
    expect(e.message).toMatch(/gene B has 1 values for 2 samples/);
  });
});

describe("CountMatrix accessors", () => {
  it("geneCounts and sampleCounts by name and index", () => {
    const m = small();
    expect(Array.from(m.geneCounts("MDM2"))).toEqual([5, 40]);
    expect(Array.from(m.geneCounts(2))).toEqual([1000, 1100]);
    expect(Array.from(m.sampleCounts("nutlin_1"))).toEqual([80, 40, 1100]);
    expect(Array.from(m.sampleCounts(0))).toEqual([10, 5, 1000]);
  });

  it("geneCounts returns a copy", () => {
    const m = small();
    m.geneCounts("MDM2")[0] = 999;
    expect(m.get(1, 0)).toBe(5);
  });

  it("unknown gene or sample errors name it and list the samples", () => {
    const m = small();
    const e1 = thrown(() => m.geneCounts("TP53"));
    expect(e1).toBeInstanceOf(InputError);
    expect(e1.message).toContain('"TP53"');
    const e2 = thrown(() => m.sampleCounts("treated"));
    expect(e2.message).toContain('"treated"');
    expect(e2.message).toContain("dmso_1, nutlin_1");
  });

  it("selectSamples reorders and subsets columns", () => {
    const m = small();
    const r = m.selectSamples(["nutlin_1", "dmso_1"]);
    expect(r.samples).toEqual(["nutlin_1", "dmso_1"]);
    expect(r.genes).toEqual(m.genes);
    for (let g = 0; g < m.nGenes; g++) {
      expect(r.get(g, 0)).toBe(m.get(g, 1));
      expect(r.get(g, 1)).toBe(m.get(g, 0));
    }
    const one = m.selectSamples(["nutlin_1"]);
    expect(Array.from(one.values)).toEqual([80, 40, 1100]);
    expect(() => m.selectSamples(["nope"])).toThrow(/no sample "nope"/);
  });

  it("toTable has gene_id then one numeric column per sample", () => {
    const t = small().toTable();
    expect(t.names).toEqual(["gene_id", "dmso_1", "nutlin_1"]);
    expect(t.kinds()).toEqual(["string", "number", "number"]);
    expect(t.column("gene_id")).toEqual(["CDKN1A", "MDM2", "GAPDH"]);
    expect(Array.from(t.column("nutlin_1") as Float64Array)).toEqual([80, 40, 1100]);
  });
});

describe("readCounts", () => {
  it("reads genes, samples and values from a TSV", () => {
    const p = write("ok.tsv", "gene_id\tS1\tS2\nTP53\t0\t3\nMDM2\t12\t40\n");
    const m = readCounts(p);
    expect(m.source).toBe(p);
    expect(m.genes).toEqual(["TP53", "MDM2"]);
    expect(m.samples).toEqual(["S1", "S2"]);
    expect(Array.from(m.values)).toEqual([0, 3, 12, 40]);
  });

  it("plain digit files (the fast reader) and files that need the general parser give the same matrix", () => {
    // Blank lines, CRLF line ends, a padded gene ID and a gzipped copy go through the fast reader;
    // a decimal "5.0" and a quoted cell send the file to the general parser.
    const plain = "gene_id\tS1\tS2\r\n\r\nTP53 \t0\t3\r\nMDM2\t12\t40\r\n\nCDKN1A\t123456789012\t5\n";
    const general = 'gene_id\tS1\tS2\nTP53\t0\t3\n"MDM2"\t12\t40\nCDKN1A\t123456789012\t5.0\n';
    const a = readCounts(write("fast.tsv", plain));
    const b = readCounts(write("general.tsv", general));
    const c = readCounts(write("fast.tsv.gz", gzipSync(plain)));
    for (const m of [a, b, c]) {
      expect(m.genes).toEqual(["TP53", "MDM2", "CDKN1A"]);
      expect(m.samples).toEqual(["S1", "S2"]);
      expect(Array.from(m.values)).toEqual([0, 3, 12, 40, 123456789012, 5]);
    }
    // File line numbers count blank lines (the duplicate is on lines 2 and 4).
    const dup = thrown(() => readCounts(write("dup.tsv", "gene_id\tS1\nTP53\t1\n\nTP53\t2\n")));
    expect(dup.message).toContain("lines 2 and 4");
  });

  const cases: [string, string, RegExp][] = [
    ["negative", "-4", /negative/],
    ["fractional", "2.75", /fractional/],
    ["NA", "NA", /NaN|missing/],
    ["empty", "", /NaN|missing/],
    ["Infinity", "Infinity", /infinite/],
  ];
  for (const [what, cell, re] of cases) {
    it(`a ${what} cell names the file line, gene and sample`, () => {
      const p = write(`bad_${what}.tsv`, `gene_id\tS1\tS2\nTP53\t1\t2\nBAX\t3\t4\nMDM2\t5\t${cell}\n`);
      const e = thrown(() => readCounts(p));
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toMatch(re);
      expect(e.message).toContain(`${p} line 4`);
      expect(e.message).toContain("gene MDM2");
      expect(e.message).toContain("sample S2");
    });
  }

  it("a non-numeric text cell is an InputError quoting the text, line, gene and sample", () => {
    const p = write("text.tsv", "gene_id\tS1\tS2\nTP53\t1\t2\nMDM2\tmany\t4\n");
    const e = thrown(() => readCounts(p));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain('"many" is not a number');
    expect(e.message).toContain(`${p} line 3`);
    expect(e.message).toContain("gene MDM2");
    expect(e.message).toContain("sample S1");
  });

  // Regression test for a fixed bug (src/io/counts.ts readCounts, Number(text)): JavaScript's Number() accepts hex/binary/octal
  // literals, so a corrupt cell "0x1A" is silently read as 26 reads instead of being rejected.
  it("a hexadecimal-looking cell (0x1A) is rejected, not read as 26", () => {
    const p = write("hex.tsv", "gene_id\tS1\nTP53\t0x1A\n");
    expect(() => readCounts(p)).toThrow(InputError);
  });

  it("duplicate gene IDs in a file name both file lines", () => {
    const p = write("dup.tsv", "gene_id\tS1\nTP53\t1\nMDM2\t2\n\nTP53\t3\n");
    const e = thrown(() => readCounts(p));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain('duplicate gene ID "TP53"');
    expect(e.message).toContain(`${p} lines 2 and 5`);
  });

  it("duplicate sample columns in a file are rejected naming the sample and the file", () => {
    const p = write("dupsample.tsv", "gene_id\tS1\tS2\tS1\nTP53\t1\t2\t3\n");
    const e = thrown(() => readCounts(p));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain('duplicate sample name "S1"');
    expect(e.message).toContain(`${p} line 1, columns 2 and 4`);
  });

  it("a file with only a gene column or only a header is rejected", () => {
    const one = write("onecol.tsv", "gene_id\nTP53\n");
    expect(thrown(() => readCounts(one)).message).toContain(`${one} line 1`);
    const head = write("header.tsv", "gene_id\tS1\n");
    expect(thrown(() => readCounts(head)).message).toMatch(/no genes/);
  });

  it("reads CSV (by name) and trims gene IDs", () => {
    const p = write("c.csv", "gene,A,B\n TP53 ,1,2\n");
    const m = readCounts(p);
    expect(m.genes).toEqual(["TP53"]);
    expect(Array.from(m.values)).toEqual([1, 2]);
  });

  it.skipIf(!HAVE_HCT116)(
    `reads the real HCT116 count file: dimensions and library sizes match an independent parse${HAVE_HCT116 ? "" : ` (SKIPPED: ${SKIP_HCT116})`}`,
    () => {
      const m = readCounts(HCT116_COUNTS);
      // independent parse of the file
      const lines = readFileSync(HCT116_COUNTS, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
      const header = lines[0].split("\t");
      const sums = new Array(header.length - 1).fill(0);
      const genes: string[] = [];
      for (const line of lines.slice(1)) {
        const f = line.split("\t");
        genes.push(f[0]);
        for (let s = 1; s < f.length; s++) sums[s - 1] += parseInt(f[s], 10);
      }
      expect(m.nGenes).toBe(lines.length - 1);
      expect(m.nGenes).toBe(28265);
      expect(m.nSamples).toBe(4);
      expect(m.samples).toEqual(header.slice(1));
      expect(m.genes[0]).toBe(genes[0]);
      expect(m.genes[m.nGenes - 1]).toBe(genes[genes.length - 1]);
      expect(Array.from(m.librarySizes())).toEqual(sums);
      // one gene checked cell by cell
      const g = genes.indexOf("CDKN1A");
      expect(g).toBeGreaterThanOrEqual(0);
      const expected = lines[g + 1].split("\t").slice(1).map(Number);
      expect(Array.from(m.geneCounts("CDKN1A"))).toEqual(expected);
    },
  );
});
