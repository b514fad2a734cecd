/** qPCR figures: structure, values carried from the analyses, and escaping of data text. */
import { describe, expect, it } from "vitest";
import { parseCq } from "../../src/io/cq";
import { deltaDeltaCt, testDeltaCt, fitFourPL, standardCurve, genorm } from "../../src/qpcr";
import { foldChangePlot, doseResponsePlot, timeCoursePlot, standardCurvePlot, stabilityPlot } from "../../src/plots/qpcr";

const TEXT = `sample,group,target,cq
d1,dmso,GAPDH,20.0
d2,dmso,GAPDH,20.2
d3,dmso,GAPDH,20.1
d1,dmso,<b>CDKN1A</b>,25.0
d2,dmso,<b>CDKN1A</b>,25.2
d3,dmso,<b>CDKN1A</b>,25.1
n1,nutlin,GAPDH,20.1
n2,nutlin,GAPDH,20.3
n3,nutlin,GAPDH,20.2
n1,nutlin,<b>CDKN1A</b>,22.0
n2,nutlin,<b>CDKN1A</b>,22.3
n3,nutlin,<b>CDKN1A</b>,22.1
`;

describe("qPCR plots", () => {
  it("fold-change bars carry the folds, asymmetric error bars and significance stars; names are escaped", () => {
    const cq = parseCq(TEXT);
    const dd = deltaDeltaCt(cq, { reference: "GAPDH", calibrator: "dmso" });
    const fig = foldChangePlot(dd, { tests: testDeltaCt(cq, { reference: "GAPDH", calibrator: "dmso" }) });
    expect(fig.data.length).toBe(2);
    const nutlin = fig.data[1] as { y: number[]; text: string[]; x: string[]; error_y: { array: number[]; arrayminus: number[] } };
    expect(nutlin.y[0]).toBeCloseTo((dd.column("fold") as Float64Array)[1], 12);
    expect(nutlin.text[0]).toBe("***");
    expect(nutlin.error_y.array[0]).toBeGreaterThan(nutlin.error_y.arrayminus[0]);
    expect(JSON.stringify(fig)).not.toContain("<b>");
    expect(nutlin.x[0]).toBe("&lt;b&gt;CDKN1A&lt;/b&gt;");
  });
  it("dose-response, time course, standard curve and stability figures", () => {
    const conc = [0.01, 0.03, 0.1, 0.3, 1, 3, 10];
    const resp = conc.map((c) => 1 + 7 / (1 + (0.4 / c) ** 1.1) + 0.05 * Math.sin(c * 7));
    const f = fitFourPL(conc, resp);
    const dr = doseResponsePlot(conc, resp, f);
    expect(dr.data[1].y as number[]).toHaveLength(101);
    expect(JSON.stringify(dr.layout)).toContain("EC50");
    expect(timeCoursePlot([{ name: "CDKN1A", time: [0, 8, 24], mean: [1, 3, 7], sd: [0.1, 0.3, 0.8] }]).data).toHaveLength(1);
    const q = [1, 10, 100, 1000];
    const ct = [30.1, 26.8, 23.4, 20.1];
    expect((standardCurvePlot(q, ct, standardCurve(q, ct)).layout.title as { text: string }).text).toMatch(/efficiency 9\d\.\d%/);
    const g = genorm({ genes: ["A", "B", "C"], samples: ["1", "2", "3"], values: Float64Array.of(1, 2, 3, 1.1, 2.5, 2.9, 0.9, 1.8, 3.3) });
    const st = stabilityPlot(g.mAll, { measure: "geNorm M" });
    const ys = st.data[0].y as number[];
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
  });
});
