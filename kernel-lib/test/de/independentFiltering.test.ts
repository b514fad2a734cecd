import { describe, it, expect } from "vitest";
import { existsSync, readFileSync } from "fs";
import { gunzipSync } from "zlib";
import * as path from "path";
import { independentFiltering, noIndependentFiltering } from "../../src/de/independentFiltering";
import { pAdjustBH } from "../../src/stats/padjust";

// ---------------------------------------------------------------------------------------
// Small synthetic cases. Expected values come from R 4.2.2 + DESeq2 1.38.3:
//   DESeq2:::pvalueAdjustment(DESeqResults(DataFrame(baseMean = bm, pvalue = p)),
//                             independentFiltering = TRUE, alpha = alpha, pAdjustMethod = "BH")
// with bm and p built by the rational formulas below (the same formulas are in
// kernel-lib/test/stats/lowess.reference.R, function synth(); run it to regenerate).
// ---------------------------------------------------------------------------------------

/** R: k <- 1:n; u <- (((k * 53) %% 97) + 1) / 98; p[k %% 13 == 0 | bm == 0] <- NA */
function synth(n: number, bmFun: (k: number) => number, pFun: (bm: number, u: number, k: number) => number) {
  const bm = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 1; k <= n; k++) {
    bm[k - 1] = bmFun(k);
    const u = (((k * 53) % 97) + 1) / 98;
    p[k - 1] = k % 13 === 0 || bm[k - 1] === 0 ? NaN : pFun(bm[k - 1], u, k);
  }
  return { bm, p };
}
/** R: pmax(0, ((k * 37) %% 101) - 15) / 4 */
const bmTies = (k: number) => Math.max(0, ((k * 37) % 101) - 15) / 4;
/** R: u2 <- (((k * 29) %% 89) + 1) / 90; ifelse(bm > 12 & u2 < 0.5, u * u / a, u) */
const selp = (a: number) => (bm: number, u: number, k: number) => {
  const u2 = (((k * 29) % 89) + 1) / 90;
  return bm > 12 && u2 < 0.5 ? (u * u) / a : u;
};

interface Expected {
  theta: [number, number, number]; // theta[c(1, 2, 50)]
  numRej: number[];
  filterTheta: number;
  filterThreshold: number;
  j: number; // R's 1-based index
  naCount: number;
  padjEvery7: number[]; // padj[seq(1, n, by = 7)]
  loFit: [number, number, number]; // lo.fit$y[c(1, 25, 50)]
}

function checkAgainstR(bm: Float64Array, p: Float64Array, alpha: number, e: Expected): void {
  const r = independentFiltering(bm, p, { alpha });
  expect(r.theta.length).toBe(50);
  expect([r.theta[0], r.theta[1], r.theta[49]]).toEqual(e.theta);
  expect(Array.from(r.numRej)).toEqual(e.numRej);
  expect(r.filterTheta).toBe(e.filterTheta);
  expect(r.filterThreshold).toBe(e.filterThreshold);
  expect(r.filterIndex).toBe(e.j - 1);
  expect([r.loFitY[0], r.loFitY[24], r.loFitY[49]]).toEqual(e.loFit);
  expect(Array.from(r.padj).filter(Number.isNaN).length).toBe(e.naCount);
  const every7: number[] = [];
  for (let i = 0; i < r.padj.length; i += 7) every7.push(r.padj[i]);
  expect(every7).toEqual(e.padjEvery7);
}

