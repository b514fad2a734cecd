import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { gunzipSync } from "zlib";
import { gseaPreranked, hypergeometricUpper, ora } from "../../src/signatures/enrichment";
import type { GeneSet } from "../../src/signatures/geneSet";
import { InputError } from "../../src/io/errors";
import { Table } from "../../src/io/table";

const REFERENCE = process.env.P53LAB_REFERENCE ?? resolve(__dirname, "../../../../shared/reference");
const DATA = process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data");
const GS_DIR = join(REFERENCE, "genesets", "andrysik2017_hct116");
const WALD = join(REFERENCE, "rnaseq", "andrysik2017_hct116", "deseq2_wald.tsv.gz");
const GMT = join(DATA, "genesets", "msigdb_v7.0_p53_sets_CC-BY-4.0.gmt");
const JEAY = join(DATA, "genesets", "jeay2015_elife_13gene_p53_signature.tsv");
const HAVE_REFERENCE = [GS_DIR, WALD, GMT, JEAY].every((p) => existsSync(p));

/** A TSV (optionally gzipped) as header names and rows of cells. */
function readTsv(path: string): { header: string[]; rows: string[][] } {
  const raw = readFileSync(path);
  const text = (path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  const lines = text.split("\n").filter((l) => l.length > 0);
  return { header: lines[0].split("\t"), rows: lines.slice(1).map((l) => l.split("\t")) };
}

/** Column `name` of a TSV read by `readTsv`. */
function col(t: { header: string[]; rows: string[][] }, name: string): string[] {
  const j = t.header.indexOf(name);
  if (j < 0) throw new Error(`no column ${name}`);
  return t.rows.map((r) => r[j]);
}

/** The 21 sets of the reference: the GMT in file order, then the Jeay 2015 signature. */
function referenceSets(): GeneSet[] {
  const sets: GeneSet[] = readFileSync(GMT, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      const f = l.split("\t");
      return { name: f[0], genes: Array.from(new Set(f.slice(2).filter((g) => g.length > 0))) };
    });
  const jeay = Array.from(new Set(col(readTsv(JEAY), "gene_symbol")));
  sets.push({ name: "JEAY2015_ELIFE_13GENE_P53_SIGNATURE", genes: jeay });
  return sets;
}

function numbers(t: Table, name: string): Float64Array {
  return t.column(name) as Float64Array;
}

function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

function thrownBy(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error("expected an InputError, none was thrown");
}

