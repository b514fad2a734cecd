/**
 * The forms counts and sample tables may take at the DE entry points (files, danfojs
 * DataFrames, plain arrays or records, p53lab objects), turned into validated CountMatrix and
 * SampleTable objects by the io layer.
 */
import { InputError } from "../io/errors";
import { CountMatrix } from "../io/counts";
import { SampleTable, readSamples } from "../io/samples";
import { isDataFrame, countsFromDataFrame, samplesFromDataFrame, DataFrameLike } from "../io/dataframe";
import { readQuantification, type Quantification } from "../io/quant";
import type { ExpressionMatrix } from "../io/expression";

/**
 * Counts in any form p53lab reads: a count matrix, a path (a file, or a folder of per-sample
 * files, in any format `readQuantification` detects) or a list of paths, a quantification, a
 * DataFrame or plain arrays. An expression matrix in other units (TPM, CPM, FPKM) is accepted by the
 * type only to be refused with an error that says why.
 */
export type CountsInput = CountMatrix | string | string[] | Quantification | DataFrameLike | ExpressionMatrix | { genes: string[]; samples: string[]; values: number[][] };
/** A sample table in any form p53lab reads. */
/** A sample table in any form p53lab reads. */
export type SamplesInput = SampleTable | string | DataFrameLike | Record<string, string>[];

/**
 * A validated count matrix from any accepted form.
 *
 * @example
 * asCountMatrix("counts.tsv").nGenes;
 */
export function asCountMatrix(counts: CountsInput): CountMatrix {
  if (typeof counts === "string" || Array.isArray(counts)) return readQuantification(counts).counts;
  if (isDataFrame(counts)) return countsFromDataFrame(counts);
  if ("nGenes" in counts) return counts as CountMatrix;
  if ("format" in counts && "counts" in counts) return (counts as Quantification).counts;
  if ("unit" in counts && counts.unit) {
    throw new InputError(`these are ${counts.unit} values; differential expression runs on raw counts (pass the count matrix the ${counts.unit} values were computed from)`, counts.source ?? "counts");
  }
  if (counts.values instanceof Float64Array) {
    const e = counts as ExpressionMatrix;
    return new CountMatrix({ genes: e.genes, samples: e.samples, values: e.values, source: e.source ?? "arrays" });
  }
  return new CountMatrix({ genes: counts.genes, samples: counts.samples, values: counts.values as number[][], source: "arrays" });
}

/**
 * A sample table from any accepted form.
 *
 * @example
 * asSampleTable([{ sample: "A", condition: "dmso" }]).samples; // ["A"]
 */
export function asSampleTable(samples: SamplesInput): SampleTable {
  if (typeof samples === "string") return readSamples(samples);
  if (isDataFrame(samples)) return samplesFromDataFrame(samples);
  if (Array.isArray(samples)) {
    const names = samples.map((r, i) => {
      if (typeof r.sample !== "string") throw new InputError(`record ${i + 1} has no "sample" name`, "samples");
      return r.sample;
    });
    const keys = [...new Set(samples.flatMap((r) => Object.keys(r)))].filter((k) => k !== "sample");
    const columns: Record<string, string[]> = {};
    for (const k of keys) columns[k] = samples.map((r) => (r[k] === undefined ? "" : String(r[k])));
    return new SampleTable(names, columns, "records");
  }
  return samples as SampleTable;
}
