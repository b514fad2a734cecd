/**
 * `readQuantification(input, options)`: counts (and, where the tool gives them, abundances and
 * lengths) from the files quantification tools write, with the format detected from the content:
 * a tidy genes x samples matrix, featureCounts output, HTSeq-count files, STAR ReadsPerGene
 * files, salmon quant.sf / kallisto abundance.tsv (summarised to genes with tximport's rules) and
 * nf-core/rnaseq merged tables. `input` is a file, a folder (per-sample files or per-sample
 * folders) or a list of files; gzipped files are read transparently.
 */
import { readdirSync, statSync, existsSync } from "fs";
import { join, basename } from "path";
import { InputError } from "../errors";
import { CountMatrix, plainCountsTsv } from "../counts";
import { Table } from "../table";
import { readInputBytes } from "../delimited";
import { lines, headLines, parseNumber, countLineBreaks } from "./lines";
import { sampleNameFromPath } from "./sampleNames";
import { parseFeatureCounts, isFeatureCountsSummary } from "./featureCounts";
import { parseHtseqCounts, looksLikeHtseq } from "./htseq";
import { parseStarCounts, looksLikeStar, type Strandedness } from "./star";
import { parseTranscriptQuant, transcriptFormatOf } from "./transcripts";
import { tximport, type CountsFromAbundance } from "./tximport";
import type { GeneLengths } from "../units";

/** The input formats p53lab detects. */
export type QuantFormat = "matrix" | "featurecounts" | "htseq" | "star" | "salmon" | "kallisto" | "nfcore";

/** Options of {@link readQuantification}. */
export interface ReadQuantificationOptions {
  /** Force a format instead of detecting it. */
  format?: QuantFormat | "auto";
  /** salmon/kallisto: transcript -> gene (a two-column file or a Map). */
  tx2gene?: string | Map<string, string>;
  /** salmon/kallisto: tximport's countsFromAbundance. Default "no". */
  countsFromAbundance?: CountsFromAbundance;
  /** salmon/kallisto: strip transcript versions / text after "|". */
  ignoreTxVersion?: boolean;
  ignoreAfterBar?: boolean;
  /** STAR: which column; default "auto" (inferred). */
  strandedness?: Strandedness | "auto";
  /** Sample names instead of those cleaned from the paths. */
  sampleNames?: string[];
}

/** What {@link readQuantification} returns. */
export interface Quantification {
  format: QuantFormat;
  /** Integer counts for differential expression (estimated counts rounded, as DESeqDataSetFromTximport does). */
  counts: CountMatrix;
  /** Unrounded estimated counts (salmon, kallisto, nf-core), gene-major. */
  estimatedCounts?: Float64Array;
  /** TPM (salmon, kallisto; nf-core when its TPM table sits beside the counts), gene-major. */
  abundance?: Float64Array;
  /** Gene lengths: featureCounts' Length (per gene) or tximport's average transcript lengths (per sample). */
  lengths?: GeneLengths;
  /** Rows that are not genes (HTSeq `__no_feature`..., STAR `N_...`), per sample. */
  summary?: Table;
  /** What was inferred, rounded or dropped, in words. */
  notes: string[];
  /** The files read. */
  files: string[];
}

/** Read a transcript-to-gene table: the first two columns (transcript, gene), a header line skipped when it names them. */
export function readTx2Gene(path: string): Map<string, string> {
  const bytes = readInputBytes(path);
  const out = new Map<string, string>();
  for (const { text, line } of lines(bytes)) {
    if (text.trim() === "" || text.startsWith("#")) continue;
    const f = text.split(text.includes("\t") ? "\t" : ",").map((x) => x.trim().replace(/^"|"$/g, ""));
    if (f.length < 2) throw new InputError("expected two columns: transcript and gene", `${path} line ${line}`);
    if (line === 1 && /^(tx|txname|tx_id|tx_name|transcript|transcript_id|target_id|name|enst)$/i.test(f[0])) continue;
    const prev = out.get(f[0]);
    if (prev !== undefined && prev !== f[1]) throw new InputError(`transcript "${f[0]}" is mapped to two genes (${prev} and ${f[1]})`, `${path} line ${line}`);
    out.set(f[0], f[1]);
  }
  if (out.size === 0) throw new InputError("no transcript-gene pairs", path);
  return out;
}

