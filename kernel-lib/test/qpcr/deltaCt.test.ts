/**
 * Relative quantification against published worked examples in ../shared/data/qpcr (read in
 * place): the Livak & Schmittgen c-myc/GAPDH brain-kidney tables (exact values from R's pcr
 * 1.2.2 in reference_outputs_pcr_1.2.2, and the published rounded tables), and the geNorm
 * manual's three-reference example (NRQ values from its EXPECTED.md).
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { readCq, parseCq } from "../../src/io/cq";
import { SampleTable } from "../../src/io/samples";
import { deltaDeltaCt, deltaCt, pfafflRatio, normalizedRelativeQuantities, efficiencyFactor, testDeltaCt, restTest, lmDeltaCt } from "../../src/qpcr";

const QPCR = join(process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data"), "qpcr");
const LIVAK = join(QPCR, "livak2001_cmyc_gapdh_brain_kidney");
const close = (a: number, b: number, tol = 1e-12) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

function refCsv(file: string): Record<string, string>[] {
  const [h, ...rows] = readFileSync(join(LIVAK, "reference_outputs_pcr_1.2.2", file), "utf8").trim().split("\n").map((l) => l.split(",").map((c) => c.replace(/^"|"$/g, "")));
  return rows.map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]])));
}

/** The long file holds both data sets; keep one (ct1 separate tubes, ct2 same tube). */
function livak(dataset: "ct1" | "ct2") {
  const text = readFileSync(join(LIVAK, "cq_long.csv"), "utf8").trim().split("\n");
  const keep = [text[0], ...text.slice(1).filter((l) => l.startsWith(`${dataset},`))].join("\n");
  return parseCq(keep, { source: `cq_long.csv (${dataset})` });
}

