/**
 * lfcShrink(type = "apeglm"): building blocks checked against R 4.2.2 (uniroot, optim BFGS
 * and apeglm's priorVar formula, values printed by R), and parity with DESeq2 1.38.3 +
 * apeglm 1.27.0 on the Andrysik 2017 data when ../shared is present.
 *
 * Parity status (1e-4 relative): log2FoldChange 99.98% (HCT116) and 99.95% (HCT116+MCF7) of
 * genes, lfcSE 100% on both; every gene within 1e-2. The C++ fits use a port of
 * RcppNumerical 0.6-0's optim_lbfgs (LBFGS++ 0.3.0, Nocedal-Wright line search); the earlier
 * port (LBFGS++ 0.2.0 line search) reached only 99.79% / 99.45%. The few genes left (6 and 14,
 * log2FoldChange only) are mostly rows whose two C++ starts disagree, refitted by R's optim
 * BFGS, with tiny shrunken fold changes (|lfc| ~ 1e-4 to 1e-2), so last-digit differences in the
 * inputs (dispersions agree to ~1e-10) and in the C library's exp/log move them by 1e-4 relative.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "fs";
import { gunzipSync } from "zlib";
import { join, resolve } from "path";
import { readCounts } from "../../src/io/counts";
import { readSamples } from "../../src/io/samples";
import { DESeqDataSet } from "../../src/de/deseq";
import { apeglmPriorVar, eigenExp, lfcShrinkApeglm, vmmin, zeroin } from "../../src/de/apeglm";
import { eigenDot, optimLbfgsNumer } from "../../src/stats/lbfgsNumer";
import type { DESeqResults } from "../../src/de/results";

describe("apeglm building blocks (vs R 4.2.2)", () => {
  it("zeroin reproduces uniroot", () => {
    const f = (x: number) => x ** 3 - 2 * x - 5;
    const root = zeroin(f, 2, 3, f(2), f(3), Math.pow(2.220446049250313e-16, 0.25), 1000);
    expect(root).toBeCloseTo(2.0945412049478809, 14);
  });

  it("priorVar reproduces apeglm's Efron–Morris estimate", () => {
    // set.seed(1); X <- rnorm(50, 0, .5); D <- runif(50, .1, .6)^2 (sqrt(D) below)
    const X = [-0.313226905371166, 0.0918216621110411, -0.417814306205024, 0.797640401068896, 0.16475388590768, -0.410234192059008, 0.243714526214243, 0.369162352564609, 0.287890675826746, -0.152694193578178, 0.755890584225424, 0.194921618205716, -0.310620290270902, -1.10734994358875, 0.562465459071554, -0.0224668045076154, -0.00809513154947304, 0.47191810534265, 0.410610597549044, 0.296950660608754, 0.459488685804109, 0.391068150365534, 0.0372824916825953, -0.994675847931686, 0.309912873947355, -0.0280643697645004, -0.0778977533526646, -0.735376191949637, -0.23907502755431, 0.208970780099851, 0.679339775764522, -0.0513938636714978, 0.193835805779685, -0.0269025202914526, -0.688529778414303, -0.20749728164984, -0.197144976855175, -0.0296566983555928, 0.550012685991942, 0.381587874228772, -0.0822617981267934, -0.126680840068254, 0.348481687702369, 0.278331599336829, -0.34437784727476, -0.35374757848106, 0.182290981068415, 0.384266462257708, -0.056173106075114, 0.440553863227107];
    const SE = [0.427361964038573, 0.276598635967821, 0.235130072943866, 0.596342030586675, 0.416746632219292, 0.206604067608714, 0.164686174038798, 0.339059017156251, 0.562037234916352, 0.39938048357144, 0.588085347460583, 0.465896255942062, 0.278363456041552, 0.315736845275387, 0.174105780338869, 0.106538787740283, 0.457783033046871, 0.151592117873952, 0.323142174305394, 0.420050522568636, 0.595919310022145, 0.347796788928099, 0.342174762184732, 0.186721167434007, 0.477410472254269, 0.326947744609788, 0.355584891885519, 0.20377255664207, 0.214329071366228, 0.397855998156592, 0.387436099140905, 0.138532190141268, 0.117770289792679, 0.421397746098228, 0.564307599817403, 0.399046211177483, 0.380450374004431, 0.363013861957006, 0.592547611938789, 0.353820911166258, 0.441394039336592, 0.400770608824678, 0.219434338877909, 0.229082963336259, 0.464654811681248, 0.326285415701568, 0.187563384207897, 0.473349134810269, 0.152493820199743, 0.53227247451432];
    // R's uniroot with max.var = 20^2 (interval c(.001^2, 20^2))
    expect(apeglmPriorVar([...X, NaN], [...SE, NaN])).toBeCloseTo(0.091683820452554216, 12);
  });

  it("vmmin reproduces optim(method = 'BFGS') on Rosenbrock", () => {
    const fr = (x: Float64Array) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
    const grr = (x: Float64Array, g: Float64Array) => {
      g[0] = -400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]);
      g[1] = 200 * (x[1] - x[0] ** 2);
    };
    const o = vmmin(fr, grr, [-1.2, 1]);
    expect(o.par[0]).toBeCloseTo(0.99999999690491403, 12);
    expect(o.par[1]).toBeCloseTo(0.999999993797419, 12);
    expect(o.value).toBeLessThan(1e-16);
  });
});

describe("RcppNumerical optim_lbfgs port (LBFGS++ 0.2.0 / 0.3.0)", () => {
  const rosen = (x: Float64Array, g: Float64Array) => {
    g[0] = -400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]);
    g[1] = 200 * (x[1] - x[0] * x[0]);
    return 100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2;
  };

  it("minimises the Rosenbrock function with either LBFGS++ version", () => {
    for (const version of ["0.2", "0.3"] as const) {
      const r = optimLbfgsNumer(rosen, [-1.2, 1], { maxit: 1000, epsF: 0, epsG: 1e-10, version });
      expect(r.status).toBe(0);
      expect(r.x[0]).toBeCloseTo(1, 6);
      expect(r.x[1]).toBeCloseTo(1, 6);
      expect(r.iterations).toBeGreaterThan(10);
    }
  });

  it("stops on the relative objective decrease (past = 1, delta = eps_f) and on maxit", () => {
    const loose = optimLbfgsNumer(rosen, [-1.2, 1], { maxit: 1000, epsF: 1e-3, epsG: 1e-12 });
    const tight = optimLbfgsNumer(rosen, [-1.2, 1], { maxit: 1000, epsF: 1e-12, epsG: 1e-12 });
    expect(loose.iterations).toBeLessThan(tight.iterations);
    expect(optimLbfgsNumer(rosen, [-1.2, 1], { maxit: 3, epsF: 0, epsG: 0 }).iterations).toBe(3);
  });

  it("does not modify the starting point and returns status 0 at a stationary start", () => {
    const x0 = [1, 1];
    const r = optimLbfgsNumer(rosen, x0);
    expect(x0).toEqual([1, 1]);
    expect(r.status).toBe(0);
    expect(r.iterations).toBe(1);
  });

  it("sums dot products in Eigen's two-lane order", () => {
    // lanes (1e16 + -1e16) and (1 + 1): 2, where a left-to-right sum gives 1
    expect(eigenDot([1e16, 1, -1e16, 1], [1, 1, 1, 1], 4)).toBe(2);
    expect(eigenDot([1, 2, 3], [4, 5, 6], 3)).toBe(32);
  });

  it("Eigen's Cephes exp is within 2 ulp of exp and exact at 0", () => {
    expect(eigenExp(0)).toBe(1);
    for (let x = -30; x <= 30; x += 0.0137) {
      expect(Math.abs(eigenExp(x) / Math.exp(x) - 1)).toBeLessThan(4.5e-16);
    }
  });
});

const DATA = process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data");
const REF = process.env.P53LAB_REFERENCE ?? resolve(__dirname, "../../../../shared/reference");

function readRef(path: string): { ids: string[]; cols: Map<string, number[]> } {
  const lines = gunzipSync(readFileSync(path)).toString("utf8").trim().split("\n");
  const hdr = lines[0].split("\t");
  const cols = new Map(hdr.slice(1).map((h) => [h, [] as number[]]));
  const ids: string[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split("\t");
    ids.push(f[0]);
    hdr.slice(1).forEach((h, k) => cols.get(h)!.push(f[k + 1] === "NA" ? NaN : Number(f[k + 1])));
  }
  return { ids, cols };
}

function agreement(res: DESeqResults, ref: ReturnType<typeof readRef>, col: string) {
  const ids = res.column("gene_id") as unknown as string[];
  const idx = new Map(ids.map((g, i) => [g, i]));
  const mine = res.column(col) as Float64Array;
  let n = 0;
  let within = 0;
  let within1e2 = 0;
  let max = 0;
  let naMismatch = 0;
  ref.ids.forEach((g, r) => {
    const a = ref.cols.get(col)![r];
    const b = mine[idx.get(g)!];
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) naMismatch++;
      return;
    }
    n++;
    const rel = Math.abs(b - a) / Math.max(Math.abs(a), 1e-300);
    if (rel <= 1e-4) within++;
    if (rel <= 1e-2) within1e2++;
    max = Math.max(max, rel);
  });
  return { n, frac1e4: within / n, frac1e2: within1e2 / n, max, naMismatch };
}

for (const [ds, design] of [
  ["andrysik2017_hct116", "~ condition"],
  ["andrysik2017_hct116_mcf7", "~ cell_line + condition"],
] as const) {
  const dir = join(DATA, "rnaseq", ds);
  const refPath = join(REF, "rnaseq", ds, "deseq2_lfcshrink_apeglm.tsv.gz");
  const present = existsSync(join(dir, "counts.tsv")) && existsSync(refPath);
  describe.skipIf(!present)(`lfcShrink apeglm parity: ${ds}${present ? "" : " (skipped: ../shared data/reference absent)"}`, () => {
    let res: DESeqResults;
    let ref: ReturnType<typeof readRef>;
    beforeAll(() => {
      const dds = new DESeqDataSet(readCounts(join(dir, "counts.tsv")), readSamples(join(dir, "samples.tsv")), {
        design,
        reference: { condition: "dmso" },
      }).run();
      res = lfcShrinkApeglm(dds, { coef: "condition_nutlin_vs_dmso" });
      ref = readRef(refPath);
    });

    it("has DESeq2's apeglm columns", () => {
      expect(res.names).toEqual(["gene_id", "baseMean", "log2FoldChange", "lfcSE", "pvalue", "padj"]);
      expect((res.metadata as unknown as { priorScale: number }).priorScale).toBeGreaterThan(0);
    });

    it("baseMean, pvalue and padj match R (unshrunken results, alpha 0.1)", () => {
      for (const col of ["baseMean", "pvalue", "padj"]) {
        const a = agreement(res, ref, col);
        expect(a.naMismatch).toBe(0);
        expect(a.frac1e4).toBeGreaterThan(0.999);
      }
    });

    it("log2FoldChange and lfcSE agree to 1e-4 for >= 99.9% of genes", () => {
      for (const col of ["log2FoldChange", "lfcSE"]) {
        const a = agreement(res, ref, col);
        console.log(`${ds} ${col}: n=${a.n} within1e-4=${a.frac1e4.toFixed(4)} within1e-2=${a.frac1e2.toFixed(4)} maxRel=${a.max.toExponential(2)} NA mismatches=${a.naMismatch}`);
        expect(a.naMismatch).toBe(0);
        // Reached (log2FoldChange / lfcSE): hct116 0.99976 / 1, hct116_mcf7 0.99947 / 1;
        // all genes within 1e-2 (see file header).
        const min = col === "lfcSE" ? 0.9999 : ds === "andrysik2017_hct116" ? 0.9995 : 0.999;
        expect(a.frac1e4).toBeGreaterThanOrEqual(min);
        expect(a.frac1e2).toBeGreaterThanOrEqual(0.9999);
      }
    });
  });
}
