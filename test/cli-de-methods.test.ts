/**
 * `p53lab de --method edger-exact|edger-qlf|edger-lrt|voom`: R's column names, the genes
 * filterByExpr keeps, values matching the edgeR 3.40 / limma 3.54 references on HCT116+MCF7,
 * the TMM factors file; DESeq2-only options and bad input rejected with one clear line.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { gunzipSync } from "zlib";
import { cli, SHARED_DATA, HAVE_SHARED, ROOT } from "./helpers";

const REF = process.env.P53LAB_REFERENCE ?? join(ROOT, "..", "shared", "reference", "rnaseq");
const DS = "andrysik2017_hct116_mcf7";
const STACK = /^\s+at\s/m;

function tsv(path: string): Record<string, string>[] {
  let b = readFileSync(path);
  if (path.endsWith(".gz")) b = gunzipSync(b);
  const [h, ...rows] = b.toString("utf8").trim().split("\n").map((l) => l.split("\t"));
  return rows.map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]])));
}

const CASES: [string, string, string[], string][] = [
  ["edger-qlf", "edger_qlf.tsv.gz", ["gene_id", "logFC", "logCPM", "F", "PValue", "FDR"], "FDR"],
  ["edger-exact", "edger_exact.tsv.gz", ["gene_id", "logFC", "logCPM", "PValue", "FDR"], "FDR"],
  ["voom", "limma_voom.tsv.gz", ["gene_id", "logFC", "AveExpr", "t", "P.Value", "adj.P.Val", "B"], "adj.P.Val"],
];

describe.skipIf(!HAVE_SHARED || !existsSync(join(REF, DS, "edger_qlf.tsv.gz")))("p53lab de --method (HCT116+MCF7)", () => {
  it.each(CASES)("%s matches the R reference", (method, refFile, columns, fdrColumn) => {
    const dir = mkdtempSync(join(tmpdir(), "p53lab-de-m-"));
    const out = join(dir, "res.tsv");
    const nf = join(dir, "nf.tsv");
    const r = cli([
      "de", "--method", method, "--counts", join(SHARED_DATA, "rnaseq", DS, "counts.tsv"), "--samples", join(SHARED_DATA, "rnaseq", DS, "samples.tsv"),
      "--design", "~ cell_line + condition", "--contrast", "condition,nutlin,dmso", "--out", out, "--norm-factors", nf,
    ]);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`p53lab de \\(${method}\\): .* genes at FDR < 0.05 of 17998 kept`));
    const ours = tsv(out);
    const ref = tsv(join(REF, DS, refFile));
    expect(Object.keys(ours[0])).toEqual(columns);
    expect(ours.map((o) => o.gene_id)).toEqual(ref.map((o) => o.gene_id));
    for (const k of columns.slice(1)) {
      const ok = ours.filter((o, i) => {
        const a = Number(o[k]);
        const b = Number(ref[i][k]);
        return Math.abs(a - b) <= 1e-4 * Math.abs(b) || Math.abs(a - b) < 1e-12;
      }).length;
      expect(ok / ours.length, k).toBeGreaterThanOrEqual(0.999);
    }
    const calls = ours.filter((o, i) => Number(o[fdrColumn]) < 0.05 !== Number(ref[i][fdrColumn]) < 0.05).length;
    expect(calls).toBeLessThanOrEqual(17);
    const factors = tsv(nf);
    const refNf = tsv(join(REF, DS, "edger_tmm_norm_factors.tsv"));
    expect(factors.map((f) => f.sample)).toEqual(refNf.map((f) => f.sample));
    factors.forEach((f, j) => expect(Math.abs(Number(f.norm_factors) / Number(refNf[j]["norm.factors_filtered"]) - 1)).toBeLessThan(1e-8));
  });
  it.each([["voom", 229], ["edger-qlf", 92]] as const)("%s --robust calls as many genes as R's robust fit", (method, nSig) => {
    const out = join(mkdtempSync(join(tmpdir(), "p53lab-de-m-")), "res.tsv");
    const r = cli([
      "de", "--method", method, "--robust", "--counts", join(SHARED_DATA, "rnaseq", DS, "counts.tsv"), "--samples", join(SHARED_DATA, "rnaseq", DS, "samples.tsv"),
      "--design", "~ cell_line + condition", "--contrast", "condition,nutlin,dmso", "--out", out,
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`: ${nSig} genes at FDR < 0.05 of 17998 kept`);
  });
});

const SAMPLES = "sample\tcondition\nS1\tdmso\nS2\tdmso\nS3\tnutlin\nS4\tnutlin\n";
const COUNTS = "gene_id\tS1\tS2\tS3\tS4\nCDKN1A\t100\t120\t900\t1000\nMDM2\t50\t60\t400\t380\nGAPDH\t5000\t5100\t4900\t5050\nACTB\t3000\t3100\t2900\t3050\nTP53\t800\t790\t820\t805\n";

describe("p53lab de --method: errors", () => {
  const cases: [string, string, string, string[], RegExp][] = [
    ["an unknown method", COUNTS, SAMPLES, ["--method", "sleuth"], /--method must be one of deseq2, edger-exact, edger-qlf, edger-lrt, voom; got "sleuth"/],
    ["a DESeq2-only option", COUNTS, SAMPLES, ["--method", "edger-qlf", "--shrink", "normal"], /--shrink apply to --method deseq2 only/],
    ["--no-filter with DESeq2", COUNTS, SAMPLES, ["--no-filter"], /--no-filter applies to the edgeR and voom methods/],
    ["--robust with DESeq2", COUNTS, SAMPLES, ["--robust"], /--robust applies to the edgeR and voom methods/],
    ["a fractional count with voom", COUNTS.replace("\t380", "\t380.5"), SAMPLES, ["--method", "voom"], /line 3, gene MDM2, sample S4: count is fractional \(380\.5\)/],
    ["mismatched samples with edgeR", COUNTS, SAMPLES.replace("S4", "S9"), ["--method", "edger-qlf"], /sample names do not match the count matrix/],
    ["a bad contrast level with edgeR", COUNTS, SAMPLES, ["--method", "edger-exact", "--contrast", "condition,milademetan,dmso"], /"milademetan" is not a level of condition/],
  ];
  it.each(cases)("%s: one clear line, exit 1", (_name, counts, samples, args, message) => {
    const dir = mkdtempSync(join(tmpdir(), "p53lab-de-m-"));
    writeFileSync(join(dir, "c.tsv"), counts);
    writeFileSync(join(dir, "s.tsv"), samples);
    const r = cli(["de", "--counts", join(dir, "c.tsv"), "--samples", join(dir, "s.tsv"), "--design", "~ condition", "--out", join(dir, "out.tsv"), ...args]);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(existsSync(join(dir, "out.tsv"))).toBe(false);
  });
  it("edger-lrt and --no-filter on a small experiment: every gene listed, finite statistics", () => {
    const dir = mkdtempSync(join(tmpdir(), "p53lab-de-m-"));
    writeFileSync(join(dir, "c.tsv"), COUNTS);
    writeFileSync(join(dir, "s.tsv"), SAMPLES);
    const r = cli(["de", "--method", "edger-lrt", "--no-filter", "--counts", join(dir, "c.tsv"), "--samples", join(dir, "s.tsv"), "--design", "~ condition", "--out", join(dir, "out.tsv")]);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.status).toBe(0);
    const rows = tsv(join(dir, "out.tsv"));
    expect(Object.keys(rows[0])).toEqual(["gene_id", "logFC", "logCPM", "LR", "PValue", "FDR"]);
    expect(rows.map((x) => x.gene_id)).toEqual(["CDKN1A", "MDM2", "GAPDH", "ACTB", "TP53"]);
    rows.forEach((x) => ["logFC", "LR", "PValue"].forEach((k) => expect(Number.isFinite(Number(x[k]))).toBe(true)));
    expect(Number(rows[0].logFC)).toBeGreaterThan(2.5);
  });
});
