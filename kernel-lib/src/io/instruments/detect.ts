/**
 * Recognising a qPCR export from its content (not its extension): RDML (zipped or XML),
 * QuantStudio `[Results]` exports, SDS 2.x results, CFX Cq results, LightCycler 480 Abs
 * Quant, BioMark table results and tidy Cq tables. Files that are recognised but hold no Cq
 * results (.eds projects, Excel workbooks, LightCycler raw fluorescence) get an error that
 * says what to export instead.
 */
import { InputError } from "../errors";
import { abiColumns } from "./abi";
import { biomarkHeaderIndex } from "./biomark";
import { cfxHeaderIndex } from "./cfx";
import { decodeText, guessDelimiter, normalizeName, splitLines, type QpcrFormat } from "./common";
import { isZip, zipEntryNames } from "./rdml";
import { SDS_HEADERLESS } from "./sds";

const ABI_MARKERS = ["task", "detector", "detector name", "#", "pos", "flag", "omit", "plateid", "reporter", "well position"];
const TIDY = {
  sample: ["sample", "sample_name", "sample name"],
  target: ["target", "gene", "target_name", "target name", "detector"],
  cq: ["cq", "ct", "cp", "c_t", "c_q"],
};

function isTidyHeader(names: string[]): boolean {
  return Object.values(TIDY).every((aliases) => aliases.some((a) => names.includes(a)));
}

/**
 * The format of a qPCR export's text, or an InputError naming the file and line when it is
 * none that p53lab reads.
 *
 * @example
 * detectQpcrText("* Instrument Type = QuantStudio 12K Flex\n\n[Results]\nWell\tCt\n", "run.txt"); // "quantstudio"
 * detectQpcrText("sample,target,cq\nA,GAPDH,20.1\n", "cq.csv"); // "tidy"
 */
export function detectQpcrText(text: string, source = "input"): QpcrFormat {
  const lines = splitLines(text.slice(0, 200_000));
  const firstIndex = lines.findIndex((l) => l.trim() !== "");
  if (firstIndex < 0) throw new InputError("the file is empty", source);
  const first = lines[firstIndex].trim();
  const at = (i: number) => `${source} line ${i + 1}`;
  if (/^<\?xml|^<(\w+:)?rdml[\s>]/i.test(first)) {
    if (/<(\w+:)?rdml[\s>]/.test(text.slice(0, 20_000))) return "rdml";
    throw new InputError("an XML file, but not RDML (no <rdml> root element)", at(firstIndex));
  }
  if (lines.some((l) => /^\[results\]$/i.test(l.trim())) || /^\*\s*[^=]+=/.test(first)) return "quantstudio";
  if (/^SDS\s*v?\d/i.test(first)) return "sds";
  if (/^Experiment:/i.test(first)) return "lc480";
  const second = normalizeName(lines[firstIndex + 1] ?? "").split(/\s+/);
  if (/^Raw Data\b/i.test(first) || (first.toLowerCase().startsWith("samplepos") && first.toLowerCase().includes("cycle#")) || (second.includes("samplepos") && second.includes("cycle#"))) {
    throw new InputError('a LightCycler 480 raw fluorescence export (one line per cycle), not Cp results: export the "Abs Quant" results table instead', at(firstIndex));
  }
  if (biomarkHeaderIndex(lines) >= 0 || /^Chip Run Filename\s*,/i.test(first)) return "biomark";
  if (cfxHeaderIndex(lines) >= 0) return "cfx";
  for (let i = firstIndex; i < Math.min(lines.length, 200); i++) {
    const line = lines[i];
    if (SDS_HEADERLESS.test(line)) return "sds";
    if (line.trim() === "") continue;
    const cells = line.split(guessDelimiter(line));
    const names = cells.map((c) => normalizeName(c.replace(/^"|"$/g, "")));
    if (abiColumns(cells) && names.some((n) => ABI_MARKERS.includes(n))) return "sds";
    if (names.includes("pos") && names.includes("name") && names.includes("cp")) return "lc480";
    if (isTidyHeader(names)) return "tidy";
  }
  if (!/[\t,;]/.test(first) && isTidyHeader(first.split(/\s+/).map(normalizeName))) return "tidy";
  throw new InputError(
    "unrecognised qPCR export: expected a tidy Cq table (sample, target, cq), an SDS/QuantStudio results export, a CFX Quantification Cq Results file, a LightCycler 480 Abs Quant export, BioMark table results or RDML",
    at(firstIndex),
  );
}

/**
 * The format of a qPCR export from its bytes or text: ZIP archives are RDML when they hold
 * RDML data; .eds projects, Excel workbooks and other binary files give an InputError that
 * says what to export instead.
 *
 * @example
 * detectQpcrFormat(readFileSync("run.rdml"), "run.rdml"); // "rdml"
 * detectQpcrFormat(readFileSync("plate.csv"), "plate.csv"); // "cfx"
 */
export function detectQpcrFormat(content: string | Uint8Array, source = "input"): QpcrFormat {
  if (typeof content === "string") return detectQpcrText(content, source);
  if (isZip(content)) {
    const names = zipEntryNames(content, source);
    if (names.some((n) => /(^|\/)rdml_data\.xml$/i.test(n))) return "rdml";
    if (names.some((n) => n.startsWith("apldbio/"))) {
      throw new InputError("an Applied Biosystems .eds project (a ZIP archive), not a results export: export the results as text from the instrument software", source);
    }
    if (names.some((n) => n === "[Content_Types].xml" || n.startsWith("xl/"))) {
      throw new InputError("an Excel workbook: export the results as text or CSV from the instrument software (or save the results sheet as CSV)", source);
    }
    if (names.some((n) => /\.xml$/i.test(n))) return "rdml";
    throw new InputError(`a ZIP archive without RDML data; entries: ${names.slice(0, 12).join(", ") || "none"}`, source);
  }
  if (content.length >= 4 && content[0] === 0xd0 && content[1] === 0xcf && content[2] === 0x11 && content[3] === 0xe0) {
    throw new InputError("an Excel 97-2003 workbook or another OLE file: export the results as text or CSV", source);
  }
  const text = decodeText(content);
  if (text.slice(0, 20_000).includes("\u0000")) throw new InputError("a binary file, not a qPCR text export or RDML", source);
  return detectQpcrText(text, source);
}