/** Files of a folder (not hidden), or the per-sample quant files of its sub-folders. */
function expandInput(input: string | string[]): string[] {
  const list = Array.isArray(input) ? input : [input];
  const files: string[] = [];
  for (const p of list) {
    if (!existsSync(p)) throw new InputError("file or folder not found", p);
    if (statSync(p).isDirectory()) {
      const entries = readdirSync(p).filter((e) => !e.startsWith(".")).sort();
      const sub = entries.map((e) => join(p, e));
      const quantIn = (d: string) => ["quant.sf", "quant.sf.gz", "abundance.tsv", "abundance.tsv.gz"].map((f) => join(d, f)).find((f) => existsSync(f));
      const perSampleDirs = sub.filter((d) => statSync(d).isDirectory() && quantIn(d));
      if (perSampleDirs.length) files.push(...perSampleDirs.map((d) => quantIn(d) as string));
      else files.push(...sub.filter((f) => statSync(f).isFile() && !/\.summary$/.test(f) && !/\.(md|log|json|html)$/i.test(f)));
      if (files.length === 0) throw new InputError("the folder holds no quantification files", p);
    } else files.push(p);
  }
  return files;
}

/**
 * The format of a file, from its first lines (and, for HTSeq, its last bytes).
 *
 * @example
 * detectQuantFormat(readInputBytes("counts.txt")); // "featurecounts"
 */
export function detectQuantFormat(bytes: Uint8Array): QuantFormat | "featurecounts-summary" {
  const head = headLines(bytes, 6);
  const first = head.find((l) => !l.startsWith("#")) ?? "";
  if (isFeatureCountsSummary(head.filter((l) => !l.startsWith("#")))) return "featurecounts-summary";
  if (/^Geneid\tChr\tStart\tEnd\tStrand\tLength/.test(first) || /^#\s*Program:featureCounts/.test(head[0] ?? "")) return "featurecounts";
  if (looksLikeStar(head)) return "star";
  const tf = transcriptFormatOf(first);
  if (tf) return tf;
  if (/^gene_id\t(gene_name|transcript_id\(s\)|transcript_id)\t/.test(first) || /^(tx|transcript_id)\tgene_id\t/.test(first)) return "nfcore";
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 400))).toString("utf8");
  if (looksLikeHtseq(head, tail)) return "htseq";
  return "matrix";
}

/** A clear error when numbers look like abundances (each sample sums to ~1e6) rather than counts. */
function refuseAbundance(values: Float64Array, n: number, m: number, samples: string[], source: string): void {
  let fractional = false;
  for (let i = 0; i < n * m && !fractional; i++) if (!Number.isInteger(values[i])) fractional = true;
  if (!fractional) return;
  const sums = Array.from({ length: m }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[i * m + j];
    return s;
  });
  if (sums.every((s) => Math.abs(s - 1e6) < 1e4)) {
    throw new InputError(
      `these look like TPM or CPM values (fractional, and every sample sums to 1,000,000: ${samples.slice(0, 3).map((x, j) => `${x} ${sums[j].toFixed(0)}`).join(", ")}); differential expression needs raw counts (e.g. featureCounts output, or salmon/kallisto files with a tx2gene table, or nf-core's *.gene_counts.tsv)`,
      source,
    );
  }
}

