/**
 * RDML 1.0-1.4 (Real-time PCR Data Markup Language, http://www.rdml.org): a ZIP archive
 * holding `rdml_data.xml`, or the plain XML. Each `experiment/run/react` is one well: its
 * sample is `react/sample@id`, and each `react/data` gives a target (`data/tar@id`) and its
 * Cq (`data/cq`). Following the schema, a missing Cq or -1 means "not available", and an
 * `excl` element excludes the data. A Cq at or after the run's last cycle (the largest
 * `adp/cyc`; StepOne writes the cycle count, 40.0, for no amplification) is undetermined.
 * Target type "ref" marks a reference gene; a sample's quantity (standards) and a target's
 * amplificationEfficiency (a factor, or a percent in RDML 1.0 files) are kept; numeric react
 * ids become well names from the run's pcrFormat (id 13 on 8 x 12 = B1).
 */
import { unzipSync } from "fflate";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { InputError } from "../errors";
import { decodeText, finishQpcrTable, type QpcrReadOptions, type QpcrTable, type RawWell } from "./common";

type Node = Record<string, unknown>;

const ARRAY_ELEMENTS = new Set(["experiment", "run", "react", "data", "sample", "target", "adp", "dye"]);

function list(v: unknown): Node[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === "object" && x !== null ? (x as Node) : { "#text": x }));
}

function text(v: unknown): string | undefined {
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v && typeof v === "object" && "#text" in v) return String((v as Node)["#text"]).trim();
  if (v && typeof v === "object") return "";
  return undefined;
}

function id(v: unknown): string | undefined {
  const n = list(v)[0];
  const a = n?.["@id"];
  return a === undefined ? undefined : String(a).trim();
}

function num(v: unknown): number {
  const t = text(v);
  if (t === undefined || t === "") return NaN;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : NaN;
}

/**
 * True when the bytes are a ZIP archive (local file header, possibly after a spanning marker).
 *
 * @example
 * isZip(readFileSync("run.rdml")); // true for compressed RDML
 */
export function isZip(bytes: Uint8Array): boolean {
  const pk = (o: number, a: number, b: number) => bytes.length >= o + 4 && bytes[o] === 0x50 && bytes[o + 1] === 0x4b && bytes[o + 2] === a && bytes[o + 3] === b;
  return pk(0, 3, 4) || (pk(0, 7, 8) && pk(4, 3, 4)) || pk(0, 5, 6);
}

/**
 * Names of the entries of a ZIP archive (for telling RDML from .eds or .xlsx files).
 *
 * @example
 * zipEntryNames(readFileSync("run.rdml"), "run.rdml"); // ["rdml_data.xml"]
 */
export function zipEntryNames(bytes: Uint8Array, source: string): string[] {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return false;
      },
    });
  } catch (e) {
    throw new InputError(`damaged or truncated ZIP archive (${(e as Error).message})`, source);
  }
  return names;
}

/**
 * The RDML XML inside a ZIP archive: `rdml_data.xml`, or else the one XML entry whose root is
 * `<rdml>`. Returns the text and the entry name.
 *
 * @example
 * rdmlXmlFromZip(readFileSync("run.rdml"), "run.rdml").entry; // "rdml_data.xml"
 */
export function rdmlXmlFromZip(bytes: Uint8Array, source: string): { xml: string; entry: string } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => /\.xml$/i.test(f.name) });
  } catch (e) {
    throw new InputError(`damaged or truncated RDML archive (${(e as Error).message})`, source);
  }
  const names = Object.keys(files);
  const main = names.find((n) => /(^|\/)rdml_data\.xml$/i.test(n));
  if (main) return { xml: decodeText(files[main]), entry: main };
  for (const n of names) {
    const xml = decodeText(files[n]);
    if (/<(\w+:)?rdml[\s>]/.test(xml.slice(0, 4000))) return { xml, entry: n };
  }
  throw new InputError(`the ZIP archive holds no RDML data (rdml_data.xml); entries: ${zipEntryNames(bytes, source).slice(0, 12).join(", ") || "none"}`, source);
}

/** 1-based line of each `<react>` start tag, in document order (comments and CDATA skipped). */
function reactLines(xml: string): number[] {
  const out: number[] = [];
  const re = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<(?:[\w.-]+:)?react[\s>/]/g;
  let line = 1;
  let pos = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    for (let i = pos; i < m.index; i++) {
      const c = xml.charCodeAt(i);
      if (c === 10 || (c === 13 && xml.charCodeAt(i + 1) !== 10)) line++;
    }
    pos = m.index;
    if (m[0].startsWith("<!")) continue;
    out.push(line);
  }
  return out;
}

function label(index: number, kind: string | undefined): string {
  if (kind && /^a/i.test(kind)) {
    let s = "";
    for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  }
  return String(index + 1);
}

/** Well name of a react id: "A1" in RDML 1.0, a 1-based position in later versions. */
function wellName(reactId: string, format: Node | undefined): string {
  const columns = num(format?.columns);
  if (!/^\d+$/.test(reactId) || !format || !(columns > 0)) return reactId;
  const p = Number(reactId) - 1;
  return label(Math.floor(p / columns), text(format.rowLabel)) + label(p % columns, text(format.columnLabel));
}