describe.skipIf(!existsSync(join(LIVAK, "cq_long.csv")))("delta-delta-Ct: Livak & Schmittgen brain vs kidney", () => {
  it.each([
    ["ct1", "separate", "ddct_ct1_separate.csv"],
    ["ct1", "same-tube", "ddct_ct1_sametube.csv"],
    ["ct2", "same-tube", "ddct_ct2_sametube.csv"],
    ["ct2", "separate", "ddct_ct2_separate.csv"],
  ] as const)("%s, %s tubes: matches pcr 1.2.2", (ds, mode, file) => {
    const res = deltaDeltaCt(livak(ds), { reference: "GAPDH", calibrator: "brain", mode });
    const ref = refCsv(file);
    expect(res.nRows).toBe(2);
    ref.forEach((r, i) => {
      expect(res.cell(i, 0)).toBe(r.group);
      close(res.cell(i, 3) as number, Number(r.normalized));
      close(res.cell(i, 5) as number, Number(r.calibrated));
      close(res.cell(i, 6) as number, Number(r.error));
      close(res.cell(i, 7) as number, Number(r.relative_expression));
      close(res.cell(i, 8) as number, Number(r.lower));
      close(res.cell(i, 9) as number, Number(r.upper));
    });
  });
  it("reproduces the published tables (rounded as printed)", () => {
    const sep = deltaDeltaCt(livak("ct1"), { reference: "GAPDH", calibrator: "brain" }).toRecords();
    expect((sep[1].dCt as number).toFixed(2)).toBe("4.37");
    expect((sep[1].ddCt as number).toFixed(2)).toBe("-2.50");
    expect((sep[1].fold as number).toFixed(1)).toBe("5.6");
    expect([(sep[1].fold_low as number).toFixed(1), (sep[1].fold_high as number).toFixed(1)]).toEqual(["5.3", "6.0"]);
    const same = deltaDeltaCt(livak("ct2"), { reference: "GAPDH", calibrator: "brain", mode: "same-tube" }).toRecords();
    expect((same[1].fold as number).toFixed(2)).toBe("5.78");
    expect([(same[1].fold_low as number).toFixed(2), (same[1].fold_high as number).toFixed(2)]).toEqual(["5.23", "6.38"]);
  });
  it("calibratorError adds the calibrator's SD in quadrature", () => {
    const a = deltaDeltaCt(livak("ct1"), { reference: "GAPDH", calibrator: "brain", calibratorError: true }).toRecords();
    close(a[1].ddCt_sd as number, Math.hypot(0.0954463199919206, 0.173954016912516));
    close(a[0].ddCt_sd as number, 0.173954016912516);
  });
  it("delta-Ct without a reference gene matches pcr_dct", () => {
    const res = deltaCt(livak("ct1"), { calibrator: "brain" }).toRecords();
    const ref = refCsv("dct_ct1_separate.csv");
    const byKey = (g: string, t: string) => res.find((r) => r.group === g && r.target === t.replace("c_myc", "c-myc"))!;
    for (const r of ref) {
      const o = byKey(r.group, r.gene);
      close(o.dCt as number, Number(r.calibrated));
      close(o.fold as number, Number(r.fold_change));
      close(o.sd as number, Number(r.error));
      close(o.fold_low as number, Number(r.lower));
      close(o.fold_high as number, Number(r.upper));
    }
  });
  it("t-tests on per-sample delta-Cq match R's t.test (Welch and Student)", () => {
    const w = testDeltaCt(livak("ct1"), { reference: "GAPDH", calibrator: "brain" }).toRecords()[0];
    expect([w.target, w.group, w.n, w.n_calibrator]).toEqual(["c-myc", "kidney", 6, 6]);
    close(w.ddCq as number, -2.495000000000001);
    close(w.t as number, -30.56120493062577, 1e-10);
    close(w.df as number, 8.7362004151552739, 1e-10);
    close(w.pvalue as number, 3.4666032408103204e-10, 1e-7);
    close(w.ci_low as number, 2 ** 2.3094651431889064, 1e-8);
    close(w.ci_high as number, 2 ** 2.680534856811096, 1e-8);
    const s = testDeltaCt(livak("ct1"), { reference: "GAPDH", calibrator: "brain", test: "student" }).toRecords()[0];
    close(s.pvalue as number, 3.2975831990823908e-11, 1e-7);
    // all kidney delta-Cq below all brain ones: exact two-sided p = 2 / C(12, 6)
    const wx = testDeltaCt(livak("ct1"), { reference: "GAPDH", calibrator: "brain", test: "wilcoxon" }).toRecords()[0];
    close(wx.pvalue as number, 2 / 924, 1e-12);
  });
  it("REST randomisation: the Pfaffl ratio, a p-value near the exact permutation value 2 / C(12, 6), reproducible by seed", () => {
    const cq = livak("ct1");
    const a = restTest(cq, { reference: "GAPDH", control: "brain", treated: "kidney", seed: 7 }).toRecords()[0];
    close(a.ratio as number, 5.63728302056808);
    // only the observed split and its mirror are as extreme: p = 2 / 924 in expectation
    expect(a.pvalue as number).toBeGreaterThan(0.001);
    expect(a.pvalue as number).toBeLessThan(0.0035);
    const b = restTest(cq, { reference: "GAPDH", control: "brain", treated: "kidney", seed: 7 }).toRecords()[0];
    expect(b.pvalue).toBe(a.pvalue);
  });
  it("linear model with a batch covariate matches R's lm(dct ~ batch + group)", () => {
    const cq = livak("ct1");
    const names = cq.samples();
    const batch = new SampleTable(names, { batch: names.map((s) => (Number(s.replace(/\D+/g, "")) <= 3 ? "a" : "b")) });
    const res = lmDeltaCt(cq, { reference: "GAPDH", design: "~ batch + group", referenceLevels: { group: "brain" }, samples: batch }).toRecords();
    expect(res.map((r) => r.coefficient)).toEqual(["Intercept", "batch_b_vs_a", "group_kidney_vs_brain"]);
    close(res[0].estimate as number, 6.92083333333333783, 1e-12);
    close(res[1].estimate as number, -0.12166666666666827, 1e-10);
    close(res[1].se as number, 0.075899950389548235, 1e-10);
    close(res[2].t as number, -32.8722217497466929, 1e-10);
    close(res[2].pvalue as number, 1.0981767149309338e-10, 1e-7);
    close(res[1].pvalue as number, 0.14340100225633026, 1e-9);
  });
  it("Pfaffl with E = 2 for both genes equals 2^-ddCt, and efficiencies change it as the formula says", () => {
    const cq = livak("ct1");
    const p = pfafflRatio(cq, { reference: "GAPDH", calibrator: "brain" }).toRecords();
    close(p[1].ratio as number, 5.63728302056808);
    const q = pfafflRatio(cq, { reference: "GAPDH", calibrator: "brain", efficiency: { "c-myc": 90, GAPDH: 1.95 } }).toRecords();
    // dCq(target) = 30.46 - 26.995... computed from the group means: E_t^dT / E_r^dR
    const mean = (g: string, t: string) => { const v = cq.rows.filter((r) => r.group === g && r.target === t).map((r) => r.cq); return v.reduce((a, b) => a + b) / v.length; };
    close(q[1].ratio as number, 1.9 ** (mean("brain", "c-myc") - mean("kidney", "c-myc")) / 1.95 ** (mean("brain", "GAPDH") - mean("kidney", "GAPDH")));
  });
});

