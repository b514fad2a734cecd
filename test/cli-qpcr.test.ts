/**
 * `p53lab qpcr`: the Livak brain/kidney example through the command line (values of R pcr 1.2.2),
 * reference-gene stability (NormqPCR's NormFinder rho and geNorm M), and one-line errors.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { cli, SHARED_DATA, HAVE_SHARED } from "./helpers";

const QPCR = join(SHARED_DATA, "qpcr");
const STACK = /^\s+at\s/m;

function tsv(path: string): Record<string, string>[] {
  const [h, ...rows] = readFileSync(path, "utf8").trim().split("\n").map((l) => l.split("\t"));
  return rows.map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]])));
}

describe.skipIf(!HAVE_SHARED || !existsSync(join(QPCR, "livak2001_cmyc_gapdh_brain_kidney")))("p53lab qpcr", () => {
  const dir = mkdtempSync(join(tmpdir(), "p53lab-qpcr-"));
  const lines = readFileSync(join(QPCR, "livak2001_cmyc_gapdh_brain_kidney", "cq_long.csv"), "utf8").trim().split("\n");
  const ct1 = join(dir, "ct1.csv");
  writeFileSync(ct1, [lines[0], ...lines.slice(1).filter((l) => l.startsWith("ct1,"))].join("\n") + "\n");

  it("delta-delta-Ct with a Welch test: pcr 1.2.2's numbers and the spec's columns", () => {
    const out = join(dir, "ddct.tsv");
    const r = cli(["qpcr", "--input", ct1, "--reference", "GAPDH", "--calibrator", "brain", "--out", out]);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.status).toBe(0);
    const rows = tsv(out);
    expect(Object.keys(rows[0])).toEqual(["target", "group", "n", "dct", "dct_sd", "ddct", "fold_change", "fold_low", "fold_high", "pvalue", "padj"]);
    const k = rows.find((x) => x.group === "kidney")!;
    expect(Math.abs(Number(k.dct) - 4.365)).toBeLessThan(1e-12);
    expect(Math.abs(Number(k.ddct) - -2.495)).toBeLessThan(1e-12);
    expect(Math.abs(Number(k.fold_change) / 5.63728302056808 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(Number(k.fold_low) / 5.27639905503491 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(Number(k.pvalue) / 3.4666032408103204e-10 - 1)).toBeLessThan(1e-7);
    expect(rows.find((x) => x.group === "brain")!.pvalue).toBe("NA");
  });
  it("the other tests and methods run and agree on the direction", () => {
    for (const args of [["--test", "student"], ["--test", "wilcoxon"], ["--test", "lm"], ["--test", "randomization", "--seed", "3"], ["--method", "pfaffl"], ["--replicates", "median"]]) {
      const out = join(dir, "x.tsv");
      const r = cli(["qpcr", "--input", ct1, "--reference", "GAPDH", "--calibrator", "brain", "--out", out, ...args]);
      expect(r.status, args.join(" ") + r.stderr).toBe(0);
      const k = tsv(out).find((x) => x.group === "kidney")!;
      expect(Number(k.fold_change)).toBeGreaterThan(5);
      expect(Number(k.pvalue)).toBeLessThan(0.01);
    }
  });
  it("normfinder and genorm on Andersen et al.'s colon data, as NormqPCR", () => {
    const nf = join(dir, "nf.tsv");
    expect(cli(["qpcr", "normfinder", "--input", join(QPCR, "normfinder_andersen2004", "colon_wide.csv"), "--group", "Classification", "--out", nf]).status).toBe(0);
    const rows = tsv(nf);
    expect(rows.slice(0, 3).map((x) => x.gene)).toEqual(["UBC", "GAPD", "TPT1"]);
    expect(Math.abs(Number(rows[0].stability) / 0.182170676289945 - 1)).toBeLessThan(1e-12);
    const gn = join(dir, "gn.tsv");
    expect(cli(["qpcr", "genorm", "--input", join(QPCR, "normfinder_andersen2004", "colon_wide.csv"), "--out", gn]).status).toBe(0);
    const g = tsv(gn);
    expect(Math.abs(Number(g.find((x) => x.step === "1" && x.gene === "UBC")!.M) / 0.577939614195171 - 1)).toBeLessThan(1e-12);
    expect(g.filter((x) => x.step.startsWith("V")).length).toBe(11);
  });
  const errors: [string, string[], RegExp][] = [
    ["an unknown method", ["--method", "magic"], /--method must be one of ddct, pfaffl, dct, curve, got "magic"/],
    ["a bad undetermined policy", ["--undetermined", "cutoff:x"], /--undetermined takes drop, error or cutoff:CYCLE/],
    ["a missing reference gene", ["--reference", "ACTB"], /reference gene "ACTB" is not in the Cq table/],
    ["a missing calibrator", ["--calibrator", "liver"], /calibrator group "liver" is not in the Cq table/],
  ];
  it.each(errors)("%s: one clear line, exit 1", (_n, args, message) => {
    const base: Record<string, string> = { "--reference": "GAPDH", "--calibrator": "brain" };
    for (let i = 0; i < args.length; i += 2) base[args[i]] = args[i + 1];
    const r = cli(["qpcr", "--input", ct1, "--out", join(dir, "e.tsv"), ...Object.entries(base).flat()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK);
  });
  it("an undetermined Cq stops the run, naming the line, unless a policy is given", () => {
    const f = join(dir, "und.csv");
    writeFileSync(f, "sample,group,target,cq\nA1,dmso,GAPDH,20\nA1,dmso,CDKN1A,Undetermined\nA2,dmso,GAPDH,20.1\nA2,dmso,CDKN1A,25\nB1,nut,GAPDH,20\nB1,nut,CDKN1A,22\nB2,nut,GAPDH,20.2\nB2,nut,CDKN1A,22.1\n");
    const r = cli(["qpcr", "--input", f, "--reference", "GAPDH", "--calibrator", "dmso", "--out", join(dir, "u.tsv")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/line 3.*undetermined Cq/);
    const ok = cli(["qpcr", "--input", f, "--reference", "GAPDH", "--calibrator", "dmso", "--undetermined", "drop", "--out", join(dir, "u.tsv")]);
    expect(ok.status, ok.stderr).toBe(1); // one dmso sample left for CDKN1A: too few for a t-test, said clearly
    expect(ok.stderr).toMatch(/at least two samples per group/);
  });
});
