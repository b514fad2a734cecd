/**
 * Shared pieces of the qPCR instrument importers: the options and result type, reading the
 * bytes of an export, splitting lines (LF, CRLF or CR-only) and fields, parsing numbers
 * (decimal commas, thousands separators), and turning the wells read from a file into a
 * {@link CqTable} with the same undetermined policy as the tidy reader.
 */
import { InputError } from "../errors";
import { readInputBytes } from "../delimited";
import { CqTable, type CqReadOptions, type CqRow } from "../cq";

/**
 * The instrument formats p53lab reads.
 *
 * @example
 * const format: QpcrFormat = "quantstudio";
 */
export type QpcrFormat = "tidy" | "sds" | "quantstudio" | "cfx" | "lc480" | "biomark" | "rdml";

/**
 * Options for `readQpcr` and the format parsers.
 *
 * @example
 * const options: QpcrReadOptions = { format: "auto", undetermined: { cutoff: 40 }, maxCycle: 40 };
 */
export interface QpcrReadOptions extends CqReadOptions {
  /** The file's format; "auto" (default) detects it from the content. */
  format?: "auto" | QpcrFormat;
  /**
   * Target of every well in a LightCycler 480 export, which names none (default: the
   * filter named in its header, e.g. "SYBR Green (483-533)").
   */
  target?: string;
  /** Label used in messages instead of the path. */
  source?: string;
}

/**
 * A well the importer left out because it holds no reaction to analyse (no target or sample).
 *
 * @example
 * readQpcr("run.txt", { undetermined: "drop" }).skipped[0]; // { line: 69, well: "A1g1", reason: "no target assigned" }
 */
export interface SkippedWell {
  line: number;
  well?: string;
  reason: string;
}

/**
 * Extra information an importer keeps beside the rows.
 *
 * @example
 * const info: QpcrTableInfo = { source: "run.txt", format: "sds", metadata: { "Assay Type": "RQ Study" } };
 */
export interface QpcrTableInfo {
  source: string;
  format: QpcrFormat;
  /** Rows left out by the "drop" policy. */
  dropped?: CqRow[];
  /** Wells the file itself marks as omitted or excluded. */
  excluded?: CqRow[];
  /** Empty wells (no target or no sample assigned). */
  skipped?: SkippedWell[];
  /** `key = value` header lines of the export (run name, instrument, ...). */
  metadata?: Record<string, string>;
}

/**
 * A Cq table read from an instrument export: a {@link CqTable} that also says which
 * format it came from, which wells the file marks as omitted, which empty wells were
 * skipped, and the export's header metadata.
 *
 * @example
 * const cq = readQpcr("run.txt", { undetermined: "drop" });
 * cq.format; // "quantstudio"
 * cq.excluded.length; // wells with Omit = true in the file
 * cq.metadata["Instrument Type"]; // "QuantStudio 12K Flex"
 */
export class QpcrTable extends CqTable {
  readonly format: QpcrFormat;
  /** Wells the file marks as omitted (Omit = true, Include = False, RDML excl): never analysed. */
  readonly excluded: CqRow[];
  /** Empty wells that were not read (no target or no sample). */
  readonly skipped: SkippedWell[];
  /** Header metadata of the export (`key = value` lines, RDML version, ...). */
  readonly metadata: Record<string, string>;

  constructor(rows: CqRow[], info: QpcrTableInfo) {
    super(rows, info.source, info.dropped ?? []);
    this.format = info.format;
    this.excluded = info.excluded ?? [];
    this.skipped = info.skipped ?? [];
    this.metadata = info.metadata ?? {};
  }
}

/**
 * One well (or RDML reaction × target) as read from a file, before the undetermined policy.
 *
 * @example
 * const w: RawWell = { line: 18, sample: "DMSO_1", target: "CDKN1A", well: "A1", cqText: "24.3", cq: 24.3 };
 */
export interface RawWell {
  /** 1-based line of the file (for RDML: the line of the `<react>` element). */
  line: number;
  sample: string;
  group?: string;
  target: string;
  well?: string;
  replicate?: string;
  /** What the file says of this well's target (e.g. Task "Endogenous Control"). */
  roleHint?: "target" | "reference";
  quantity?: number;
  efficiency?: number;
  /** Cq as written (for messages). */
  cqText: string;
  /** The Cq; NaN when undetermined. */
  cq: number;
  /** Why the Cq is undetermined ("Undetermined", "999 (no call)", ...); absent when determined. */
  undetermined?: string;
  /** Why the file excludes this well (Omit, Include = False, excl); absent when included. */
  excluded?: string;
  /** Cycles of the run, when the file says: a Cq at or after it is undetermined. */
  cycles?: number;
  /** Extra place information for messages (e.g. "react 315" in one-line RDML files). */
  context?: string;
}