describe("independentFiltering matches DESeq2 1.38 pvalueAdjustment exactly (synthetic)", () => {
  it("strong signal: rejections fall with theta, the first theta is chosen", () => {
    // R: showIF("if_signal", synth(300, function(k) pmax(0, ((k * 37) %% 101) - 15) / 4,
    //                              function(bm, u) ifelse(bm > 8, u * u * u / 50, u)))
    const { bm, p } = synth(300, bmTies, (b, u) => (b > 8 ? (u * u * u) / 50 : u));
    checkAgainstR(bm, p, 0.1, {
      theta: [0.15666666666666668, 0.17285714285714288, 0.94999999999999996],
      numRej: [
        148, 147, 147, 146, 146, 145, 145, 145, 145, 145, 145, 145, 145, 145, 145, 145, 145, 145, 145, 145, 145, 140, 134,
        131, 127, 124, 118, 113, 110, 104, 100, 97, 91, 86, 83, 77, 72, 69, 64, 62, 56, 51, 48, 42, 39, 34, 28, 25, 20, 14,
      ],
      filterTheta: 0.15666666666666668,
      filterThreshold: 0.21083333333333343,
      j: 1,
      naCount: 66,
      padjEvery7: [
        0.66807655704768953, 0.0047522242769786746, 0.0013717015048562045, NaN, 0.023115154026787828,
        0.78015760759749431, 0.0083571428571428581, 0.44166568361448627, 0.00083909552992375623, 0.96938775510204078,
        NaN, NaN, NaN, 0.002387124453909924, 0.15404871626069783, 0.0266536227152252, 0.81451459088308231,
        0.010649221361018273, 0.0051747168540140134, NaN, 0.00012431044887759355, 0.92254174397031541,
        0.01563487322459179, 0.64092373791621915, NaN, 0.0010178953922260281, NaN, 0.021759640965924067,
        0.75974025974025983, 0.0075624261574684026, 0.41217201166180756, 0.00061373844474423315, 0.95510204081632644,
        0.019070352952812637, 0.011281144326234897, NaN, 0.0019094084947598364, NaN, 0.025187324159151373,
        0.79591836734693877, 0.0096140086740516845, 0.0044614063867946183, NaN,
      ],
      loFit: [147.75389570855097, 126.45573343484256, 14.78124592148867],
    });
  });

  it("weak signal in well-expressed genes: filtering helps, theta 23 of 50 is chosen", () => {
    // R: showIF("if_select", synth(400, function(k) pmax(0, ((k * 37) %% 101) - 15) / 4, selp(16)))
    const { bm, p } = synth(400, bmTies, selp(16));
    checkAgainstR(bm, p, 0.1, {
      theta: [0.1575, 0.1736734693877551, 0.94999999999999996],
      numRej: [
        15, 17, 17, 17, 17, 20, 21, 21, 21, 21, 22, 22, 25, 25, 25, 26, 26, 26, 33, 34, 34, 36, 38, 38, 37, 37, 36, 36, 37,
        38, 38, 46, 43, 41, 39, 38, 27, 32, 22, 20, 27, 27, 22, 21, 21, 17, 10, 14, 10, 8,
      ],
      filterTheta: 0.51331632653061221,
      filterThreshold: 9,
      j: 23,
      naCount: 217,
      padjEvery7: [
        NaN, 0.66434458398744112, NaN, NaN, 0.92255830903790081, NaN, 0.086647727272727279, NaN, 0.36376888417704739,
        NaN, NaN, NaN, NaN, 0.53636561007381678, NaN, 0.96034985422740538, NaN, 0.098281417830289999,
        0.67431972789115646, NaN, 0.15214836140183524, NaN, 0.86972323175845678, NaN, NaN, NaN, NaN,
        0.91669758812615965, NaN, 0.086647727272727279, NaN, 0.024498720771107277, NaN, 0.91536614645858339,
        0.82050092764378479, NaN, 0.052766475507000282, NaN, 0.15214836140183524, NaN, 0.79175510204081634,
        0.6526649494749357, NaN, 0.0047636401499375246, NaN, 0.85477148605921238, NaN, 0.58472479901051333, NaN, NaN,
        NaN, NaN, 0.69822537710736465, NaN, 0.24008746355685132, NaN, 0.1244384233285151, 0.7961556715709539,
      ],
      loFit: [15.296537901573043, 36.910215589275452, 8.283276524227638],
    });
  });

  it("max(numRej) just above 10 still runs the lowess rule (theta 26 of 50)", () => {
    // R: showIF("if_select_a4", synth(400, function(k) pmax(0, ((k * 37) %% 101) - 15) / 4, selp(4)))
    const { bm, p } = synth(400, bmTies, selp(4));
    checkAgainstR(bm, p, 0.1, {
      theta: [0.1575, 0.1736734693877551, 0.94999999999999996],
      numRej: [
        4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 6, 7, 9, 9, 11, 11, 11, 11, 12, 10, 11, 11, 11, 11,
        10, 9, 9, 9, 8, 7, 7, 6, 5, 5, 4, 4, 4, 0, 2,
      ],
      filterTheta: 0.56183673469387752,
      filterThreshold: 10.25,
      j: 26,
      naCount: 235,
      padjEvery7: [
        NaN, 0.63567263640149929, NaN, NaN, 0.91336534613845544, NaN, 0.26442307692307693, NaN, 0.38854003139717425,
        NaN, NaN, NaN, NaN, 0.51077734464572344, NaN, 0.94706632653061229, NaN, 0.29931972789115641, NaN, NaN,
        0.26442307692307693, NaN, 0.85440146207736822, NaN, NaN, NaN, NaN, 0.90918367346938789, NaN,
        0.26442307692307693, NaN, 0.088356042125304929, NaN, 0.90112101178499571, 0.80043492806958849, NaN,
        0.17671208425060986, NaN, 0.43931758445242408, NaN, 0.75622621930127998, NaN, NaN, 0.017180341524364845, NaN,
        0.84183673469387743, NaN, 0.55525401650021711, NaN, NaN, NaN, NaN, 0.6703514739229024, NaN,
        0.32941437444543037, NaN, 0.37522147534155859, NaN,
      ],
      loFit: [4.0000000000000053, 8.8129888443652771, 2.1857521984628594],
    });
  });

  it("alpha = 0.05 (theta 30 of 50, interpolated filter threshold)", () => {
    // R: showIF("if_select_alpha05", synth(400, function(k) pmax(0, ((k * 37) %% 101) - 15) / 4, selp(16)), alpha = 0.05)
    const { bm, p } = synth(400, bmTies, selp(16));
    checkAgainstR(bm, p, 0.05, {
      theta: [0.1575, 0.1736734693877551, 0.94999999999999996],
      numRej: [
        11, 11, 11, 11, 11, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 15, 15, 15, 17, 17,
        21, 19, 20, 21, 20, 19, 16, 15, 16, 16, 14, 14, 14, 12, 5, 10, 9, 8, 8, 2, 5,
      ],
      filterTheta: 0.62653061224489792,
      filterThreshold: 11.996428571428567,
      j: 30,
      naCount: 261,
      padjEvery7: [
        NaN, 0.59635899814471238, NaN, NaN, 0.91972257653061229, NaN, 0.070060483870967735, NaN, 0.29144534526139226,
        NaN, NaN, NaN, NaN, 0.48475846034616377, NaN, 0.94557823129251706, NaN, 0.081049562682215734, NaN, NaN,
        0.12353632735641758, NaN, 0.83868677905944977, NaN, NaN, NaN, NaN, NaN, NaN, 0.070060483870967735, NaN,
        0.018608317962753616, NaN, 0.87915331421824916, NaN, NaN, 0.040079454073623164, NaN, 0.12353632735641758, NaN,
        0.72983950861898172, NaN, NaN, 0.0036182840483132022, NaN, 0.83057547343261628, NaN, 0.52344509232264336, NaN,
        NaN, NaN, NaN, 0.65580425718674562, NaN, 0.19341372912801486, NaN, 0.10256295581628225, NaN,
      ],
      loFit: [10.806022956841613, 14.318290852374885, 5.1093395605011036],
    });
  });

  it("no signal: max(numRej) <= 10 so the first theta is used", () => {
    // R: showIF("if_nosignal", synth(120, function(k) ((k * 37) %% 101) / 4, function(bm, u) u))
    const { bm, p } = synth(120, (k) => ((k * 37) % 101) / 4, (_b, u) => u);
    checkAgainstR(bm, p, 0.1, {
      theta: [0.0083333333333333332, 0.027551020408163263, 0.94999999999999996],
      numRej: Array(50).fill(0),
      filterTheta: 0.0083333333333333332,
      filterThreshold: 0.24791666666666667,
      j: 1,
      naCount: 10,
      padjEvery7: [
        0.96703296703296693, 0.96703296703296693, 0.93537414965986387, 0.67346938775510201, 0.98066595059076267,
        0.97475832438238452, 0.96703296703296693, 0.96703296703296693, 0.93537414965986387, 0.98733938019652312,
        0.97915762049500654, NaN, 0.96703296703296693, 0.95738295318127253, 0.86342229199372056, 0.98078066177927481,
        0.97546161321671532, 0.96703296703296693,
      ],
      loFit: [0, 0, 0],
    });
  });

  it("96% zero filter values: theta runs from mean(filter == 0) up to 1", () => {
    // R: showIF("if_zeros", synth(300, function(k) ifelse(k %% 25 == 0, k / 10, 0), function(bm, u) u * u * u / 1000))
    const { bm, p } = synth(300, (k) => (k % 25 === 0 ? k / 10 : 0), (_b, u) => (u * u * u) / 1000);
    const padjEvery7 = Array(43).fill(NaN);
    padjEvery7[7] = 0.00010444627663643545;
    padjEvery7[32] = 0.00094001648972791936;
    checkAgainstR(bm, p, 0.1, {
      theta: [0.95999999999999996, 0.96081632653061222, 1],
      numRej: [
        12, 12, 12, 12, 11, 11, 11, 11, 11, 10, 10, 10, 10, 9, 9, 9, 9, 8, 8, 8, 8, 7, 7, 7, 7, 6, 6, 6, 6, 5, 5, 5, 5, 4, 4,
        4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1,
      ],
      filterTheta: 0.95999999999999996,
      filterThreshold: 0.099999999999909051,
      j: 1,
      naCount: 288,
      padjEvery7,
      loFit: [12.1852025727046, 6.6073061819531143, 0.80449805871435554],
    });
  });

  it("every filter value zero: theta = rep(1, 50)", () => {
    // R: showIF("if_allzero", synth(30, function(k) rep(0, length(k)), function(bm, u) u))
    const { bm, p } = synth(30, () => 0, (_b, u) => u);
    checkAgainstR(bm, p, 0.1, {
      theta: [1, 1, 1],
      numRej: Array(50).fill(0),
      filterTheta: 1,
      filterThreshold: 0,
      j: 1,
      naCount: 30,
      padjEvery7: Array(5).fill(NaN),
      loFit: [0, 0, 0],
    });
  });
});

