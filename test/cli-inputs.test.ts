/**
 * The command line with upstream inputs: `p53lab de` on HTSeq-count files, STAR ReadsPerGene
 * files and salmon quantifications (with the tximport length offsets), `p53lab convert` to TPM,
 * FPKM and CPM, `p53lab signature score --counts`, and mixed-up inputs refused with one clear line
 * and a non-zero exit, never a stack trace.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { cli, ROOT } from "./helpers";
import { simulateMdm2Experiment } from "../kernel-lib/src/datasets/simulate";

const STACK = /^\s+at\s/m;
const TXREF = join(ROOT, "kernel-lib", "test", "io", "reference", "tximport");

function tsv(path: string): Record<string, string>[] {
  const [h, ...rows] = readFileSync(path, "utf8").trim().split("\n").map((l) => l.split("\t"));
  return rows.map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]])));
}

/** A simulated experiment written as HTSeq-count and STAR files, plus its sample table. */
function upstreamFiles() {
  const sim = simulateMdm2Experiment({ nGenes: 1500, replicates: 3, seed: 9 });
  const dir = mkdtempSync(join(tmpdir(), "p53lab-inputs-"));
  const c = sim.counts;
  mkdirSync(join(dir, "htseq"));
  mkdirSync(join(dir, "star"));
  c.samples.forEach((s, j) => {
    const col = c.sampleCounts(j);
    writeFileSync(join(dir, "htseq", `${s}.htseq.counts`), c.genes.map((g, i) => `${g}\t${col[i]}`).join("\n") + "\n__no_feature\t123\n__ambiguous\t4\n__too_low_aQual\t0\n__not_aligned\t0\n__alignment_not_unique\t77\n");
    writeFileSync(
      join(dir, "star", `${s}ReadsPerGene.out.tab`),
      "N_unmapped\t10\t10\t10\nN_multimapping\t20\t20\t20\nN_noFeature\t5\t900\t30\nN_ambiguous\t2\t0\t0\n" + c.genes.map((g, i) => `${g}\t${col[i]}\t${Math.round(col[i] * 0.03)}\t${col[i]}`).join("\n") + "\n",
    );
  });
  writeFileSync(join(dir, "samples.tsv"), sim.samples.toTable().toTSV());
  writeFileSync(join(dir, "counts.tsv"), c.toTable().toTSV());
  return { dir, sim };
}