/**
 * Read a file's bytes (gunzipped when gzipped) and record it for provenance. Missing files
 * and folders give an InputError naming the path.
 *
 * @example
 * const bytes = readInstrumentBytes("plate.txt");
 */
export function readInstrumentBytes(path: string): Uint8Array {
  return readInputBytes(path);
}

/**
 * Text of an export: UTF-8, or UTF-16 when it starts with a UTF-16 byte-order mark (some
 * instrument software writes that); the byte-order mark is removed.
 *
 * @example
 * decodeText(new TextEncoder().encode("\uFEFFWell\tCt")); // "Well\tCt"
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) text = Buffer.from(bytes).subarray(2).toString("utf16le");
  else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    text = swapped.toString("utf16le");
  } else text = Buffer.from(bytes).toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Lines of a text with LF, CRLF or CR-only (old Mac) line endings; `lines[i]` is line i + 1.
 *
 * @example
 * splitLines("a\rb\r\nc\n"); // ["a", "b", "c", ""]
 */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * Fields of one delimited line. Double-quoted fields may hold the delimiter and doubled
 * quotes; a quote left open is an error naming `where`.
 *
 * @example
 * splitFields('A01,"miR-1, 2",27.5', ",", "x.csv line 2"); // ["A01", "miR-1, 2", "27.5"]
 */
export function splitFields(line: string, delimiter: string, where: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"' && !wasQuoted && current.trim() === "") {
      quoted = true;
      wasQuoted = true;
      current = "";
    } else if (line.startsWith(delimiter, i)) {
      fields.push(current);
      current = "";
      wasQuoted = false;
      i += delimiter.length - 1;
    } else current += c;
  }
  if (quoted) throw new InputError("a quoted field is not closed on this line (truncated file or a line break inside quotes)", where);
  fields.push(current);
  return fields;
}

/**
 * A column name as compared by the importers: lower case, spaces collapsed, and the
 * "Cт"/"Cᴛ" spellings of some Applied Biosystems exports read as "ct".
 *
 * @example
 * normalizeName("  Target  Name "); // "target name"
 * normalizeName("C\u0442"); // "ct"
 */
