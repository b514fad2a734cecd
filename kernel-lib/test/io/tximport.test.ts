import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync } from "fs";
import { gunzipSync } from "zlib";
import { join } from "path";
import { readQuantification, readTx2Gene, tximport, parseTranscriptQuant, deseqNormFactorsFromLengths } from "../../src/io/quant";
import { readInputBytes } from "../../src/io/delimited";
import { InputError } from "../../src/io/errors";

const REF = join(__dirname, "reference", "tximport");
const SAMPLES = ["dmso_1", "dmso_2", "nutlin_1", "nutlin_2"];

/** An R matrix written by make_reference.R: id -> values per sample. */
function readRef(name: string): Map<string, number[]> {
  const text = gunzipSync(readFileSync(join(REF, name))).toString("utf8").trim().split("\n");
  const head = text[0].split("\t");
  expect(head.slice(1)).toEqual(SAMPLES);
  return new Map(text.slice(1).map((l) => {
    const f = l.split("\t");
    return [f[0], f.slice(1).map(Number)];
  }));
}

function maxRelError(ids: string[], values: ArrayLike<number>, ref: Map<string, number[]>): number {
  expect(ids.length).toBe(ref.size);
  let worst = 0;
  ids.forEach((id, i) => {
    const r = ref.get(id);
    expect(r, `gene ${id} in the reference`).toBeDefined();
    r!.forEach((v, j) => {
      const x = values[i * SAMPLES.length + j];
      const e = v === 0 ? Math.abs(x) : Math.abs(x - v) / Math.abs(v);
      worst = Math.max(worst, e);
    });
  });
  return worst;
}

describe.each(["salmon", "kallisto"] as const)("tximport on %s files, against R tximport 1.26", (type) => {
  const dir = join(REF, type);
  it.each(["no", "scaledTPM", "lengthScaledTPM"] as const)("countsFromAbundance = %s: abundance, counts and length within 1e-10", (cfa) => {
    const q = readQuantification(dir, { tx2gene: join(REF, "tx2gene.tsv"), ignoreTxVersion: true, countsFromAbundance: cfa });
    expect(q.format).toBe(type);
    expect(q.counts.samples).toEqual(SAMPLES);
    const ids = q.counts.genes;
    expect(maxRelError(ids, q.abundance!, readRef(`${type}_${cfa}_abundance.tsv.gz`))).toBeLessThan(1e-10);
    expect(maxRelError(ids, q.estimatedCounts!, readRef(`${type}_${cfa}_counts.tsv.gz`))).toBeLessThan(1e-10);
    const len = (q.lengths as { values: ArrayLike<number> }).values;
    expect(maxRelError(ids, len, readRef(`${type}_${cfa}_length.tsv.gz`))).toBeLessThan(1e-10);
    // Rounded for DE; the notes say what was dropped and replaced.
    expect(q.counts.values.every((v) => Number.isInteger(v))).toBe(true);
    expect(q.notes.join(" ")).toMatch(/not in the transcript-to-gene table and were dropped/);
    expect(q.notes.join(" ")).toMatch(/zero abundance in every sample/);
  });

  it("transcript level (txOut) with lengthScaledTPM within 1e-10", () => {
    const files = SAMPLES.map((s) => join(dir, s, type === "salmon" ? "quant.sf" : "abundance.tsv"));
    const txi = tximport(files.map((f) => parseTranscriptQuant(readInputBytes(f), f)), SAMPLES, { txOut: true, countsFromAbundance: "lengthScaledTPM" });
    expect(maxRelError(txi.ids, txi.counts, readRef(`${type}_txout_lengthScaledTPM_counts.tsv.gz`))).toBeLessThan(1e-10);
    expect(maxRelError(txi.ids, txi.abundance, readRef(`${type}_txout_lengthScaledTPM_abundance.tsv.gz`))).toBeLessThan(1e-10);
    expect(maxRelError(txi.ids, txi.length, readRef(`${type}_txout_lengthScaledTPM_length.tsv.gz`))).toBeLessThan(1e-10);
  });

  it("gives DESeq2's normalisation factors from the average transcript lengths (DESeqDataSetFromTximport + estimateSizeFactors) within 1e-10", () => {
    const q = readQuantification(dir, { tx2gene: join(REF, "tx2gene.tsv"), ignoreTxVersion: true });
    const nf = deseqNormFactorsFromLengths(q.counts.values, (q.lengths as { values: ArrayLike<number> }).values, q.counts.nGenes, q.counts.nSamples);
    expect(maxRelError(q.counts.genes, nf, readRef(`${type}_deseq2_normfactors.tsv.gz`))).toBeLessThan(1e-10);
  });
});

