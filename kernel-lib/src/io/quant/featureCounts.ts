/**
 * featureCounts (Subread) output: an optional `# Program:featureCounts ...` comment line, a header
 * `Geneid Chr Start End Strand Length <one column per BAM>`, then one row per gene (multi-exon
 * genes list `;`-separated chromosomes, starts, ends and strands). Sample names are cleaned from
 * the BAM paths. Gene lengths (the `Length` column: non-overlapping exonic bases) are kept for
 * FPKM/TPM. The `.summary` file (Status / Assigned / Unassigned_...) is recognised and refused.
 */
import { InputError } from "../errors";
import { CountMatrix } from "../counts";
import { Table } from "../table";
import { lines, parseNumber, countLineBreaks } from "./lines";
import { sampleNameFromPath } from "./sampleNames";

const ANNOTATION = ["Geneid", "Chr", "Start", "End", "Strand", "Length"];

/** What {@link parseFeatureCounts} returns. */
export interface FeatureCountsResult {
  counts: CountMatrix;
  /** The `Length` column, one per gene. */
  lengths: Float64Array;
  /** gene_id, chr, start, end, strand, length (first chromosome/strand and the gene's span). */
  annotation: Table;
  /** The BAM paths of the header, in sample order. */
  bamPaths: string[];
  /** The command line from the comment line, when present. */
  program?: string;
}

/** True when the first line(s) look like featureCounts' `.summary` file. */
export function isFeatureCountsSummary(head: string[]): boolean {
  return head.length > 0 && /^Status\t/.test(head[0]) && head.slice(1).some((l) => /^(Assigned|Unassigned_)/.test(l));
}

/**
 * @example
 * const fc = parseFeatureCounts(readInputBytes("counts.txt"), "counts.txt");
 * fc.counts.samples; // ["SRR4098426", ...]
 */
export function parseFeatureCounts(bytes: Uint8Array, source: string, options: { sampleNames?: string[] } = {}): FeatureCountsResult {
  let program: string | undefined;
  let header: string[] | null = null;
  let headerLine = 0;
  const genes: string[] = [];
  const geneLines: number[] = [];
  const chr: string[] = [], strand: string[] = [];
  const start: number[] = [], end: number[] = [], len: number[] = [];
  let values: Float64Array = new Float64Array(0);
  let m = 0;
  const maxRows = countLineBreaks(bytes);
  for (const { text, line } of lines(bytes)) {
    if (header === null) {
      if (text.startsWith("#")) {
        program = text.replace(/^#\s*/, "");
        continue;
      }
      if (text.trim() === "") continue;
      const h = text.split("\t");
      if (h[0] === "Status") {
        throw new InputError("this is featureCounts' summary file (Status, Assigned, Unassigned_...); give the counts file itself (the same name without .summary)", `${source} line ${line}`);
      }
      if (ANNOTATION.some((c, k) => h[k] !== c)) {
        throw new InputError(`expected featureCounts' header "${ANNOTATION.join("\\t")}\\t<BAM files>", found "${h.slice(0, 7).join("\\t")}"`, `${source} line ${line}`);
      }
      if (h.length < 7) throw new InputError("the header lists no BAM (sample) columns after Length", `${source} line ${line}`);
      header = h;
      headerLine = line;
      m = h.length - 6;
      values = new Float64Array(maxRows * m); // sized once: no copies while reading
      continue;
    }
    if (text === "") continue;
    const f = text.split("\t");
    if (f.length !== header.length) {
      throw new InputError(`${f.length} fields, expected ${header.length} (as the header)`, `${source} line ${line}`);
    }
    const g = genes.length;
    genes.push(f[0]);
    geneLines.push(line);
    chr.push(f[1].split(";")[0]);
    strand.push(f[4].split(";")[0]);
    const starts = f[2].split(";").map(Number);
    const ends = f[3].split(";").map(Number);
    start.push(Math.min(...starts));
    end.push(Math.max(...ends));
    const L = parseNumber(f[5]);
    if (!(L >= 0)) throw new InputError(`Length "${f[5]}" is not a non-negative number`, `${source} line ${line}, gene ${f[0]}`);
    len.push(L);
    for (let s = 0; s < m; s++) {
      const x = parseNumber(f[6 + s]);
      values[g * m + s] = Number.isNaN(x) ? NaN : x;
      if (Number.isNaN(x)) throw new InputError(`"${f[6 + s]}" is not a count`, `${source} line ${line}, gene ${f[0]}, column ${7 + s}`);
    }
  }
  if (header === null) throw new InputError("no featureCounts header (Geneid Chr Start End Strand Length ...) found", source);
  const bamPaths = header.slice(6);
  const samples = options.sampleNames ?? bamPaths.map(sampleNameFromPath);
  if (samples.length !== m) throw new InputError(`${samples.length} sample names for ${m} count columns`, `${source} line ${headerLine}`);
  const counts = new CountMatrix({ genes, samples, values: values.subarray(0, genes.length * m), source, lines: geneLines, firstSampleColumn: 7 });
  const annotation = Table.fromColumns({ gene_id: genes, chr, start: Float64Array.from(start), end: Float64Array.from(end), strand, length: Float64Array.from(len) }, `featureCounts annotation (${source})`);
  return { counts, lengths: Float64Array.from(len), annotation, bamPaths, program };
}