describe("independentFiltering behaviour and input checks", () => {
  it("keeps genes with filter >= quantile (ties at the cutoff are kept)", () => {
    // R: quantile(c(1, 1, 2, 2, 3, 3, 4, 4), c(0.25, 2/7)) is 1.75 (interpolated) and 2 (an order statistic)
    const filter = [1, 1, 2, 2, 3, 3, 4, 4];
    const p = [0.5, 0.4, 0.3, 0.2, 0.01, 0.02, 0.03, 0.04];
    const all = independentFiltering(filter, p, { theta: [0, 0.25] });
    expect(Array.from(all.cutoffs)).toEqual([1, 1.75]);
    expect(all.filterIndex).toBe(0); // max(numRej) <= 10: first theta
    expect(Array.from(all.padj)).toEqual(Array.from(pAdjustBH(p)));
    const cut = independentFiltering(filter, p, { theta: [2 / 7, 0.5] });
    expect(cut.filterThreshold).toBe(2);
    expect(Number.isNaN(cut.padj[0]) && Number.isNaN(cut.padj[1])).toBe(true);
    expect(Array.from(cut.padj.slice(2))).toEqual(Array.from(pAdjustBH(p.slice(2)))); // the 2s are kept
  });

  it("noIndependentFiltering is plain BH", () => {
    const p = [0.01, 0.04, NaN, 0.03];
    expect(Array.from(noIndependentFiltering(p).padj)).toEqual([0.03, 0.04, NaN, 0.04]);
  });

  it("rejects bad input with RangeError", () => {
    expect(() => independentFiltering([], [])).toThrow(RangeError);
    expect(() => independentFiltering([1, 2], [0.1])).toThrow(/differ in length \(2 and 1\)/);
    expect(() => independentFiltering([1, NaN], [0.1, 0.2])).toThrow(/filter\[1\] is not finite/);
    expect(() => independentFiltering([1, 2], [0.1, 2])).toThrow(/pvalue\[1\] = 2/);
    expect(() => independentFiltering([1, 2], [0.1, 0.2], { alpha: 0 })).toThrow(/alpha/);
    expect(() => independentFiltering([1, 2], [0.1, 0.2], { theta: [0.5] })).toThrow(/at least 2/);
    expect(() => independentFiltering([1, 2], [0.1, 0.2], { theta: [0.5, 1.2] })).toThrow(/outside \[0, 1\]/);
  });
});

