/**
 * The forms counts and sample tables may take at the DE entry points (files, danfojs
 * DataFrames, plain arrays or records, p53lab objects), turned into validated CountMatrix and
 * SampleTable objects by the io layer.
 */
import { InputError } from "../io/errors";
import { CountMatrix, readCounts } from "../io/counts";
import { SampleTable, readSamples } from "../io/samples";
import { isDataFrame, countsFromDataFrame, samplesFromDataFrame, DataFrameLike } from "../io/dataframe";

/** Counts in any form p53lab reads. */
export type CountsInput = CountMatrix | string | DataFrameLike | { genes: string[]; samples: string[]; values: number[][] };
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
  if (typeof counts === "string") return readCounts(counts);
  if (isDataFrame(counts)) return countsFromDataFrame(counts);
  if ("nGenes" in counts) return counts as CountMatrix;
  return new CountMatrix({ genes: counts.genes, samples: counts.samples, values: counts.values, source: "arrays" });
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
