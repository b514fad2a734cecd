/**
 * Quantification-cycle (Cq, Ct) tables: one row per well or reaction with its sample, group,
 * target and Cq. Read from tidy CSV/TSV files or built from records; undetermined Cq values
 * ("Undetermined", "N/A", empty, or at/after the last cycle) are never averaged in silently:
 * they raise an error naming the line, are dropped, or are set to a cut-off, as the caller
 * chooses.
 */
import { InputError } from "./errors";
import { readDelimited, parseDelimited, type DelimitedText } from "./delimited";
import { Table } from "./table";

/** What to do with undetermined Cq values. */
export type UndeterminedPolicy = "error" | "drop" | { cutoff: number };

/** Options for reading Cq tables. */
export interface CqReadOptions {
  /** Undetermined Cq: "error" (default), "drop", or `{ cutoff: 40 }` to set them to a cycle. */
  undetermined?: UndeterminedPolicy;
  /** Cq values at or above this cycle count as undetermined (e.g. 40). Default: none. */
  maxCycle?: number;
  /** Field separator (default from the file extension). */
  delimiter?: string;
}

/** One reaction. */
export interface CqRow {
  sample: string;
  group: string;
  target: string;
  /** The Cq used in calculations (a cut-off value when the policy set one). */
  cq: number;
  /** True when the instrument reported no Cq (or it was at/after maxCycle). */
  undetermined: boolean;
  role?: "target" | "reference";
  well?: string;
  replicate?: string;
  quantity?: number;
  efficiency?: number;
  dose?: number;
  time?: number;
  /** File line, for messages. */
  line?: number;
}

const UNDETERMINED = /^(undetermined|undet\.?|n\/?a|na|nan|no ?ct|no ?cq|-+|none|)$/i;
const COLUMN_ALIASES: Record<string, string[]> = {
  sample: ["sample", "sample_name", "sample name"],
  group: ["group", "condition", "treatment"],
  target: ["target", "gene", "target_name", "target name", "detector"],
  cq: ["cq", "ct", "cp", "c_t", "c_q"],
  role: ["role", "gene_role", "type"],
  well: ["well", "position"],
  replicate: ["replicate", "rep", "tech_rep", "bio_rep"],
  quantity: ["quantity", "qty", "starting quantity"],
  efficiency: ["efficiency", "e"],
  dose: ["dose", "concentration", "conc"],
  time: ["time", "hours"],
};

/** A validated Cq table. */
export class CqTable {
  readonly rows: CqRow[];
  readonly source: string;
  /** Rows left out by the "drop" policy (with their lines), so the user can report them. */
  readonly dropped: CqRow[];

  constructor(rows: CqRow[], source = "Cq table", dropped: CqRow[] = []) {
    if (rows.length === 0) throw new InputError("no Cq values left to analyse", source);
    this.rows = rows;
    this.source = source;
    this.dropped = dropped;
  }

  /** Distinct targets, in order of appearance. */
  targets(): string[] {
    return [...new Set(this.rows.map((r) => r.target))];
  }

  /** Distinct groups, in order of appearance. */
  groups(): string[] {
    return [...new Set(this.rows.map((r) => r.group))];
  }

  /** Distinct samples, in order of appearance. */
  samples(): string[] {
    return [...new Set(this.rows.map((r) => r.sample))];
  }

  /** As a Table (sample, group, target, cq, undetermined, and the optional columns present). */
  toTable(): Table {
    const cols: Record<string, (string | null)[] | Float64Array | boolean[]> = {
      sample: this.rows.map((r) => r.sample),
      group: this.rows.map((r) => r.group),
      target: this.rows.map((r) => r.target),
      cq: Float64Array.from(this.rows, (r) => r.cq),
      undetermined: this.rows.map((r) => r.undetermined),
    };
    if (this.rows.some((r) => r.role)) cols.role = this.rows.map((r) => r.role ?? null);
    return Table.fromColumns(cols, `Cq values (${this.source})`);
  }
}

function findColumn(header: string[], key: string): number {
  const names = header.map((h) => h.trim().toLowerCase());
  for (const alias of COLUMN_ALIASES[key]) {
    const i = names.indexOf(alias);
    if (i >= 0) return i;
  }
  return -1;
}

