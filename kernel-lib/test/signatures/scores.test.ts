/**
 * scoreSets against GSVA 1.46.0 (reference files of andrysik2017_hct116, read in place), plus bad input.
 * Tolerances: zscore / meanz / ssgsea (raw and normalised) 1e-10 relative; gsva 1e-8 absolute;
 * plage 1e-9 absolute after aligning the sign per set (the sign of an SVD vector is arbitrary).
 */
import { describe, it, expect, beforeAll } from "vitest";
import { existsSync, readFileSync } from "fs";
import { gunzipSync } from "zlib";
import { join, resolve } from "path";
import { scoreSets, ScoreMethod } from "../../src/signatures/scores";
import { GeneSet } from "../../src/signatures/geneSet";
import { InputError } from "../../src/io/errors";
import { thrown } from "../helpers";

const REFERENCE = process.env.P53LAB_REFERENCE ?? resolve(__dirname, "../../../../shared/reference");
const DATA = process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data");
const REF_DIR = join(REFERENCE, "genesets", "andrysik2017_hct116");
const GMT = join(DATA, "genesets", "msigdb_v7.0_p53_sets_CC-BY-4.0.gmt");
const JEAY = join(DATA, "genesets", "jeay2015_elife_13gene_p53_signature.tsv");
const HAVE_REFERENCE = [join(REF_DIR, "vst_symbols.tsv.gz"), join(REF_DIR, "scores_gsva.tsv"), GMT, JEAY].every(existsSync);

/** Lines of a tab-separated text without the trailing empty line. */
function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.length > 0);
}

/** The 21 sets: GMT sets in file order (name, description, genes), then the Jeay 2015 signature. */
function readSets(): GeneSet[] {
  const sets: GeneSet[] = lines(readFileSync(GMT, "utf8")).map((line) => {
    const f = line.split("\t");
    return { name: f[0], genes: [...new Set(f.slice(2).filter((g) => g !== ""))] };
  });
  const jeay = lines(readFileSync(JEAY, "utf8"));
  const col = jeay[0].split("\t").indexOf("gene_symbol");
  sets.push({ name: "JEAY2015_ELIFE_13GENE_P53_SIGNATURE", genes: [...new Set(jeay.slice(1).map((l) => l.split("\t")[col]))] });
  return sets;
}

/** Reference scores as "set\tsample" -> score. */
function readScores(file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines(readFileSync(join(REF_DIR, file), "utf8")).slice(1)) {
    const [set, sample, score] = line.split("\t");
    out.set(`${set}\t${sample}`, Number(score));
  }
  return out;
}

describe.skipIf(!HAVE_REFERENCE)("scoreSets against GSVA 1.46.0 (andrysik2017_hct116)", () => {
  let values: Float64Array;
  let genes: string[];
  let samples: string[];
  let sets: GeneSet[];

  beforeAll(() => {
    const rows = lines(gunzipSync(readFileSync(join(REF_DIR, "vst_symbols.tsv.gz"))).toString("utf8"));
    samples = rows[0].split("\t").slice(1);
    genes = [];
    values = new Float64Array((rows.length - 1) * samples.length);
    rows.slice(1).forEach((row, g) => {
      const f = row.split("\t");
      genes.push(f[0]);
      for (let j = 0; j < samples.length; j++) values[g * samples.length + j] = Number(f[j + 1]);
    });
    sets = readSets();
  });

  /** Scores of one method, checked against the reference file in table order; returns ours and theirs. */
  function compare(method: ScoreMethod, file: string, extra: { ssgseaNormalize?: boolean } = {}): { ours: Float64Array; ref: Float64Array } {
    const res = scoreSets(values, genes, samples, sets, { method, ...extra });
    const refMap = readScores(file);
    expect(res.table.nRows).toBe(sets.length * samples.length);
    expect(refMap.size).toBe(res.table.nRows);
    const setCol = res.table.column("set") as string[];
    const sampleCol = res.table.column("sample") as string[];
    const ref = Float64Array.from(setCol, (s, i) => refMap.get(`${s}\t${sampleCol[i]}`) ?? NaN);
    expect(Array.from(res.table.column("score") as Float64Array)).toEqual(Array.from(res.matrix));
    return { ours: res.matrix, ref };
  }

  function maxRel(a: Float64Array, b: Float64Array): number {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300));
    return m;
  }

  function maxAbs(a: Float64Array, b: Float64Array): number {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  }

  it("uses the 21 sets and reports the genes missing from the matrix as genesets_used.tsv", () => {
    expect(sets.length).toBe(21);
    expect(genes.length).toBe(24765);
    const res = scoreSets(values, genes, samples, sets, { method: "zscore" });
    const used = lines(readFileSync(join(REF_DIR, "genesets_used.tsv"), "utf8"));
    const head = used[0].split("\t");
    const iMissing = head.indexOf("missing_from_scoring_matrix");
    const iN = head.indexOf("n_in_scoring_matrix");
    expect(used.slice(1).map((l) => l.split("\t")[0])).toEqual(sets.map((s) => s.name));
    used.slice(1).forEach((l, s) => {
      const f = l.split("\t");
      const want = f[iMissing] ? f[iMissing].split(",") : [];
      expect(res.missing.get(sets[s].name)).toEqual(want);
      expect(sets[s].genes.length - want.length).toBe(Number(f[iN]));
    });
  });

  it("zscore to 1e-10 relative", () => {
    const { ours, ref } = compare("zscore", "scores_zscore.tsv");
    expect(maxRel(ours, ref)).toBeLessThan(1e-10);
  });

  it("meanz to 1e-10 relative", () => {
    const { ours, ref } = compare("meanz", "scores_meanz.tsv");
    expect(maxRel(ours, ref)).toBeLessThan(1e-10);
  });

  it("ssgsea, raw and normalised, to 1e-10 relative", () => {
    const raw = compare("ssgsea", "scores_ssgsea_nonorm.tsv", { ssgseaNormalize: false });
    expect(maxRel(raw.ours, raw.ref)).toBeLessThan(1e-10);
    const norm = compare("ssgsea", "scores_ssgsea.tsv");
    expect(maxRel(norm.ours, norm.ref)).toBeLessThan(1e-10);
  });

  it("gsva to 1e-8 absolute, in well under two seconds", () => {
    const t0 = performance.now();
    const { ours, ref } = compare("gsva", "scores_gsva.tsv");
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(maxAbs(ours, ref)).toBeLessThan(1e-8);
  });

  it("plage to 1e-9 absolute up to the sign of each set", () => {
    const { ours, ref } = compare("plage", "scores_plage.tsv");
    const n = samples.length;
    const aligned = ours.slice();
    for (let s = 0; s < sets.length; s++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += ours[s * n + j] * ref[s * n + j];
      if (dot < 0) for (let j = 0; j < n; j++) aligned[s * n + j] = -ours[s * n + j];
    }
    expect(maxAbs(aligned, ref)).toBeLessThan(1e-9);
  });
});

