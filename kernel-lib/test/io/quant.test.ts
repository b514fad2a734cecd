import { describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync } from "fs";
import { gzipSync } from "zlib";
import { tmpdir } from "os";
import { join } from "path";
import {
  readQuantification,
  detectQuantFormat,
  sampleNameFromPath,
  inferStrandedness,
  lines,
} from "../../src/io/quant";
import { cpm, tpm, fpkm } from "../../src/io/units";
import { CountMatrix } from "../../src/io/counts";

const dir = () => mkdtempSync(join(tmpdir(), "p53lab-quant-"));
const genes = ["ENSG01", "ENSG02", "ENSG03", "ENSG04"];
const samples = ["dmso_1", "dmso_2", "nutlin_1"];
// counts[g][s]
const counts = [
  [10, 12, 40],
  [0, 3, 1],
  [500, 450, 520],
  [7, 0, 30],
];

/** featureCounts output as Subread writes it (comment line, annotation columns, BAM paths). */
function writeFeatureCounts(d: string): string {
  const bams = samples.map((s) => `/data/star/${s}Aligned.sortedByCoord.out.bam`);
  const rows = genes.map((g, i) => [g, "chr1;chr1", `${100 * i + 1};${100 * i + 50}`, `${100 * i + 30};${100 * i + 90}`, "+;+", String(1000 * (i + 1)), ...counts[i].map(String)].join("\t"));
  const text = `# Program:featureCounts v2.0.3; Command:"featureCounts" "-a" "genes.gtf" "-o" "counts.txt" ${bams.join(" ")}\n` +
    ["Geneid", "Chr", "Start", "End", "Strand", "Length", ...bams].join("\t") + "\n" + rows.join("\n") + "\n";
  const p = join(d, "counts.txt");
  writeFileSync(p, text);
  writeFileSync(`${p}.summary`, ["Status", ...bams].join("\t") + "\nAssigned\t517\t465\t591\nUnassigned_NoFeatures\t20\t30\t10\n");
  return p;
}

function writeHtseq(d: string): string[] {
  return samples.map((s, j) => {
    const p = join(d, `${s}.htseq.counts`);
    writeFileSync(p, genes.map((g, i) => `${g}\t${counts[i][j]}`).join("\n") + `\n__no_feature\t${100 + j}\n__ambiguous\t${5 + j}\n__too_low_aQual\t0\n__not_aligned\t2\n__alignment_not_unique\t${40 + j}\n`);
    return p;
  });
}

/** STAR ReadsPerGene.out.tab; `strand` puts the counts in column 3 (forward), 4 (reverse) or splits them. */
function writeStar(d: string, strand: "forward" | "reverse" | "unstranded" | "mixed"): string[] {
  return samples.map((s, j) => {
    const p = join(d, `${s}ReadsPerGene.out.tab`);
    const rows = genes.map((g, i) => {
      const c = counts[i][j];
      const other = Math.round(c * (strand === "mixed" ? 0.35 : 0.02));
      const [f, r] = strand === "forward" ? [c, other] : strand === "reverse" ? [other, c] : strand === "mixed" ? [c, Math.round(c * 0.35)] : [Math.round(c / 2), c - Math.round(c / 2)];
      return `${g}\t${c}\t${f}\t${r}`;
    });
    writeFileSync(p, `N_unmapped\t${1000 + j}\t${1000 + j}\t${1000 + j}\nN_multimapping\t300\t300\t300\nN_noFeature\t50\t400\t60\nN_ambiguous\t20\t2\t3\n` + rows.join("\n") + "\n");
    return p;
  });
}

describe("sample names from paths", () => {
  it.each([
    ["/data/star/SRR4098426Aligned.sortedByCoord.out.bam", "SRR4098426"],
    ["results/nutlin_1.sorted.bam", "nutlin_1"],
    ["htseq/dmso_2.htseq.counts", "dmso_2"],
    ["star/dmso_1ReadsPerGene.out.tab", "dmso_1"],
    ["star/dmso_1_ReadsPerGene.out.tab.gz", "dmso_1"],
    ["salmon/dmso_1/quant.sf", "dmso_1"],
    ["kallisto/n2/abundance.tsv.gz", "n2"],
  ])("%s -> %s", (path, name) => expect(sampleNameFromPath(path)).toBe(name));
});

