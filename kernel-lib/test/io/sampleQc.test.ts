import { describe, expect, it } from "vitest";
import { SampleTable } from "../../src/io/samples";
import { CountMatrix } from "../../src/io/counts";
import { sampleQc } from "../../src/io/sampleQc";
import { sampleQcPlot } from "../../src/plots/sampleQc";

const sheet = new SampleTable(["dmso_1", "dmso_2", "nutlin_1", "nutlin_2"], {
  condition: ["dmso", "dmso", "nutlin", "nutlin"],
  RIN: ["9.1", "6.4", "NA", "8.0"],
  "ng/ul": ["120", "95", "40", "15"],
  Total_Reads: ["21000000", "19500000", "8000000", "22000000"],
});

describe("sampleQc", () => {
  it("finds the QC columns by name and flags RIN below 7 by default", () => {
    const qc = sampleQc(sheet);
    expect(qc.columns).toEqual({ rin: "RIN", concentration: "ng/ul", librarySize: "Total_Reads" });
    expect(qc.flagged).toEqual(["dmso_2", "nutlin_1"]);
    expect(qc.table.column("flags")).toEqual(["", "RIN 6.4 < 7", "RIN missing", ""]);
    expect(Array.from(qc.table.column("library_size") as Float64Array)).toEqual([21e6, 19.5e6, 8e6, 22e6]);
  });
  it("applies the thresholds the user sets", () => {
    const qc = sampleQc(sheet, { minRin: 8.5, minConcentration: 20, minLibrarySize: 10e6 });
    expect(qc.table.column("flags")).toEqual(["", "RIN 6.4 < 8.5", "RIN missing; library size 8,000,000 < 10,000,000", "RIN 8 < 8.5; concentration 15 < 20"]);
    expect(qc.flagged).toEqual(["dmso_2", "nutlin_1", "nutlin_2"]);
  });
  it("takes library sizes from the counts when the sheet has none", () => {
    const s = new SampleTable(["a", "b"], { RQN: ["8", "9"] });
    const counts = new CountMatrix({ genes: ["G1", "G2"], samples: ["b", "a"], values: [[5, 1], [5, 2]] });
    const qc = sampleQc(s, { counts, minLibrarySize: 5 });
    expect(Array.from(qc.table.column("library_size") as Float64Array)).toEqual([3, 10]);
    expect(qc.flagged).toEqual(["a"]);
  });
  it("names a bad value and a sheet without QC columns", () => {
    expect(() => sampleQc(new SampleTable(["a"], { RIN: ["high"] }))).toThrow(/sample a, column RIN: RIN "high" is not a number|RIN "high" is not a number/);
    expect(() => sampleQc(new SampleTable(["a"], { condition: ["x"] }))).toThrow(/no RNA QC column found .*columns are condition/);
  });
  it("plots RIN with the flagged samples apart and the threshold line", () => {
    const fig = sampleQcPlot(sampleQc(sheet));
    expect(fig.data.map((t) => t.name)).toEqual(["passes", "flagged"]);
    expect(fig.data[1].x).toEqual(["dmso_2", "nutlin_1"]);
    expect((fig.layout.shapes as { y0: number }[])[0].y0).toBe(7);
  });
});
