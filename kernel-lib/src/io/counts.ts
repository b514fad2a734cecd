/**
 * `CountMatrix`: a validated genes x samples matrix of raw read counts, the input of
 * every differential-expression method. Values are stored gene-major in one
 * Float64Array (`values[g * nSamples + s]`), exact for integers up to 2^53.
 */
import { InputError } from "./errors";
import { parseDelimited, readText, sniffDelimiter, DelimitedOptions } from "./delimited";
import { Table } from "./table";

/** Plain description of a count matrix, before validation. */
export interface CountMatrixInit {
  genes: string[];
  samples: string[];
  /** Gene-major values (length genes x samples) or one array per gene. */
  values: ArrayLike<number> | ArrayLike<number>[];
  /** Label for error messages (a path or "counts"). */
  source?: string;
  /** File line of each gene, for error messages. */
  lines?: number[];
  /** File column (1-based) of the first sample, for error messages about sample columns. */
  firstSampleColumn?: number;
}

/** Marks a CountMatrix made from rows of one already validated (see selectGenes). */
const TRUSTED: unique symbol = Symbol("validated rows");

/**
 * A validated matrix of non-negative integer counts with unique gene and sample names.
 *
 * @example
 * const m = new CountMatrix({ genes: ["CDKN1A", "MDM2"], samples: ["dmso_1", "nutlin_1"], values: [[10, 80], [5, 40]] });
 * m.get(0, 1); // 80
 * m.librarySizes(); // Float64Array [15, 120]
 */
export class CountMatrix {
  readonly genes: string[];
  readonly samples: string[];
  readonly values: Float64Array;
  readonly nGenes: number;
  readonly nSamples: number;
  /** Where the counts came from (a path, "simulated", ...). */
  readonly source: string;

  constructor(init: CountMatrixInit, trusted?: typeof TRUSTED) {
    const source = init.source ?? "counts";
    // (a subset of a matrix already checked: its names are unique strings, its counts valid)
    const checked = trusted === TRUSTED;
    const genes = checked ? (init.genes as string[]) : init.genes.map(String);
    const samples = init.samples.map(String);
    if (samples.length === 0) throw new InputError("no sample columns", source);
    if (genes.length === 0) throw new InputError("no genes (no data rows)", source);
    checkUnique(samples, "sample name", source, undefined, init.firstSampleColumn);
    if (!checked) checkUnique(genes, "gene ID", source, init.lines);
    const n = genes.length * samples.length;
    let values: Float64Array;
    const v = init.values;
    if (v.length > 0 && typeof (v as ArrayLike<unknown>)[0] === "object") {
      const rows = v as ArrayLike<number>[];
      if (rows.length !== genes.length) throw new InputError(`${rows.length} rows of values for ${genes.length} genes`, source);
      values = new Float64Array(n);
      for (let g = 0; g < rows.length; g++) {
        if (rows[g].length !== samples.length) {
          throw new InputError(`gene ${genes[g]} has ${rows[g].length} values for ${samples.length} samples`, source);
        }
        for (let s = 0; s < samples.length; s++) values[g * samples.length + s] = rows[g][s];
      }
    } else {
      if (v.length !== n) throw new InputError(`${v.length} values for ${genes.length} genes x ${samples.length} samples`, source);
      values = v instanceof Float64Array ? v : Float64Array.from(v as ArrayLike<number>);
    }
    for (let i = 0; i < n && !checked; i++) {
      const x = values[i];
      if (Number.isInteger(x) && x >= 0) continue;
      const g = Math.floor(i / samples.length);
      const s = i % samples.length;
      const where = `${source}${init.lines ? ` line ${init.lines[g]}` : ""}, gene ${genes[g]}, sample ${samples[s]}`;
      if (Number.isNaN(x)) throw new InputError("count is missing or not a number (NaN); counts must be non-negative integers", where);
      if (!Number.isFinite(x)) throw new InputError(`count is infinite (${x})`, where);
      if (x < 0) throw new InputError(`count is negative (${x}); counts must be non-negative integers`, where);
      throw new InputError(
        `count is fractional (${x}); differential expression needs raw integer read counts, not normalised values or estimated abundances`,
        where,
      );
    }
    this.genes = genes;
    this.samples = samples;
    this.values = values;
    this.nGenes = genes.length;
    this.nSamples = samples.length;
    this.source = source;
  }

  /** Count of gene `g` in sample `s` (indices). */
  get(g: number, s: number): number {
    return this.values[g * this.nSamples + s];
  }