describe.skipIf(!existsSync(join(QPCR, "genorm_manual2008_example", "cq_long.csv")))("qbase NRQ: geNorm manual example", () => {
  it("normalisation factors and NRQs of the three-reference example", () => {
    const cq = readCq(join(QPCR, "genorm_manual2008_example", "cq_long.csv"));
    const res = normalizedRelativeQuantities(cq, { references: ["HK1", "HK2", "HK3"] }).toRecords();
    const NF = [0.44544935907017, 0.185137194035821, 0.629960524947437, 0.757858283255199];
    const NRQ = [2.24492409661875, 2.35109581256722, 0.155681202794853, 0.241484082231211];
    res.forEach((r, i) => {
      close(r.NF as number, NF[i], 1e-13);
      close(r.NRQ as number, NRQ[i], 1e-13);
    });
    const rel = normalizedRelativeQuantities(cq, { references: ["HK1", "HK2", "HK3"], calibratorSample: "A" }).toRecords();
    [1, 1.04729412282063, 0.0693480920042402, 0.107568929655541].forEach((v, i) => close(rel[i].NRQ as number, v, 1e-13));
  });
});

describe("Cq tables: undetermined values and malformed input", () => {
  const text = "sample,group,target,cq\nA,dmso,GAPDH,20.1\nA,dmso,CDKN1A,Undetermined\nB,nutlin,GAPDH,20.3\nB,nutlin,CDKN1A,24.2\n";
  it("an undetermined Cq is an error by default, naming the line, sample and target", () => {
    expect(() => parseCq(text)).toThrow(/Cq text line 3.*undetermined Cq \("Undetermined"\) for sample A, target CDKN1A; choose a policy/);
  });
  it("drop keeps a list of what was left out; cutoff sets the cycle; maxCycle catches late Cq", () => {
    const dropped = parseCq(text, { undetermined: "drop" });
    expect(dropped.rows.length).toBe(3);
    expect(dropped.dropped.map((r) => [r.sample, r.target, r.line])).toEqual([["A", "CDKN1A", 3]]);
    const cut = parseCq(text, { undetermined: { cutoff: 40 } });
    expect(cut.rows[1].cq).toBe(40);
    expect(cut.rows[1].undetermined).toBe(true);
    expect(() => parseCq(text.replace("24.2", "41.5"), { undetermined: { cutoff: 40 }, maxCycle: 40 }).rows).not.toThrow();
    expect(() => parseCq(text.replace("Undetermined", "38").replace("24.2", "41.5"), { maxCycle: 40 })).toThrow(/line 5.*at or after cycle 40/);
  });
  it("names missing columns, bad numbers and unknown roles", () => {
    expect(() => parseCq("sample,gene\nA,GAPDH\n")).toThrow(/missing column\(s\) cq/);
    expect(() => parseCq("sample,target,cq\nA,GAPDH,2o.1\n")).toThrow(/line 2, sample A, target GAPDH: Cq is not a number \("2o.1"\)/);
    expect(() => parseCq("sample,target,cq,role\nA,GAPDH,20,control\n")).toThrow(/line 2: role "control" is neither target nor reference/);
  });
  it("missing reference genes and calibrators are named", () => {
    const cq = parseCq(text, { undetermined: "drop" });
    expect(() => deltaDeltaCt(cq, { reference: "ACTB", calibrator: "dmso" })).toThrow(/reference gene "ACTB" is not in the Cq table \(targets: GAPDH, CDKN1A\)/);
    expect(() => deltaDeltaCt(cq, { reference: "GAPDH", calibrator: "DMSO" })).toThrow(/calibrator group "DMSO" is not in the Cq table \(groups: dmso, nutlin\)/);
    expect(() => deltaDeltaCt(cq, { reference: "GAPDH", calibrator: "dmso" })).toThrow(/the calibrator group dmso has no Cq for CDKN1A/);
  });
  it("efficiencies as factors or percentages", () => {
    expect(efficiencyFactor(95)).toBeCloseTo(1.95, 15);
    expect(efficiencyFactor(1.9)).toBe(1.9);
    expect(() => efficiencyFactor(5)).toThrow(/neither a factor/);
  });
});

describe("qbase error propagation", () => {
  it("NRQ standard errors from technical replicates, to first order (Hellemans et al. 2007)", () => {
    const text = "sample,target,cq\nA,REF,20.0\nA,REF,20.2\nA,GOI,25.0\nA,GOI,25.4\nB,REF,21.0\nB,REF,21.0\nB,GOI,23.0\nB,GOI,23.2\n";
    const res = normalizedRelativeQuantities(parseCq(text), { references: ["REF"], calibratorSample: "A" }).toRecords();
    const seMean = (a: number, b: number) => Math.abs(a - b) / Math.sqrt(2) / Math.sqrt(2); // SD of two values / sqrt(2)
    const relA = Math.LN2 * Math.hypot(seMean(25.0, 25.4), seMean(20.0, 20.2));
    const relB = Math.LN2 * Math.hypot(seMean(23.0, 23.2), seMean(21.0, 21.0));
    close(res[0].NRQ as number, 1);
    close(res[0].NRQ_se as number, relA);
    // B vs A: 2^-((23.1 - 21) - (25.2 - 20.1)) = 2^3 = 8
    close(res[1].NRQ as number, 8);
    close(res[1].NRQ_se as number, 8 * Math.hypot(relB, relA));
  });
});
