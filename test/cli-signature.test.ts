/**
 * `p53lab signature score|enrich` on the HCT116 references (../shared/reference/genesets):
 * z-scores and ssGSEA of the MSigDB p53 sets, ORA p-values and GSEA enrichment scores.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { cli, SHARED_DATA, HAVE_SHARED, ROOT } from "./helpers";

const REF = join(process.env.P53LAB_REFERENCE ?? join(ROOT, "..", "shared", "reference"), "genesets", "andrysik2017_hct116");
const GMT = join(SHARED_DATA, "genesets", "msigdb_v7.0_p53_sets_CC-BY-4.0.gmt");
const STACK = /^\s+at\s/m;
const tsv = (p: string) => {
  const [h, ...rows] = readFileSync(p, "utf8").trim().split("\n").map((l) => l.split("\t"));
  return rows.map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]])));
};

describe.skipIf(!HAVE_SHARED || !existsSync(join(REF, "scores_zscore.tsv")))("p53lab signature", () => {
  const dir = mkdtempSync(join(tmpdir(), "p53lab-sig-"));
  it("score: combined z-scores of the MSigDB p53 sets as GSVA computes them", () => {
    const out = join(dir, "z.tsv");
    const r = cli(["signature", "score", "--expr", join(REF, "vst_symbols.tsv.gz"), "--genesets", GMT, "--method", "zscore", "--out", out]);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.status).toBe(0);
    const ours = tsv(out);
    expect(Object.keys(ours[0])).toEqual(["set", "sample", "score"]);
    const ref = tsv(join(REF, "scores_zscore.tsv"));
    ours.forEach((o, i) => {
      expect(o.set).toBe(ref[i].set);
      expect(Math.abs(Number(o.score) - Number(ref[i].score))).toBeLessThan(1e-9 * Math.max(1, Math.abs(Number(ref[i].score))));
    });
  });
  it("enrich: ORA p-values and GSEA enrichment scores of the reference", () => {
    const res = join(SHARED_DATA, "..", "reference", "rnaseq", "andrysik2017_hct116", "deseq2_wald.tsv.gz");
    const resPath = existsSync(res) ? res : join(ROOT, "..", "shared", "reference", "rnaseq", "andrysik2017_hct116", "deseq2_wald.tsv.gz");
    const ora = join(dir, "ora.tsv");
    expect(cli(["signature", "enrich", "--results", resPath, "--genesets", GMT, "--method", "ora", "--out", ora]).status).toBe(0);
    const refOra = new Map(tsv(join(REF, "ora_hypergeometric.tsv")).map((r) => [r.set, r]));
    for (const o of tsv(ora)) {
      expect(o.overlap).toBe(refOra.get(o.set)!.overlap);
      expect(Math.abs(Number(o.pvalue) / Number(refOra.get(o.set)!.pvalue) - 1)).toBeLessThan(1e-9);
    }
    const gsea = join(dir, "gsea.tsv");
    expect(cli(["signature", "enrich", "--results", resPath, "--genesets", GMT, "--method", "gsea", "--permutations", "2000", "--out", gsea]).status).toBe(0);
    const refG = new Map(tsv(join(REF, "gsea_preranked.tsv")).map((r) => [r.set, r]));
    for (const o of tsv(gsea)) expect(Math.abs(Number(o.es) - Number(refG.get(o.set)!.es))).toBeLessThan(1e-9);
  });
  it("bad input: one clear line", () => {
    const r = cli(["signature", "score", "--expr", join(REF, "vst_symbols.tsv.gz"), "--genesets", GMT, "--method", "magic", "--out", join(dir, "x.tsv")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--method must be one of zscore, meanz, gsva, ssgsea, singscore, plage, footprint, got "magic"/);
    expect(r.stderr).not.toMatch(STACK);
    const e = cli(["signature", "enrich", "--results", GMT, "--genesets", GMT, "--method", "ora", "--out", join(dir, "y.tsv")]);
    expect(e.status).toBe(1);
    expect(e.stderr.trim().split("\n")).toHaveLength(1);
    expect(e.stderr).not.toMatch(STACK);
  });
});