/** log C(n, k) by an explicit sum of logs (only for small test cases). */
function choose(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Classic weighted ES by walking every position explicitly (independent of the library's shortcut). */
function explicitWalk(stat: number[], inSet: boolean[]): number {
  const N = stat.length;
  const k = inSet.filter(Boolean).length;
  let NR = 0;
  stat.forEach((s, i) => {
    if (inSet[i]) NR += Math.abs(s);
  });
  let run = 0;
  let mx = 0;
  let mn = 0;
  for (let i = 0; i < N; i++) {
    run += inSet[i] ? Math.abs(stat[i]) / NR : -1 / (N - k);
    mx = Math.max(mx, run);
    mn = Math.min(mn, run);
  }
  return mx > -mn ? mx : mx < -mn ? mn : 0;
}

describe("ora: small exact cases", () => {
  const universe = ["G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8", "G9", "G10"];

  it("gives the hypergeometric upper tail, expected count and overlap in universe order", () => {
    const t = ora(["G9", "G1", "G3", "G6"], universe, [
      { name: "S", genes: ["G3", "G1", "G2", "G4", "G9", "NOT_IN_UNIVERSE"] },
      { name: "T", genes: ["G2", "G5"] },
    ]);
    expect(t.names).toEqual(["set", "overlap", "size", "universe", "selected", "expected", "pvalue", "padj", "overlap_genes"]);
    expect(Array.from(numbers(t, "overlap"))).toEqual([3, 0]);
    expect(Array.from(numbers(t, "size"))).toEqual([5, 2]);
    expect(Array.from(numbers(t, "universe"))).toEqual([10, 10]);
    expect(Array.from(numbers(t, "selected"))).toEqual([4, 4]);
    expect(numbers(t, "expected")[0]).toBeCloseTo(2, 14);
    // P(X >= 3) = [C(5,3) C(5,1) + C(5,4) C(5,0)] / C(10,4) = 55 / 210
    expect(relDiff(numbers(t, "pvalue")[0], 55 / 210)).toBeLessThan(1e-14);
    expect(numbers(t, "pvalue")[1]).toBe(1);
    expect(t.column("overlap_genes")).toEqual(["G1,G3,G9", ""]);
    expect(relDiff(numbers(t, "padj")[0], (55 / 210) * 2)).toBeLessThan(1e-14);
  });

  it("hypergeometricUpper agrees with explicit binomial coefficients in both tails", () => {
    for (const [q, m, N, k] of [
      [3, 10, 100, 5],
      [0, 10, 100, 5],
      [1, 10, 100, 5],
      [5, 10, 100, 5],
      [6, 10, 100, 5],
      [8, 20, 60, 30],
      [15, 20, 60, 30],
    ]) {
      let want = 0;
      for (let x = q; x <= Math.min(m, k); x++) want += (choose(m, x) * choose(N - m, k - x)) / choose(N, k);
      const got = hypergeometricUpper(q, m, N, k);
      if (want === 0) expect(got).toBe(0);
      else expect(relDiff(got, Math.min(1, want))).toBeLessThan(1e-12);
    }
  });

  it("rejects bad input with clear messages", () => {
    expect(thrownBy(() => ora([], universe, [{ name: "S", genes: ["G1"] }])).message).toMatch(/selection is empty/);
    const e = thrownBy(() => ora(["G1", "XYZ"], universe, [{ name: "S", genes: ["G1"] }]));
    expect(e.message).toMatch(/not in the universe: XYZ/);
    expect(thrownBy(() => ora(["G1"], ["G1", "G1"], [{ name: "S", genes: ["G1"] }])).message).toMatch(/"G1" appears twice/);
    expect(thrownBy(() => ora(["G1"], [], [{ name: "S", genes: ["G1"] }])).message).toMatch(/universe is empty/);
    expect(thrownBy(() => ora(["G1"], universe, [])).message).toMatch(/no gene sets/);
  });
});

describe("gseaPreranked: small exact cases", () => {
  const genes = ["G1", "G2", "G3", "G4", "G5"];
  const stat = Float64Array.from([5, 4, 3, 2, 1]);

  it("computes a hand-checked positive ES, peak rank and leading edge", () => {
    // weights 5 and 3 (sum 8), miss step 1/3: walk 0.625, 0.2917, 2/3, 1/3, 0
    const t = gseaPreranked(genes, stat, [{ name: "UP", genes: ["G3", "G1"] }], { permutations: 0 });
    expect(t.names).toEqual(["set", "size", "es", "nes", "pvalue", "padj", "peak_rank", "leading_edge_size", "leading_edge"]);
    expect(Math.abs(numbers(t, "es")[0] - 2 / 3)).toBeLessThan(1e-15);
    expect(numbers(t, "size")[0]).toBe(2);
    expect(numbers(t, "peak_rank")[0]).toBe(3);
    expect(numbers(t, "leading_edge_size")[0]).toBe(2);
    expect(t.column("leading_edge")).toEqual(["G1,G3"]);
    expect(Number.isNaN(numbers(t, "nes")[0])).toBe(true);
  });

  it("computes a hand-checked negative ES with the leading edge from the bottom up", () => {
    // weights 2 and 1 (sum 3), miss step 1/3: walk -1/3, -2/3, -1, -1/3, 0
    const t = gseaPreranked(genes, stat, [{ name: "DN", genes: ["G4", "G5"] }], { permutations: 0 });
    expect(Math.abs(numbers(t, "es")[0] + 1)).toBeLessThan(1e-15);
    expect(numbers(t, "peak_rank")[0]).toBe(3);
    expect(t.column("leading_edge")).toEqual(["G5,G4"]);
  });

  it("uses the weight exponent and sorts an unsorted ranking stably", () => {
    // unweighted (p = 0): hits 1/2, miss 1/3: walk -1/3, 1/6, 2/3, 1/3, 0
    const t0 = gseaPreranked(genes, stat, [{ name: "S", genes: ["G2", "G3"] }], { permutations: 0, weight: 0 });
    expect(Math.abs(numbers(t0, "es")[0] - 2 / 3)).toBeLessThan(1e-15);
    // weight 2: squares 16 and 9 (sum 25): walk -1/3, 16/25 - 1/3, 1 - 1/3, ...
    const t2 = gseaPreranked(genes, stat, [{ name: "S", genes: ["G2", "G3"] }], { permutations: 0, weight: 2 });
    expect(Math.abs(numbers(t2, "es")[0] - 2 / 3)).toBeLessThan(1e-15);
    const shuffled = gseaPreranked(["G4", "G1", "G5", "G3", "G2"], Float64Array.from([2, 5, 1, 3, 4]), [{ name: "UP", genes: ["G3", "G1"] }], {
      permutations: 0,
    });
    expect(Math.abs(numbers(shuffled, "es")[0] - 2 / 3)).toBeLessThan(1e-15);
    expect(shuffled.column("leading_edge")).toEqual(["G1,G3"]);
  });

  it("agrees with an explicit walk on random rankings", () => {
    let s = 12345;
    const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let rep = 0; rep < 30; rep++) {
      const N = 40 + rep;
      const st = Array.from({ length: N }, () => next() * 10 - 5).sort((a, b) => b - a);
      const names = st.map((_, i) => `g${i}`);
      const inSet = st.map(() => next() < 0.2);
      inSet[rep % N] = true;
      const set = names.filter((_, i) => inSet[i]);
      const t = gseaPreranked(names, Float64Array.from(st), [{ name: "S", genes: set }], { permutations: 0 });
      expect(Math.abs(numbers(t, "es")[0] - explicitWalk(st, inSet))).toBeLessThan(1e-12);
    }
  });

  it("permutation NES and p-value match the exact null of a tiny ranking", () => {
    // all C(5, 2) = 10 subsets are equally likely under the null: enumerate them (statistics chosen
    // so that no subset has an exact tie max == |min|, which rounding would break either way)
    const st = [5, 4, 3, 1.5, 1];
    const nulls: number[] = [];
    for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) nulls.push(explicitWalk(st, [0, 1, 2, 3, 4].map((i) => i === a || i === b)));
    const e = explicitWalk(st, [true, false, true, false, false]);
    const pos = nulls.filter((z) => z >= 0);
    const meanPos = pos.reduce((x, y) => x + y, 0) / pos.length;
    const pExact = nulls.filter((z) => z >= e - 1e-12).length / pos.length;
    const B = 20000;
    const t = gseaPreranked(genes, Float64Array.from(st), [{ name: "UP", genes: ["G3", "G1"] }], { permutations: B, seed: 7 });
    expect(Math.abs(numbers(t, "es")[0] - e)).toBeLessThan(1e-15);
    expect(Math.abs(numbers(t, "nes")[0] - e / meanPos)).toBeLessThan(0.02 * (e / meanPos));
    expect(Math.abs(numbers(t, "pvalue")[0] - pExact)).toBeLessThan(4 * Math.sqrt((pExact * (1 - pExact)) / (B * 0.5)) + 1e-3);
  });

  it("is deterministic for a seed and changes with the seed", () => {
    const sets = [{ name: "UP", genes: ["G3", "G1"] }, { name: "DN", genes: ["G4", "G5"] }];
    const a = gseaPreranked(genes, stat, sets, { permutations: 500, seed: 3 });
    const b = gseaPreranked(genes, stat, sets, { permutations: 500, seed: 3 });
    const c = gseaPreranked(genes, stat, sets, { permutations: 500, seed: 4 });
    expect(Array.from(numbers(a, "nes"))).toEqual(Array.from(numbers(b, "nes")));
    expect(Array.from(numbers(a, "pvalue"))).toEqual(Array.from(numbers(b, "pvalue")));
    expect(Array.from(numbers(a, "nes"))).not.toEqual(Array.from(numbers(c, "nes")));
  });

  it("drops sets smaller than minSize", () => {
    const t = gseaPreranked(genes, stat, [{ name: "ONE", genes: ["G1"] }, { name: "TWO", genes: ["G1", "G2"] }], { permutations: 0, minSize: 2 });
    expect(t.column("set")).toEqual(["TWO"]);
  });

  it("rejects bad input with clear messages", () => {
    const sets = [{ name: "S", genes: ["G1"] }];
    expect(thrownBy(() => gseaPreranked(genes, Float64Array.from([1, 2]), sets)).message).toMatch(/5 genes but 2 statistics/);
    const nan = thrownBy(() => gseaPreranked(genes, Float64Array.from([5, 4, NaN, 2, 1]), sets));
    expect(nan.message).toMatch(/NaN for gene "G3"/);
    const none = thrownBy(() => gseaPreranked(genes, stat, [{ name: "NOWHERE", genes: ["X1", "X2"] }, ...sets]));
    expect(none.message).toMatch(/no genes in the ranking: NOWHERE/);
    expect(thrownBy(() => gseaPreranked(["G1", "G1"], Float64Array.from([2, 1]), sets)).message).toMatch(/"G1" appears twice/);
    expect(thrownBy(() => gseaPreranked(genes, stat, [{ name: "ALL", genes }])).message).toMatch(/every ranked gene/);
    expect(thrownBy(() => gseaPreranked(genes, stat, sets, { permutations: -1 })).message).toMatch(/permutations/);
  });
});

