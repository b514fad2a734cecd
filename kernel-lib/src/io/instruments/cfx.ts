/**
 * Bio-Rad CFX Manager / CFX Maestro "Quantification Cq Results" exports (CSV, or tab- or
 * semicolon-separated): columns Well, Fluor, Target, Content, Sample, Biological Set Name,
 * Cq, Cq Mean, Cq Std. Dev, Starting Quantity (SQ), ... (the first column is often empty).
 * Undetermined wells say "N/A" or "NaN". A well with no sample name (NTC, standards) is named
 * by its Content ("Neg Ctrl", "Std-01"); standards take their quantity from SQ; a Biological
 * Set Name, when given, is the well's group.
 */
import { InputError } from "../errors";
import {
  finishQpcrTable,
  findColumn,
  guessDelimiter,
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

const CFX_COLUMNS = {
  well: ["well"],
  fluor: ["fluor"],
  target: ["target"],
  content: ["content"],
  sample: ["sample"],
  set: ["biological set name", "biological set"],
  cq: ["cq", "c(t)", "ct"],
  sq: ["starting quantity (sq)", "sq", "starting quantity"],
};

/**
 * The index of the CFX results header line among the first lines, or -1.
 *
 * @example
 * cfxHeaderIndex([",Well,Fluor,Target,Content,Sample,Cq"]); // 0
 */
export function cfxHeaderIndex(lines: string[]): number {
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    const names = lines[i].split(guessDelimiter(lines[i])).map((c) => normalizeName(c.replace(/^"|"$/g, "")));
    if (names.includes("well") && names.includes("fluor") && names.includes("content")) return i;
  }
  return -1;
}

/**
 * Read a CFX "Quantification Cq Results" export from its text.
 *
 * @example
 * const cq = parseCfx(readFileSync("Quantification Cq Results.csv", "utf8"), { source: "cq.csv", undetermined: "drop" });
 * cq.rows[0].well; // "A01"
 */
export function parseCfx(text: string, options: QpcrReadOptions = {}): QpcrTable {
  const source = options.source ?? "CFX export";
  const lines = splitLines(text);
  const headerIndex = cfxHeaderIndex(lines);
  if (headerIndex < 0) throw new InputError("no CFX results header (a line with Well, Fluor, Content, Sample and Cq columns)", `${source} line 1`);
  const delimiter = guessDelimiter(lines[headerIndex]);
  const header = splitFields(lines[headerIndex], delimiter, `${source} line ${headerIndex + 1}`);
  const names = header.map(normalizeName);
  const col = Object.fromEntries(Object.entries(CFX_COLUMNS).map(([k, a]) => [k, findColumn(names, a)])) as { [K in keyof typeof CFX_COLUMNS]: number };
  const missing = (["well", "target", "sample", "cq"] as const).filter((k) => col[k] < 0);
  if (missing.length) {
    throw new InputError(
      `missing column(s) ${missing.map((k) => (k === "cq" ? "Cq" : k[0].toUpperCase() + k.slice(1))).join(", ")}; found: ${header.map((h) => h.trim()).filter(Boolean).join(", ")}`,
      `${source} line ${headerIndex + 1}`,
    );
  }
  const rows = tableBlock(lines, headerIndex, delimiter, source);
  if (rows.length === 0) throw new InputError("the results table has no data lines (truncated file?)", `${source} line ${headerIndex + 2}`);
  const style = numberStyle(rows.map((r) => r.cells));
  const needed = Math.max(col.well, col.target, col.sample, col.cq) + 1;
  const wells: RawWell[] = [];
  const skipped: SkippedWell[] = [];
  for (const row of rows) {
    requireFields(row, needed, needed === col.cq + 1 ? "Cq" : "Sample", source);
    const get = (i: number) => (i >= 0 ? (row.cells[i] ?? "").trim() : "");
    const well = get(col.well);
    const target = get(col.target);
    const content = get(col.content);
    const sample = get(col.sample) || content;
    if (!target || !sample) {
      skipped.push({ line: row.line, well: well || undefined, reason: !target ? "no target assigned" : "no sample or content" });
      continue;
    }
    const where = `${source} line ${row.line}, sample ${sample}, target ${target}`;
    const cqText = get(col.cq);
    const { cq, undetermined } = readCqCell(cqText, style, where);
    const w: RawWell = { line: row.line, sample, target, cqText, cq, undetermined, well };
    if (get(col.set)) w.group = get(col.set);
    if (/^std/i.test(content) && get(col.sq) !== "" && !/^n\/?a$/i.test(get(col.sq))) {
      const q = parseNumber(get(col.sq), style);
      if (!Number.isFinite(q)) throw new InputError(`starting quantity is not a number ("${get(col.sq)}")`, where);
      w.quantity = q;
    }
    wells.push(w);
  }
  return finishQpcrTable(wells, { source, format: "cfx", skipped }, options);
}
