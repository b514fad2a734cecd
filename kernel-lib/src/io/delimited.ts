/**
 * Reading delimited text tables (TSV, CSV; gzipped or not) into header + rows of
 * strings, with errors that name the file and line. Parsing is done by csv-parse.
 */
import { readFileSync } from "fs";
import { gunzipSync } from "zlib";
import { parse } from "csv-parse/sync";
import { InputError } from "./errors";
import { recordInput } from "./provenance";

/** A delimited table as text. `lines[i]` is the 1-based file line of `rows[i]`. */
export interface DelimitedText {
  /** Where it came from (a path or a label), used in error messages. */
  source: string;
  header: string[];
  rows: string[][];
  lines: number[];
}

/** Options for {@link parseDelimited} and {@link readDelimited}. */
export interface DelimitedOptions {
  /** Field separator; by default tab for .tsv/.txt/.tab, comma for .csv, else sniffed from the first line. */
  delimiter?: string;
  /** Label used in error messages instead of the path. */
  source?: string;
}

/**
 * The field separator of a file: tab for .tsv/.tab/.txt, comma for .csv, else whichever of
 * the two the first line has more of.
 *
 * @example
 * sniffDelimiter("gene,a,b\n", "counts"); // ","
 */
export function sniffDelimiter(text: string, source: string): string {
  if (/\.csv(\.gz)?$/i.test(source)) return ",";
  if (/\.(tsv|tab|txt)(\.gz)?$/i.test(source)) return "\t";
  const first = text.slice(0, text.indexOf("\n") >= 0 ? text.indexOf("\n") : text.length);
  const tabs = first.split("\t").length;
  const commas = first.split(",").length;
  return tabs >= commas ? "\t" : ",";
}

/**
 * Parse delimited text. Every row must have as many fields as the header.
 *
 * @example
 * parseDelimited("gene\ta\tb\nTP53\t1\t2\n", { source: "x.tsv" });
 * // { source: "x.tsv", header: ["gene","a","b"], rows: [["TP53","1","2"]], lines: [2] }
 */
export function parseDelimited(text: string, options: DelimitedOptions = {}): DelimitedText {
  const source = options.source ?? "input";
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new InputError("the file is empty", source);
  const delimiter = options.delimiter ?? sniffDelimiter(text, source);
  if (delimiter === "\t" && !text.includes('"')) return splitPlainTsv(text, source);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      relax_quotes: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    const where = err.lines ? `${source} line ${err.lines}` : source;
    throw new InputError(`cannot parse the file (${err.message ?? String(e)})`, where);
  }
  if (records.length === 0) throw new InputError("the file has no header line", source);
  const header = records[0].record.map((h) => h.trim());
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let i = 1; i < records.length; i++) {
    const { record, info } = records[i];
    if (record.length !== header.length) {
      throw new InputError(
        `expected ${header.length} fields as in the header, found ${record.length} (ragged row)`,
        `${source} line ${info.lines}`,
      );
    }
    rows.push(record);
    lines.push(info.lines);
  }
  return { source, header, rows, lines };
}

/**
 * Tab-separated text without quotes is split directly (same result as the CSV parser,
 * several times faster on large count matrices); blank lines are skipped.
 */
function splitPlainTsv(text: string, source: string): DelimitedText {
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length && lines[i].replace(/\r$/, "").trim() === "") i++;
  if (i >= lines.length) throw new InputError("the file has no header line", source);
  const header = lines[i].replace(/\r$/, "").split("\t").map((h) => h.trim());
  const rows: string[][] = [];
  const lineNumbers: number[] = [];
  for (let k = i + 1; k < lines.length; k++) {
    const line = lines[k].endsWith("\r") ? lines[k].slice(0, -1) : lines[k];
    if (line === "" || line.trim() === "") continue;
    const record = line.split("\t");
    if (record.length !== header.length) {
      throw new InputError(
        `expected ${header.length} fields as in the header, found ${record.length} (ragged row)`,
        `${source} line ${k + 1}`,
      );
    }
    rows.push(record);
    lineNumbers.push(k + 1);
  }
  return { source, header, rows, lines: lineNumbers };
}

/**
 * Read a delimited file (optionally gzipped) and record it as an input for provenance.
 *
 * @example
 * const t = readDelimited("samples.tsv");
 * t.header; // ["sample", "condition"]
 */
export function readDelimited(path: string, options: DelimitedOptions = {}): DelimitedText {
  return parseDelimited(readText(path), { ...options, source: options.source ?? path });
}

/**
 * A text file's content (gunzipped when gzipped, recorded for provenance); a binary file
 * gives an InputError.
 *
 * @example
 * readText("samples.tsv").split("\n")[0]; // "sample\tcondition"
 */
export function readText(path: string): string {
  const text = Buffer.from(readInputBytes(path)).toString("utf8");
  if (text.includes("\u0000")) throw new InputError("the file is binary, not delimited text", path);
  return text;
}

/**
 * A file's bytes (gunzipped when gzipped), recorded as an input for provenance. A missing
 * file, a folder or an unreadable or truncated gzip gives an InputError naming the path.
 *
 * @example
 * const bytes = readInputBytes("counts.tsv.gz");
 */
export function readInputBytes(path: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError("file not found", path);
    if (code === "EISDIR") throw new InputError("is a folder, expected a file", path);
    throw new InputError(`cannot read the file (${(e as Error).message})`, path);
  }
  recordInput(path, bytes);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes);
    } catch {
      throw new InputError("the file looks gzipped but cannot be decompressed (truncated?)", path);
    }
  }
  return bytes;
}
