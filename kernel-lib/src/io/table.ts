/**
 * `Table`: the column-oriented result table that flows from the analyses to the
 * display layer (and to and from danfojs-node DataFrames). Numeric columns are
 * Float64Array with NaN for NA; text columns are string arrays.
 */
import { InputError } from "./errors";

/** Values of one column; `null` is NA in text columns, NaN in numeric ones. */
export type ColumnValues = Float64Array | (string | null)[] | boolean[];

/** The kind of a column, as shown in table headers. */
export type ColumnKind = "number" | "string" | "boolean";

/** A value of one cell; `null` stands for NA. */
export type CellValue = number | string | boolean | null;

/**
 * A named, typed, column-oriented table.
 *
 * @example
 * const t = Table.fromColumns({ gene: ["CDKN1A", "MDM2"], log2FoldChange: [3.1, 2.2] });
 * t.nRows; // 2
 * t.column("log2FoldChange"); // Float64Array [3.1, 2.2]
 */
export class Table {
  readonly names: string[];
  readonly columns: ColumnValues[];
  readonly nRows: number;
  /** Free-text caption shown above the table (e.g. "SIMULATED data"). */
  caption: string;

  constructor(names: string[], columns: ColumnValues[], caption = "") {
    if (names.length !== columns.length) throw new InputError(`${names.length} names for ${columns.length} columns`, "Table");
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new InputError(`duplicate column name "${dup}"`, "Table");
    const n = columns.length ? columns[0].length : 0;
    columns.forEach((c, i) => {
      if (c.length !== n) throw new InputError(`column "${names[i]}" has ${c.length} values, expected ${n}`, "Table");
    });
    this.names = names;
    this.columns = columns;
    this.nRows = n;
    this.caption = caption;
  }

  /**
   * Build a table from named arrays. Numbers (and null/undefined/NaN as NA) become Float64Array.
   *
   * @example
   * Table.fromColumns({ sample: ["a", "b"], size: [1e6, 2e6] });
   */
  static fromColumns(cols: Record<string, ArrayLike<CellValue | undefined> | ColumnValues>, caption = ""): Table {
    const names = Object.keys(cols);
    return new Table(
      names,
      names.map((n) => toColumn(cols[n] as ArrayLike<CellValue | undefined>, n)),
      caption,
    );
  }

  /**
   * Build a table from an array of records (the keys of the first record give the column order).
   *
   * @example
   * Table.fromRecords([{ gene: "MDM2", lfc: 2 }, { gene: "BBC3", lfc: 1.5 }]);
   */
  static fromRecords(records: Record<string, CellValue | undefined>[], caption = ""): Table {
    const names: string[] = [];
    for (const r of records) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
    const cols: Record<string, (CellValue | undefined)[]> = {};
    for (const n of names) cols[n] = records.map((r) => r[n]);
    return Table.fromColumns(cols, caption);
  }

  /**
   * A genes x samples matrix (gene-major values) as a table: `gene_id`, then one column per sample.
   *
   * @example
   * Table.fromGeneMatrix(["MDM2"], ["s1", "s2"], Float64Array.of(1.5, 2.5)).names; // ["gene_id", "s1", "s2"]
   */
  static fromGeneMatrix(genes: string[], samples: string[], values: ArrayLike<number>, caption = ""): Table {
    const m = samples.length;
    const cols = samples.map((_, j) => Float64Array.from({ length: genes.length }, (_, g) => values[g * m + j]));
    return new Table(["gene_id", ...samples], [genes.slice(), ...cols], caption);
  }

  /** The column called `name`; an error names the columns there are. */
  column(name: string): ColumnValues {
    const i = this.names.indexOf(name);
    if (i < 0) throw new InputError(`no column "${name}"; columns are ${this.names.join(", ")}`, "Table");
    return this.columns[i];
  }

  /** The kind of each column. */
  kinds(): ColumnKind[] {
    return this.columns.map(columnKind);
  }