  /** Counts of one sample (by index or name), one per gene. */
  sampleCounts(sample: number | string): Float64Array {
    const s = typeof sample === "number" ? sample : this.sampleIndex(sample);
    const out = new Float64Array(this.nGenes);
    for (let g = 0; g < this.nGenes; g++) out[g] = this.values[g * this.nSamples + s];
    return out;
  }

  /** Counts of one gene (by index or ID), one per sample. */
  geneCounts(gene: number | string): Float64Array {
    const g = typeof gene === "number" ? gene : this.geneIndex(gene);
    return this.values.slice(g * this.nSamples, (g + 1) * this.nSamples);
  }

  /** Index of a sample; an error lists the sample names. */
  sampleIndex(name: string): number {
    const i = this.samples.indexOf(name);
    if (i < 0) throw new InputError(`no sample "${name}"; samples are ${this.samples.join(", ")}`, this.source);
    return i;
  }

  /** Index of a gene; an error says the gene is absent. */
  geneIndex(id: string): number {
    const i = this.genes.indexOf(id);
    if (i < 0) throw new InputError(`no gene "${id}"`, this.source);
    return i;
  }

  /** Total counts per sample (library sizes). */
  librarySizes(): Float64Array {
    const out = new Float64Array(this.nSamples);
    for (let g = 0; g < this.nGenes; g++) {
      const o = g * this.nSamples;
      for (let s = 0; s < this.nSamples; s++) out[s] += this.values[o + s];
    }
    return out;
  }

  /**
   * The counts of a subset of genes (0-based indices, in the order given).
   *
   * @example
   * m.selectGenes([1]).genes; // ["MDM2"]
   */
  selectGenes(indices: ArrayLike<number>): CountMatrix {
    const m = this.nSamples;
    const values = new Float64Array(indices.length * m);
    const genes: string[] = new Array(indices.length);
    const seen = new Uint8Array(this.nGenes);
    let unique = true;
    for (let k = 0; k < indices.length; k++) {
      const g = indices[k];
      if (!(g >= 0 && g < this.nGenes && g === Math.floor(g))) throw new RangeError(`gene index ${g} is outside 0..${this.nGenes - 1}`);
      if (seen[g]) unique = false;
      seen[g] = 1;
      genes[k] = this.genes[g];
      for (let j = 0, o = g * m, t = k * m; j < m; j++) values[t + j] = this.values[o + j];
    }
    // distinct rows of this (checked) matrix need no second check; a repeated gene gets the error
    return new CountMatrix({ genes, samples: this.samples, values, source: this.source }, unique ? TRUSTED : undefined);
  }

  /** The same counts with samples in a new order (names must all exist). */
  selectSamples(names: string[]): CountMatrix {
    const idx = names.map((n) => this.sampleIndex(n));
    const values = new Float64Array(this.nGenes * idx.length);
    for (let g = 0; g < this.nGenes; g++) {
      for (let j = 0; j < idx.length; j++) values[g * idx.length + j] = this.values[g * this.nSamples + idx[j]];
    }
    return new CountMatrix({ genes: this.genes, samples: names, values, source: this.source });
  }

