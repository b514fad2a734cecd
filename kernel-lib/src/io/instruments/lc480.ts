/**
 * Roche LightCycler 480 "Abs Quant" (second derivative maximum / fit points) text exports:
 * a first line "Experiment: <name>  Selected Filter: <filter>", then a tab-separated table
 * Include, Color, Pos, Name, Cp, Concentration, Standard, Status; CR-only line endings are
 * common and trailing empty fields are often left out. The export names no target, so every
 * well gets `options.target` or, by default, the selected filter. An empty Cp is
 * undetermined; Include = False excludes the well; a Standard above 0 is its quantity.
 */
import { InputError } from "../errors";
import {
  addMetadata,
  finishQpcrTable,
  findColumn,
  normalizeName,
  numberStyle,
  parseNumber,
  readCqCell,
  requireFields,
  splitFields,
  splitLines,
  tableBlock,
  type QpcrReadOptions,
  type QpcrTable,
  type RawWell,
  type SkippedWell,
} from "./common";

/**
 * Read a LightCycler 480 Abs Quant export from its text.
 *
 * @example
 * const cq = parseLc480(readFileSync("lc480_absquant.txt", "utf8"), { source: "lc480.txt", target: "GAPDH", undetermined: "drop" });
 * cq.targets(); // ["GAPDH"]
 */
export function parseLc480(text: string, options: QpcrReadOptions = {}): QpcrTable {
  const source = options.source ?? "LightCycler 480 export";
  const lines = splitLines(text);
  const metadata: Record<string, string> = {};
  let headerIndex = -1;
  let names: string[] = [];
  for (let i = 0; i < Math.min(lines.length, 20); i++) {
    const line = lines[i];
    const exp = /^\s*Experiment:\s*(.*?)\s*(?:Selected Filter:\s*(.*?))?\s*$/i.exec(line.replace(/\t+/g, " "));
    if (exp) {
      addMetadata(metadata, "Experiment", exp[1]);
      if (exp[2]) addMetadata(metadata, "Selected Filter", exp[2]);
      continue;
    }
    names = splitFields(line, "\t", `${source} line ${i + 1}`).map(normalizeName);
    if (names.includes("pos") && names.includes("name")) {
      headerIndex = i;
      break;
    }
  }
  if (headerIndex < 0) throw new InputError("no LightCycler 480 results header (a line with Pos, Name and Cp columns)", `${source} line 1`);
  const col = {
    include: findColumn(names, ["include"]),
    pos: findColumn(names, ["pos", "position"]),
    name: findColumn(names, ["name", "sample name"]),
    cp: findColumn(names, ["cp", "ct", "cq"]),
    standard: findColumn(names, ["standard"]),
  };
  if (col.cp < 0) {
    throw new InputError(
      `the results header has no Cp column (export "Abs Quant" results, not Tm calling or raw data); found: ${names.filter(Boolean).join(", ")}`,
      `${source} line ${headerIndex + 1}`,
    );
  }
  const target = options.target ?? metadata["Selected Filter"] ?? "target";
  const rows = tableBlock(lines, headerIndex, "\t", source);
  if (rows.length === 0) throw new InputError("the results table has no data lines (truncated file?)", `${source} line ${headerIndex + 2}`);
  const style = numberStyle(rows.map((r) => r.cells));
  const needed = Math.max(col.pos, col.name, col.cp) + 1;
  const wells: RawWell[] = [];
  const skipped: SkippedWell[] = [];
  for (const row of rows) {
    requireFields(row, needed, needed === col.cp + 1 ? "Cp" : "Name", source);
    const get = (i: number) => (i >= 0 ? (row.cells[i] ?? "").trim() : "");
    const well = get(col.pos);
    const sample = get(col.name);
    if (!sample) {
      skipped.push({ line: row.line, well: well || undefined, reason: "no sample name" });
      continue;
    }
    const where = `${source} line ${row.line}, sample ${sample}, well ${well}`;
    const cqText = get(col.cp);
    const { cq, undetermined } = readCqCell(cqText, style, where);
    const w: RawWell = { line: row.line, sample, target, cqText, cq, undetermined, well };
    if (/^false$/i.test(get(col.include))) w.excluded = "Include = False in the file";
    const std = get(col.standard);
    if (std !== "") {
      const q = parseNumber(std, style);
      if (!Number.isFinite(q)) throw new InputError(`Standard is not a number ("${std}")`, where);
      if (q > 0) w.quantity = q;
    }
    wells.push(w);
  }
  return finishQpcrTable(wells, { source, format: "lc480", skipped, metadata }, options);
}
