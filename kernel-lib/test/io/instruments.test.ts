/**
 * qPCR instrument importers against real exports in ../shared/data/qpcr (read in place):
 * instrument_exports/ (SDS, QuantStudio, CFX, LightCycler 480, BioMark) and rdml_examples/
 * (RDML files and the reactions extracted from them independently, reactions_tidy/*.csv).
 * Malformed inputs are made at test time from those files in a temporary folder.
 */
import { describe, it, expect } from "vitest";
import { existsSync, readFileSync } from "fs";
import { gzipSync } from "zlib";
import { join, resolve } from "path";
import { unzipSync } from "fflate";
import { InputError } from "../../src/io/errors";
import { readCq, type CqRow } from "../../src/io/cq";
import { parseDelimited } from "../../src/io/delimited";
import {
  detectQpcrFormat,
  parseBiomark,
  parseCfx,
  parseLc480,
  parseQpcr,
  parseQuantStudio,
  parseRdml,
  parseSds,
  QpcrTable,
  readQpcr,
} from "../../src/io/instruments";
import * as io from "../../src/io";
import { thrown, useTempFiles } from "../helpers";

const QPCR = join(process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data"), "qpcr");
const EXPORTS = join(QPCR, "instrument_exports");
const RDML = join(QPCR, "rdml_examples");
const HAVE_EXPORTS = existsSync(join(EXPORTS, "README.md"));
const HAVE_RDML = existsSync(join(RDML, "reactions_tidy"));

const f = (name: string) => join(EXPORTS, name);
const QS = "ddct_QuantStudio12K_OpenArray_File1.txt";
const SDS = "htqpcr_SDS_sample.txt";
const CFX = "htqpcr_CFX_sample.txt";
const LC = "htqpcr_LightCycler_sample.txt";
const BM = "htqpcr_BioMark_sample.csv";

const { write } = useTempFiles();

/** The error a call throws; it must be an InputError (a message for the user, no crash). */
function inputError(fn: () => unknown): InputError {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

const byWell = (rows: CqRow[], well: string) => rows.filter((r) => r.well === well);
const lines = (name: string) => readFileSync(f(name), "utf8").split(/\r\n|\r|\n/);

describe.skipIf(!HAVE_EXPORTS)("QuantStudio 12K Flex results export", () => {
  it("is detected from the content and read with metadata, thousands separators and empty wells", () => {
    const cq = readQpcr(f(QS), { undetermined: "drop" });
    expect(cq).toBeInstanceOf(QpcrTable);
    expect(cq.format).toBe("quantstudio");
    expect(detectQpcrFormat(readFileSync(f(QS)), QS)).toBe("quantstudio");
    expect(cq.metadata["Instrument Type"]).toBe("QuantStudio 12K Flex");
    expect(cq.metadata["Barcode"]).toBe("SLB93");
    // 3072 wells: 384 with no target assigned, 808 Undetermined, 1880 with a Ct.
    expect(cq.skipped).toHaveLength(384);
    expect(cq.skipped[0]).toMatchObject({ line: 69, well: "A1g1", reason: "no target assigned" });
    expect(cq.dropped).toHaveLength(808);
    expect(cq.rows).toHaveLength(1880);
    expect(cq.samples()).toEqual(["Sample1", "Sample2", "Sample3", "Sample4", "Sample5", "Sample6", "Sample7", "NTC"]);
    expect(cq.targets()).toHaveLength(167);
    const a1 = byWell(cq.rows, "A1a1")[0];
    expect(a1).toMatchObject({ sample: "Sample1", group: "Sample1", target: "Hs00559368_m1", cq: 29.099, undetermined: false, line: 21 });
    expect(byWell(cq.dropped, "A1a3")[0]).toMatchObject({ target: "Hs01059246_m1", undetermined: true, line: 23 });
  });

  it("raises an error naming the file and line of the first undetermined well by default", () => {
    const e = inputError(() => readQpcr(f(QS)));
    expect(e.message).toContain(`${f(QS)} line 23`);
    expect(e.message).toMatch(/undetermined Cq \("Undetermined"\) for sample Sample1, target Hs01059246_m1, well A1a3/);
    expect(e.message).toContain("808 well(s)");
  });

  it("sets undetermined wells to a cut-off, and treats Cq at or after maxCycle as undetermined", () => {
    const cut = readQpcr(f(QS), { undetermined: { cutoff: 40 } });
    expect(cut.rows).toHaveLength(1880 + 808);
    const und = cut.rows.filter((r) => r.undetermined);
    expect(und).toHaveLength(808);
    expect(und.every((r) => r.cq === 40)).toBe(true);
    const all = readQpcr(f(QS), { undetermined: "drop" });
    const late = all.rows.filter((r) => r.cq >= 33).length;
    expect(late).toBeGreaterThan(0);
    const capped = readQpcr(f(QS), { undetermined: "drop", maxCycle: 33 });
    expect(capped.rows).toHaveLength(1880 - late);
    expect(capped.dropped).toHaveLength(808 + late);
    expect(inputError(() => readQpcr(f(QS), { maxCycle: 33, undetermined: "error" })).message).toMatch(/line \d+: undetermined Cq/);
  });

  it("reads CR-only line endings, thousands separators, Omit and Endogenous Control the same way", () => {
    const text = readFileSync(f(QS), "utf8");
    const cr = readQpcr(write("qs_cr.txt", text.replace(/\r\n/g, "\r")), { undetermined: "drop" });
    const lf = readQpcr(f(QS), { undetermined: "drop" });
    expect(cr.rows.map((r) => [r.well, r.cq, r.line])).toEqual(lf.rows.map((r) => [r.well, r.cq, r.line]));
    const small = [
      "* Instrument Type = QuantStudio 5",
      "* Endogenous Control = GAPDH",
      "",
      "[Results]",
      "Well\tWell Position\tOmit\tSample Name\tTarget Name\tTask\tCT\tQuantity\tROX Signal",
      "1\tA1\tfalse\tStd1\tCDKN1A\tSTANDARD\t18.204\t1,000.000\t6,367.559",
      "2\tA2\tfalse\tDMSO\tCDKN1A\tUNKNOWN\t24.5\t\t5,775.118",
      "3\tA3\ttrue\tDMSO\tCDKN1A\tUNKNOWN\tUndetermined\t\t5,631.824",
      "4\tA4\tfalse\tDMSO\tGAPDH\tUNKNOWN\t17.25\t\t5,297.735",
      "",
    ].join("\r");
    const t = parseQuantStudio(small, { source: "small.txt" });
    expect(t.rows.map((r) => [r.well, r.sample, r.target, r.cq, r.role])).toEqual([
      ["A1", "Std1", "CDKN1A", 18.204, "target"],
      ["A2", "DMSO", "CDKN1A", 24.5, "target"],
      ["A4", "DMSO", "GAPDH", 17.25, "reference"],
    ]);
    expect(t.rows[0].quantity).toBe(1000);
    // The omitted well is set aside, so its Undetermined Ct raises nothing.
    expect(t.excluded.map((r) => r.well)).toEqual(["A3"]);
  });

  it("names the line of a truncated file and of a header without a Ct column", () => {
    const ls = lines(QS);
    const truncated = [...ls.slice(0, 30), ls[30].split("\t").slice(0, 5).join("\t")].join("\r\n");
    const e = inputError(() => readQpcr(write("qs_trunc.txt", truncated), { undetermined: "drop" }));
    expect(e.message).toMatch(/qs_trunc\.txt line 31: only 5 field\(s\), but the Ct column is field 9: the line is truncated/);
    const noCt = ls.map((l, i) => (i === 19 ? l.replace("\tCt\t", "\tCycle\t") : l)).join("\r\n");
    const e2 = inputError(() => readQpcr(write("qs_noct.txt", noCt)));
    expect(e2.message).toMatch(/qs_noct\.txt line 20: the \[Results\] header needs a Ct/);
    const headerOnly = ls.slice(0, 20).join("\r\n");
    expect(inputError(() => readQpcr(write("qs_header.txt", headerOnly))).message).toMatch(/qs_header\.txt line 21: .*no data lines/);
    const bad = ls.map((l, i) => (i === 20 ? l.replace("29.099", "29.0x9") : l)).join("\n");
    expect(inputError(() => readQpcr(write("qs_bad.txt", bad))).message).toMatch(/qs_bad\.txt line 21, sample Sample1, target Hs00559368_m1: Cq is not a number \("29\.0x9"\)/);
  });
});

describe.skipIf(!HAVE_EXPORTS)("Applied Biosystems SDS 2.x exports", () => {
  it("reads SDS 2.3 RQ results (7900HT, CR-only line endings, header blocks)", () => {
    const cq = readQpcr(f(SDS), { undetermined: "drop" });
    expect(cq.format).toBe("sds");
    expect(cq.rows.length + cq.dropped.length).toBe(384);
    expect(cq.dropped).toHaveLength(31);
    expect(cq.samples()).toEqual(["Sample01"]);
    expect(cq.targets()).toHaveLength(181);
    expect(cq.metadata["Assay Type"]).toBe("RQ Study");
    expect(cq.metadata["EmbeddedFile"]).toBe("FileA; FileB; FileC");
    expect(byWell(cq.rows, "A1")[0]).toMatchObject({ target: "Gene1", cq: 11.463166, role: "reference", line: 18 });
    expect(byWell(cq.rows, "A2")[0]).toMatchObject({ target: "Gene2", cq: 33.949196, role: "target" });
    expect(byWell(cq.dropped, "A9")[0]).toMatchObject({ target: "Gene9", undetermined: true, line: 26 });
    // Gene1 is the endogenous control in all four of its wells.
    expect(cq.rows.filter((r) => r.role === "reference").map((r) => r.well)).toEqual(["A1", "A11", "B1", "B11"]);
    expect(inputError(() => readQpcr(f(SDS))).message).toMatch(/htqpcr_SDS_sample\.txt line 26: undetermined Cq \("Undetermined"\) for sample Sample01, target Gene9, well A9/);
  });

  it("reads the headerless SDS layout to the same values", () => {
    const headerless = readQpcr(f("htqpcr_sample1.txt"), { undetermined: "drop" });
    const sds = readQpcr(f(SDS), { undetermined: "drop" });
    expect(headerless.format).toBe("sds");
    expect(headerless.rows.map((r) => [r.well, r.target, r.cq, r.role])).toEqual(sds.rows.map((r) => [r.well, r.target, r.cq, r.role]));
    expect(headerless.rows[0].line).toBe(1);
  });

  it("reads SDS 2.1 RQ results of two TaqMan cards, prefixing wells with the card", () => {
    const cq = readQpcr(f("readqpcr_example.txt"), { undetermined: "drop" });
    expect(cq.format).toBe("sds");
    expect(cq.rows.length + cq.dropped.length).toBe(768);
    expect(cq.dropped).toHaveLength(99);
    expect(cq.samples()).toHaveLength(8);
    expect([...new Set(cq.rows.filter((r) => r.role === "reference").map((r) => r.target))]).toEqual(["18S-Hs99999901_s1", "Actb-Rn00667869_m1", "Gapdh-Rn99999916_s1"]);
    expect(byWell(cq.rows, "john dawes card 1 380")[0]).toMatchObject({ sample: "fp6 day3 mia", target: "Tgfb1-Rn00572010_m1", cq: 25.152937 });
    expect(byWell(cq.dropped, "john dawes card 2 7")[0]).toMatchObject({ sample: "fp 3 day 3 v", target: "Il2-Rn00587673_m1" });
  });

  it("names the line of a truncated file and of a header without a Ct column", () => {
    const ls = lines(SDS);
    const truncated = [...ls.slice(0, 27), "11\tControl\tA11\tPassed"].join("\r");
    const e = inputError(() => readQpcr(write("sds_trunc.txt", truncated), { undetermined: "drop" }));
    expect(e.message).toMatch(/sds_trunc\.txt line 28: only 4 field\(s\), but the Ct column is field 8/);
    const noCt = ls.map((l, i) => (i === 16 ? l.replace("\tCt\t", "\tC_T value\t") : l)).join("\r");
    const e2 = inputError(() => readQpcr(write("sds_noct.txt", noCt)));
    expect(e2.message).toMatch(/sds_noct\.txt line 17: the results header has no Ct column/);
    expect(inputError(() => parseSds("SDS 2.3 RQ Results\t1.2\nFilename\tx.sdm\n", { source: "s.txt" })).message).toMatch(/s\.txt line 1: no SDS results table/);
  });
});

describe.skipIf(!HAVE_EXPORTS)("Bio-Rad CFX Quantification Cq Results", () => {
  it("reads wells, N/A as undetermined, NTC and standards named by Content, SQ of standards", () => {
    const cq = readQpcr(f(CFX), { undetermined: "drop" });
    expect(cq.format).toBe("cfx");
    expect(cq.rows.length + cq.dropped.length).toBe(330);
    expect(cq.dropped).toHaveLength(10);
    expect(cq.targets()).toEqual(["GLP1", "PYY", "TFF1"]);
    expect(byWell(cq.rows, "A01")[0]).toMatchObject({ sample: "1-SI1", target: "GLP1", cq: 37.42, line: 2 });
    expect(byWell(cq.rows, "P22")[0]).toMatchObject({ sample: "3-Co4", target: "TFF1", cq: 36.14 });
    expect(byWell(cq.dropped, "A07")[0]).toMatchObject({ sample: "Neg Ctrl", target: "GLP1", undetermined: true });
    expect(byWell(cq.rows, "B07")[0]).toMatchObject({ sample: "Std-101", cq: 28.01, quantity: 8 });
    expect(cq.rows.filter((r) => r.quantity !== undefined)).toHaveLength(41);
    expect(inputError(() => readQpcr(f(CFX))).message).toMatch(/htqpcr_CFX_sample\.txt line 8: undetermined Cq \("N\/A"\) for sample Neg Ctrl, target GLP1, well A07/);
  });

  it("reads gzipped and UTF-16 copies alike", () => {
    const plain = readQpcr(f(CFX), { undetermined: "drop" });
    const gz = readQpcr(write("cfx.csv.gz", gzipSync(readFileSync(f(CFX)))), { undetermined: "drop" });
    const utf16 = readQpcr(write("cfx16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(f(CFX), "utf8"), "utf16le")])), { undetermined: "drop" });
    for (const t of [gz, utf16]) expect(t.rows.map((r) => [r.well, r.cq])).toEqual(plain.rows.map((r) => [r.well, r.cq]));
  });

  it("names the line of a truncated file and of a header without a Cq column", () => {
    const ls = lines(CFX);
    const e = inputError(() => readQpcr(write("cfx_trunc.csv", [...ls.slice(0, 40), ",D08,SYBR,GLP1"].join("\n")), { undetermined: "drop" }));
    expect(e.message).toMatch(/cfx_trunc\.csv line 41: only 4 field\(s\), but the Cq column is field 8/);
    const noCq = [ls[0].replace(",Cq,", ",Quantity Cycle,"), ...ls.slice(1)].join("\n");
    expect(inputError(() => parseCfx(noCq, { source: "cfx_nocq.csv" })).message).toMatch(/cfx_nocq\.csv line 1: missing column\(s\) Cq/);
  });
});

describe.skipIf(!HAVE_EXPORTS)("Roche LightCycler 480 Abs Quant export", () => {
  it("reads CR-only text with an Experiment line; the filter is the default target", () => {
    const cq = readQpcr(f(LC), { undetermined: "drop" });
    expect(cq.format).toBe("lc480");
    expect(cq.metadata["Selected Filter"]).toBe("SYBR Green (483-533)");
    expect(cq.targets()).toEqual(["SYBR Green (483-533)"]);
    expect(cq.rows).toHaveLength(77);
    expect(cq.dropped).toHaveLength(307);
    expect(byWell(cq.rows, "A1")[0]).toMatchObject({ sample: "Sample 1", cq: 16.13, line: 3 });
    expect(byWell(cq.rows, "P11")[0]).toMatchObject({ sample: "no template control", cq: 35.17 });
    expect(byWell(cq.rows, "F9")[0]).toMatchObject({ sample: "Standard 1", cq: 12.64, quantity: 1e6 });
    expect(byWell(cq.dropped, "A2")[0]).toMatchObject({ sample: "Sample 2", undetermined: true, line: 4 });
    const named = readQpcr(f(LC), { undetermined: "drop", target: "GAPDH" });
    expect(named.targets()).toEqual(["GAPDH"]);
    expect(inputError(() => readQpcr(f(LC))).message).toMatch(/htqpcr_LightCycler_sample\.txt line 4: undetermined Cq \(empty\) for sample Sample 2/);
  });

  it("excludes wells with Include = False and names the line of a missing Cp column", () => {
    const ls = lines(LC);
    const excl = ls.map((l, i) => (i === 2 ? l.replace(/^True/, "False") : l)).join("\r");
    const t = parseLc480(excl, { source: "lc.txt", undetermined: "drop" });
    expect(t.excluded.map((r) => r.well)).toEqual(["A1"]);
    expect(t.rows).toHaveLength(76);
    const noCp = ls.map((l, i) => (i === 1 ? l.replace("\tCp\t", "\tTm\t") : l)).join("\r");
    expect(inputError(() => readQpcr(write("lc_nocp.txt", noCp))).message).toMatch(/lc_nocp\.txt line 2: the results header has no Cp column/);
    const trunc = [...ls.slice(0, 10), "True\t255\tA9"].join("\r");
    expect(inputError(() => readQpcr(write("lc_trunc.txt", trunc), { undetermined: "drop" })).message).toMatch(/lc_trunc\.txt line 11: only 3 field\(s\), but the Cp column is field 5/);
  });

  it("recognises a LightCycler raw fluorescence export and says it holds no Cp", () => {
    const e = inputError(() => readQpcr(f("readqpcr_LC480_Example.txt")));
    expect(e.message).toMatch(/readqpcr_LC480_Example\.txt line 1: a LightCycler 480 raw fluorescence export/);
  });
});

describe.skipIf(!HAVE_EXPORTS)("Fluidigm BioMark table results", () => {
  it("reads the grouped header; 999 and failed calls are undetermined", () => {
    const cq = readQpcr(f(BM), { undetermined: "drop" });
    expect(cq.format).toBe("biomark");
    expect(cq.metadata["Export Type"]).toBe("Table Results");
    expect(cq.rows.length + cq.dropped.length).toBe(2304);
    // 310 chambers with Ct 999 (no call) and 76 with a Ct but Call "Fail".
    expect(cq.dropped).toHaveLength(386);
    expect(cq.targets()).toEqual(["b actin", "GAPDH", "SDHA", "HPRT"]);
    expect(byWell(cq.rows, "S48-A01")[0]).toMatchObject({ sample: "no preamp", target: "b actin", cq: 34.6154024701642, line: 13, role: "target" });
    expect(byWell(cq.dropped, "S48-A02")[0]).toMatchObject({ undetermined: true, line: 14 });
    expect(byWell(cq.dropped, "S48-A07")[0]).toMatchObject({ undetermined: true, line: 19 });
    // Samples without a name are named by their inlet.
    expect(byWell(cq.rows, "S20-A01")[0]).toMatchObject({ sample: "S20", cq: 20.4835302875719 });
    expect(inputError(() => readQpcr(f(BM))).message).toMatch(/htqpcr_BioMark_sample\.csv line 14: undetermined Cq \(999 \(no call\)\) for sample no preamp, target b actin, well S48-A02/);
    const cut = readQpcr(f(BM), { undetermined: { cutoff: 40 } });
    expect(byWell(cut.rows, "S48-A07")[0]).toMatchObject({ cq: 40, undetermined: true });
  });

  it("names the header line when the Ct Value column is missing, and the line of a truncated row", () => {
    const ls = lines(BM);
    const noCt = ls.map((l, i) => (i === 11 ? l.replace("Value", "Val") : l)).join("\r\n");
    expect(inputError(() => parseBiomark(noCt, { source: "bm.csv" })).message).toMatch(/bm\.csv line 12: missing column\(s\) Ct Value/);
    const trunc = [...ls.slice(0, 20), "S48-A09,no preamp,Unknown,0.05,b act"].join("\r\n");
    expect(inputError(() => readQpcr(write("bm_trunc.csv", trunc), { undetermined: "drop" })).message).toMatch(/bm_trunc\.csv line 21: only 5 field\(s\), but the Ct Call column is field 9/);
  });
});

/** Expected reactions (reactions_tidy/*.csv, extracted from the RDML XML independently). */
function expectedReactions(name: string) {
  const t = parseDelimited(readFileSync(join(RDML, "reactions_tidy", name), "utf8"), { delimiter: ",", source: name });
  const c = (k: string) => t.header.indexOf(k);
  return t.rows.map((r) => {
    const cqText = r[c("cq")];
    const cycles = Number(r[c("n_adp_points")]);
    const cq = cqText === "" ? NaN : Number(cqText);
    return {
      version: r[c("rdml_version")],
      sample: r[c("sample")],
      target: r[c("target")],
      role: r[c("target_type")] === "ref" ? "reference" : r[c("target_type")] === "toi" ? "target" : undefined,
      quantity: r[c("quantity")] === "" ? undefined : Number(r[c("quantity")]),
      efficiency: r[c("target_efficiency")] === "" || Number(r[c("target_efficiency")]) === 0 ? undefined : Number(r[c("target_efficiency")]),
      cq,
      // Not available: no Cq, -1, or a Cq at or after the run's last cycle.
      undetermined: !Number.isFinite(cq) || cq < 0 || (cycles > 0 && cq >= cycles),
    };
  });
}

const RDML_FILES: [string, string, string][] = [
  ["stepone_std.rdml", "stepone_std_reactions.csv", "1.0"],
  ["lc96_bACTXY.rdml", "lc96_bACTXY_reactions.csv", "1.1"],
  ["BioRad_qPCR_melt.rdml", "BioRad_qPCR_melt_reactions.csv", "1.1"],
  ["rdmltools_relative.rdml", "relative_reactions.csv", "1.4"],
  ["rdmltools_genorm.rdml", "genorm_reactions.csv", "1.4"],
];

describe.skipIf(!HAVE_RDML)("RDML files against the reactions extracted from them", () => {
  for (const [file, tidy, version] of RDML_FILES) {
    it(`${file}: every reaction's sample, target, role, quantity, efficiency and Cq`, () => {
      const expected = expectedReactions(tidy);
      const cq = readQpcr(join(RDML, "files", file), { undetermined: { cutoff: 99 } });
      expect(cq.format).toBe("rdml");
      expect(cq.metadata["RDML version"]).toBe(version);
      expect(expected[0].version).toBe(version);
      expect(cq.rows).toHaveLength(expected.length);
      cq.rows.forEach((r, i) => {
        const e = expected[i];
        expect([r.sample, r.target, r.role, r.undetermined]).toEqual([e.sample, e.target, e.role, e.undetermined]);
        expect(r.quantity).toEqual(e.quantity);
        if (e.efficiency === undefined) expect(r.efficiency).toBeUndefined();
        else expect(r.efficiency).toBeCloseTo(e.efficiency, 9);
        expect(r.cq).toBeCloseTo(e.undetermined ? 99 : e.cq, 9);
      });
    });
  }

  it("stepone_std (RDML 1.0): the NTC Cq of 40.0 (the cycle count) is undetermined; standards keep their quantity", () => {
    const path = join(RDML, "files", "stepone_std.rdml");
    const e = inputError(() => readQpcr(path));
    expect(e.message).toMatch(/stepone_std\.rdml \(rdml_data\.xml\) line 108, react A1: undetermined Cq \(40\.0, at or after the run's last cycle \(40\)\) for sample NTC_RNase P/);
    const cq = readQpcr(path, { undetermined: "drop" });
    expect(cq.dropped.map((r) => r.sample)).toEqual(["NTC_RNase P", "NTC_RNase P", "NTC_RNase P"]);
    expect(cq.rows).toHaveLength(21);
    expect(cq.rows.find((r) => r.well === "B2")).toMatchObject({ sample: "STD_RNase P_10000.0", quantity: 10000, cq: 26.874498, efficiency: 93.91181 });
  });

  it("numbers wells from the run's plate format and prefixes the run when there are several", () => {
    const lc96 = readQpcr(join(RDML, "files", "lc96_bACTXY.rdml"), { undetermined: "drop" });
    expect(lc96.rows[0]).toMatchObject({ well: "A1", cq: 33.56, line: 154 });
    const biorad = readQpcr(join(RDML, "files", "BioRad_qPCR_melt.rdml"), { undetermined: "drop" });
    expect(biorad.rows[0]).toMatchObject({ well: "Amp Step 3_FAM A1", sample: "Alm12", target: "EvaGreen" });
    expect(biorad.dropped).toHaveLength(34);
    const relative = inputError(() => readQpcr(join(RDML, "files", "rdmltools_relative.rdml")));
    expect(relative.message).toMatch(/line 4, react 315: undetermined Cq \(-1\.0, not available\) for sample Adult 1, target cTNI/);
    expect(inputError(() => readQpcr(join(RDML, "files", "rdmltools_genorm.rdml"), { undetermined: "drop" })).message).toMatch(/no Cq values left to analyse \(all 90 wells/);
  });

  it("reads plain (unzipped) RDML XML, also as text, and finds RDML in a ZIP by its root element", () => {
    const zipped = readFileSync(join(RDML, "files", "stepone_std.rdml"));
    const xml = unzipSync(zipped)["rdml_data.xml"];
    const fromXml = readQpcr(write("stepone.xml", xml), { undetermined: "drop" });
    const fromZip = readQpcr(join(RDML, "files", "stepone_std.rdml"), { undetermined: "drop" });
    expect(fromXml.format).toBe("rdml");
    expect(fromXml.rows.map((r) => [r.sample, r.well, r.cq])).toEqual(fromZip.rows.map((r) => [r.sample, r.well, r.cq]));
    expect(parseRdml(Buffer.from(xml).toString("utf8"), { source: "x.rdml", undetermined: "drop" }).rows).toHaveLength(21);
    // BioRad's archive holds BioRad_qPCR_melt.xml (no rdml_data.xml) after a spanning marker.
    expect(detectQpcrFormat(readFileSync(join(RDML, "files", "BioRad_qPCR_melt.rdml")))).toBe("rdml");
  });

  it("names the line of truncated XML, and the file of a truncated archive", () => {
    const xml = Buffer.from(unzipSync(readFileSync(join(RDML, "files", "stepone_std.rdml")))["rdml_data.xml"]).toString("utf8");
    const cut = xml.slice(0, xml.indexOf("<react id=\"B1\">") + 40);
    const e = inputError(() => readQpcr(write("cut.rdml", cut), { undetermined: "drop" }));
    expect(e.message).toMatch(/cut\.rdml line \d+: malformed XML/);
    const bytes = readFileSync(join(RDML, "files", "lc96_bACTXY.rdml"));
    const e2 = inputError(() => readQpcr(write("cut_zip.rdml", bytes.subarray(0, bytes.length >> 1)), { format: "rdml" }));
    expect(e2.message).toContain("cut_zip.rdml");
    const notRdml = inputError(() => readQpcr(write("other.xml", '<?xml version="1.0"?>\n<plate><well/></plate>\n')));
    expect(notRdml.message).toMatch(/other\.xml line 1: an XML file, but not RDML/);
    const noData = '<rdml version="1.2" xmlns="http://www.rdml.org">\n<experiment id="e"><run id="r">\n<react id="1"><data><tar id="T"/><cq>20</cq></data></react>\n</run></experiment></rdml>';
    expect(inputError(() => parseRdml(noData, { source: "n.rdml" })).message).toMatch(/n\.rdml line 3, react 1: react 1 has no sample id/);
  });
});

describe.skipIf(!HAVE_EXPORTS)("readQpcr: tidy tables, detection and unreadable files", () => {
  it("reads tidy and space-separated Cq tables", () => {
    const generic = readQpcr(f("readqpcr_qPCR.example.txt"));
    expect(generic.format).toBe("tidy");
    expect(generic.rows).toHaveLength(200);
    expect(generic.targets()).toHaveLength(25);
    expect(generic.samples()).toEqual(["caseA", "caseB", "controlA", "controlB"]);
    expect(generic.rows[0]).toMatchObject({ sample: "caseA", target: "gene_dm", cq: 21.0014917960626, well: "1", line: 2 });
    const livak = join(QPCR, "livak2001_cmyc_gapdh_brain_kidney", "cq_long.csv");
    if (existsSync(livak)) {
      const t = readQpcr(livak, { format: "auto" });
      expect(t.format).toBe("tidy");
      expect(t.rows).toEqual(readCq(livak).rows);
    }
    expect(parseQpcr("sample,target,cq\nA,GAPDH,20.1\nA,CDKN1A,Undetermined\n", { undetermined: "drop" }).dropped).toHaveLength(1);
  });

  it("uses an explicitly given format, and reports a mismatch as an input error", () => {
    expect(readQpcr(f(CFX), { format: "cfx", undetermined: "drop" }).rows).toHaveLength(320);
    expect(inputError(() => readQpcr(f(LC), { format: "sds" })).message).toMatch(/htqpcr_LightCycler_sample\.txt line 1: no SDS results table/);
    expect(inputError(() => readQpcr(f(BM), { format: "cfx" })).message).toMatch(/htqpcr_BioMark_sample\.csv line 1: no CFX results header/);
    expect(inputError(() => readQpcr(f(CFX), { format: "lc480" })).message).toContain("htqpcr_CFX_sample.txt line 1");
    expect(inputError(() => readQpcr(f(CFX), { format: "quantstudio" })).message).toMatch(/line 1: no \[Results\] section/);
    expect(inputError(() => readQpcr(f(CFX), { format: "biomark" })).message).toContain("htqpcr_CFX_sample.txt line 1");
    expect(inputError(() => readQpcr(f(CFX), { format: "rdml" })).message).toContain("htqpcr_CFX_sample.txt line 1: malformed XML");
    expect(inputError(() => readQpcr(join(RDML, "files", "stepone_std.rdml"), { format: "cfx" })).message).toMatch(/a ZIP archive, not a cfx text export/);
    expect(inputError(() => readQpcr(f(CFX), { format: "xls" as "cfx" })).message).toMatch(/unknown format "xls"/);
  });

  it("gives an input error naming the file for unrecognised, empty, binary and container files", () => {
    expect(inputError(() => readQpcr(write("notes.txt", "Plate notes\nsome words here\n"))).message).toMatch(/notes\.txt line 1: unrecognised qPCR export/);
    expect(inputError(() => readQpcr(write("empty.txt", "\n\n"))).message).toMatch(/empty\.txt: the file is empty/);
    expect(inputError(() => readQpcr(write("bin.dat", Buffer.from([1, 0, 2, 0, 3, 0, 255, 0])))).message).toMatch(/bin\.dat: a binary file/);
    expect(inputError(() => readQpcr(f("rdml_abi7500_sce.eds"))).message).toMatch(/rdml_abi7500_sce\.eds: an Applied Biosystems \.eds project/);
    expect(inputError(() => readQpcr(f("rdml_BioRad_CFX_export.xlsx"))).message).toMatch(/rdml_BioRad_CFX_export\.xlsx: an Excel workbook/);
    expect(inputError(() => readQpcr(join(EXPORTS, "no_such_file.txt"))).message).toMatch(/no_such_file\.txt: file not found/);
    expect(inputError(() => readQpcr(write("neg.csv", "sample,target,cq\nA,GAPDH,-3\n"))).message).toMatch(/neg\.csv line 2.*negative/);
  });

  it("is exported from the io module", () => {
    expect(io.readQpcr).toBe(readQpcr);
    expect(io.parseQpcr).toBe(parseQpcr);
    expect(typeof io.parseRdml).toBe("function");
  });
});