// ---------------------------------------------------------------------------------------
// Parity with DESeq2 on the real reference runs (read in place, never copied). R's own
// baseMean and pvalue columns go in; padj, filterNumRej and the metadata must come out.
// The reference TSVs store 15 significant digits, so theta is compared at that precision
// (exactly) and the other quantities with relative tolerances.
// ---------------------------------------------------------------------------------------

const REFERENCE = process.env.P53LAB_REFERENCE ?? path.resolve(__dirname, "../../../../shared/reference/rnaseq");

function readTsv(file: string): Record<string, string[]> {
  const buf = readFileSync(file);
  const text = file.endsWith(".gz") ? gunzipSync(buf).toString("utf8") : buf.toString("utf8");
  const lines = text.split("\n").filter((l) => l.length > 0);
  const header = lines[0].split("\t");
  const cols: Record<string, string[]> = Object.fromEntries(header.map((h) => [h, [] as string[]]));
  for (const line of lines.slice(1)) {
    const cells = line.split("\t");
    header.forEach((h, i) => cols[h].push(cells[i]));
  }
  return cols;
}
const num = (s: string): number => (s === "NA" ? NaN : Number(s));

/** Max relative error over entries that are non-missing in both; counts NA mismatches. */
function compare(actual: ArrayLike<number>, expected: ArrayLike<number>): { maxRel: number; naMismatch: number } {
  let maxRel = 0;
  let naMismatch = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(a) || Number.isNaN(e)) {
      if (Number.isNaN(a) !== Number.isNaN(e)) naMismatch++;
      continue;
    }
    const rel = a === e ? 0 : Math.abs(a - e) / Math.abs(e);
    if (rel > maxRel) maxRel = rel;
  }
  return { maxRel, naMismatch };
}
const relErr = (a: number, e: number) => (a === e ? 0 : Math.abs(a - e) / Math.abs(e));

