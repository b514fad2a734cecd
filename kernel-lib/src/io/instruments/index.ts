/**
 * qPCR instrument importers: exports of Applied Biosystems SDS 2.x and QuantStudio, Bio-Rad
 * CFX, Roche LightCycler 480, Fluidigm BioMark and RDML files read into the same
 * {@link CqTable} as tidy Cq tables, with the same undetermined policy.
 */
import { isUserFacingError, InputError } from "../errors";
import { cqFromDelimited } from "../cq";
import { parseDelimited } from "../delimited";
import { parseBiomark } from "./biomark";
import { parseCfx } from "./cfx";
import { decodeText, QpcrTable, readInstrumentBytes, splitLines, type QpcrFormat, type QpcrReadOptions } from "./common";
import { detectQpcrFormat } from "./detect";
import { parseLc480 } from "./lc480";
import { parseQuantStudio } from "./quantstudio";
import { isZip, parseRdml } from "./rdml";
import { parseSds } from "./sds";

export { QpcrTable } from "./common";
export type { QpcrFormat, QpcrReadOptions, SkippedWell, QpcrTableInfo } from "./common";
export { detectQpcrFormat, detectQpcrText } from "./detect";
export { parseSds } from "./sds";
export { parseQuantStudio } from "./quantstudio";
export { parseCfx } from "./cfx";
export { parseLc480 } from "./lc480";
export { parseBiomark } from "./biomark";
export { parseRdml } from "./rdml";

const FORMATS: readonly string[] = ["auto", "tidy", "sds", "quantstudio", "cfx", "lc480", "biomark", "rdml"];

/**
 * A tidy Cq table (sample, target, cq, ...) from text, separated by tabs, commas,
 * semicolons or (as in ReadqPCR's example files) single spaces.
 *
 * @example
 * parseTidyCq("Well Sample Detector Cq\n1 A GAPDH 20.1\n", { source: "plate.txt" }).rows[0].target; // "GAPDH"
 */
export function parseTidyCq(text: string, options: QpcrReadOptions = {}): QpcrTable {
  const source = options.source ?? "Cq text";
  let delimiter = options.delimiter;
  let body = text;
  if (!delimiter) {
    const first = splitLines(text).find((l) => l.trim() !== "") ?? "";
    delimiter = first.includes("\t") ? "\t" : first.includes(",") ? "," : first.includes(";") ? ";" : " ";
    if (delimiter === " ") body = splitLines(text).map((l) => l.trim().replace(/ +/g, " ")).join("\n");
  }
  const t = cqFromDelimited(parseDelimited(body, { delimiter, source }), options);
  return new QpcrTable(t.rows, { source, format: "tidy", dropped: t.dropped });
}

/**
 * Read a qPCR export from its bytes or text (see {@link readQpcr}).
 *
 * @example
 * parseQpcr("sample,target,cq\nA,GAPDH,20.1\n").format; // "tidy"
 */
export function parseQpcr(content: string | Uint8Array, options: QpcrReadOptions = {}): QpcrTable {
  const source = options.source ?? "qPCR export";
  const requested = options.format ?? "auto";
  if (!FORMATS.includes(requested)) throw new InputError(`unknown format "${String(requested)}"; use one of ${FORMATS.join(", ")}`, "options");
  const opts = { ...options, source };
  return guard(source, requested, () => {
    if (typeof content !== "string" && isZip(content) && requested !== "rdml" && requested !== "auto") {
      throw new InputError(`a ZIP archive, not a ${requested} text export`, source);
    }
    const format: QpcrFormat = requested === "auto" ? detectQpcrFormat(content, source) : requested;
    if (format === "rdml") return parseRdml(content, opts);
    const text = typeof content === "string" ? content : decodeText(content);
    if (text.slice(0, 20_000).includes("\u0000")) throw new InputError(`a binary file, not a ${format} text export`, source);
    switch (format) {
      case "tidy":
        return parseTidyCq(text, opts);
      case "sds":
        return parseSds(text, opts);
      case "quantstudio":
        return parseQuantStudio(text, opts);
      case "cfx":
        return parseCfx(text, opts);
      case "lc480":
        return parseLc480(text, opts);
      case "biomark":
        return parseBiomark(text, opts);
    }
  });
}

/** Run an importer; an unexpected failure becomes an InputError naming the file, never a stack trace. */
function guard<T>(source: string, format: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isUserFacingError(e)) throw e;
    throw new InputError(`cannot read the file${format === "auto" ? "" : ` as ${format}`} (${(e as Error)?.message ?? String(e)})`, source);
  }
}

/**
 * Read a qPCR instrument export (or a tidy Cq table) into a Cq table, one row per well:
 * sample, group (= sample unless the file groups samples), target, Cq, undetermined,
 * role (reference for "Endogenous Control" tasks or RDML "ref" targets) and well. The format
 * is detected from the content unless given. Undetermined Cq values (Undetermined, N/A,
 * empty, 999, RDML -1, at or after `maxCycle` or the run's last cycle) raise an error naming
 * the line unless `undetermined` is "drop" or `{ cutoff }`; they are never averaged in.
 * Wells the file omits are kept apart in `excluded`; empty wells in `skipped`.
 *
 * @example
 * const cq = readQpcr("QuantStudio_results.txt", { undetermined: "drop" });
 * cq.format; // "quantstudio"
 * cq.targets(); // the Target Name of every well read
 * readQpcr("run.rdml", { format: "rdml", undetermined: { cutoff: 40 } }).rows[0].cq;
 */
export function readQpcr(path: string, options: QpcrReadOptions = {}): QpcrTable {
  const source = options.source ?? path;
  const bytes = readInstrumentBytes(path);
  return parseQpcr(bytes, { ...options, source });
}
