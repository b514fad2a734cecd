/**
 * Sample-sheet QC: RNA quality columns of a sample sheet (RIN or RQN, concentration, library
 * size) checked against thresholds the user can change (RIN below 7 is flagged by default), for
 * a table and a plot beside the count-based QC. Columns are found by their usual names,
 * whatever the case: RIN, RQN, RINe, RIN^e; concentration, conc, ng/ul, ng_ul; library_size,
 * lib_size, reads, total_reads. Library sizes may also come from the count matrix.
 */
import { InputError } from "./errors";
import { Table } from "./table";
import { readSamples, type SampleTable } from "./samples";
import type { CountMatrix } from "./counts";
import { parseNumber } from "./quant/lines";

/** Thresholds of {@link sampleQc}; a sample below any of them is flagged. */
export interface SampleQcOptions {
  /** Lowest acceptable RIN/RQN. Default 7. */
  minRin?: number;
  /** Lowest acceptable concentration (the sheet's unit, e.g. ng/µl). Default: not checked. */
  minConcentration?: number;
  /** Lowest acceptable library size (reads). Default: not checked. */
  minLibrarySize?: number;
  /** Library sizes from the counts when the sheet has none. */
  counts?: CountMatrix;
}

/** What {@link sampleQc} returns. */
export interface SampleQcResult {
  /** sample, rin, concentration, library_size (NaN where absent), pass, flags. */
  table: Table;
  /** The sheet's columns used for each quantity (null when absent). */
  columns: { rin: string | null; concentration: string | null; librarySize: string | null };
  thresholds: { minRin: number; minConcentration: number | null; minLibrarySize: number | null };
  /** Names of the flagged samples. */
  flagged: string[];
}

const PATTERNS = {
  rin: /^(rin|rqn|rin_?e|rin\^e|rin[ _]?(score|value)|rna[ _]?integrity([ _]number)?)$/i,
  concentration: /^(conc|concentration|ng[ _/]?u?l|ng[ _]?per[ _]?u?l|rna[ _]?conc(entration)?|qubit)$/i,
  librarySize: /^(library[ _]?size|lib[ _]?size|reads|total[ _]?reads|read[ _]?count|n[ _]?reads)$/i,
};

function findColumn(samples: SampleTable, re: RegExp): string | null {
  return samples.variables.find((v) => re.test(v.trim())) ?? null;
}

/**
 * Flag samples whose RNA quality, concentration or library size is below the thresholds.
 *
 * @example
 * const qc = sampleQc(readSamples("sample_sheet.tsv"), { minRin: 8 });
 * show(qc.table); qc.flagged; // ["nutlin_2"]
 */
export function sampleQc(samples: SampleTable, options: SampleQcOptions = {}): SampleQcResult {
  const minRin = options.minRin ?? 7;
  const columns = {
    rin: findColumn(samples, PATTERNS.rin),
    concentration: findColumn(samples, PATTERNS.concentration),
    librarySize: findColumn(samples, PATTERNS.librarySize),
  };
  if (!columns.rin && !columns.concentration && !columns.librarySize && !options.counts) {
    throw new InputError(`no RNA QC column found (RIN/RQN, concentration or library size); columns are ${samples.variables.join(", ") || "(none)"}`, samples.source);
  }
  const n = samples.samples.length;
  const num = (col: string | null, what: string): Float64Array =>
    Float64Array.from({ length: n }, (_, i) => {
      if (!col) return NaN;
      const t = samples.get(col)[i].trim();
      if (t === "" || /^(na|n\/a|nan)$/i.test(t)) return NaN;
      const x = parseNumber(t);
      if (Number.isNaN(x)) throw new InputError(`${what} "${t}" is not a number`, `${samples.source}, sample ${samples.samples[i]}, column ${col}`);
      return x;
    });
  const rin = num(columns.rin, "RIN");
  const conc = num(columns.concentration, "concentration");
  let lib = num(columns.librarySize, "library size");
  if (!columns.librarySize && options.counts) {
    const sizes = options.counts.librarySizes();
    lib = Float64Array.from(samples.samples, (s) => {
      const j = options.counts!.samples.indexOf(s);
      return j < 0 ? NaN : sizes[j];
    });
  }
  const flags: string[] = [];
  const pass: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const f: string[] = [];
    if (columns.rin) {
      if (Number.isNaN(rin[i])) f.push("RIN missing");
      else if (rin[i] < minRin) f.push(`RIN ${rin[i]} < ${minRin}`);
    }
    if (options.minConcentration !== undefined && columns.concentration) {
      if (Number.isNaN(conc[i])) f.push("concentration missing");
      else if (conc[i] < options.minConcentration) f.push(`concentration ${conc[i]} < ${options.minConcentration}`);
    }
    if (options.minLibrarySize !== undefined) {
      if (Number.isNaN(lib[i])) f.push("library size missing");
      else if (lib[i] < options.minLibrarySize) f.push(`library size ${lib[i].toLocaleString("en")} < ${options.minLibrarySize.toLocaleString("en")}`);
    }
    flags.push(f.join("; "));
    pass.push(f.length === 0);
  }
  const table = Table.fromColumns({ sample: samples.samples, rin, concentration: conc, library_size: lib, pass, flags }, `Sample QC (RIN >= ${minRin})`);
  return {
    table,
    columns,
    thresholds: { minRin, minConcentration: options.minConcentration ?? null, minLibrarySize: options.minLibrarySize ?? null },
    flagged: samples.samples.filter((_, i) => !pass[i]),
  };
}

/**
 * Read a sample sheet and run {@link sampleQc} on it.
 *
 * @example
 * readSampleQc("sample_sheet.csv", { minRin: 7 }).flagged;
 */
export function readSampleQc(path: string, options: SampleQcOptions = {}): SampleQcResult {
  return sampleQc(readSamples(path), options);
}
