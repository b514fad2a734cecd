/** Technical replicate summaries: centre, spread, flags, and the collapsed table. */
import { describe, expect, it } from "vitest";
import { parseCq } from "../../src/io/cq";
import { summarizeReplicates, deltaDeltaCt } from "../../src/qpcr";

const TEXT = `sample,group,target,cq,well
d1,dmso,GAPDH,20.0,A1
d1,dmso,GAPDH,20.2,A2
d1,dmso,GAPDH,20.1,A3
d1,dmso,CDKN1A,25.0,A4
d1,dmso,CDKN1A,25.1,A5
d1,dmso,CDKN1A,26.4,A6
n1,nutlin,GAPDH,20.1,B1
n1,nutlin,GAPDH,20.3,B2
n1,nutlin,GAPDH,20.2,B3
n1,nutlin,CDKN1A,22.0,B4
n1,nutlin,CDKN1A,22.2,B5
n1,nutlin,CDKN1A,22.1,B6
`;

describe("technical replicates", () => {
  it("means, SDs, an outlier flag naming the well and line, and a collapsed table for ddCt", () => {
    const { table, collapsed } = summarizeReplicates(parseCq(TEXT));
    const rec = table.toRecords();
    expect(rec.length).toBe(4);
    const d1c = rec.find((r) => r.sample === "d1" && r.target === "CDKN1A")!;
    expect(d1c.cq).toBeCloseTo((25.0 + 25.1 + 26.4) / 3, 12);
    expect(d1c.spread).toBeCloseTo(Math.sqrt(((25 - 25.5) ** 2 + (25.1 - 25.5) ** 2 + (26.4 - 25.5) ** 2) / 2), 12);
    expect(d1c.flag).toMatch(/SD 0\.78 > 0\.3 cycles; possible outlier well A6 \(line 7\): 1\.30 cycles from the median$/);
    expect(rec.find((r) => r.sample === "n1" && r.target === "CDKN1A")!.flag).toBeNull();
    expect(collapsed.rows.length).toBe(4);
    const dd = deltaDeltaCt(collapsed, { reference: "GAPDH", calibrator: "dmso" }).toRecords();
    expect(dd[1].ddCt).toBeCloseTo(22.1 - 20.2 - (25.5 - 20.1), 12);
  });
  it("median and MAD, SEM", () => {
    const med = summarizeReplicates(parseCq(TEXT), { center: "median", spread: "mad" }).table.toRecords();
    const d1c = med.find((r) => r.sample === "d1" && r.target === "CDKN1A")!;
    expect(d1c.cq).toBeCloseTo(25.1, 12);
    expect(d1c.spread).toBeCloseTo(1.4826 * 0.1, 12);
    const sem = summarizeReplicates(parseCq(TEXT), { spread: "sem" }).table.toRecords();
    expect(sem[0].spread).toBeCloseTo(0.1 / Math.sqrt(3), 12);
  });
});
