/**
 * Applied Biosystems SDS 2.x text exports (7000/7300/7500/7900HT "RQ Results" and "AQ
 * Results", TaqMan low-density cards): a header block of `key<TAB>value` lines
 * (EmbeddedFile, Run DateTime, ...), then a results table with #/Well, Pos, Sample, Detector,
 * Task, Ct, ... and Omit, ended by a blank line. Line endings may be CR only. Headerless
 * exports in the SDS 2.3 column order (as written by some pipelines) are read too.
 */
import { InputError } from "../errors";
import { abiColumns, abiWells, type AbiColumns } from "./abi";
import {
  addMetadata,
  finishQpcrTable,
  guessDelimiter,
  normalizeName,
  splitFields,
  splitLines,
  tableBlock,
  type QpcrReadOptions,
  type QpcrTable,
} from "./common";

/**
 * A data line of a headerless SDS 2.3 export: #, Plate, Pos, Flag, Sample, Detector, Task, Ct, ...
 *
 * @example
 * SDS_HEADERLESS.test("1\tControl\tA1\tPassed\tSample01\tGene1\tEndogenous Control\t11.46\t"); // true
 */
export const SDS_HEADERLESS = /^\d+\t[^\t]*\t[A-Za-z]{1,2}\d{1,3}\t(Passed|Flagged)\t[^\t]*\t[^\t]*\t[^\t]*\t/;

/** Columns of the headerless SDS 2.3 layout (0-based). */
const HEADERLESS_COLUMNS: AbiColumns = { well: 2, sample: 4, target: 5, task: 6, cq: 7, omit: 15, quantity: -1, plate: 1 };

const HEADER_HINT = ["detector", "detector name", "target name", "sample name", "sample", "well", "pos", "task"];

/**
 * Read an SDS 2.x results export from its text.
 *
 * @example
 * const cq = parseSds(readFileSync("7900HT_RQ.txt", "utf8"), { source: "7900HT_RQ.txt", undetermined: "drop" });
 * cq.targets().length; // detectors on the card
 */
export function parseSds(text: string, options: QpcrReadOptions = {}): QpcrTable {
  const source = options.source ?? "SDS export";
  const lines = splitLines(text);
  const metadata: Record<string, string> = {};
  let headerIndex = -1;
  let cols: AbiColumns | undefined;
  let delimiter = "\t";
  for (let i = 0; i < lines.length && i < 500; i++) {
    const line = lines[i];
    if (line.trim() === "") continue;
    if (SDS_HEADERLESS.test(line)) {
      headerIndex = i - 1;
      cols = HEADERLESS_COLUMNS;
      break;
    }
    delimiter = guessDelimiter(line);
    const cells = splitFields(line, delimiter, `${source} line ${i + 1}`);
    cols = abiColumns(cells);
    if (cols) {
      headerIndex = i;
      break;
    }
    const names = cells.map(normalizeName);
    if (names.filter((n) => HEADER_HINT.includes(n)).length >= 3) {
      throw new InputError(`the results header has no Ct column (Ct, Cq or CT); found: ${cells.map((c) => c.trim()).filter(Boolean).join(", ")}`, `${source} line ${i + 1}`);
    }
    const nonEmpty = cells.map((c) => c.trim()).filter(Boolean);
    if (nonEmpty.length >= 1) addMetadata(metadata, nonEmpty[0], nonEmpty.slice(1).join(" "));
  }
  if (!cols) throw new InputError("no SDS results table found (a header line with Detector or Target and Ct columns)", `${source} line 1`);
  const rows = tableBlock(lines, headerIndex, delimiter, source);
  if (rows.length === 0) throw new InputError("the results table has no data lines (truncated file?)", `${source} line ${headerIndex + 2}`);
  const { wells, skipped } = abiWells(rows, cols, source, "Ct");
  return finishQpcrTable(wells, { source, format: "sds", skipped, metadata }, options);
}
