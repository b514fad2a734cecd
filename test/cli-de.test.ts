/**
 * `p53lab de`: the results file matches R DESeq2 on the real HCT116 data, and bad input
 * (mismatched samples, fractional counts, unknown variables, confounded designs, bad
 * contrasts) gives one clear line and a non-zero exit, never a stack trace.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { gunzipSync } from "zlib";
import { cli, SHARED_DATA, HAVE_SHARED, ROOT } from "./helpers";

const STACK = /^\s+at\s/m;
const REF = process.env.P53LAB_REFERENCE ?? join(ROOT, "..", "shared", "reference", "rnaseq");

function tsv(path: string): Record<string, string>[] {
  let b = readFileSync(path);
  if (path.endsWith(".gz")) b = gunzipSync(b);
  const [h, ...rows] = b.toString("utf8").trim().split("\n").map((l) => l.split("\t"));
  return rows.map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]])));
}

function files(counts: string, samples: string): { counts: string; samples: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "p53lab-de-"));
  writeFileSync(join(dir, "counts.tsv"), counts);
  writeFileSync(join(dir, "samples.tsv"), samples);
  return { counts: join(dir, "counts.tsv"), samples: join(dir, "samples.tsv"), dir };
}

const SAMPLES = "sample\tcondition\tbatch\nS1\tdmso\tb1\nS2\tdmso\tb1\nS3\tnutlin\tb2\nS4\tnutlin\tb2\n";
const COUNTS = "gene_id\tS1\tS2\tS3\tS4\nCDKN1A\t100\t120\t900\t1000\nMDM2\t50\t60\t400\t380\nGAPDH\t5000\t5100\t4900\t5050\nACTB\t3000\t3100\t2900\t3050\n";

describe("p53lab de", () => {
  it.skipIf(!HAVE_SHARED || !existsSync(join(REF, "andrysik2017_hct116")))("writes DESeq2's columns matching R on HCT116", () => {
    const out = join(mkdtempSync(join(tmpdir(), "p53lab-de-")), "res.tsv");
    const disp = out.replace("res.tsv", "disp.tsv");
    const r = cli([
      "de", "--counts", join(SHARED_DATA, "rnaseq/andrysik2017_hct116/counts.tsv"),
      "--samples", join(SHARED_DATA, "rnaseq/andrysik2017_hct116/samples.tsv"),
      "--design", "~ condition", "--contrast", "condition,nutlin,dmso", "--alpha", "0.05", "--out", out, "--dispersions", disp,
    ]);
    expect(r.stderr).toContain("5605 genes at padj < 0.05");
    expect(r.status).toBe(0);
    const ours = tsv(out);
    const ref = tsv(join(REF, "andrysik2017_hct116", "deseq2_wald.tsv.gz"));
    expect(Object.keys(ours[0])).toEqual(["gene_id", "baseMean", "log2FoldChange", "lfcSE", "stat", "pvalue", "padj"]);
    expect(ours.length).toBe(ref.length);
    let bad = 0;
    ours.forEach((o, i) => {
      expect(o.gene_id).toBe(ref[i].gene_id);
      for (const k of ["log2FoldChange", "pvalue", "padj"]) {
        if (o[k] === "NA" || ref[i][k] === "NA") {
          if (o[k] !== ref[i][k]) bad++;
          continue;
        }
        const a = Number(o[k]), b = Number(ref[i][k]);
        if (!(Math.abs(a - b) <= 1e-3 * Math.abs(b) || Math.abs(a - b) < 1e-300)) bad++;
      }
    });
    expect(bad).toBe(0);
    expect(Object.keys(tsv(disp)[0])).toEqual(["gene_id", "dispGeneEst", "dispFit", "dispMAP", "dispersion"]);
  });

  const cases: [string, string, string, string[], RegExp][] = [
    ["mismatched sample names", COUNTS, SAMPLES.replace("S4", "S9"), ["--design", "~ condition"], /sample names do not match the count matrix \(count columns without a sample-table row: S4; sample-table rows without a count column: S9\)/],
    ["a fractional count", COUNTS.replace("\t380", "\t380.5"), SAMPLES, ["--design", "~ condition"], /line 3, gene MDM2, sample S4: count is fractional \(380\.5\)/],
    ["a negative count", COUNTS.replace("\t120", "\t-120"), SAMPLES, ["--design", "~ condition"], /line 2, gene CDKN1A, sample S2: count is negative/],
    ["a duplicate gene", COUNTS + "MDM2\t1\t2\t3\t4\n", SAMPLES, ["--design", "~ condition"], /lines 3 and 6: duplicate gene ID "MDM2"/],
    ["an unknown variable", COUNTS, SAMPLES, ["--design", "~ treatment"], /the design uses "treatment", which is not a sample-table column \(columns: condition, batch\)/],
    ["a confounded design", COUNTS, SAMPLES, ["--design", "~ batch + condition"], /not full rank: condition_nutlin_vs_dmso is a linear combination of the other columns \(Intercept, batch_b2_vs_b1\)/],
    ["a bad contrast level", COUNTS, SAMPLES, ["--design", "~ condition", "--contrast", "condition,milademetan,dmso"], /"milademetan" is not a level of condition \(levels: dmso, nutlin\)/],
    ["a malformed contrast", COUNTS, SAMPLES, ["--design", "~ condition", "--contrast", "condition,nutlin"], /--contrast takes FACTOR,LEVEL,REFERENCE/],
    ["a ragged line", COUNTS.replace("GAPDH\t5000\t5100\t4900\t5050", "GAPDH\t5000\t5100"), SAMPLES, ["--design", "~ condition"], /line 4: expected 5 fields as in the header, found 3/],
    ["a single-level factor", COUNTS, SAMPLES.replace(/nutlin/g, "dmso"), ["--design", "~ condition"], /the factor "condition" has a single level \(dmso\)/],
    ["LRT without a reduced design", COUNTS, SAMPLES, ["--design", "~ condition", "--test", "lrt"], /--test lrt needs --reduced/],
    ["a reduced design as large as the full one", COUNTS, SAMPLES, ["--design", "~ condition", "--test", "lrt", "--reduced", "~ condition"], /the reduced design ~ condition must have fewer coefficients than ~ condition/],
  ];
  it.each(cases)("%s: one clear line, exit 1", (_name, counts, samples, args, message) => {
    const f = files(counts, samples);
    const r = cli(["de", "--counts", f.counts, "--samples", f.samples, "--out", join(f.dir, "out.tsv"), ...args]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(existsSync(join(f.dir, "out.tsv"))).toBe(false);
  });
});
