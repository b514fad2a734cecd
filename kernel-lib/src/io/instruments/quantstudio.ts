/**
 * QuantStudio (3/5/6/7/12K Flex, Design & Analysis) and 7500/StepOne v2 text exports:
 * `* key = value` metadata lines, then sections such as `[Sample Setup]` and `[Results]`. The
 * `[Results]` table (Well, Well Position, Omit, Sample Name, Target Name, Task, Reporter,
 * Quencher, Ct/CT/Cq, Ct Mean, ...) is read; numeric columns may group thousands with commas
 * ("6,367.559"). An "Endogenous Control = GAPDH" metadata line marks reference targets.
 */
import { InputError } from "../errors";
import { abiColumns, abiWells } from "./abi";
import {
  addMetadata,
  finishQpcrTable,
  guessDelimiter,
  splitFields,
  splitLines,
  tableBlock,
  type QpcrReadOptions,
  type QpcrTable,
} from "./common";

/**
 * Read a QuantStudio results export from its text.
 *
 * @example
 * const cq = parseQuantStudio(readFileSync("QS12K_results.txt", "utf8"), { source: "QS12K_results.txt", undetermined: "drop" });
 * cq.metadata["Instrument Type"]; // "QuantStudio 12K Flex"
 */
export function parseQuantStudio(text: string, options: QpcrReadOptions = {}): QpcrTable {
  const source = options.source ?? "QuantStudio export";
  const lines = splitLines(text);
  const metadata: Record<string, string> = {};
  let section = "";
  let resultsIndex = -1;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    const sectionMatch = /^\[([^\]]+)\]$/.exec(t);
    if (sectionMatch) {
      section = sectionMatch[1].trim().toLowerCase();
      if (section === "results" && resultsIndex < 0) resultsIndex = i;
      continue;
    }
    const kv = /^\*?\s*([^=\t]+?)\s*=\s*(.*)$/.exec(t);
    if (kv && (t.startsWith("*") || section === "" || !t.includes("\t"))) addMetadata(metadata, kv[1], kv[2]);
  }
  if (resultsIndex < 0) throw new InputError("no [Results] section: export the results table (File > Export > Results) as text", `${source} line 1`);
  let headerIndex = resultsIndex + 1;
  while (headerIndex < lines.length && lines[headerIndex].trim() === "") headerIndex++;
  if (headerIndex >= lines.length) throw new InputError("the [Results] section is empty (truncated file?)", `${source} line ${resultsIndex + 1}`);
  const headerLine = lines[headerIndex];
  const delimiter = guessDelimiter(headerLine);
  const header = splitFields(headerLine, delimiter, `${source} line ${headerIndex + 1}`);
  const cols = abiColumns(header);
  if (!cols) {
    throw new InputError(
      `the [Results] header needs a Ct (CT, Cq) column and a Target Name (or Detector) column; found: ${header.map((h) => h.trim()).filter(Boolean).join(", ")}`,
      `${source} line ${headerIndex + 1}`,
    );
  }
  const rows = tableBlock(lines, headerIndex, delimiter, source);
  if (rows.length === 0) throw new InputError("the [Results] table has no data lines (truncated file?)", `${source} line ${headerIndex + 2}`);
  const { wells, skipped } = abiWells(rows, cols, source, header[cols.cq].trim() || "Ct");
  const controls = (metadata["Endogenous Control"] ?? "")
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const w of wells) if (controls.includes(w.target)) w.roleHint = "reference";
  return finishQpcrTable(wells, { source, format: "quantstudio", skipped, metadata }, options);
}