describe("tximport input errors", () => {
  it("refuses transcripts without a transcript-to-gene table, and a table that matches nothing", () => {
    expect(() => readQuantification(join(REF, "salmon"))).toThrow(/transcript-level salmon quantifications \(160 transcripts\); give a transcript-to-gene table/);
    expect(() => readQuantification(join(REF, "salmon"), { tx2gene: join(REF, "tx2gene.tsv") })).toThrow(/none of the 160 transcripts \(e\.g\. "ENST00000000011\.2"\).*try ignoreTxVersion/);
  });
  it("refuses mixed formats and mismatched transcript lists", () => {
    const files = [join(REF, "salmon", "dmso_1", "quant.sf"), join(REF, "kallisto", "dmso_2", "abundance.tsv")];
    expect(() => readQuantification(files, { tx2gene: join(REF, "tx2gene.tsv") })).toThrow(/is kallisto output, but .* is salmon: give files of one kind/);
    const a = parseTranscriptQuant(Buffer.from("Name\tLength\tEffectiveLength\tTPM\tNumReads\nT1\t100\t80\t1e6\t5\n"), "a.sf");
    const b = parseTranscriptQuant(Buffer.from("Name\tLength\tEffectiveLength\tTPM\tNumReads\nT2\t100\t80\t1e6\t5\n"), "b.sf");
    expect(() => tximport([a, b], ["a", "b"], { tx2gene: new Map([["T1", "G"]]) })).toThrow(/transcript 1 is "T2", but "T1" in a\.sf: the samples were quantified against different transcriptomes/);
  });
  it("names the line of a malformed quant.sf and of a transcript mapped to two genes", () => {
    expect(() => parseTranscriptQuant(Buffer.from("Name\tLength\tEffectiveLength\tTPM\tNumReads\nT1\t100\tabc\t1\t5\n"), "q.sf")).toThrow(/EffectiveLength "abc" is not a non-negative number/);
    expect(() => parseTranscriptQuant(Buffer.from("Name\tLength\tEffectiveLength\tTPM\tNumReads\nT1\t100\n"), "q.sf")).toThrow(InputError);
    expect(() => parseTranscriptQuant(Buffer.from("gene\tcount\nA\t1\n"), "q.sf")).toThrow(/expected a salmon quant\.sf header/);
  });
  it("reads the transcript-to-gene table with or without a header", () => {
    const t = readTx2Gene(join(REF, "tx2gene.tsv"));
    expect(t.size).toBe(155);
    expect(t.get("ENST00000000011")).toBe("ENSG00000000001");
  });
});

// Debian's r-bioc-tximportdata is packaged "+ds": without the example quantifications. When a
// package with them is installed, p53lab reads the real salmon and kallisto files.
const TXDATA = "/usr/lib/R/site-library/tximportData/extdata";
describe.skipIf(!existsSync(join(TXDATA, "salmon")))("the real tximportData examples (skipped: Debian's r-bioc-tximportdata ships without extdata)", () => {
  it("reads the salmon example quantifications and summarises them to genes", () => {
    const samples = readdirSync(join(TXDATA, "salmon")).filter((s) => existsSync(join(TXDATA, "salmon", s, "quant.sf.gz"))).slice(0, 6);
    const tx2gene = join(TXDATA, "tx2gene.gencode.v27.csv");
    const q = readQuantification(samples.map((s) => join(TXDATA, "salmon", s, "quant.sf.gz")), { tx2gene, sampleNames: samples });
    for (let j = 0; j < samples.length; j++) {
      let s = 0;
      for (let g = 0; g < q.counts.nGenes; g++) s += q.abundance![g * samples.length + j];
      expect(s).toBeGreaterThan(9e5);
    }
  });
});
