/**
 * limma pieces beyond the stored references: eBayes(trend = TRUE), treat and contrasts.fit on
 * HCT116+MCF7 (values printed by limma.reference.R, limma 3.54), and the numeric helpers.
 */
import { describe, expect, it } from "vitest";
import { voom, lmFit, eBayes, treat, topTable, contrastsFit, fitFDist, squeezeVar } from "../../src/de/limma";
import { tetragamma, trigamma, trigammaInverse } from "../../src/stats/special";
import { tTwoSided, tUpper, fUpper, tQuantile } from "../../src/stats/tdist";
import { naturalSplineBasis, quantile7 } from "../../src/stats/splines";
import { matrix } from "../../src/stats/linalg";
import { haveRef, prepare } from "./edgerSetup";

// from limma.reference.R
const TREND = { dfPrior: 2.3038513951191124, s2Prior: [0.74763239466628939, 0.71844462999515935, 0.63977083731654294, 0.68073342179979812, 0.63976182583910268], t: [3.5409060810637216, 1.3222886133544234, 4.057168867326971, 3.8085387032652434, 0.96363279377101541], B: [-3.0114996468537845, -6.1980216519184523, -1.9479287620038228, -2.5213295134166867, -6.326168535664495] };
const TREAT = { t: [2.5430670187805835, 0.75321681138350682, 2.4662947142933591, 2.6122241992330335, 0], p: [0.019794213258596378, 0.28688231343624365, 0.021190806567843355, 0.017464774366279939, 0.99971893988418503], nSig: 6 };
const CONTRAST = { coef: [-1.8208298597384138, 7.9599520384211875, 0.24591347941743402, 5.93389818792319, -1.3778529235708379, 5.7030716579046601, -1.5092323374137555, 7.2100272665974909, 0.12767454488363825, 0.42229936511432825], se: [0.26513013653036965, 0.39012696247599971, 0.27708837932792835, 0.40373827003072349, 0.39503517225455625, 0.58496774266475526, 0.29909123113161723, 0.43985657585323551, 0.36200446616627929, 0.52769016821667103], p: [0.23358596650442712, 0.0057451891714803199, 0.92392202133980783, 0.14390181694395779, 0.15839924733352123, 0.0028841993570041195, 0.2370278801492893, 0.0037502511510425622, 0.56967910605973471, 0.21719131741649123] };
const ROBUST = { dfPrior: [2.1796419915393188, 2.1796419915393188, 2.1796419915393188, 2.1796419915393188, 2.2990333584612044], s2Prior: 0.69949243818571705, t: [3.5123694179924878, 1.3111424016832007, 4.0196833728881316, 3.7767520576180793, 0.93814032226594224], p: [0.0094339227570664087, 0.23018514477416505, 0.0048033634807522103, 0.0066047817261523636, 0.37817062202760116], B: [-3.0940095143838544, -6.2365808950242716, -2.0422262684165844, -2.6097345633872324, -6.3757782736120294], nSig: 229 };
const ROBUST_TREND = { minDfPrior: 2.1859558571584761, s2Prior: [0.73755890844550398, 0.72015301620035965, 0.6489789110763674, 0.69926723806283342, 0.65215536757429371], t: [3.5131593431055039, 1.3116635301384423, 4.0273959180447338, 3.778346140234667, 0.95810676457135047] };
const GENES = ["CDKN1A", "MDM2", "BBC3", "GDF15", "RERE"];
const close = (a: number, b: number, rel = 1e-8) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1e-12));

