/**
 * edgeR GLM pieces beyond the stored references, against values printed by
 * edgerGlm.reference.R (edgeR 3.40.2) on HCT116+MCF7: glmFit + glmLRT with tagwise dispersions
 * (coefficient and contrast), glmQLFTest with a contrast, decideTests; and the numeric helpers
 * (locfit, the spline maximiser, Brent's minimiser, log-scale tails) on small cases.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "fs";
import { join } from "path";
import { estimateDisp, glmFit, glmLRT, glmQLFit, glmQLFTest, decideTests, maximizeSpline, q2qnbinom, binomTest, fittedBelow, expStep } from "../../src/de/edger";
import { locfitByCol, locfitByRows } from "../../src/stats/locfit";
import { brentMinimize } from "../../src/stats/brent";
import { logNormalUpper, logGammaCdf, gammaQuantileLog, gammaQuantileMap } from "../../src/stats/logtails";
import { DATA, haveRef, prepare } from "./edgerSetup";

const LRT = { logFC: [2.7660188056478163, 0.77104399048589101, 2.1771782539467979, 2.7238778859690798, 0.12596863521222351], LR: [5.2863895171522017, 0.10698611976867411, 8.5022329163168706, 6.6973952379257753, 0.23142991356623455], p: [0.02149273488342486, 0.7436018363685033, 0.0035471091817702249, 0.0096553865891840767, 0.63046559019965909], nSig: 615 };
const LRT_CONTRAST = { logFC: [0.056714617708640849, 3.8327542859476336, -0.40660567849163748, -0.21607327148568625, 0.15768148551567124], LR: [0.0025680516591819469, 5.5861636133993979, 0.23363674986785554, 0.046470626469272247, 0.18151560680994905] };
const QL_CONTRAST = { F: [0.0022065521930113019, 4.0630047218483494, 0.2327910670149973, 0.041831525306282091, 0.53086566567215954], p: [0.963826055417355, 0.083025929935646059, 0.64396019542672578, 0.84367225203465246, 0.48953725728133324] };
const DECIDE = { up: 80, down: 31 };
const QL_ROBUST = { dfPrior: [2.0111883408196038, 2.0111883408196038, 2.0111883408196038, 2.0111883408196038, 2.1110198566256453], minDfPrior: 2.0111883408196038, F: [4.4847771837735451, 0.076667504357709471, 8.3456538036260977, 5.948491695204722, 0.67275297247485233], p: [0.071899675087342005, 0.7898508436242786, 0.02331264265759438, 0.044773660037164764, 0.43871866848095986], nSig: 92 };
const DISP_ROBUST = { minPriorDf: 2.0111883408196038, maxPriorDf: 2.1110198566256453, tagwise: [0.94497665298735223, 1.8931304711544117, 0.4530768444928871, 0.74497587181494884, 0.065518238049364935] };
const GENES = ["CDKN1A", "MDM2", "BBC3", "GDF15", "RERE"];
const close = (a: number, b: number, rel = 1e-6) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.abs(b));

describe.skipIf(!haveRef("andrysik2017_hct116_mcf7", "edger_qlf.tsv.gz"))("edgeR GLM tests against R (HCT116+MCF7)", () => {
  const { counts, design, normFactors } = prepare("andrysik2017_hct116_mcf7", "~ cell_line + condition");
  const lib = Float64Array.from(counts.librarySizes(), (v, j) => v * normFactors[j]);
  const disp = estimateDisp(counts.values, counts.nGenes, { libSize: lib, design: design.matrix });
  const idx = GENES.map((g) => counts.geneIndex(g));
  const offset = Float64Array.from(lib, Math.log);
  it("glmFit + glmLRT on a coefficient and on a contrast (tagwise dispersions)", () => {
    const fit = { ...glmFit(counts.values, counts.nGenes, design.matrix, { offset, dispersion: disp.tagwise }), counts: counts.values, aveLogCpm: disp.aveLogCpm };
    const lrt = glmLRT(fit, { coef: 2 });
    idx.forEach((g, k) => {
      close(lrt.logFC[g], LRT.logFC[k]);
      close(lrt.statistic[g], LRT.LR[k], 1e-5);
      close(lrt.pValue[g], LRT.p[k], 1e-5);
    });
    expect(Array.from(decideTests(lrt.pValue, lrt.logFC)).filter((v) => v !== 0).length).toBe(LRT.nSig);
    const lrc = glmLRT(fit, { contrast: [0, 1, -1] });
    idx.forEach((g, k) => {
      close(lrc.logFC[g], LRT_CONTRAST.logFC[k]);
      close(lrc.statistic[g], LRT_CONTRAST.LR[k], 1e-4);
    });
  });
  it.skipIf(!existsSync(join(__dirname, "..", "..", "dist", "de", "worker.js")))("worker threads give bit-identical dispersions and results", async () => {
    // the built module, so that the workers run the same code as the caller
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { edger } = require(join(__dirname, "..", "..", "dist", "de")) as typeof import("../../src/de");
    const two = await edger.estimateDispAsync(counts.values, counts.nGenes, { libSize: lib, design: design.matrix, threads: 2 });
    expect(Array.from(two.tagwise)).toEqual(Array.from(disp.tagwise));
    expect(Array.from(two.trended)).toEqual(Array.from(disp.trended));
    expect(two.common).toBe(disp.common);
    // classic mode and the exact test through the workflow call
    const { runEdgerMethod, runEdgerMethodAsync } = require(join(__dirname, "..", "..", "dist", "de")) as typeof import("../../src/de");
    // and the QL and LR workflows, whose prior-df fit and final GLM fit also run on the workers
    const files = [join(DATA, "andrysik2017_hct116_mcf7", "counts.tsv"), join(DATA, "andrysik2017_hct116_mcf7", "samples.tsv")] as const;
    for (const method of ["edger-exact", "edger-qlf", "edger-lrt"] as const) {
      const opts = { method, design: "~ cell_line + condition", contrast: ["condition", "nutlin", "dmso"] as [string, string, string] };
      const a = runEdgerMethod(files[0], files[1], opts);
      const b = await runEdgerMethodAsync(files[0], files[1], { ...opts, threads: 3 });
      expect(b.table.toTSV(), method).toBe(a.table.toTSV());
      // TMM's samples split over the threads
      expect(b.normFactors.toTSV(), method).toBe(a.normFactors.toTSV());
    }
  });
  it("estimateDisp with robust = true", () => {
    const d = estimateDisp(counts.values, counts.nGenes, { libSize: lib, design: design.matrix, robust: true });
    close(d.priorDfGenes.reduce((a, b) => Math.min(a, b), Infinity), DISP_ROBUST.minPriorDf, 1e-5);
    close(d.priorDf, DISP_ROBUST.maxPriorDf, 1e-5);
    idx.forEach((g, k) => close(d.tagwise[g], DISP_ROBUST.tagwise[k], 1e-5));
  });
  it("glmQLFit with robust = true", () => {
    const fit = glmQLFit(counts.values, counts.nGenes, design.matrix, { libSize: lib, dispersion: disp.trended, aveLogCpm: disp.aveLogCpm, robust: true });
    close(Math.min(...fit.dfPriorGenes), QL_ROBUST.minDfPrior, 1e-5);
    const q = glmQLFTest(fit, { coef: 2 });
    idx.forEach((g, k) => {
      close(fit.dfPriorGenes[g], QL_ROBUST.dfPrior[k], 1e-5);
      close(q.statistic[g], QL_ROBUST.F[k], 1e-5);
      close(q.pValue[g], QL_ROBUST.p[k], 1e-5);
    });
    expect(Array.from(decideTests(q.pValue, q.logFC)).filter((v) => v !== 0).length).toBe(QL_ROBUST.nSig);
  });
  it("glmQLFTest on a contrast and decideTests", () => {
    const fit = glmQLFit(counts.values, counts.nGenes, design.matrix, { libSize: lib, dispersion: disp.trended, aveLogCpm: disp.aveLogCpm });
    const qc = glmQLFTest(fit, { contrast: [0, 1, -1] });
    idx.forEach((g, k) => {
      close(qc.statistic[g], QL_CONTRAST.F[k], 1e-4);
      close(qc.pValue[g], QL_CONTRAST.p[k], 1e-5);
    });
    const q = glmQLFTest(fit, { coef: 2 });
    const dt = Array.from(decideTests(q.pValue, q.logFC));
    expect(dt.filter((v) => v === 1).length).toBe(DECIDE.up);
    expect(dt.filter((v) => v === -1).length).toBe(DECIDE.down);
  });
});

describe("edgeR numerics (values from R)", () => {
  it("locfit degree 0 with a nearest-neighbour span: constant data stay constant, a step is smoothed monotonically", () => {
    const x = Float64Array.from({ length: 200 }, (_, i) => (i * 7919) % 200 / 10);
    const flat = locfitByCol([new Float64Array(200).fill(3)], x, null, 0.3)[0];
    flat.forEach((v) => expect(v).toBeCloseTo(3, 12));
    const step = locfitByCol([Float64Array.from(x, (v) => (v < 10 ? 0 : 1))], x, null, 0.3)[0];
    const order = Array.from(x.keys()).sort((a, b) => x[a] - x[b]);
    for (let i = 1; i < order.length; i++) expect(step[order[i]]).toBeGreaterThanOrEqual(step[order[i - 1]] - 1e-12);
  });
  it("expStep follows exp(beta) through Newton steps to within a few ulps", () => {
    let worst = 0;
    for (const b0 of [-20, -3.7, 0, 1.3, 9.9]) {
      let beta = b0;
      let e = Math.exp(beta);
      for (const step of [9e-4, -5e-4, 1e-6, -3e-9, 2e-12, 0]) {
        beta += step;
        e = expStep(e, beta, step);
        worst = Math.max(worst, Math.abs(e / Math.exp(beta) - 1));
      }
    }
    // (beta itself is rounded at each step, by up to an ulp of |beta|: 3.6e-15 relative at 20)
    expect(worst).toBeLessThan(1e-14);
    // a large step takes exp itself
    expect(expStep(1, 0.5, 0.5)).toBe(Math.exp(0.5));
  });
  it("locfit of a row-major matrix gives each column exactly as smoothing it alone", () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const n = 500;
    const width = 5;
    // ties in x, and columns of different shapes
    const x = Float64Array.from({ length: n }, () => Math.round(rnd() * 200) / 20);
    const Y = Float64Array.from({ length: n * width }, (_, i) => Math.sin(x[Math.floor(i / width)] * (1 + (i % width))) + rnd());
    const cols = Array.from({ length: width }, (_, c) => Float64Array.from({ length: n }, (_, k) => Y[k * width + c]));
    for (const span of [0.3, 0.8]) {
      const byCol = locfitByCol(cols, x, null, span);
      const byRows = locfitByRows(Y, width, x, null, span);
      for (let c = 0; c < width; c++) expect(Array.from({ length: n }, (_, k) => byRows[k * width + c])).toEqual(Array.from(byCol[c]));
    }
    expect(() => locfitByRows(Y, 4, x, null, 0.3)).toThrow(/values for 500 rows/);
  });
  it("spline maximiser, Brent, q2qnbinom, binomTest and log tails", () => {
    // R: edgeR:::maximizeInterpolant(-2:2, rbind(c(-4, -1, 0, -1, -4.5)))
    close(maximizeSpline([-2, -1, 0, 1, 2], [-4, -1, 0, -1, -4.5]), 0.022299000817173731, 1e-12);
    // R: optimize(function(x) (x - 1/3)^2, c(0, 1))$minimum
    close(brentMinimize((v) => (v - 1 / 3) ** 2, 0, 1), 0.33333333333333331, 1e-9);
    // R: edgeR::q2qnbinom(c(1037, 13303), 6000, 5500, 0.0062)
    close(q2qnbinom(1037, 6000, 5500, 0.0062), 946.60863314911398, 1e-12);
    close(q2qnbinom(13303, 6000, 5500, 0.0062), 12203.40372442848093, 1e-12);
    // R: edgeR::binomTest(3, 12, p = 0.5)
    close(binomTest(3, 12, 0.5), 0.035156250000000014, 1e-12);
    close(logNormalUpper(40), -804.6084420137538, 1e-14);
    close(logGammaCdf(5000, 100, 2, true), -2084.513262038332, 1e-13);
    close(gammaQuantileLog(-900, 100, 2, true), 2493.282124102735, 1e-12);
    close(gammaQuantileLog(-149.059786524776229, 5500 / (1 + 0.0062 * 5500), 1 + 0.0062 * 5500, false), 948.044110482030533, 1e-12);
  });
  it("gamma tails by the paired series and the rescaled continued fraction, against R", () => {
    // R: pgamma(c(2.5, 9, 30, 20, 52, 11.5, 30), c(0.3, 3.7, 25, 25, 40, 12, 7.5),
    //      lower.tail = c(F, F, F, T, T, F, F), log.p = TRUE) (each element separately)
    const cases: [number, number, boolean, number][] = [
      [2.5, 0.3, true, -4.4358222703339081],
      [9, 3.7, true, -4.1873871456916234],
      [30, 25, true, -1.8499690858736344],
      [20, 25, false, -1.8529587920111941],
      [52, 40, false, -0.037693541540373549],
      [11.5, 12, true, -0.65431482429986021],
      [30, 7.5, true, -15.193009679370736],
    ];
    for (const [x, a, upper, r] of cases) close(logGammaCdf(x, a, 1, upper), r, 1e-13);
  });
  it("gamma tails beyond x = 1000 and q2qnbinom at high counts, against R", () => {
    // @stdlib's gammainc is off by up to tens of percent there (log Q(1000, 1100) = -6.8416).
    // R: pgamma(c(1100, 1050, 10500, 2000), c(1000, 1000, 10000, 1500), lower.tail = FALSE, log.p = TRUE)
    close(logGammaCdf(1100, 1000, 1, true), -6.8501250144362631, 1e-13);
    close(logGammaCdf(1050, 1000, 1, true), -2.8358078133685223, 1e-13);
    close(logGammaCdf(10500, 10000, 1, true), -14.6651074863368223, 1e-13);
    close(logGammaCdf(2000, 1500, 1, true), -71.9617442554835804, 1e-13);
    // R: pgamma(c(900, 1500), c(1000, 2000), log.p = TRUE)
    close(logGammaCdf(900, 1000, 1, false), -7.5057699942338916, 1e-13);
    close(logGammaCdf(1500, 2000, 1, false), -78.7031831591105089, 1e-13);
    // R: edgeR::q2qnbinom(c(12, 0, 3, 150000, 32946, 2, 1500), c(10, 5, 8, 120000, 30323.52192920246, 40, 1200),
    //      c(20, 6, 4, 100000, 11559.325448457768, 20, 1000), c(0.1, 0.2, 0.05, 5e-4, 0.0009415834866550376, 1e-4, 0.002))
    const x = [12, 0, 3, 150000, 32946, 2, 1500];
    const mi = [10, 5, 8, 120000, 30323.52192920246, 40, 1200];
    const mo = [20, 6, 4, 100000, 11559.325448457768, 20, 1000];
    const d = [0.1, 0.2, 0.05, 5e-4, 0.0009415834866550376, 1e-4, 0.002];
    const r = [23.535009359559368, 0.12771867673098658, 0.86074022385237303, 125042.45754818246, 12586.433459532043, -3.360193977682667, 1257.509170516551];
    x.forEach((v, i) => close(q2qnbinom(v, mi[i], mo[i], d[i]), r[i], 1e-12));
  });
  it("the gamma quantile-to-quantile map (paired sums) against R and against the two steps apart", () => {
    // R: qgamma(pgamma(x, a1, scale = s1, lower.tail = !up, log.p = TRUE), a2, scale = s2, lower.tail = !up, log.p = TRUE)
    // both series; both fractions; small shapes; far above the mean; below 1; shapes near 400
    const cases: [number, number, number, number, number, boolean, number][] = [
      [12, 9, 1.1, 16, 1.25, false, 23.281094369631184],
      [30, 9, 1.1, 16, 1.25, true, 47.989484994679394],
      [3, 2.5, 4, 3.1, 5, false, 5.4743030043409142],
      [400, 150, 2, 190, 2.2, true, 540.58814440389222],
      [0.5, 0.3, 3, 0.25, 2.5, false, 0.28524967493287556],
      [2500, 350, 3, 390, 3.3, true, 2945.8137055298253],
    ];
    for (const [x, a1, s1, a2, s2, up, r] of cases) {
      // from a start 1% off (one Halley step is then not enough: the map goes on iterating) and 1e-5 off
      for (const off of [1.01, 1 + 1e-5]) close(gammaQuantileMap(x, a1, s1, a2, s2, up, r * off), r, 1e-12);
    }
    // against the tail and the quantile evaluated apart, over both regions and mixed ones
    let seed = 17;
    const u = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let worst = 0;
    for (let i = 0; i < 20000; i++) {
      const a1 = Math.exp(u() * 7 - 2);
      const a2 = a1 * (0.7 + 0.6 * u());
      const x = Math.max(1e-3, a1 + (u() - 0.5) * 10 * Math.sqrt(a1));
      const up = x >= a1;
      const start = (a2 / a1) * x * (0.999 + 0.002 * u());
      const apart = gammaQuantileLog(logGammaCdf(x, a1, 1, up), a2, 1, up, start);
      worst = Math.max(worst, Math.abs(gammaQuantileMap(x, a1, 1, a2, 1, up, start) - apart) / apart);
    }
    expect(worst).toBeLessThan(1e-12);
    // zero and non-finite inputs take the general path
    expect(gammaQuantileMap(0, 5, 1, 6, 1, false, 1)).toBe(0);
    expect(gammaQuantileMap(NaN, 5, 1, 6, 1, false, 1)).toBeNaN();
  });
  it("the fitted-below-1e-4 flags of a one-way design without the fit equal those of the fit", () => {
    // three groups; genes with an all-zero group, tiny fractional counts, a single read, and a
    // library 1e6 times smaller than the others (where a positive group's fitted values can fall
    // below 1e-4 and the genes must be fitted)
    const lib = [1e7, 2e7, 1.5e7, 3e7, 10, 2.5e7, 1e7, 2e7, 1.2e7];
    const group = [0, 0, 0, 1, 1, 1, 2, 2, 2];
    const design = { rows: 9, cols: 3, data: Float64Array.from(group.flatMap((g) => [1, g === 1 ? 1 : 0, g === 2 ? 1 : 0])) };
    const offset = Float64Array.from(lib, Math.log);
    const rows = [
      [10, 20, 15, 30, 0, 25, 10, 20, 12],
      [0, 0, 0, 5, 0, 3, 8, 2, 1],
      [0, 1, 0, 0, 0, 0, 0, 0, 0],
      [5e-5, 0, 0, 0, 0, 0, 1, 0, 0],
      [0, 0, 0, 1, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 1, 0, 0, 2],
      [3, 0, 0, 0, 2, 0, 0, 0, 0],
    ];
    let seed = 7;
    for (let k = 0; k < 40; k++) rows.push(Array.from({ length: 9 }, () => ((seed = (seed * 16807) % 2147483647) % 5 === 0 ? 0 : seed % 40)));
    const values = Float64Array.from(rows.flat());
    const fit = glmFit(values, rows.length, design, { offset, dispersion: 0.05, priorCount: 0 });
    const expected = Array.from(fit.fitted, (v) => (v < 1e-4 ? 1 : 0));
    expect(Array.from(fittedBelow(values, rows.length, design, offset))).toEqual(expected);
    // the case the shortcut must refuse: in a group with reads, the small library's fitted value
    // is below 1e-4 and the others are not
    expect(expected[0 * 9 + 4]).toBe(1);
    expect(expected[0 * 9 + 3]).toBe(0);
    // an all-zero group: flagged without a fit
    expect(expected.slice(9, 12)).toEqual([1, 1, 1]);
  });
  it("glmFit with a given unshrunk fit computes the same prior-count coefficients", () => {
    const design = { rows: 6, cols: 2, data: Float64Array.of(1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1) };
    const values = Float64Array.of(10, 12, 9, 30, 28, 35, 0, 1, 0, 4, 6, 5, 100, 90, 120, 95, 110, 105);
    const opts = { offset: Float64Array.of(13, 13.2, 12.9, 13.1, 13, 13.3), dispersion: Float64Array.of(0.1, 0.3, 0.02) };
    const plain = glmFit(values, 3, design, { ...opts, priorCount: 0 });
    const full = glmFit(values, 3, design, { ...opts, priorCount: 0.125 });
    const reused = glmFit(values, 3, design, { ...opts, priorCount: 0.125, unshrunk: plain });
    expect(Array.from(reused.coefficients)).toEqual(Array.from(full.coefficients));
    expect(Array.from(reused.deviance)).toEqual(Array.from(full.deviance));
    expect(Array.from(reused.fitted)).toEqual(Array.from(full.fitted));
    expect(() => glmFit(values, 3, design, { ...opts, unshrunk: { ...plain, deviance: new Float64Array(2) } })).toThrow(/does not match/);
  });
});