function numberOrError(text: string, what: string, where: string): number {
  const v = Number(text.trim().replace(",", "."));
  if (text.trim() === "" || !Number.isFinite(v)) throw new InputError(`${what} is not a number ("${text}")`, where);
  return v;
}

/**
 * Cq table from parsed delimited text (see {@link readCq}).
 */
export function cqFromDelimited(t: DelimitedText, options: CqReadOptions = {}): CqTable {
  const col = Object.fromEntries(Object.keys(COLUMN_ALIASES).map((k) => [k, findColumn(t.header, k)])) as Record<string, number>;
  const missing = ["sample", "target", "cq"].filter((k) => col[k] < 0);
  if (missing.length) {
    throw new InputError(`missing column(s) ${missing.join(", ")}; a Cq table needs sample, target and cq (group, role, well, replicate, quantity, efficiency, dose, time are optional); found: ${t.header.join(", ")}`, `${t.source} line 1`);
  }
  const policy = options.undetermined ?? "error";
  const rows: CqRow[] = [];
  const dropped: CqRow[] = [];
  t.rows.forEach((cells, i) => {
    const line = t.lines[i];
    const where = `${t.source} line ${line}`;
    const get = (k: string) => (col[k] >= 0 ? (cells[col[k]] ?? "").trim() : "");
    const sample = get("sample");
    const target = get("target");
    if (!sample) throw new InputError("empty sample name", where);
    if (!target) throw new InputError("empty target name", where);
    const cqText = get("cq");
    let undetermined = UNDETERMINED.test(cqText);
    let cq = NaN;
    if (!undetermined) {
      cq = numberOrError(cqText, "Cq", `${where}, sample ${sample}, target ${target}`);
      if (cq < 0) throw new InputError(`Cq is negative (${cq})`, `${where}, sample ${sample}, target ${target}`);
      if (options.maxCycle !== undefined && cq >= options.maxCycle) undetermined = true;
    }
    const roleText = get("role").toLowerCase();
    let role: CqRow["role"];
    if (roleText) {
      if (/^(ref|reference|housekeeping|hk|endogenous control|normali[sz]er)$/.test(roleText)) role = "reference";
      else if (/^(target|goi|unknown|test)$/.test(roleText)) role = "target";
      else throw new InputError(`role "${roleText}" is neither target nor reference`, where);
    }
    const row: CqRow = { sample, group: get("group") || sample, target, cq, undetermined, role, line };
    if (col.well >= 0) row.well = get("well");
    if (col.replicate >= 0) row.replicate = get("replicate");
    for (const k of ["quantity", "efficiency", "dose", "time"] as const) {
      if (col[k] >= 0 && get(k) !== "") row[k] = numberOrError(get(k), k, where);
    }
    if (undetermined) {
      if (policy === "error") {
        throw new InputError(
          `undetermined Cq ("${cqText}"${options.maxCycle !== undefined && !UNDETERMINED.test(cqText) ? `, at or after cycle ${options.maxCycle}` : ""}) for sample ${sample}, target ${target}; choose a policy: undetermined "drop" or { cutoff: 40 }`,
          where,
        );
      }
      if (policy === "drop") {
        dropped.push(row);
        return;
      }
      row.cq = policy.cutoff;
    }
    rows.push(row);
  });
  return new CqTable(rows, t.source, dropped);
}

/**
 * Read a tidy Cq table (CSV/TSV, optionally gzipped): columns `sample, target, cq` and
 * optionally `group, role, well, replicate, quantity, efficiency, dose, time` (common aliases
 * such as gene, ct and gene_role are recognised).
 *
 * @example
 * const cq = readCq("plate.csv", { undetermined: "drop" });
 * cq.targets(); // ["CDKN1A", "GAPDH", ...]
 */
export function readCq(path: string, options: CqReadOptions = {}): CqTable {
  const t = readDelimited(path, { delimiter: options.delimiter });
  return cqFromDelimited(t, options);
}

/**
 * A Cq table from text (for notebooks and tests).
 *
 * @example
 * parseCq("sample,target,cq\nA,GAPDH,20.1\nA,CDKN1A,25.3\n").rows.length; // 2
 */
export function parseCq(text: string, options: CqReadOptions & { source?: string } = {}): CqTable {
  return cqFromDelimited(parseDelimited(text, { delimiter: options.delimiter ?? ",", source: options.source ?? "Cq text" }), options);
}
