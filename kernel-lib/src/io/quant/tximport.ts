/**
 * tximport (Soneson, Love & Robinson 2015; R package tximport 1.26) in TypeScript: transcript
 * abundances, estimated counts and effective lengths of several samples summarised to genes with a
 * transcript-to-gene table, and counts made from abundances:
 *
 * - abundance (TPM) of a gene = sum over its transcripts; counts = sum of estimated counts;
 * - length of a gene in a sample = abundance-weighted mean of its transcripts' effective lengths;
 *   where a gene has zero abundance in some samples, the geometric mean of its lengths in the other
 *   samples, and where it has zero abundance everywhere, the plain mean of its transcripts' lengths
 *   (averaged over samples first);
 * - `countsFromAbundance`: "no" keeps the estimated counts (use the lengths as offsets);
 *   "scaledTPM" scales TPM up to each library's total count; "lengthScaledTPM" scales TPM times the
 *   gene's mean length over samples up to each library's total count.
 */
import { InputError } from "../errors";
import type { TranscriptQuant } from "./transcripts";

/** How counts are made from abundances (tximport's `countsFromAbundance`). */
export type CountsFromAbundance = "no" | "scaledTPM" | "lengthScaledTPM";

/** Options of {@link tximport}. */
export interface TximportOptions {
  /** Transcript -> gene. Required unless `txOut`. */
  tx2gene?: Map<string, string>;
  /** Default "no". */
  countsFromAbundance?: CountsFromAbundance;
  /** Keep transcripts (no summarising). Default false. */
  txOut?: boolean;
  /** Strip a ".N" version from transcript IDs (quantification and table). Default false. */
  ignoreTxVersion?: boolean;
  /** Keep only what precedes the first "|" of transcript IDs (GENCODE FASTA names). Default false. */
  ignoreAfterBar?: boolean;
}

/** Gene (or transcript) x sample matrices, row-major (`values[i * nSamples + j]`). */
export interface TximportResult {
  /** Row names: genes (sorted as R's factor levels in the C locale), or transcripts with `txOut`. */
  ids: string[];
  samples: string[];
  abundance: Float64Array;
  counts: Float64Array;
  length: Float64Array;
  countsFromAbundance: CountsFromAbundance;
  /** What was dropped or replaced, for the user (transcripts missing from tx2gene, ...). */
  notes: string[];
}

function cleanId(id: string, o: TximportOptions): string {
  let x = id;
  if (o.ignoreAfterBar) x = x.split("|")[0];
  if (o.ignoreTxVersion) x = x.replace(/\.\d+$/, "");
  return x;
}

/** Scale `newCounts` per sample so each column sums to the original counts' column sum (tximport's rule). */
function scaleToLibrary(newCounts: Float64Array, counts: Float64Array, n: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let j = 0; j < m; j++) {
    let a = 0, b = 0;
    for (let i = 0; i < n; i++) {
      a += counts[i * m + j];
      b += newCounts[i * m + j];
    }
    const f = a / b;
    for (let i = 0; i < n; i++) out[i * m + j] = newCounts[i * m + j] * f;
  }
  return out;
}

/** Counts from abundance at the level given (genes or transcripts). */
function countsFrom(mode: CountsFromAbundance, abundance: Float64Array, counts: Float64Array, length: Float64Array, n: number, m: number): Float64Array {
  if (mode === "no") return counts;
  const newCounts = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let meanLen = 0;
    if (mode === "lengthScaledTPM") {
      for (let j = 0; j < m; j++) meanLen += length[i * m + j];
      meanLen /= m;
    }
    for (let j = 0; j < m; j++) newCounts[i * m + j] = mode === "scaledTPM" ? abundance[i * m + j] : abundance[i * m + j] * meanLen;
  }
  return scaleToLibrary(newCounts, counts, n, m);
}

/**
 * Summarise transcript quantifications of several samples to genes.
 *
 * @example
 * const txi = tximport(samples.map((s) => parseTranscriptQuant(readInputBytes(`salmon/${s}/quant.sf`), s)), samples,
 *   { tx2gene: readTx2Gene("tx2gene.tsv"), countsFromAbundance: "lengthScaledTPM" });
 */