export function normalizeName(name: string): string {
  return name
    .replace(/[\u0442\u0422\u1d1b]/g, "t")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/**
 * Index of the first alias (in order of preference) found among normalized names, or -1.
 *
 * @example
 * findColumn(["well", "sample name", "ct"], ["sample name", "sample"]); // 1
 */
export function findColumn(names: string[], aliases: string[]): number {
  for (const alias of aliases) {
    const i = names.indexOf(alias);
    if (i >= 0) return i;
  }
  return -1;
}

/**
 * How numbers are written in a file.
 *
 * @example
 * const style: NumberStyle = { thousands: true };
 * parseNumber("1,000.5", style); // 1000.5
 */
export interface NumberStyle {
  /** Commas group thousands ("6,367.559"), so they are removed rather than read as decimal commas. */
  thousands: boolean;
}

const THOUSANDS = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * How a file writes numbers: if any cell groups thousands with commas and has a decimal
 * point ("6,367.559"), commas are thousands separators throughout; otherwise a lone comma
 * is a decimal comma ("27,5").
 *
 * @example
 * numberStyle([["6,367.559", "29.1"]]); // { thousands: true }
 */
export function numberStyle(rows: string[][]): NumberStyle {
  for (const row of rows) {
    for (const cell of row) {
      const t = cell.trim();
      if (t.includes(",") && t.includes(".") && THOUSANDS.test(t)) return { thousands: true };
    }
  }
  return { thousands: false };
}

/**
 * A number written in a file, or NaN when the text is not one (empty, words, hex, ...).
 *
 * @example
 * parseNumber("6,367.559", { thousands: true }); // 6367.559
 * parseNumber("27,5", { thousands: false }); // 27.5
 * parseNumber("2.18E-03", { thousands: false }); // 0.00218
 */
export function parseNumber(text: string, style: NumberStyle): number {
  let t = text.trim();
  if (style.thousands && THOUSANDS.test(t)) t = t.replace(/,/g, "");
  else if (/^[-+]?\d*,\d+([eE][-+]?\d+)?$/.test(t)) t = t.replace(",", ".");
  return PLAIN_NUMBER.test(t) ? Number(t) : NaN;
}

/** Cq texts that mean "no Cq": Undetermined, N/A, empty, No Ct, dashes, NaN. */
const UNDETERMINED_TEXT = /^(undetermined|undet\.?|n\/?a|nan|no ?ct|no ?cq|no ?cp|none|-+|)$/i;

/**
 * Read a Cq cell: its value, or why it is undetermined ("Undetermined", "N/A", empty, or
 * 999, the "no call" value of Fluidigm and other software). A Cq that is not a number, or
 * is negative, is an error naming `where`.
 *
 * @example
 * readCqCell("Undetermined", { thousands: false }, "x.txt line 9"); // { cq: NaN, undetermined: "\"Undetermined\"" }
 * readCqCell("24.3", { thousands: false }, "x.txt line 10"); // { cq: 24.3 }
 */
export function readCqCell(text: string, style: NumberStyle, where: string): { cq: number; undetermined?: string } {
  const t = text.trim();
  if (UNDETERMINED_TEXT.test(t)) return { cq: NaN, undetermined: t === "" ? "empty" : `"${t}"` };
  const v = parseNumber(t, style);
  if (!Number.isFinite(v)) throw new InputError(`Cq is not a number ("${t}")`, where);
  if (v === 999) return { cq: NaN, undetermined: "999 (no call)" };
  if (v < 0) throw new InputError(`Cq is negative (${t})`, where);
  return { cq: v };
}

/**
 * Role of a well from an instrument's task or type text: "reference" for endogenous
 * controls and reference genes, "target" for targets and unknowns, undefined otherwise
 * (NTC, standard, ...).
 *
 * @example
 * roleFromTask("Endogenous Control"); // "reference"
 * roleFromTask("UNKNOWN"); // "target"
 */
export function roleFromTask(task: string): RawWell["roleHint"] {
  const t = normalizeName(task);
  if (/^(endogenous control|endogenous|reference|ref|housekeeping|normali[sz]er)$/.test(t)) return "reference";
  if (/^(target|unknown|unkn|test|toi|goi)$/.test(t)) return "target";
  return undefined;
}

/** Where a well is, for messages. */
function wellPlace(source: string, w: RawWell): string {
  return `${source} line ${w.line}${w.context ? `, ${w.context}` : ""}`;
}

function describe(w: RawWell): string {
  return `sample ${w.sample}, target ${w.target}${w.well ? `, well ${w.well}` : ""}`;
}

/**
 * Apply the options to the wells read from a file and build the table: the role of each
 * target (reference when any of its wells says so), undetermined Cq values (including those
 * at or after `maxCycle` or after the run's last cycle) handled by the policy (error naming
 * the line, drop, or cutoff), and wells the file omits set aside in `excluded`.
 *
 * @example
 * const t = finishQpcrTable(wells, { source: "run.txt", format: "sds" }, { undetermined: "drop" });
 */
export function finishQpcrTable(wells: RawWell[], info: QpcrTableInfo, options: CqReadOptions = {}): QpcrTable {
  const policy = options.undetermined ?? "error";
  if (policy !== "error" && policy !== "drop" && !(typeof policy === "object" && Number.isFinite(policy.cutoff))) {
    throw new InputError(`undetermined must be "error", "drop" or { cutoff: <cycle> }, got ${JSON.stringify(policy)}`, "options");
  }
  const roles = new Map<string, RawWell["roleHint"]>();
  for (const w of wells) {
    if (w.roleHint === "reference") roles.set(w.target, "reference");
    else if (w.roleHint === "target" && !roles.has(w.target)) roles.set(w.target, "target");
  }
  for (const w of wells) {
    if (w.undetermined || w.excluded) continue;
    if (w.cycles !== undefined && w.cq >= w.cycles) w.undetermined = `${w.cqText}, at or after the run's last cycle (${w.cycles})`;
    else if (options.maxCycle !== undefined && w.cq >= options.maxCycle) w.undetermined = `${w.cqText}, at or after cycle ${options.maxCycle}`;
  }
  const toRow = (w: RawWell): CqRow => {
    const row: CqRow = { sample: w.sample, group: w.group || w.sample, target: w.target, cq: w.cq, undetermined: w.undetermined !== undefined, line: w.line };
    const role = roles.get(w.target);
    if (role) row.role = role;
    if (w.well !== undefined) row.well = w.well;
    if (w.replicate !== undefined) row.replicate = w.replicate;
    if (w.quantity !== undefined) row.quantity = w.quantity;
    if (w.efficiency !== undefined) row.efficiency = w.efficiency;
    return row;
  };
  const rows: CqRow[] = [];
  const dropped: CqRow[] = [];
  const excluded: CqRow[] = [];
  const nUndetermined = wells.filter((w) => w.undetermined !== undefined && !w.excluded).length;
  for (const w of wells) {
    const row = toRow(w);
    if (w.excluded) {
      excluded.push(row);
      continue;
    }
    if (w.undetermined !== undefined) {
      if (policy === "error") {
        throw new InputError(
          `undetermined Cq (${w.undetermined}) for ${describe(w)}; ${nUndetermined} well(s) of this file are undetermined: choose a policy, undetermined "drop" or { cutoff: 40 }`,
          wellPlace(info.source, w),
        );
      }
      if (policy === "drop") {
        dropped.push(row);
        continue;
      }
      row.cq = policy.cutoff;
    }
    rows.push(row);
  }
  if (rows.length === 0) {
    const why = wells.length === 0 ? "the file has no wells with a sample and a target" : `all ${wells.length} wells are undetermined or excluded`;
    throw new InputError(`no Cq values left to analyse (${why})`, info.source);
  }
  return new QpcrTable(rows, { ...info, dropped, excluded });
}

/**
 * One data line of a table section: its fields and 1-based line number.
 *
 * @example
 * const row: TableLine = { cells: ["A1", "Sample1", "GAPDH", "18.2"], line: 21 };
 */
export interface TableLine {
  cells: string[];
  line: number;
}

/**
 * The data lines of a table that starts after `headerIndex` (0-based) and ends at the first
 * blank line, `[Section]` line or the end of the file.
 *
 * @example
 * tableBlock(["Well\tCt", "A1\t20", "", "x = 1"], 0, "\t", "f.txt"); // [{ cells: ["A1", "20"], line: 2 }]
 */
export function tableBlock(lines: string[], headerIndex: number, delimiter: string, source: string): TableLine[] {
  const out: TableLine[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const text = lines[i];
    if (text.trim() === "" || /^\[[^\]]+\]\s*$/.test(text.trim())) break;
    out.push({ cells: splitFields(text, delimiter, `${source} line ${i + 1}`), line: i + 1 });
  }
  return out;
}