  /** Value at row `r` of column `c` (index), NA as null. */
  cell(r: number, c: number): CellValue {
    const v = this.columns[c][r];
    if (v === undefined || (typeof v === "number" && Number.isNaN(v))) return null;
    return v;
  }

  /** The first `n` rows as a new table. */
  head(n = 10): Table {
    return this.slice(0, n);
  }

  /** Rows `start` (inclusive) to `end` (exclusive) as a new table. */
  slice(start: number, end: number): Table {
    return this.derive(this.names.slice(), this.columns.map((c) => c.slice(start, end) as ColumnValues));
  }

  /** A table of the same kind (subclasses keep their metadata) with other rows. */
  protected derive(names: string[], columns: ColumnValues[]): Table {
    return new Table(names, columns, this.caption);
  }

  /**
   * The rows in the order of a column (ascending by default; NA last; ties keep their order).
   *
   * @example
   * res.sortBy("padj").head(20); // the 20 most significant genes
   */
  sortBy(name: string, options: { descending?: boolean } = {}): Table {
    const c = this.column(name);
    const dir = options.descending ? -1 : 1;
    const order = Array.from({ length: this.nRows }, (_, i) => i).sort((a, b) => {
      const va = c[a];
      const vb = c[b];
      const na = va === null || (typeof va === "number" && Number.isNaN(va));
      const nb = vb === null || (typeof vb === "number" && Number.isNaN(vb));
      if (na || nb) return na === nb ? a - b : na ? 1 : -1;
      return (va! < vb! ? -dir : va! > vb! ? dir : 0) || a - b;
    });
    return this.take(order);
  }

  /** The rows at the given indices, in that order. */
  take(rows: number[]): Table {
    const cols = this.columns.map((c) =>
      c instanceof Float64Array ? Float64Array.from(rows, (r) => c[r]) : rows.map((r) => c[r]),
    ) as ColumnValues[];
    return this.derive(this.names.slice(), cols);
  }

  /** The rows as plain records (NA as null). */
  toRecords(): Record<string, CellValue>[] {
    const out: Record<string, CellValue>[] = [];
    for (let r = 0; r < this.nRows; r++) {
      const rec: Record<string, CellValue> = {};
      this.names.forEach((n, c) => (rec[n] = this.cell(r, c)));
      out.push(rec);
    }
    return out;
  }

  /**
   * Tab-separated text with a header line; NA written as "NA", numbers at full precision.
   *
   * @example
   * Table.fromColumns({ g: ["A"], x: [NaN] }).toTSV(); // "g\tx\nA\tNA\n"
   */
  toTSV(): string {
    const lines = [this.names.join("\t")];
    for (let r = 0; r < this.nRows; r++) {
      lines.push(this.names.map((_, c) => formatTsvCell(this.cell(r, c))).join("\t"));
    }
    return lines.join("\n") + "\n";
  }
}

function formatTsvCell(v: CellValue): string {
  if (v === null) return "NA";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : v > 0 ? "Inf" : "-Inf";
  const s = String(v);
  // Quote (RFC 4180 style, as csv-parse and R's read.delim read it) text holding a tab, newline or quote.
  return /[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The kind of a column's values. */
export function columnKind(c: ColumnValues): ColumnKind {
  if (c instanceof Float64Array) return "number";
  if (c.length && typeof c[0] === "boolean") return "boolean";
  return "string";
}

/** True for a text column's NA. */
function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}

function toColumn(values: ArrayLike<CellValue | undefined>, name: string): ColumnValues {
  if (values instanceof Float64Array) return values;
  const arr = Array.from(values);
  const present = arr.filter((v) => !isMissing(v));
  if (present.length === 0 || present.every((v) => typeof v === "number")) {
    return Float64Array.from(arr, (v) => (typeof v === "number" ? v : NaN));
  }
  if (present.every((v) => typeof v === "boolean") && present.length === arr.length) return arr as boolean[];
  if (present.every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")) {
    return arr.map((v) => (isMissing(v) ? null : String(v)));
  }
  throw new InputError(`column "${name}" holds values that are not numbers, text or booleans`, "Table");
}
