/**
 * Fluidigm BioMark "Table Results" CSV exports: `key,value` settings lines, then a grouped
 * header of two rows (sometimes under a third, "Experiment Information"), e.g.
 * `Chamber,Sample,Sample,Sample,FAM-MGB,FAM-MGB,Ct,Ct,Ct,Ct` over
 * `ID,Name,Type,rConc,Name,Type,Value,Quality,Call,Threshold`. The assay name is the target;
 * an assay Type of "Reference" marks a reference gene. Ct 999 is "no call"; a Call of
 * "Fail" (quality below the threshold) is undetermined too. Wells are the chamber IDs
 * (S48-A01 = sample inlet 48, assay inlet 1); a sample without a name is named by its inlet.
 */
import { InputError } from "../errors";
import {
  addMetadata,
  finishQpcrTable,
  normalizeName,
  numberStyle,
  readCqCell,
  requireFields,
  roleFromTask,
  splitFields,
  splitLines,
  tableBlock,
  type QpcrReadOptions,
  type QpcrTable,
  type RawWell,
  type SkippedWell,
} from "./common";

/**
 * The index of the second header row (the one starting with "ID" under "Chamber"), or -1.
 *
 * @example
 * biomarkHeaderIndex(["Chamber,Sample,Ct", "ID,Name,Value"]); // 1
 */
export function biomarkHeaderIndex(lines: string[]): number {
  for (let i = 1; i < Math.min(lines.length, 80); i++) {
    if (/^"?Chamber"?\s*,/i.test(lines[i - 1]) && /^"?ID"?\s*,/i.test(lines[i])) return i;
  }
  return -1;
}

/**
 * Read a BioMark Table Results export from its text.
 *
 * @example
 * const cq = parseBiomark(readFileSync("ChipRun_TableResults.csv", "utf8"), { source: "chip.csv", undetermined: "drop" });
 * cq.rows[0].well; // "S48-A01"
 */
export function parseBiomark(text: string, options: QpcrReadOptions = {}): QpcrTable {
  const source = options.source ?? "BioMark export";
  const lines = splitLines(text);
  const headerIndex = biomarkHeaderIndex(lines);
  if (headerIndex < 0) throw new InputError('no BioMark results header (a "Chamber,..." row over an "ID,..." row)', `${source} line 1`);
  const metadata: Record<string, string> = {};
  for (let i = 0; i < headerIndex - 1; i++) {
    if (lines[i].trim() === "") continue;
    const cells = splitFields(lines[i], ",", `${source} line ${i + 1}`);
    if (normalizeName(cells[0]) === "experiment information") continue;
    addMetadata(metadata, cells[0], cells.slice(1).join(","));
  }
  const groups = splitFields(lines[headerIndex - 1], ",", `${source} line ${headerIndex}`).map(normalizeName);
  const subs = splitFields(lines[headerIndex], ",", `${source} line ${headerIndex + 1}`).map(normalizeName);
  const find = (pred: (g: string, s: string) => boolean) => subs.findIndex((s, i) => pred(groups[i] ?? "", s));
  const col = {
    chamber: find((g, s) => g === "chamber" && s === "id"),
    sample: find((g, s) => g === "sample" && s === "name"),
    assay: find((g, s) => g !== "sample" && g !== "chamber" && g !== "ct" && s === "name"),
    assayType: find((g, s) => g !== "sample" && g !== "chamber" && g !== "ct" && s === "type"),
    ct: find((g, s) => g === "ct" && s === "value"),
    call: find((g, s) => g === "ct" && s === "call"),
  };
  const missing = [
    ["Chamber ID", col.chamber],
    ["Sample Name", col.sample],
    ["assay Name", col.assay],
    ["Ct Value", col.ct],
  ].filter(([, i]) => (i as number) < 0);
  if (missing.length) {
    throw new InputError(`missing column(s) ${missing.map(([n]) => n).join(", ")} in the two-row header`, `${source} line ${headerIndex + 1}`);
  }
  const rows = tableBlock(lines, headerIndex, ",", source);
  if (rows.length === 0) throw new InputError("the results table has no data lines (truncated file?)", `${source} line ${headerIndex + 2}`);
  const style = numberStyle(rows.map((r) => r.cells));
  const needed = Math.max(col.chamber, col.sample, col.assay, col.ct, col.call) + 1;
  const wells: RawWell[] = [];
  const skipped: SkippedWell[] = [];
  for (const row of rows) {
    requireFields(row, needed, needed === col.ct + 1 ? "Ct Value" : needed === col.call + 1 ? "Ct Call" : "assay Name", source);
    const get = (i: number) => (i >= 0 ? (row.cells[i] ?? "").trim() : "");
    const well = get(col.chamber);
    const target = get(col.assay);
    const inlet = /^(S\d+)-/i.exec(well)?.[1];
    const sample = get(col.sample) || inlet || "";
    if (!target || !sample) {
      skipped.push({ line: row.line, well: well || undefined, reason: !target ? "no assay name" : "no sample name" });
      continue;
    }
    const where = `${source} line ${row.line}, sample ${sample}, target ${target}`;
    const cqText = get(col.ct);
    const cell = readCqCell(cqText, style, where);
    const w: RawWell = { line: row.line, sample, target, cqText, cq: cell.cq, undetermined: cell.undetermined, well };
    if (!w.undetermined && /^fail$/i.test(get(col.call))) {
      w.undetermined = `${cqText} with Call "Fail" (quality below threshold)`;
      w.cq = NaN;
    }
    w.roleHint = roleFromTask(get(col.assayType));
    wells.push(w);
  }
  return finishQpcrTable(wells, { source, format: "biomark", skipped, metadata }, options);
}
