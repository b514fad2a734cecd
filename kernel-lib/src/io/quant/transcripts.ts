/**
 * Transcript-level quantifications: salmon `quant.sf` (Name, Length, EffectiveLength, TPM,
 * NumReads) and kallisto `abundance.tsv` (target_id, length, eff_length, est_counts, tpm), read
 * into the three quantities tximport uses: abundance (TPM), estimated counts and effective length.
 */
import { InputError } from "../errors";
import { lines, parseNumber } from "./lines";

/** The transcript quantifiers p53lab reads. */
export type TranscriptFormat = "salmon" | "kallisto";

/** One sample's transcript quantification. */
export interface TranscriptQuant {
  format: TranscriptFormat;
  source: string;
  ids: string[];
  /** Effective lengths (salmon EffectiveLength, kallisto eff_length). */
  length: Float64Array;
  /** TPM. */
  abundance: Float64Array;
  /** Estimated counts (salmon NumReads, kallisto est_counts). */
  counts: Float64Array;
}

const HEADERS: Record<TranscriptFormat, { cols: string[]; id: number; length: number; abundance: number; counts: number }> = {
  salmon: { cols: ["Name", "Length", "EffectiveLength", "TPM", "NumReads"], id: 0, length: 2, abundance: 3, counts: 4 },
  kallisto: { cols: ["target_id", "length", "eff_length", "est_counts", "tpm"], id: 0, length: 2, abundance: 4, counts: 3 },
};

/** The transcript format a header line names, or null. */
export function transcriptFormatOf(headerLine: string): TranscriptFormat | null {
  const h = headerLine.split("\t");
  for (const [k, v] of Object.entries(HEADERS)) if (v.cols.every((c, i) => h[i] === c)) return k as TranscriptFormat;
  return null;
}

/**
 * @example
 * const q = parseTranscriptQuant(readInputBytes("salmon/dmso_1/quant.sf"), "salmon/dmso_1/quant.sf");
 * q.format; // "salmon"
 */
export function parseTranscriptQuant(bytes: Uint8Array, source: string): TranscriptQuant {
  let spec: (typeof HEADERS)[TranscriptFormat] | null = null;
  let format: TranscriptFormat | null = null;
  const ids: string[] = [];
  const len: number[] = [], ab: number[] = [], ct: number[] = [];
  const seen = new Map<string, number>();
  for (const { text, line } of lines(bytes)) {
    if (spec === null) {
      format = transcriptFormatOf(text);
      if (!format) {
        throw new InputError(
          `expected a salmon quant.sf header (${HEADERS.salmon.cols.join(", ")}) or a kallisto abundance.tsv header (${HEADERS.kallisto.cols.join(", ")}), found "${text.split("\t").slice(0, 5).join(", ")}"`,
          `${source} line ${line}`,
        );
      }
      spec = HEADERS[format];
      continue;
    }
    if (text === "") continue;
    const f = text.split("\t");
    if (f.length !== spec.cols.length) throw new InputError(`${f.length} fields, expected ${spec.cols.length}`, `${source} line ${line}`);
    const id = f[spec.id];
    if (seen.has(id)) throw new InputError(`duplicate transcript "${id}" (lines ${seen.get(id)} and ${line})`, source);
    seen.set(id, line);
    const nums = [f[spec.length], f[spec.abundance], f[spec.counts]].map(parseNumber);
    const names = [spec.cols[spec.length], spec.cols[spec.abundance], spec.cols[spec.counts]];
    nums.forEach((x, k) => {
      if (!(x >= 0)) throw new InputError(`${names[k]} "${[f[spec!.length], f[spec!.abundance], f[spec!.counts]][k]}" is not a non-negative number`, `${source} line ${line}, transcript ${id}`);
    });
    ids.push(id);
    len.push(nums[0]);
    ab.push(nums[1]);
    ct.push(nums[2]);
  }
  if (!spec || !format) throw new InputError("the file is empty", source);
  if (ids.length === 0) throw new InputError("no transcripts after the header", source);
  return { format, source, ids, length: Float64Array.from(len), abundance: Float64Array.from(ab), counts: Float64Array.from(ct) };
}