describe.skipIf(!HAVE_REFERENCE)("enrichment vs the R reference (andrysik2017_hct116)", () => {
  it("ora matches ora_hypergeometric.tsv (counts exact, p-values to 1e-10 relative)", () => {
    const wald = readTsv(WALD);
    const ids = col(wald, "gene_id");
    const padj = col(wald, "padj");
    const lfc = col(wald, "log2FoldChange");
    const universe: string[] = [];
    const selected: string[] = [];
    ids.forEach((g, i) => {
      if (padj[i] === "NA") return;
      universe.push(g);
      if (Number(padj[i]) < 0.05 && lfc[i] !== "NA" && Number(lfc[i]) > 1) selected.push(g);
    });
    expect(universe.length).toBe(16187);
    expect(selected.length).toBe(813);
    const t = ora(selected, universe, referenceSets());
    const ref = readTsv(join(GS_DIR, "ora_hypergeometric.tsv"));
    expect(t.column("set")).toEqual(col(ref, "set"));
    expect(Array.from(numbers(t, "overlap"))).toEqual(col(ref, "overlap").map(Number));
    expect(Array.from(numbers(t, "size"))).toEqual(col(ref, "set_size_in_universe").map(Number));
    expect(Array.from(numbers(t, "universe"))).toEqual(col(ref, "universe").map(Number));
    expect(Array.from(numbers(t, "selected"))).toEqual(col(ref, "selected").map(Number));
    expect(t.column("overlap_genes")).toEqual(col(ref, "overlap_genes"));
    for (const [ours, theirs, tol] of [
      ["pvalue", "pvalue", 1e-10],
      ["padj", "padj", 1e-10],
      ["expected", "expected", 1e-12],
    ] as const) {
      const want = col(ref, theirs).map(Number);
      const got = numbers(t, ours);
      want.forEach((v, i) => expect(relDiff(got[i], v), `${ours} of ${col(ref, "set")[i]}`).toBeLessThan(tol));
    }
  });

  it("the ranking file is DESeq2 stat decreasing, ties by gene id", () => {
    const wald = readTsv(WALD);
    const pairs = wald.rows
      .map((r) => ({ g: r[wald.header.indexOf("gene_id")], s: r[wald.header.indexOf("stat")] }))
      .filter((p) => p.s !== "NA")
      .sort((a, b) => (a.g < b.g ? -1 : a.g > b.g ? 1 : 0));
    // gseaPreranked sorts stably, so ties keep this gene-id order
    const t = gseaPreranked(
      pairs.map((p) => p.g),
      Float64Array.from(pairs.map((p) => Number(p.s))),
      [{ name: "JEAY", genes: referenceSets()[20].genes }],
      { permutations: 0 },
    );
    const ref = readTsv(join(GS_DIR, "gsea_preranked.tsv"));
    expect(t.column("leading_edge")[0]).toBe(col(ref, "leading_edge")[20]);
    expect(numbers(t, "peak_rank")[0]).toBe(Number(col(ref, "peak_rank")[20]));
  });

  it("gseaPreranked matches gsea_preranked.tsv (ES exact, NES and p within Monte Carlo error)", () => {
    const rk = readTsv(join(GS_DIR, "gsea_ranking.tsv.gz"));
    const genes = col(rk, "gene_id");
    const stat = Float64Array.from(col(rk, "stat").map(Number));
    expect(genes.length).toBe(24765);
    const t0 = Date.now();
    const t = gseaPreranked(genes, stat, referenceSets(), { permutations: 10000, seed: 20240601 });
    const seconds = (Date.now() - t0) / 1000;
    const ref = readTsv(join(GS_DIR, "gsea_preranked.tsv"));
    const names = col(ref, "set");
    expect(t.column("set")).toEqual(names);
    expect(Array.from(numbers(t, "size"))).toEqual(col(ref, "size").map(Number));
    expect(Array.from(numbers(t, "peak_rank"))).toEqual(col(ref, "peak_rank").map(Number));
    expect(Array.from(numbers(t, "leading_edge_size"))).toEqual(col(ref, "leading_edge_size").map(Number));
    expect(t.column("leading_edge")).toEqual(col(ref, "leading_edge"));
    const es = col(ref, "es").map(Number);
    const nes = col(ref, "nes").map(Number);
    const pv = col(ref, "pvalue").map(Number);
    const same = col(ref, "n_null_same_sign").map(Number);
    const ext = col(ref, "n_null_as_extreme").map(Number);
    names.forEach((name, i) => {
      expect(Math.abs(numbers(t, "es")[i] - es[i]), `es of ${name}`).toBeLessThan(1e-12);
      const dn = Math.abs(numbers(t, "nes")[i] - nes[i]);
      expect(dn < 0.05 || dn / Math.abs(nes[i]) < 0.03, `nes of ${name}: ${numbers(t, "nes")[i]} vs ${nes[i]}`).toBe(true);
      const p = numbers(t, "pvalue")[i];
      if (ext[i] === 0) expect(p, `p of ${name}`).toBeLessThan(1e-3);
      else {
        const tol = 4 * Math.sqrt((pv[i] * (1 - pv[i])) / same[i]) + 2 / same[i];
        expect(Math.abs(p - pv[i]), `p of ${name}: ${p} vs ${pv[i]}`).toBeLessThan(tol);
      }
    });
    // 21 sets x 10,000 permutations; the target is 50 sets in a few seconds
    expect(seconds).toBeLessThan(10);
  }, 60000);

  it("runs 50 sets x 10,000 permutations in a few seconds", () => {
    const rk = readTsv(join(GS_DIR, "gsea_ranking.tsv.gz"));
    const genes = col(rk, "gene_id");
    const stat = Float64Array.from(col(rk, "stat").map(Number));
    const base = referenceSets();
    const sets = Array.from({ length: 50 }, (_, i) => ({ ...base[i % base.length], name: `${base[i % base.length].name}_${i}` }));
    const t0 = Date.now();
    const t = gseaPreranked(genes, stat, sets, { permutations: 10000, seed: 11 });
    const seconds = (Date.now() - t0) / 1000;
    expect(t.nRows).toBe(50);
    expect(seconds).toBeLessThan(15);
  }, 60000);
});