function readMatrix(bytes: Uint8Array, source: string, sampleNames?: string[]): Quantification {
  // Tab-separated whole counts (the usual case) are read without splitting into strings.
  if (!/\.csv(\.gz)?$/i.test(source)) {
    const plain = plainCountsTsv(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
    if (plain) {
      const samples = sampleNames ?? plain.samples;
      // (no abundance check: the plain reader takes digits only, so every value is whole)
      const counts = new CountMatrix({ genes: plain.genes, samples, values: plain.values, source, lines: plain.lines, firstSampleColumn: 2 });
      return { format: "matrix", counts, notes: [], files: [source] };
    }
  }
  let header: string[] | null = null;
  const genes: string[] = [];
  const geneLines: number[] = [];
  let values = new Float64Array(0);
  let m = 0;
  let delim = "\t";
  const maxRows = countLineBreaks(bytes);
  for (const { text, line } of lines(bytes)) {
    if (header === null) {
      if (text.trim() === "") continue;
      delim = /\.csv(\.gz)?$/i.test(source) || (!text.includes("\t") && text.includes(",")) ? "," : "\t";
      header = text.split(delim).map((x) => x.trim().replace(/^"|"$/g, ""));
      m = header.length - 1;
      if (m < 1) throw new InputError("expected a gene ID column and at least one sample column", `${source} line ${line}`);
      values = new Float64Array(maxRows * m); // sized once: no copies while reading
      continue;
    }
    if (text === "") continue;
    const f = text.split(delim);
    if (f.length !== m + 1) throw new InputError(`expected ${m + 1} fields as in the header, found ${f.length} (ragged row)`, `${source} line ${line}`);
    const g = genes.length;
    genes.push(f[0].trim().replace(/^"|"$/g, ""));
    geneLines.push(line);
    for (let s = 0; s < m; s++) {
      const x = parseNumber(f[s + 1]);
      if (Number.isNaN(x)) throw new InputError(`"${f[s + 1].trim()}" is not a number`, `${source} line ${line}, gene ${f[0]}, sample ${header[s + 1]}`);
      values[g * m + s] = x;
    }
  }
  if (header === null) throw new InputError("the file is empty", source);
  const samples = sampleNames ?? header.slice(1);
  const v = values.subarray(0, genes.length * m);
  refuseAbundance(v, genes.length, m, samples, source);
  return { format: "matrix", counts: new CountMatrix({ genes, samples, values: v, source, lines: geneLines, firstSampleColumn: 2 }), notes: [], files: [source] };
}

/** nf-core/rnaseq merged tables: gene_id, gene_name (or transcript IDs), then one column per sample. */
function readNfcore(path: string, bytes: Uint8Array, sampleNames?: string[]): Quantification {
  const name = basename(path);
  if (/tpm/i.test(name)) {
    throw new InputError(`${name} holds TPM, not counts; differential expression needs counts: use the matching *gene_counts.tsv (or *gene_counts_length_scaled.tsv) from the same folder`, path);
  }
  const head = headLines(bytes, 1)[0].split("\t");
  if (/^(tx|transcript_id)$/.test(head[0])) {
    throw new InputError(`${name} is a transcript-level table; give the gene-level *gene_counts.tsv, or the salmon quant.sf files with a tx2gene table`, path);
  }
  const ann = 2;
  const samples = sampleNames ?? head.slice(ann);
  const m = head.length - ann;
  if (m < 1) throw new InputError("no sample columns after gene_id and gene_name", `${path} line 1`);
  const genes: string[] = [];
  const symbols: string[] = [];
  const est: number[] = [];
  for (const { text, line } of lines(bytes)) {
    if (line === 1 || text === "") continue;
    const f = text.split("\t");
    if (f.length !== head.length) throw new InputError(`${f.length} fields, expected ${head.length}`, `${path} line ${line}`);
    genes.push(f[0]);
    symbols.push(f[1]);
    for (let s = 0; s < m; s++) {
      const x = parseNumber(f[ann + s]);
      if (!(x >= 0)) throw new InputError(`"${f[ann + s]}" is not a non-negative number`, `${path} line ${line}, gene ${f[0]}, sample ${samples[s]}`);
      est.push(x);
    }
  }
  const estimated = Float64Array.from(est);
  refuseAbundance(estimated, genes.length, m, samples, path);
  const rounded = Float64Array.from(estimated, Math.round);
  const notes = [`nf-core ${name}: ${genes.length} genes; estimated counts rounded to integers for DE (as DESeqDataSetFromTximport does)`];
  const q: Quantification = {
    format: "nfcore",
    counts: new CountMatrix({ genes, samples, values: rounded, source: path }),
    estimatedCounts: estimated,
    notes,
    files: [path],
    summary: Table.fromColumns({ gene_id: genes, gene_name: symbols }, "nf-core gene names"),
  };
  // The TPM table written beside the counts, when present.
  const tpmPath = path.replace(/gene_counts(_length_scaled|_scaled)?\.tsv(\.gz)?$/, "gene_tpm.tsv$2");
  if (tpmPath !== path && existsSync(tpmPath)) {
    const t = readNfcoreValues(tpmPath, genes, samples);
    q.abundance = t;
    q.files.push(tpmPath);
    notes.push(`TPM from ${basename(tpmPath)}`);
  }
  return q;
}

function readNfcoreValues(path: string, genes: string[], samples: string[]): Float64Array {
  const bytes = readInputBytes(path);
  const head = headLines(bytes, 1)[0].split("\t");
  const cols = samples.map((s) => head.indexOf(s));
  if (cols.some((c) => c < 0)) throw new InputError(`does not have the same samples as the counts (${samples.join(", ")})`, path);
  const row = new Map(genes.map((g, i) => [g, i]));
  const m = samples.length;
  const out = new Float64Array(genes.length * m);
  for (const { text, line } of lines(bytes)) {
    if (line === 1 || text === "") continue;
    const f = text.split("\t");
    const i = row.get(f[0]);
    if (i === undefined) continue;
    cols.forEach((c, j) => (out[i * m + j] = parseNumber(f[c])));
  }
  return out;
}

/**
 * Read counts from any supported quantification output.
 *
 * @example
 * const q = readQuantification("star/", { strandedness: "auto" });
 * q.notes; // ["STAR: inferred: reverse (forward fraction 0.03-0.04 in 4 samples)"]
 * const s = readQuantification("salmon/", { tx2gene: "tx2gene.tsv", countsFromAbundance: "lengthScaledTPM" });
 */
export function readQuantification(input: string | string[], options: ReadQuantificationOptions = {}): Quantification {
  const files = expandInput(input);
  const bytes = files.map((f) => readInputBytes(f));
  const detected = bytes.map((b) => detectQuantFormat(b));
  const forced = options.format && options.format !== "auto" ? options.format : null;
  detected.forEach((d, k) => {
    if (d === "featurecounts-summary") {
      throw new InputError("this is featureCounts' summary file (Status, Assigned, Unassigned_...); give the counts file itself (the same name without .summary)", files[k]);
    }
  });
  const format = (forced ?? detected[0]) as QuantFormat;
  if (!forced) {
    const k = detected.findIndex((d) => d !== format);
    if (k >= 0) throw new InputError(`is ${detected[k]} output, but ${files[0]} is ${format}: give files of one kind`, files[k]);
  }
  const names = options.sampleNames ?? files.map(sampleNameFromPath);
  const perSample = format === "htseq" || format === "star" || format === "salmon" || format === "kallisto";
  if (!perSample && files.length > 1) throw new InputError(`${format} output is one file for all samples; got ${files.length} files`, files.join(", "));
  if (perSample && options.sampleNames && options.sampleNames.length !== files.length) {
    throw new InputError(`${options.sampleNames.length} sample names for ${files.length} files`, "sampleNames");
  }
  switch (format) {
    case "matrix":
      return readMatrix(bytes[0], files[0], options.sampleNames);
    case "featurecounts": {
      const fc = parseFeatureCounts(bytes[0], files[0], { sampleNames: options.sampleNames });
      return {
        format,
        counts: fc.counts,
        lengths: fc.lengths,
        summary: fc.annotation,
        notes: [`featureCounts: ${fc.counts.nGenes} genes x ${fc.counts.nSamples} samples (${fc.bamPaths.map((b) => basename(b)).join(", ")})`],
        files,
      };
    }
    case "htseq": {
      const r = parseHtseqCounts(files.map((f, k) => ({ bytes: bytes[k], source: f, sample: names[k] })));
      return { format, counts: r.counts, summary: r.summary, notes: [`HTSeq-count: ${r.counts.nGenes} features; special rows (__no_feature, ...) reported in the summary, not counted as genes`], files };
    }
    case "star": {
      const r = parseStarCounts(files.map((f, k) => ({ bytes: bytes[k], source: f, sample: names[k] })), { strandedness: options.strandedness });
      return { format, counts: r.counts, summary: r.summary, notes: [`STAR ReadsPerGene: ${r.strandednessNote}`], files };
    }
    case "salmon":
    case "kallisto": {
      const quants = files.map((f, k) => parseTranscriptQuant(bytes[k], f));
      if (!options.tx2gene) {
        throw new InputError(
          `these are transcript-level ${format} quantifications (${quants[0].ids.length} transcripts); give a transcript-to-gene table (tx2gene, two columns: transcript, gene) to summarise them to genes`,
          files[0],
        );
      }
      const tx2gene = typeof options.tx2gene === "string" ? readTx2Gene(options.tx2gene) : options.tx2gene;
      const txi = tximport(quants, names, {
        tx2gene,
        countsFromAbundance: options.countsFromAbundance,
        ignoreTxVersion: options.ignoreTxVersion,
        ignoreAfterBar: options.ignoreAfterBar,
      });
      const rounded = Float64Array.from(txi.counts, Math.round);
      return {
        format,
        counts: new CountMatrix({ genes: txi.ids, samples: names, values: rounded, source: `${files.length} ${format} files` }),
        estimatedCounts: txi.counts,
        abundance: txi.abundance,
        lengths: { values: txi.length, perSample: true },
        notes: [`${format}: ${quants[0].ids.length} transcripts summarised to ${txi.ids.length} genes (tximport rules, countsFromAbundance "${txi.countsFromAbundance}"); counts rounded for DE`, ...txi.notes],
        files,
      };
    }
    case "nfcore":
      return readNfcore(files[0], bytes[0], options.sampleNames);
    default:
      throw new InputError(`unknown format "${String(format)}"; use one of matrix, featurecounts, htseq, star, salmon, kallisto, nfcore`, "readQuantification");
  }
}

/**
 * Gene lengths (bases) for `genes` from a two-column table (gene, length), e.g. made from the GTF
 * used for counting; a header line is skipped when its second field is not a number. Every gene
 * must have a length.
 *
 * @example
 * tpm(counts, readGeneLengths("gene_lengths.tsv", counts.genes));
 */
export function readGeneLengths(path: string, genes: string[]): Float64Array {
  const bytes = readInputBytes(path);
  const map = new Map<string, number>();
  for (const { text, line } of lines(bytes)) {
    if (text.trim() === "" || text.startsWith("#")) continue;
    const f = text.split(text.includes("\t") ? "\t" : ",").map((x) => x.trim());
    if (f.length < 2) throw new InputError("expected two columns: gene and length", `${path} line ${line}`);
    const L = parseNumber(f[1]);
    if (Number.isNaN(L)) {
      if (map.size === 0) continue; // header
      throw new InputError(`length "${f[1]}" is not a number`, `${path} line ${line}, gene ${f[0]}`);
    }
    if (!(L > 0)) throw new InputError(`length ${L} is not positive`, `${path} line ${line}, gene ${f[0]}`);
    map.set(f[0], L);
  }
  const missing = genes.filter((g) => !map.has(g));
  if (missing.length) throw new InputError(`${missing.length} of ${genes.length} genes have no length (e.g. ${missing.slice(0, 3).join(", ")})`, path);
  return Float64Array.from(genes, (g) => map.get(g) as number);
}