for (const dataset of ["andrysik2017_hct116", "andrysik2017_hct116_mcf7"]) {
  const dir = path.join(REFERENCE, dataset);
  const files = {
    wald: path.join(dir, "deseq2_wald.tsv.gz"),
    metadata: path.join(dir, "deseq2_wald_metadata.tsv"),
    numRej: path.join(dir, "deseq2_filterNumRej.tsv"),
    noIF: path.join(dir, "deseq2_wald_noIndependentFiltering.tsv.gz"),
  };
  const missing = !Object.values(files).every((f) => existsSync(f));
  const skipNote = missing ? ` (skipped: DESeq2 reference files not found in ${dir}; set P53LAB_REFERENCE)` : "";

  describe(`DESeq2 parity on ${dataset}`, () => {
    it.skipIf(missing)(`padj, filterNumRej, filterThreshold and filterTheta match results()${skipNote}`, () => {
      const wald = readTsv(files.wald);
      const meta = readTsv(files.metadata);
      const md = Object.fromEntries(meta.key.map((k, i) => [k, meta.value[i]]));
      const ref = readTsv(files.numRej);
      const alpha = Number(md.alpha);
      const r = independentFiltering(wald.baseMean.map(num), wald.pvalue.map(num), { alpha });

      // theta grid: identical at the 15 significant digits R wrote
      expect(r.theta.length).toBe(ref.theta.length);
      r.theta.forEach((t, i) => expect(Number(t.toPrecision(15))).toBe(Number(ref.theta[i])));
      expect(Array.from(r.numRej)).toEqual(ref.numRej.map(Number));

      const thrErr = relErr(r.filterThreshold, Number(md.filterThreshold));
      const thetaErr = relErr(r.filterTheta, Number(md.filterTheta));
      expect(thrErr).toBeLessThanOrEqual(1e-12);
      expect(thetaErr).toBeLessThanOrEqual(1e-12);

      const padj = compare(r.padj, wald.padj.map(num));
      expect(padj.naMismatch).toBe(0);
      expect(padj.maxRel).toBeLessThanOrEqual(1e-10);
      expect(Array.from(r.padj).filter((v) => v < alpha).length).toBe(Number(md.nSig_padj_lt_alpha));
      console.log(
        `[${dataset}] theta index ${r.filterIndex + 1}/50; max rel err: padj ${padj.maxRel.toExponential(2)}, ` +
          `filterThreshold ${thrErr.toExponential(2)}, filterTheta ${thetaErr.toExponential(2)}`,
      );
    });

    it.skipIf(missing)(`independentFiltering = FALSE gives plain BH${skipNote}`, () => {
      const noIF = readTsv(files.noIF);
      const p = noIF.pvalue.map(num);
      const ours = noIndependentFiltering(p).padj;
      expect(Array.from(ours)).toEqual(Array.from(pAdjustBH(p)));
      const cmp = compare(ours, noIF.padj.map(num));
      expect(cmp.naMismatch).toBe(0);
      expect(cmp.maxRel).toBeLessThanOrEqual(1e-10);
      console.log(`[${dataset}] noIndependentFiltering padj max rel err ${cmp.maxRel.toExponential(2)}`);
    });
  });
}