/**
 * Check that a data line reaches the columns the importer needs; a shorter line is a
 * truncated or ragged file, reported with its line.
 *
 * @example
 * requireFields({ cells: ["1", "A1"], line: 7 }, 8, "Ct", "run.txt"); // throws "run.txt line 7: ..."
 */
export function requireFields(row: TableLine, needed: number, lastColumn: string, source: string): void {
  if (row.cells.length < needed) {
    throw new InputError(
      `only ${row.cells.length} field(s), but the ${lastColumn} column is field ${needed}: the line is truncated or ragged`,
      `${source} line ${row.line}`,
    );
  }
}

/**
 * The delimiter (tab, comma or semicolon) that splits a header line into most fields.
 *
 * @example
 * guessDelimiter(",Well,Fluor,Target"); // ","
 */
export function guessDelimiter(line: string): string {
  let best = "\t";
  let most = 0;
  for (const d of ["\t", ",", ";"]) {
    const n = line.split(d).length;
    if (n > most) {
      most = n;
      best = d;
    }
  }
  return best;
}

/**
 * Add a `key = value` (or `key: value`) metadata entry; repeated keys are joined with "; ".
 *
 * @example
 * const m: Record<string, string> = {};
 * addMetadata(m, "Instrument Type", "QuantStudio 12K Flex");
 */
export function addMetadata(metadata: Record<string, string>, key: string, value: string): void {
  const k = key.trim();
  const v = value.trim();
  if (!k) return;
  metadata[k] = metadata[k] !== undefined && metadata[k] !== v ? `${metadata[k]}; ${v}` : v;
}