describe.skipIf(!haveRef("andrysik2017_hct116_mcf7", "limma_voom.tsv.gz"))("limma options against R (HCT116+MCF7)", () => {
  const { counts, design, normFactors } = prepare("andrysik2017_hct116_mcf7", "~ cell_line + condition");
  const v = voom(counts, design.matrix, { normFactors });
  const fit = lmFit(v.E, v.nGenes, design.matrix, { weights: v.weights });
  const idx = GENES.map((g) => counts.geneIndex(g));
  it("eBayes with an intensity trend", () => {
    const eb = eBayes(fit, { trend: true });
    close(eb.dfPrior, TREND.dfPrior);
    idx.forEach((g, k) => {
      close(eb.s2Prior[g], TREND.s2Prior[k]);
      close(eb.t[g * 3 + 2], TREND.t[k]);
      close(eb.lods[g * 3 + 2], TREND.B[k]);
    });
  });
  it("robust eBayes (Phipson et al. 2016), with and without a trend", () => {
    const rb = eBayes(fit, { robust: true });
    close(rb.s2Prior[0], ROBUST.s2Prior, 1e-6);
    idx.forEach((g, k) => {
      close(rb.dfPriorGenes[g], ROBUST.dfPrior[k], 1e-6);
      close(rb.t[g * 3 + 2], ROBUST.t[k], 1e-6);
      close(rb.pValue[g * 3 + 2], ROBUST.p[k], 1e-6);
      close(rb.lods[g * 3 + 2], ROBUST.B[k], 1e-6);
    });
    expect(Array.from(topTable(rb, { coef: 2 }).column("adj.P.Val") as Float64Array).filter((p) => p < 0.05).length).toBe(ROBUST.nSig);
    const rt = eBayes(fit, { robust: true, trend: true });
    close(Math.min(...rt.dfPriorGenes), ROBUST_TREND.minDfPrior, 1e-6);
    idx.forEach((g, k) => {
      close(rt.s2Prior[g], ROBUST_TREND.s2Prior[k], 1e-6);
      close(rt.t[g * 3 + 2], ROBUST_TREND.t[k], 1e-6);
    });
  });
  it("treat with a log2 fold-change threshold of 1", () => {
    const tr = treat(fit, { lfc: 1 });
    const tab = topTable(tr, { coef: 2 });
    expect(tab.names).not.toContain("B");
    idx.forEach((g, k) => {
      close(tr.t[g * 3 + 2], TREAT.t[k]);
      close(tr.pValue[g * 3 + 2], TREAT.p[k]);
    });
    expect(Array.from(tab.column("adj.P.Val") as Float64Array).filter((p) => p < 0.05).length).toBe(TREAT.nSig);
  });
  it("contrasts of a non-orthogonal design", () => {
    const cf = eBayes(contrastsFit(fit, [[0, 1, -1], [0, 0.5, 2]], ["a", "b"]));
    idx.forEach((g, k) => {
      for (let j = 0; j < 2; j++) {
        close(cf.coefficients[g * 2 + j], CONTRAST.coef[k * 2 + j]);
        close(cf.stdevUnscaled[g * 2 + j], CONTRAST.se[k * 2 + j]);
        close(cf.pValue[g * 2 + j], CONTRAST.p[k * 2 + j], 1e-7);
      }
    });
  });
});

describe("limma numerics", () => {
  it("t and F tails, including the far tail, and the t quantile (values from R)", () => {
    close(tTwoSided(40, 20), 1.4574696554310689e-20, 1e-12);
    close(fUpper(300, 1, 18.4), 7.6600917373913584e-13, 1e-12);
    close(tTwoSided(0.3, 7), 0.77289005040213432, 1e-14);
    close(tUpper(-1, 3), 0.80449889052211476, 1e-14);
    close(tTwoSided(1e3, 4), 5.9999600002100148e-12, 1e-12);
    close(tQuantile(0.975, 5), 2.570581835636314, 1e-12);
  });
  it("tetragamma and trigammaInverse (values from R)", () => {
    close(tetragamma(0.3), -75.272536588726027, 1e-14);
    close(tetragamma(25.5), -0.0015993605962783077, 1e-13);
    close(trigammaInverse(0.15), 7.154217310031542, 1e-12);
    close(trigamma(trigammaInverse(3)), 3, 1e-10);
  });
  it("natural splines: quantile knots and linear beyond the boundary", () => {
    expect(quantile7([1, 2, 3, 4], 0.5)).toBe(2.5);
    const ns = naturalSplineBasis([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4);
    expect(ns.knots).toEqual([0, 3, 6, 9]);
    const out = ns.evaluate([10, 11, 12]);
    for (let c = 0; c < 4; c++) close(out.data[2 * 4 + c] - out.data[1 * 4 + c], out.data[1 * 4 + c] - out.data[0 * 4 + c], 1e-10);
  });
  it("fitFDist: a common prior estimated from chi-square variances, infinite df when they do not vary", () => {
    const x = [0.61, 1.3, 0.92, 1.7, 0.45, 1.1, 0.83, 1.05];
    const f = fitFDist(x, 4);
    expect(f.df2).toBeGreaterThan(0);
    expect(fitFDist([1, 1, 1, 1], 4).df2).toBe(Infinity);
    const s = squeezeVar(x, 4);
    s.varPost.forEach((p, i) => expect(Math.abs(p - s.varPrior[i])).toBeLessThanOrEqual(Math.abs(x[i] - s.varPrior[i]) + 1e-15));
  });
  it("refuses a rank-deficient design and a fit without residual df with clear messages", () => {
    const d = matrix([[1, 0], [1, 0], [1, 0]]);
    expect(() => lmFit(new Float64Array(6), 2, d)).toThrow(/full column rank/);
    const none = lmFit(Float64Array.of(1, 2, 3, 4), 2, matrix([[1, 0], [1, 1]]));
    expect(() => eBayes(none)).toThrow(/no residual degrees of freedom/);
  });
});