describe("scoreSets on small input", () => {
  const genes = ["A", "B", "C", "D", "E"];
  const samples = ["s1", "s2", "s3"];
  const values = Float64Array.of(1, 2, 3, 2, 4, 7, 5, 1, 0, 3, 3, 4, 9, 8, 1);
  const sets: GeneSet[] = [
    { name: "AB", genes: ["A", "B", "Z"] },
    { name: "CDE", genes: ["C", "D", "E"] },
  ];

  it("meanz is zscore / sqrt(k), set-major table, missing genes reported", () => {
    const z = scoreSets(values, genes, samples, sets, { method: "zscore" });
    const m = scoreSets(values, genes, samples, sets, { method: "meanz" });
    expect(m.table.column("set")).toEqual(["AB", "AB", "AB", "CDE", "CDE", "CDE"]);
    expect(m.table.column("sample")).toEqual(["s1", "s2", "s3", "s1", "s2", "s3"]);
    for (let j = 0; j < 3; j++) {
      expect(m.matrix[j]).toBeCloseTo(z.matrix[j] / Math.SQRT2, 14);
      expect(m.matrix[3 + j]).toBeCloseTo(z.matrix[3 + j] / Math.sqrt(3), 14);
    }
    expect(m.missing.get("AB")).toEqual(["Z"]);
    expect(m.missing.get("CDE")).toEqual([]);
    // gene A: z = (-1, 0, 1); gene B = (2, 4, 7): mean 13/3, sd sqrt(19/3)
    const zb = (v: number) => (v - 13 / 3) / Math.sqrt(19 / 3);
    expect(m.matrix[0]).toBeCloseTo((-1 + zb(2)) / 2, 14);
  });

  it("plage vectors have unit length; gsva and ssgsea run", () => {
    const p = scoreSets(values, genes, samples, sets, { method: "plage" });
    expect(Math.hypot(p.matrix[0], p.matrix[1], p.matrix[2])).toBeCloseTo(1, 12);
    for (const method of ["gsva", "ssgsea"] as const) {
      const r = scoreSets(values, genes, samples, sets, { method });
      expect(r.matrix.every(Number.isFinite)).toBe(true);
    }
  });

  it("constant genes are dropped and listed as missing", () => {
    const v = Float64Array.of(1, 2, 3, 5, 5, 5, 4, 1, 2);
    const r = scoreSets(v, ["A", "K", "B"], samples, [{ name: "S", genes: ["A", "K"] }], { method: "zscore" });
    expect(r.missing.get("S")).toEqual(["K"]);
    expect(Array.from(r.matrix)).toEqual([-1, 0, 1]);
  });

  it("bad input raises InputErrors naming the problem", () => {
    let e = thrown(() => scoreSets(values.subarray(1), genes, samples, sets, { method: "zscore" }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/14 entries, expected 5 genes x 3 samples = 15/);

    const withNaN = values.slice();
    withNaN[4] = NaN; // gene B, sample s2
    e = thrown(() => scoreSets(withNaN, genes, samples, sets, { method: "gsva" }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/gene "B", sample "s2"/);
    expect(e.message).toMatch(/NaN/);

    e = thrown(() => scoreSets(values, genes, samples, [...sets, { name: "NONE", genes: ["X", "Y"] }], { method: "zscore" }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/gene set "NONE".*none of its 2 genes/);

    e = thrown(() => scoreSets(values, genes, samples, sets, { method: "gsea" as unknown as ScoreMethod }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/unknown method "gsea"; use one of gsva, ssgsea, zscore, meanz, plage/);

    e = thrown(() => scoreSets(values, ["A", "B", "A", "D", "E"], samples, sets, { method: "zscore" }));
    expect(e.message).toMatch(/gene name "A" appears more than once/);

    e = thrown(() => scoreSets(values, genes, samples, sets, { method: "zscore", minSize: 3 }));
    expect(e.message).toMatch(/gene set "AB".*only 2 of its genes.*minSize = 3/);

    e = thrown(() => scoreSets(values, genes, samples, [{ name: "ALL", genes }], { method: "gsva" }));
    expect(e.message).toMatch(/gene set "ALL".*every scored gene/);

    e = thrown(() => scoreSets(Float64Array.of(1, 2), ["A", "B"], ["s1"], sets, { method: "zscore" }));
    expect(e.message).toMatch(/at least 2 samples/);

    e = thrown(() => scoreSets(values, genes, samples, [sets[0], sets[0]], { method: "zscore" }));
    expect(e.message).toMatch(/gene set name "AB" appears more than once/);
  });
});
