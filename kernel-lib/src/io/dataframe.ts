/**
 * Interoperation with danfojs-node DataFrames. danfojs-node is an optional peer
 * dependency: it is loaded only when a conversion to a DataFrame is asked for;
 * DataFrames passed in are recognised by their shape, without loading the package.
 */
import { InputError, MissingResourceError } from "./errors";
import { Table, CellValue } from "./table";
import { CountMatrix } from "./counts";
import { SampleTable } from "./samples";

/**
 * The part of a danfojs DataFrame that p53lab reads; every other danfojs method
 * (head, query, groupby, ...) is there too, untyped here so that p53lab's types do
 * not require danfojs-node to be installed.
 */
export interface DataFrameLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [member: string]: any;
  columns: string[];
  index: (string | number)[];
  values: unknown[][];
  shape: number[];
}

/**
 * True when `x` looks like a danfojs DataFrame.
 *
 * @example
 * isDataFrame(new dfd.DataFrame({ a: [1] })); // true
 * isDataFrame({ a: [1] }); // false
 */
export function isDataFrame(x: unknown): x is DataFrameLike {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  if (!(Array.isArray(o.columns) && Array.isArray(o.index) && Array.isArray(o.shape) && "values" in o && "$data" in o)) return false;
  return !isSeriesValues(o.values);
}

function isSeriesValues(values: unknown): boolean {
  return Array.isArray(values) && values.length > 0 && !Array.isArray(values[0]);
}

/**
 * True when `x` looks like a danfojs Series (one column of values with an index).
 *
 * @example
 * isSeries(new dfd.Series([1, 2])); // true
 * isSeries(new dfd.DataFrame({ a: [1] })); // false
 */
export function isSeries(x: unknown): x is DataFrameLike {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  return Array.isArray(o.index) && Array.isArray(o.shape) && "$data" in o && isSeriesValues(o.values);
}

/**
 * A two-column Table (`index`, then the values) from a danfojs Series.
 *
 * @example
 * fromSeries(new dfd.Series([1.5, 2.5], { index: ["MDM2", "BBC3"] })).names; // ["index", "values"]
 */
export function fromSeries(series: DataFrameLike): Table {
  const values = (series.values as unknown[]).map((v) => (v === undefined ? null : (v as CellValue)));
  const name = Array.isArray(series.columns) && series.columns.length === 1 && series.columns[0] !== "0" ? String(series.columns[0]) : "values";
  return Table.fromColumns({ index: series.index.map(String), [name === "index" ? "values" : name]: values });
}

/**
 * A Table from a DataFrame (columns keep their names; numeric columns stay numeric).
 *
 * @example
 * fromDataFrame(new dfd.DataFrame({ gene: ["MDM2"], lfc: [2.1] })).names; // ["gene", "lfc"]
 */
export function fromDataFrame(df: DataFrameLike): Table {
  const rows = df.values as unknown[][];
  const cols: Record<string, CellValue[]> = {};
  df.columns.forEach((name, j) => {
    cols[String(name)] = rows.map((r) => {
      const v = r[j];
      return v === undefined || v === null ? null : (v as CellValue);
    });
  });
  return Table.fromColumns(cols);
}

function loadDanfo(): { DataFrame: new (data: unknown, options?: unknown) => DataFrameLike } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("danfojs-node");
  } catch {
    throw new MissingResourceError(
      "danfojs-node is not installed; install it with `npm install danfojs-node@1.2.0` and the overrides in p53lab's README",
    );
  }
}

/**
 * A danfojs-node DataFrame from a Table (NA as null). Loads danfojs-node.
 *
 * @example
 * const df = toDataFrame(Table.fromColumns({ gene: ["MDM2"], lfc: [2.1] }));
 * df.shape; // [1, 2]
 */
export function toDataFrame(table: Table): DataFrameLike {
  const { DataFrame } = loadDanfo();
  const data: Record<string, CellValue[]> = {};
  table.names.forEach((n, c) => {
    data[n] = Array.from({ length: table.nRows }, (_, r) => table.cell(r, c));
  });
  return new DataFrame(data);
}

/**
 * A CountMatrix from a DataFrame whose first column (or `geneColumn`) holds gene IDs and
 * whose other columns are samples.
 *
 * @example
 * countsFromDataFrame(new dfd.DataFrame({ gene_id: ["MDM2"], s1: [5], s2: [9] })).nSamples; // 2
 */
export function countsFromDataFrame(df: DataFrameLike, geneColumn?: string): CountMatrix {
  const cols = df.columns.map(String);
  const gi = geneColumn === undefined ? 0 : cols.indexOf(geneColumn);
  if (gi < 0) throw new InputError(`no column "${geneColumn}"; columns are ${cols.join(", ")}`, "DataFrame");
  const rows = df.values as unknown[][];
  const samples = cols.filter((_, j) => j !== gi);
  const values = new Float64Array(rows.length * samples.length);
  rows.forEach((r, g) => {
    let s = 0;
    r.forEach((v, j) => {
      if (j === gi) return;
      values[g * samples.length + s++] = typeof v === "number" ? v : v === null || v === undefined ? NaN : Number(v);
    });
  });
  return new CountMatrix({ genes: rows.map((r) => String(r[gi])), samples, values, source: "DataFrame" });
}

/**
 * A SampleTable from a DataFrame whose first column (or `sampleColumn`) holds sample names;
 * the other columns become annotations (as text).
 *
 * @example
 * samplesFromDataFrame(new dfd.DataFrame({ sample: ["a", "b"], condition: ["dmso", "nutlin"] })).levels("condition");
 */
export function samplesFromDataFrame(df: DataFrameLike, sampleColumn?: string): SampleTable {
  const cols = df.columns.map(String);
  const si = sampleColumn === undefined ? 0 : cols.indexOf(sampleColumn);
  if (si < 0) throw new InputError(`no column "${sampleColumn}"; columns are ${cols.join(", ")}`, "DataFrame");
  const rows = df.values as unknown[][];
  const columns: Record<string, string[]> = {};
  cols.forEach((name, j) => {
    if (j !== si) columns[name] = rows.map((r) => (r[j] === null || r[j] === undefined ? "" : String(r[j])));
  });
  return new SampleTable(rows.map((r) => String(r[si])), columns, "DataFrame");
}