describe("featureCounts", () => {
  it("reads counts, cleaned sample names and lengths; detects the format", () => {
    const d = dir();
    const p = writeFeatureCounts(d);
    const q = readQuantification(p);
    expect(q.format).toBe("featurecounts");
    expect(q.counts.samples).toEqual(samples);
    expect(q.counts.genes).toEqual(genes);
    expect(Array.from(q.counts.geneCounts("ENSG03"))).toEqual([500, 450, 520]);
    expect(Array.from(q.lengths as Float64Array)).toEqual([1000, 2000, 3000, 4000]);
    expect(q.summary!.column("start")[1]).toBe(101);
    expect(q.summary!.column("end")[1]).toBe(190);
  });
  it("refuses the .summary file with a message saying which file to give", () => {
    const d = dir();
    const p = writeFeatureCounts(d);
    expect(() => readQuantification(`${p}.summary`)).toThrow(/featureCounts' summary file .*give the counts file itself/);
  });
  it("names the line of a ragged row", () => {
    const d = dir();
    const p = join(d, "fc.txt");
    writeFileSync(p, "Geneid\tChr\tStart\tEnd\tStrand\tLength\ta.bam\nG1\tchr1\t1\t10\t+\t10\t5\nG2\tchr1\t1\t10\t+\t10\n");
    expect(() => readQuantification(p)).toThrow(/fc\.txt line 3: 6 fields, expected 7/);
  });
  it("reads gzipped files transparently", () => {
    const d = dir();
    const p = writeFeatureCounts(d);
    const gz = join(d, "counts.txt.gz");
    writeFileSync(gz, gzipSync(require("fs").readFileSync(p)));
    expect(readQuantification(gz).counts.values).toEqual(readQuantification(p).counts.values);
  });
});

describe("HTSeq-count", () => {
  it("reads a folder of per-sample files; the special rows go to the summary, not the genes", () => {
    const d = dir();
    writeHtseq(d);
    const q = readQuantification(d);
    expect(q.format).toBe("htseq");
    expect(q.counts.genes).toEqual(genes);
    expect(q.counts.samples).toEqual(samples);
    expect(Array.from(q.counts.sampleCounts("nutlin_1"))).toEqual([40, 1, 520, 30]);
    expect(Array.from(q.summary!.column("__no_feature") as Float64Array)).toEqual([100, 101, 102]);
    expect(Array.from(q.summary!.column("assigned") as Float64Array)).toEqual([517, 465, 591]);
  });
  it("refuses files with different features", () => {
    const d = dir();
    const files = writeHtseq(d);
    writeFileSync(files[2], "ENSG01\t1\nENSG09\t2\nENSG03\t3\nENSG04\t4\n__no_feature\t1\n");
    expect(() => readQuantification(files)).toThrow(/feature 2 is "ENSG09", but "ENSG02" in .*the files list different features/);
  });
});

describe("STAR ReadsPerGene", () => {
  it.each(["forward", "reverse", "unstranded"] as const)("infers a %s library and takes its column", (strand) => {
    const d = dir();
    const q = readQuantification(writeStar(d, strand));
    expect(q.format).toBe("star");
    expect(q.notes[0]).toMatch(new RegExp(`inferred: ${strand}`));
    const col = q.counts.sampleCounts("dmso_1");
    if (strand === "unstranded") expect(Array.from(col)).toEqual(counts.map((r) => r[0]));
    else expect(Array.from(col)).toEqual(counts.map((r) => r[0]));
    expect(Array.from(q.summary!.column("N_unmapped") as Float64Array)).toEqual([1000, 1001, 1002]);
  });
  it("says when the strandedness cannot be told, and accepts a given one", () => {
    const d = dir();
    const files = writeStar(d, "mixed");
    expect(() => readQuantification(files)).toThrow(/cannot infer the strandedness: 74% of strand-specific counts are on the forward strand/);
    const q = readQuantification(files, { strandedness: "reverse" });
    expect(q.notes[0]).toMatch(/given: reverse/);
    expect(q.counts.get(2, 0)).toBe(Math.round(500 * 0.35));
  });
  it("classifies forward fractions", () => {
    expect([0.95, 0.03, 0.51, 0.7].map(inferStrandedness)).toEqual(["forward", "reverse", "unstranded", null]);
  });
});

describe("nf-core/rnaseq merged tables", () => {
  it("reads gene_counts (rounded for DE, estimates kept) and the TPM table beside it", () => {
    const d = dir();
    const head = ["gene_id", "gene_name", ...samples].join("\t");
    writeFileSync(join(d, "salmon.merged.gene_counts.tsv"), head + "\n" + genes.map((g, i) => [g, `SYM${i}`, ...counts[i].map((c) => (c + 0.4).toFixed(3))].join("\t")).join("\n") + "\n");
    writeFileSync(join(d, "salmon.merged.gene_tpm.tsv"), head + "\n" + genes.map((g, i) => [g, `SYM${i}`, ...counts[i].map((c) => String(c * 100))].join("\t")).join("\n") + "\n");
    const q = readQuantification(join(d, "salmon.merged.gene_counts.tsv"));
    expect(q.format).toBe("nfcore");
    expect(Array.from(q.counts.geneCounts("ENSG01"))).toEqual([10, 12, 40]);
    expect(q.estimatedCounts![0]).toBeCloseTo(10.4, 12);
    expect(q.abundance![2 * 3 + 1]).toBe(45000);
    expect(q.summary!.column("gene_name")[3]).toBe("SYM3");
    expect(() => readQuantification(join(d, "salmon.merged.gene_tpm.tsv"))).toThrow(/holds TPM, not counts; .*use the matching \*gene_counts\.tsv/);
  });
});

describe("plain matrices and mixed-up inputs", () => {
  it("reads a tidy matrix (TSV or CSV) and refuses TPM given as counts", () => {
    const d = dir();
    const p = join(d, "counts.csv");
    writeFileSync(p, ["gene_id," + samples.join(","), ...genes.map((g, i) => [g, ...counts[i]].join(","))].join("\n") + "\n");
    const q = readQuantification(p);
    expect(q.format).toBe("matrix");
    expect(q.counts.get(3, 2)).toBe(30);
    const t = join(d, "expression.tsv");
    writeFileSync(t, "gene\ta\tb\nG1\t250000.5\t600000.25\nG2\t749999.5\t399999.75\n");
    expect(() => readQuantification(t)).toThrow(/these look like TPM or CPM values \(fractional, and every sample sums to 1,000,000/);
  });
  it("detects each format from the content", () => {
    const d = dir();
    const fc = writeFeatureCounts(d);
    const fs = require("fs");
    expect(detectQuantFormat(fs.readFileSync(fc))).toBe("featurecounts");
    expect(detectQuantFormat(fs.readFileSync(`${fc}.summary`))).toBe("featurecounts-summary");
    expect(detectQuantFormat(fs.readFileSync(writeHtseq(d)[0]))).toBe("htseq");
    expect(detectQuantFormat(fs.readFileSync(writeStar(d, "reverse")[0]))).toBe("star");
    expect(detectQuantFormat(Buffer.from("gene\ta\nG\t1\n"))).toBe("matrix");
  });
  it("refuses files of different kinds together and an empty folder", () => {
    const d = dir();
    const h = writeHtseq(d);
    const s = writeStar(d, "reverse");
    expect(() => readQuantification([h[0], s[1]])).toThrow(/is star output, but .* is htseq: give files of one kind/);
    const e = join(d, "empty");
    mkdirSync(e);
    expect(() => readQuantification(e)).toThrow(/the folder holds no quantification files/);
  });
  it("reads a large gzipped matrix line by line (20,000 genes x 200 samples)", () => {
    const d = dir();
    const n = 20000, m = 200;
    const parts: string[] = ["gene_id\t" + Array.from({ length: m }, (_, j) => `s${j}`).join("\t")];
    for (let g = 0; g < n; g++) parts.push(`G${g}\t` + Array.from({ length: m }, (_, j) => (g * 7 + j * 13) % 1000).join("\t"));
    const p = join(d, "big.tsv.gz");
    writeFileSync(p, gzipSync(parts.join("\n") + "\n"));
    const q = readQuantification(p);
    expect(q.counts.nGenes).toBe(n);
    expect(q.counts.nSamples).toBe(m);
    expect(q.counts.get(19999, 199)).toBe((19999 * 7 + 199 * 13) % 1000);
  });
  it("splits lines with LF or CRLF", () => {
    expect([...lines(Buffer.from("a\r\nb\nc"))].map((l) => l.text)).toEqual(["a", "b", "c"]);
  });
});

describe("units", () => {
  const cm = new CountMatrix({ genes, samples, values: counts });
  const len = [1000, 2000, 3000, 4000];
  it("TPM: rates per base, scaled so each sample sums to 1e6", () => {
    const t = tpm(cm, len);
    expect(t.unit).toBe("TPM");
    const rates = counts.map((r, i) => r[0] / len[i]);
    const total = rates.reduce((a, b) => a + b, 0);
    expect(t.values[0]).toBeCloseTo((rates[0] / total) * 1e6, 8);
    for (let j = 0; j < 3; j++) expect(genes.reduce((a, _, g) => a + t.values[g * 3 + j], 0)).toBeCloseTo(1e6, 6);
  });
  it("FPKM: count / kb / million reads", () => {
    const f = fpkm(cm, len);
    const lib0 = counts.reduce((a, r) => a + r[0], 0);
    expect(f.values[2 * 3]).toBeCloseTo(500 / 3 / (lib0 / 1e6), 9);
    expect(f.unit).toBe("FPKM");
  });
  it("per-sample lengths (tximport) and bad lengths", () => {
    const per = { values: Float64Array.from({ length: 12 }, (_, k) => 1000 + k), perSample: true as const };
    expect(tpm(cm, per).values.length).toBe(12);
    expect(() => tpm(cm, [1000, 0, 1, 1])).toThrow(/gene ENSG02, sample dmso_1: length 0 is not a positive number of bases/);
    expect(() => fpkm(cm, [1, 2])).toThrow(/2 gene lengths for 4 genes/);
  });
  it("CPM and edgeR's log-CPM with the scaled prior count", () => {
    const c = cpm(cm);
    const lib = [517, 465, 591];
    expect(c.values[2 * 3 + 1]).toBeCloseTo((450 / lib[1]) * 1e6, 9);
    const lc = cpm(cm, { log: true });
    const mean = lib.reduce((a, b) => a + b) / 3;
    const p1 = (2 * lib[1]) / mean;
    expect(lc.values[1 * 3 + 1]).toBeCloseTo(Math.log2(((3 + p1) / (lib[1] + 2 * p1)) * 1e6), 12);
    expect(lc.unit).toBe("log2 CPM");
  });
});

describe("DE refuses expression units", () => {
  it("says that TPM, CPM or FPKM are not counts", async () => {
    const { asCountMatrix } = await import("../../src/de/inputs");
    const cm = new CountMatrix({ genes, samples, values: counts });
    expect(() => asCountMatrix(tpm(cm, [1000, 2000, 3000, 4000]))).toThrow(/these are TPM values; differential expression runs on raw counts/);
    expect(() => asCountMatrix(cpm(cm, { log: true }))).toThrow(/these are log2 CPM values/);
    expect(asCountMatrix({ genes, samples, values: cm.values } as never).get(2, 1)).toBe(450);
  });
});