/**
 * Read RDML from its XML text or the bytes of a (zipped or plain) .rdml file.
 *
 * @example
 * const cq = parseRdml(readFileSync("run.rdml"), { source: "run.rdml", undetermined: "drop" });
 * cq.metadata["RDML version"]; // "1.1"
 */
export function parseRdml(input: string | Uint8Array, options: QpcrReadOptions = {}): QpcrTable {
  const source = options.source ?? "RDML";
  let xml: string;
  let where = source;
  if (typeof input === "string") xml = input;
  else if (isZip(input)) {
    const z = rdmlXmlFromZip(input, source);
    xml = z.xml;
    where = `${source} (${z.entry})`;
  } else xml = decodeText(input);
  if (xml.trim() === "") throw new InputError("the RDML data is empty", where);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const lastLine = xml.trimEnd().split(/\r\n|\r|\n/).length;
    const hint = valid.err.line >= lastLine ? " (truncated file?)" : "";
    throw new InputError(`malformed XML: ${valid.err.msg}${hint}`, `${where} line ${valid.err.line}`);
  }
  let doc: Node;
  try {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@",
      removeNSPrefix: true,
      parseTagValue: false,
      parseAttributeValue: false,
      isArray: (name) => ARRAY_ELEMENTS.has(name),
    });
    doc = parser.parse(xml) as Node;
  } catch (e) {
    throw new InputError(`cannot parse the XML (${(e as Error).message})`, where);
  }
  const root = doc.rdml as Node | undefined;
  if (!root || typeof root !== "object") throw new InputError("not RDML: the XML has no <rdml> root element", `${where} line 1`);
  const metadata: Record<string, string> = {};
  if (root["@version"] !== undefined) metadata["RDML version"] = String(root["@version"]);
  const publisher = text((root.id as Node | undefined)?.publisher);
  if (publisher) metadata.publisher = publisher;

  const samples = new Map<string, { quantity?: number; type?: string }>();
  for (const s of list(root.sample)) {
    const sid = s["@id"] === undefined ? undefined : String(s["@id"]).trim();
    if (!sid) continue;
    const q = num((s.quantity as Node | undefined)?.value);
    samples.set(sid, { quantity: Number.isFinite(q) ? q : undefined, type: text(s.type) });
  }
  const targets = new Map<string, { role?: RawWell["roleHint"]; efficiency?: number }>();
  for (const t of list(root.target)) {
    const tid = t["@id"] === undefined ? undefined : String(t["@id"]).trim();
    if (!tid) continue;
    const type = text(t.type);
    const e = num(t.amplificationEfficiency);
    targets.set(tid, { role: type === "ref" ? "reference" : type === "toi" ? "target" : undefined, efficiency: Number.isFinite(e) && e > 0 ? e : undefined });
  }

  const lines = reactLines(xml);
  const runs: { experiment: string; run: Node }[] = [];
  for (const e of list(root.experiment)) for (const r of list(e.run)) runs.push({ experiment: String(e["@id"] ?? ""), run: r });
  const manyExperiments = new Set(runs.map((x) => x.experiment)).size > 1;
  const wells: RawWell[] = [];
  let k = 0;
  for (const { experiment, run } of runs) {
    const format = typeof run.pcrFormat === "object" && run.pcrFormat !== null ? (run.pcrFormat as Node) : undefined;
    const reacts = list(run.react);
    let cycles = 0;
    for (const r of reacts) for (const d of list(r.data)) for (const a of list(d.adp)) cycles = Math.max(cycles, num(a.cyc) || 0);
    const prefix = runs.length > 1 ? `${manyExperiments ? `${experiment}/` : ""}${String(run["@id"] ?? "")} ` : "";
    for (const r of reacts) {
      const line = lines[k++] ?? 1;
      const at = `${where} line ${line}, react ${r["@id"] === undefined ? "?" : String(r["@id"]).trim()}`;
      const reactId = r["@id"] === undefined ? "" : String(r["@id"]).trim();
      const sample = id(r.sample);
      if (!sample) throw new InputError(`react ${reactId} has no sample id`, at);
      const info = samples.get(sample);
      const well = prefix + wellName(reactId, format);
      for (const d of list(r.data)) {
        const target = id(d.tar);
        if (!target) throw new InputError(`react ${reactId} has a data element without a target (tar id)`, at);
        const cqText = text(d.cq) ?? "";
        const w: RawWell = { line, sample, target, well, cqText, cq: NaN, context: `react ${reactId}` };
        const cq = num(d.cq);
        if (cqText === "") w.undetermined = "no Cq in the file";
        else if (!Number.isFinite(cq)) throw new InputError(`Cq is not a number ("${cqText}") for sample ${sample}, target ${target}`, at);
        else if (cq < 0) w.undetermined = `${cqText}, not available`;
        else w.cq = cq;
        if (cycles > 0) w.cycles = cycles;
        if (d.excl !== undefined) w.excluded = `excluded in the file${text(d.excl) ? ` (${text(d.excl)})` : ""}`;
        const t = targets.get(target);
        if (t?.role) w.roleHint = t.role;
        if (t?.efficiency !== undefined) w.efficiency = t.efficiency;
        if (info?.quantity !== undefined) w.quantity = info.quantity;
        wells.push(w);
      }
    }
  }
  if (wells.length === 0) throw new InputError("the RDML file holds no reactions with data (experiment/run/react/data)", where);
  return finishQpcrTable(wells, { source: where, format: "rdml", metadata }, options);
}
