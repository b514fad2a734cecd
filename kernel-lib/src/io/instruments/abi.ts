/**
 * The results table shared by Applied Biosystems software (SDS 2.x for the 7000/7300/7500/
 * 7900HT, StepOne, 7500 v2, QuantStudio): one line per well with well, sample, target or
 * detector, task, Ct and often Omit. Used by the SDS and QuantStudio importers.
 */
import { InputError } from "../errors";
import {
  findColumn,
  normalizeName,
  numberStyle,
  parseNumber,
  readCqCell,
  requireFields,
  roleFromTask,
  type RawWell,
  type SkippedWell,
  type TableLine,
} from "./common";

/** Column name aliases (normalized) of Applied Biosystems results tables, by preference. */
const ABI_COLUMNS = {
  well: ["well position", "pos", "position", "well"],
  sample: ["sample name", "sample"],
  target: ["target name", "detector name", "detector", "target", "assay name", "assay id"],
  cq: ["ct", "cq", "crt", "c_t"],
  task: ["task"],
  omit: ["omit"],
  quantity: ["quantity", "qty"],
  plate: ["filename", "plate", "plateid", "plate id", "plate name"],
};

/**
 * Column positions of a results table (-1 when absent).
 *
 * @example
 * const cols: AbiColumns = { well: 2, sample: 4, target: 5, task: 6, cq: 7, omit: 15, quantity: -1, plate: 1 };
 */
export type AbiColumns = { [K in keyof typeof ABI_COLUMNS]: number };

/**
 * Column positions from a header line's names, or undefined when it lacks a Ct and a
 * target column (so it is not the results header).
 *
 * @example
 * abiColumns(["Well", "Sample Name", "Target Name", "Task", "Ct"])?.cq; // 4
 */
export function abiColumns(header: string[]): AbiColumns | undefined {
  const names = header.map(normalizeName);
  const cols = Object.fromEntries(Object.entries(ABI_COLUMNS).map(([k, aliases]) => [k, findColumn(names, aliases)])) as AbiColumns;
  return cols.cq >= 0 && cols.target >= 0 ? cols : undefined;
}

/**
 * Wells of an Applied Biosystems results table. Wells without a target or sample (empty
 * wells) go to `skipped`; Omit = true marks a well excluded; Task "Endogenous Control" marks
 * its target as a reference gene. When the table holds several plates or cards (Plate,
 * PlateID or Filename columns differ), the well is prefixed with the plate.
 *
 * @example
 * const { wells } = abiWells(rows, cols, "run.txt", "Ct");
 */
export function abiWells(rows: TableLine[], cols: AbiColumns, source: string, ctName: string): { wells: RawWell[]; skipped: SkippedWell[] } {
  const style = numberStyle(rows.map((r) => r.cells));
  const needed = Math.max(cols.cq, cols.target, cols.sample) + 1;
  const lastName = cols.cq + 1 === needed ? ctName : cols.target + 1 === needed ? "target" : "sample";
  const plateOf = (cells: string[]) => (cols.plate >= 0 ? (cells[cols.plate] ?? "").trim() : "");
  const plates = new Set(rows.map((r) => plateOf(r.cells)));
  const wells: RawWell[] = [];
  const skipped: SkippedWell[] = [];
  for (const row of rows) {
    requireFields(row, needed, lastName, source);
    const get = (i: number) => (i >= 0 ? (row.cells[i] ?? "").trim() : "");
    const position = get(cols.well);
    const well = plates.size > 1 && plateOf(row.cells) ? `${plateOf(row.cells)} ${position}` : position;
    const sample = get(cols.sample);
    const target = get(cols.target);
    if (!target || (cols.sample >= 0 && !sample)) {
      skipped.push({ line: row.line, well: well || undefined, reason: !target ? "no target assigned" : "no sample assigned" });
      continue;
    }
    const where = `${source} line ${row.line}, sample ${sample}, target ${target}`;
    const cqText = get(cols.cq);
    const { cq, undetermined } = readCqCell(cqText, style, where);
    const w: RawWell = { line: row.line, sample: sample || well, target, cqText, cq, undetermined };
    if (!w.sample) throw new InputError("the file has no sample column and this well has no position", `${source} line ${row.line}`);
    if (well) w.well = well;
    w.roleHint = roleFromTask(get(cols.task));
    if (/^(true|yes|y|1)$/i.test(get(cols.omit))) w.excluded = "Omit = true in the file";
    const task = normalizeName(get(cols.task));
    if (cols.quantity >= 0 && /standard/.test(task) && get(cols.quantity) !== "") {
      const q = parseNumber(get(cols.quantity), style);
      if (!Number.isFinite(q)) throw new InputError(`quantity is not a number ("${get(cols.quantity)}")`, where);
      w.quantity = q;
    }
    wells.push(w);
  }
  return { wells, skipped };
}