export function tximport(quants: TranscriptQuant[], samples: string[], options: TximportOptions = {}): TximportResult {
  const mode = options.countsFromAbundance ?? "no";
  if (!["no", "scaledTPM", "lengthScaledTPM"].includes(mode)) {
    throw new InputError(`countsFromAbundance "${mode}" is not one of no, scaledTPM, lengthScaledTPM`, "tximport");
  }
  if (quants.length === 0) throw new InputError("no quantification files given", "tximport");
  if (quants.length !== samples.length) throw new InputError(`${samples.length} sample names for ${quants.length} files`, "tximport");
  const m = quants.length;
  // Transcripts: those of the first file, in its order; the others must list the same.
  const txIds = quants[0].ids.map((id) => cleanId(id, options));
  const nTx = txIds.length;
  quants.forEach((q, j) => {
    if (q.ids.length !== nTx) throw new InputError(`${q.ids.length} transcripts, but ${quants[0].source} has ${nTx}: the samples were quantified against different transcriptomes`, q.source);
    for (let i = 0; i < nTx; i++) {
      if (cleanId(q.ids[i], options) !== txIds[i]) {
        throw new InputError(`transcript ${i + 1} is "${q.ids[i]}", but "${quants[0].ids[i]}" in ${quants[0].source}: the samples were quantified against different transcriptomes`, q.source);
      }
    }
    if (q.format !== quants[0].format) throw new InputError(`is ${q.format} output, but ${quants[0].source} is ${quants[0].format}`, q.source);
    void j;
  });
  const txAb = new Float64Array(nTx * m), txCt = new Float64Array(nTx * m), txLen = new Float64Array(nTx * m);
  quants.forEach((q, j) => {
    for (let i = 0; i < nTx; i++) {
      txAb[i * m + j] = q.abundance[i];
      txCt[i * m + j] = q.counts[i];
      txLen[i * m + j] = q.length[i];
    }
  });
  const notes: string[] = [];
  if (options.txOut) {
    return { ids: txIds, samples, abundance: txAb, counts: countsFrom(mode, txAb, txCt, txLen, nTx, m), length: txLen, countsFromAbundance: mode, notes };
  }
  const raw = options.tx2gene;
  if (!raw) throw new InputError("a transcript-to-gene table (tx2gene) is needed to summarise transcripts to genes (or use txOut for transcript level)", "tximport");
  const tx2gene = new Map<string, string>();
  for (const [t, g] of raw) tx2gene.set(cleanId(t, options), g);
  const geneOfTx = txIds.map((t) => tx2gene.get(t));
  const nMissing = geneOfTx.filter((g) => g === undefined).length;
  if (nMissing === nTx) {
    throw new InputError(
      `none of the ${nTx} transcripts (e.g. "${txIds[0]}") is in the first column of the transcript-to-gene table (e.g. "${[...tx2gene.keys()][0]}")` +
        (txIds[0].includes(".") && !options.ignoreTxVersion ? "; try ignoreTxVersion" : "") +
        (txIds[0].includes("|") && !options.ignoreAfterBar ? "; try ignoreAfterBar" : ""),
      "tximport",
    );
  }
  if (nMissing > 0) notes.push(`${nMissing} of ${nTx} transcripts are not in the transcript-to-gene table and were dropped (e.g. ${txIds.filter((_, i) => geneOfTx[i] === undefined).slice(0, 3).join(", ")})`);
  // Genes sorted by code point, as R orders factor levels in the C locale.
  const genes = [...new Set(geneOfTx.filter((g): g is string => g !== undefined))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const gIndex = new Map(genes.map((g, k) => [g, k]));
  const n = genes.length;
  const ab = new Float64Array(n * m), ct = new Float64Array(n * m), wLen = new Float64Array(n * m);
  const aveLenSum = new Float64Array(n), nTxOfGene = new Float64Array(n);
  for (let i = 0; i < nTx; i++) {
    const g = geneOfTx[i];
    if (g === undefined) continue;
    const k = gIndex.get(g) as number;
    let rowMean = 0;
    for (let j = 0; j < m; j++) {
      const a = txAb[i * m + j];
      ab[k * m + j] += a;
      ct[k * m + j] += txCt[i * m + j];
      wLen[k * m + j] += a * txLen[i * m + j];
      rowMean += txLen[i * m + j];
    }
    aveLenSum[k] += rowMean / m;
    nTxOfGene[k]++;
  }
  const len = new Float64Array(n * m);
  let allZero = 0, someZero = 0;
  for (let k = 0; k < n; k++) {
    let nNaN = 0, logSum = 0;
    for (let j = 0; j < m; j++) {
      const a = ab[k * m + j];
      const L = wLen[k * m + j] / a;
      if (a === 0 || Number.isNaN(L)) {
        len[k * m + j] = NaN;
        nNaN++;
      } else {
        len[k * m + j] = L;
        logSum += Math.log(L);
      }
    }
    if (nNaN === 0) continue;
    if (nNaN === m) {
      allZero++;
      const v = aveLenSum[k] / nTxOfGene[k];
      for (let j = 0; j < m; j++) len[k * m + j] = v;
    } else {
      someZero++;
      const v = Math.exp(logSum / (m - nNaN));
      for (let j = 0; j < m; j++) if (Number.isNaN(len[k * m + j])) len[k * m + j] = v;
    }
  }
  if (allZero) notes.push(`${allZero} genes have zero abundance in every sample: their length is the mean length of their transcripts`);
  if (someZero) notes.push(`${someZero} genes have zero abundance in some samples: there their length is the geometric mean of the other samples'`);
  return { ids: genes, samples, abundance: ab, counts: countsFrom(mode, ab, ct, len, n, m), length: len, countsFromAbundance: mode, notes };
}

/**
 * DESeq2's normalisation factors from tximport's average transcript lengths (as
 * `DESeqDataSetFromTximport` + `estimateSizeFactors` do): the lengths divided by their per-gene
 * geometric mean, times median-of-ratios size factors of the counts divided by them, then centred
 * per gene (geometric mean 1). Returns gene-major factors; genes with a zero or non-finite length
 * are an error.
 *
 * @example
 * dds.setNormalizationFactors(deseqNormFactorsFromLengths(counts.values, txi.length, counts.nGenes, counts.nSamples));
 */
export function deseqNormFactorsFromLengths(counts: ArrayLike<number>, length: ArrayLike<number>, n: number, m: number): Float64Array {
  const norm = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) {
      const L = length[i * m + j];
      if (!(L > 0) || !Number.isFinite(L)) throw new InputError(`length ${L} is not positive`, `gene ${i + 1}, sample ${j + 1}`);
      s += Math.log(L);
    }
    const g = Math.exp(s / m);
    for (let j = 0; j < m; j++) norm[i * m + j] = length[i * m + j] / g;
  }
  // Median-of-ratios size factors of counts / norm (genes with a zero count in any sample skipped).
  const logGeo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += Math.log(counts[i * m + j] / norm[i * m + j]);
    logGeo[i] = s / m;
  }
  const sf = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const r: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(logGeo[i])) continue;
      const c = counts[i * m + j] / norm[i * m + j];
      if (c > 0) r.push(Math.log(c) - logGeo[i]);
    }
    if (r.length === 0) throw new InputError("every gene has a zero count in some sample: size factors cannot be estimated", "deseqNormFactorsFromLengths");
    r.sort((a, b) => a - b);
    const h = r.length >> 1;
    sf[j] = Math.exp(r.length % 2 ? r[h] : (r[h - 1] + r[h]) / 2);
  }
  const nf = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) {
      nf[i * m + j] = norm[i * m + j] * sf[j];
      s += Math.log(nf[i * m + j]);
    }
    const g = Math.exp(s / m);
    for (let j = 0; j < m; j++) nf[i * m + j] /= g;
  }
  return nf;
}