describe("p53lab de with upstream inputs", () => {
  const { dir } = upstreamFiles();
  const ref = join(dir, "ref.tsv");
  const r0 = cli(["de", "--counts", join(dir, "counts.tsv"), "--samples", join(dir, "samples.tsv"), "--design", "~ condition", "--out", ref]);

  it("gives the same results from a folder of HTSeq-count files as from the matrix", () => {
    expect(r0.status, r0.stderr).toBe(0);
    const out = join(dir, "htseq.tsv");
    const r = cli(["de", "--counts", join(dir, "htseq"), "--samples", join(dir, "samples.tsv"), "--design", "~ condition", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/HTSeq-count: 1500 features; special rows \(__no_feature, \.\.\.\) reported in the summary/);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(ref, "utf8"));
  });

  it("infers a reverse-stranded STAR library and gives the same results", () => {
    const out = join(dir, "star.tsv");
    const r = cli(["de", "--counts", join(dir, "star"), "--samples", join(dir, "samples.tsv"), "--design", "~ condition", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/STAR ReadsPerGene: inferred: reverse \(forward fraction 0\.03-0\.03 in 6 samples\)/);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(ref, "utf8"));
  });

  it("runs DESeq2 on salmon files with the average-transcript-length factors, and refuses them without offsets for edgeR", () => {
    const samples = join(dir, "tx_samples.tsv");
    writeFileSync(samples, "sample\tcondition\ndmso_1\tdmso\ndmso_2\tdmso\nnutlin_1\tnutlin\nnutlin_2\tnutlin\n");
    const out = join(dir, "salmon.tsv");
    const r = cli(["de", "--counts", join(TXREF, "salmon"), "--tx2gene", join(TXREF, "tx2gene.tsv"), "--ignore-tx-version", "--samples", samples, "--design", "~ condition", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/160 transcripts summarised to 58 genes/);
    expect(r.stderr).toMatch(/normalisation factors from the average transcript lengths/);
    expect(tsv(out).length).toBe(58);
    const e = cli(["de", "--method", "edger-qlf", "--counts", join(TXREF, "salmon"), "--tx2gene", join(TXREF, "tx2gene.tsv"), "--ignore-tx-version", "--samples", samples, "--design", "~ condition", "--out", out]);
    expect(e.status).not.toBe(0);
    expect(e.stderr).toMatch(/use --counts-from-abundance lengthScaledTPM/);
    expect(e.stderr).not.toMatch(STACK);
  });

  it("refuses TPM given as counts and transcripts without a table, in one line", () => {
    const tpmFile = join(dir, "tpm.tsv");
    writeFileSync(tpmFile, "gene\tdmso_1\tdmso_2\nG1\t250000.5\t600000.25\nG2\t749999.5\t399999.75\n");
    for (const args of [
      ["--counts", tpmFile],
      ["--counts", join(TXREF, "salmon")],
      ["--counts", join(dir, "htseq"), "--format", "bogus"],
    ]) {
      const r = cli(["de", ...args, "--samples", join(dir, "samples.tsv"), "--design", "~ condition", "--out", join(dir, "x.tsv")]);
      expect(r.status).not.toBe(0);
      expect(r.stderr.trim().split("\n").length, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(STACK);
    }
    const r = cli(["de", "--counts", tpmFile, "--samples", join(dir, "samples.tsv"), "--design", "~ condition", "--out", join(dir, "x.tsv")]);
    expect(r.stderr).toMatch(/these look like TPM or CPM values/);
  });
});

describe("p53lab convert", () => {
  it("writes TPM from featureCounts lengths, FPKM with a lengths file, and CPM", () => {
    const dir = mkdtempSync(join(tmpdir(), "p53lab-convert-"));
    const fc = join(dir, "counts.txt");
    writeFileSync(fc, "# Program:featureCounts v2.0.3\nGeneid\tChr\tStart\tEnd\tStrand\tLength\ta.bam\tb.bam\nG1\tchr1\t1\t1000\t+\t1000\t100\t300\nG2\tchr1\t1\t3000\t+\t3000\t300\t300\n");
    const out = join(dir, "tpm.tsv");
    const r = cli(["convert", "--input", fc, "--to", "tpm", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const t = tsv(out);
    expect(Object.keys(t[0])).toEqual(["gene_id", "a", "b"]);
    expect(Number(t[0].a)).toBeCloseTo(500000, 6);
    expect(Number(t[0].b)).toBeCloseTo(750000, 6);
    const m = join(dir, "m.tsv");
    writeFileSync(m, "gene_id\ta\tb\nG1\t100\t300\nG2\t300\t300\n");
    const e = cli(["convert", "--input", m, "--to", "fpkm", "--out", join(dir, "f.tsv")]);
    expect(e.status).not.toBe(0);
    expect(e.stderr).toMatch(/matrix input has no gene lengths: give --lengths FILE/);
    writeFileSync(join(dir, "len.tsv"), "gene\tlength\nG1\t1000\nG2\t3000\n");
    const f = cli(["convert", "--input", m, "--to", "fpkm", "--lengths", join(dir, "len.tsv"), "--out", join(dir, "f.tsv")]);
    expect(f.status, f.stderr).toBe(0);
    expect(Number(tsv(join(dir, "f.tsv"))[0].a)).toBeCloseTo(100 / 1 / (400 / 1e6), 6);
    const c = cli(["convert", "--input", m, "--to", "cpm", "--out", join(dir, "c.tsv")]);
    expect(c.status, c.stderr).toBe(0);
    expect(Number(tsv(join(dir, "c.tsv"))[1].b)).toBeCloseTo(5e5, 6);
  });
  it("writes salmon's gene-level TPM as tximport reports it", () => {
    const out = join(mkdtempSync(join(tmpdir(), "p53lab-convert-")), "tpm.tsv");
    const r = cli(["convert", "--input", join(TXREF, "salmon"), "--tx2gene", join(TXREF, "tx2gene.tsv"), "--ignore-tx-version", "--to", "tpm", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/as tpm \(as salmon reports it\)/);
    expect(tsv(out).length).toBe(58);
  });
});

describe("p53lab signature score --counts", () => {
  it("scores gene sets on the VST of HTSeq-count files", () => {
    const { dir } = upstreamFiles();
    const gmt = join(dir, "sets.gmt");
    writeFileSync(gmt, "P53\tcanonical\tCDKN1A\tMDM2\tBBC3\tGDF15\n");
    const out = join(dir, "scores.tsv");
    const r = cli(["signature", "score", "--counts", join(dir, "htseq"), "--genesets", gmt, "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1500 genes from htseq counts, DESeq2 VST \(blind\)/);
    const rows = tsv(out);
    expect(rows.length).toBe(6);
    const treated = rows.filter((x) => !x.sample.startsWith("dmso")).map((x) => Number(x.score));
    const control = rows.filter((x) => x.sample.startsWith("dmso")).map((x) => Number(x.score));
    expect(Math.min(...treated)).toBeGreaterThan(Math.max(...control));
    const e = cli(["signature", "score", "--genesets", gmt, "--out", out]);
    expect(e.stderr).toMatch(/give one of --expr .* or --counts/);
  });
});
