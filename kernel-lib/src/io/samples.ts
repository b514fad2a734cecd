/**
 * `SampleTable`: one row per sample with named annotation columns (condition,
 * cell line, dose, ...), read from a file or built in code, and matched to the
 * columns of a count matrix.
 */
import { InputError } from "./errors";
import { readDelimited, DelimitedOptions } from "./delimited";
import type { CountMatrix } from "./counts";
import { Table } from "./table";

/**
 * Sample annotations: `samples[i]` is described by `columns[name][i]` (text as read).
 *
 * @example
 * const st = new SampleTable(["s1", "s2"], { condition: ["dmso", "nutlin"] });
 * st.get("condition"); // ["dmso", "nutlin"]
 */
export class SampleTable {
  readonly samples: string[];
  readonly columns: Record<string, string[]>;
  readonly source: string;

  /**
   * @param lines file line of each sample, so that errors name lines rather than rows.
   */
  constructor(samples: string[], columns: Record<string, string[]>, source = "samples", lines?: number[]) {
    const seen = new Map<string, number>();
    const at = (i: number) => (lines ? `line ${lines[i]}` : `row ${i + 1}`);
    samples.forEach((s, i) => {
      if (s.trim() === "") throw new InputError(`empty sample name at ${at(i)}`, source);
      const j = seen.get(s);
      if (j !== undefined) {
        throw new InputError(`duplicate sample name "${s}" (${lines ? `lines ${lines[j]} and ${lines[i]}` : `rows ${j + 1} and ${i + 1}`})`, source);
      }
      seen.set(s, i);
    });
    for (const [name, values] of Object.entries(columns)) {
      if (values.length !== samples.length) {
        throw new InputError(`column "${name}" has ${values.length} values for ${samples.length} samples`, source);
      }
    }
    this.samples = samples;
    this.columns = columns;
    this.source = source;
  }

  /** Names of the annotation columns. */
  get variables(): string[] {
    return Object.keys(this.columns);
  }

  /** Values of a column; an error lists the columns there are. */
  get(name: string): string[] {
    const c = Object.prototype.hasOwnProperty.call(this.columns, name) ? this.columns[name] : undefined;
    if (!c) throw new InputError(`no column "${name}"; columns are ${this.variables.join(", ") || "(none)"}`, this.source);
    return c;
  }

  /** Distinct values of a column, in order of first appearance. */
  levels(name: string): string[] {
    return [...new Set(this.get(name))];
  }

  /**
   * The table reordered to match the count matrix's sample columns. Every count column must
   * have a row here and every row a count column; an error lists what does not match.
   */
  /**
   * The rows of the named samples, in that order (every name must exist).
   *
   * @example
   * samples.select(["dmso_1", "nutlin_1"]).samples; // ["dmso_1", "nutlin_1"]
   */
  select(names: string[]): SampleTable {
    const idx = names.map((n) => {
      const i = this.samples.indexOf(n);
      if (i < 0) throw new InputError(`no sample "${n}" in the sample table`, this.source);
      return i;
    });
    const columns: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(this.columns)) columns[k] = idx.map((i) => v[i]);
    return new SampleTable(names, columns, this.source);
  }

  alignTo(counts: CountMatrix): SampleTable {
    const missing = counts.samples.filter((s) => !this.samples.includes(s));
    const extra = this.samples.filter((s) => !counts.samples.includes(s));
    if (missing.length || extra.length) {
      const parts: string[] = [];
      if (missing.length) parts.push(`count columns without a sample-table row: ${missing.join(", ")}`);
      if (extra.length) parts.push(`sample-table rows without a count column: ${extra.join(", ")}`);
      throw new InputError(`sample names do not match the count matrix (${parts.join("; ")})`, `${this.source} vs ${counts.source}`);
    }
    const idx = counts.samples.map((s) => this.samples.indexOf(s));
    const cols: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(this.columns)) cols[k] = idx.map((i) => v[i]);
    return new SampleTable(counts.samples.slice(), cols, this.source);
  }

  /** As a Table with the sample names first (column `sample`, or `sample_id` when an annotation is called `sample`). */
  toTable(): Table {
    const names = Object.keys(this.columns);
    let id = "sample";
    for (let k = 0; names.includes(id); k++) id = k === 0 ? "sample_id" : `sample_id_${k}`;
    return new Table([id, ...names], [this.samples.slice(), ...names.map((n) => this.columns[n].slice())]);
  }
}

/**
 * Read a sample table: the first column holds sample names, the rest are annotations.
 *
 * @example
 * const st = readSamples("../shared/data/rnaseq/andrysik2017_hct116/samples.tsv");
 * st.levels("condition"); // ["dmso", "nutlin"]
 */
export function readSamples(path: string, options: DelimitedOptions = {}): SampleTable {
  const t = readDelimited(path, options);
  const samples = t.rows.map((r) => r[0].trim());
  const columns: Record<string, string[]> = {};
  t.header.slice(1).forEach((name, j) => {
    if (name === "") throw new InputError(`column ${j + 2} has no name`, `${t.source} line 1`);
    if (Object.prototype.hasOwnProperty.call(columns, name)) throw new InputError(`duplicate column "${name}"`, `${t.source} line 1`);
    columns[name] = t.rows.map((r) => r[j + 1].trim());
  });
  return new SampleTable(samples, columns, t.source, t.lines);
}