  /** As a Table: `gene_id` then one numeric column per sample. */
  toTable(): Table {
    return Table.fromGeneMatrix(this.genes, this.samples, this.values);
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The value of a cell made of 1 to 15 decimal digits only (the usual count), else -1. */
function plainDigits(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}
const INFINITE = /^[+-]?(inf|infinity)$/i;

function checkUnique(names: string[], what: string, source: string, lines?: number[], firstColumn?: number): void {
  const first = new Map<string, number>();
  const place = (i: number) => (firstColumn ? `column ${firstColumn + i}` : `position ${i + 1}`);
  names.forEach((n, i) => {
    if (n.trim() === "") {
      throw new InputError(`empty ${what}`, lines ? `${source} line ${lines[i]}` : `${source}${firstColumn ? " line 1" : ""}, ${place(i)}`);
    }
    const j = first.get(n);
    if (j !== undefined) {
      const where = lines
        ? `${source} lines ${lines[j]} and ${lines[i]}`
        : firstColumn
          ? `${source} line 1, columns ${firstColumn + j} and ${firstColumn + i}`
          : `${source}, positions ${j + 1} and ${i + 1}`;
      throw new InputError(`duplicate ${what} "${n}"`, where);
    }
    first.set(n, i);
  });
}

/**
 * The common case read without splitting into strings: tab-separated, no quotes, a header
 * line, then rows of a gene ID and plain digits only, as many fields as the header. Returns
 * null at the first thing it does not handle (decimals, NA, blanks inside a row, a ragged
 * row, quotes, a byte-order mark...), and the general parser then reads the file and names
 * any problem.
 *
 * @example
 * plainCountsTsv("gene\tA\tB\nTP53\t3\t5\n")!.values; // Float64Array [3, 5]
 */
export function plainCountsTsv(text: string): { genes: string[]; samples: string[]; values: Float64Array; lines: number[] } | null {
  if (text.charCodeAt(0) === 0xfeff || text.includes('"')) return null;
  const n = text.length;
  let pos = 0;
  let lineNo = 0;
  // Header: the first non-blank line.
  let header: string[] | null = null;
  while (pos < n && header === null) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = n;
    lineNo++;
    const line = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    pos = end + 1;
    if (line.trim() !== "") header = line.split("\t").map((h) => h.trim());
  }
  if (!header || header.length < 2) return null;
  const m = header.length - 1;
  const genes: string[] = [];
  const lines: number[] = [];
  let values = new Float64Array(Math.max(16, Math.ceil(n / (4 * (m + 1)))) * m);
  while (pos < n) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = n;
    lineNo++;
    const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop === pos) {
      pos = end + 1;
      continue;
    }
    const tab = text.indexOf("\t", pos);
    if (tab < 0 || tab >= stop) return null;
    const g = genes.length;
    if ((g + 1) * m > values.length) {
      const grown = new Float64Array(values.length * 2);
      grown.set(values);
      values = grown;
    }
    let i = tab + 1;
    for (let s = 0; s < m; s++) {
      let v = 0;
      let digits = 0;
      while (i < stop) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
        digits++;
        i++;
      }
      if (digits === 0 || digits > 15) return null;
      values[g * m + s] = v;
      if (s < m - 1) {
        if (text.charCodeAt(i) !== 9) return null;
        i++;
      }
    }
    if (i !== stop) return null;
    genes.push(text.slice(pos, tab).trim());
    lines.push(lineNo);
    pos = end + 1;
  }
  return { genes, samples: header.slice(1), values: values.slice(0, genes.length * m), lines };
}

/**
 * Read a genes x samples count file (TSV/CSV, optionally gzipped): the first column
 * holds gene IDs, every other column one sample.
 *
 * @example
 * const counts = readCounts("../shared/data/rnaseq/andrysik2017_hct116/counts.tsv");
 * counts.nGenes; // 28265
 */
export function readCounts(path: string, options: DelimitedOptions = {}): CountMatrix {
  const text = readText(path);
  const source = options.source ?? path;
  if ((options.delimiter ?? sniffDelimiter(text, source)) === "\t") {
    const plain = plainCountsTsv(text);
    if (plain) return new CountMatrix({ ...plain, source, firstSampleColumn: 2 });
  }
  const t = parseDelimited(text, { ...options, source });
  if (t.header.length < 2) throw new InputError("expected a gene ID column and at least one sample column", `${t.source} line 1`);
  const samples = t.header.slice(1);
  const genes: string[] = [];
  const values = new Float64Array(t.rows.length * samples.length);
  t.rows.forEach((row, g) => {
    genes.push(row[0].trim());
    for (let s = 0; s < samples.length; s++) {
      // Fast path for plain digits (exact below 2^53); anything else is parsed and checked below.
      const digits = plainDigits(row[s + 1]);
      if (digits >= 0) {
        values[g * samples.length + s] = digits;
        continue;
      }
      const text = row[s + 1].trim();
      const missing = /^(|NA|NaN|nan|null)$/.test(text);
      // Decimal notation only: Number() would also accept "0x1A", "0b11" or "Infinity" text.
      const x = missing ? NaN : DECIMAL.test(text) ? Number(text) : INFINITE.test(text) ? (text.startsWith("-") ? -Infinity : Infinity) : NaN;
      if (Number.isNaN(x) && !missing) {
        throw new InputError(`"${text}" is not a number`, `${t.source} line ${t.lines[g]}, gene ${row[0]}, sample ${samples[s]}`);
      }
      values[g * samples.length + s] = x;
    }
  });
  return new CountMatrix({ genes, samples, values, source: t.source, lines: t.lines, firstSampleColumn: 2 });
}
