/** deseqDataSet accepts files, DataFrames, p53lab objects and plain arrays, with the same result. */
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { simulateMdm2Experiment } from "../../src/datasets/simulate";
import { deseqDataSet } from "../../src/de/deseq";
import { toDataFrame } from "../../src/io/dataframe";

describe("deseqDataSet inputs", () => {
  const sim = simulateMdm2Experiment({ nGenes: 400, replicates: 3, seed: 5 });
  const opts = { design: "~ condition", reference: { condition: "dmso" } };
  const expected = deseqDataSet(sim.counts, sim.samples, opts).run().results().toTSV();

  it("from TSV files", () => {
    const dir = mkdtempSync(join(tmpdir(), "p53lab-inputs-"));
    writeFileSync(join(dir, "counts.tsv"), sim.counts.toTable().toTSV());
    writeFileSync(join(dir, "samples.tsv"), sim.samples.toTable().toTSV());
    expect(deseqDataSet(join(dir, "counts.tsv"), join(dir, "samples.tsv"), opts).run().results().toTSV()).toBe(expected);
  });

  it("from danfojs DataFrames", () => {
    const counts = toDataFrame(sim.counts.toTable());
    const samples = toDataFrame(sim.samples.toTable());
    expect(deseqDataSet(counts, samples, opts).run().results().toTSV()).toBe(expected);
  });

  it("from plain arrays and records", () => {
    const values = sim.counts.genes.map((_, g) => Array.from(sim.counts.geneCounts(g)));
    const records = sim.samples.samples.map((s, i) => ({ sample: s, condition: sim.samples.get("condition")[i] }));
    expect(deseqDataSet({ genes: sim.counts.genes, samples: sim.counts.samples, values }, records, opts).run().results().toTSV()).toBe(expected);
  });

  it("records without sample names are refused with the record number", () => {
    expect(() => deseqDataSet(sim.counts, [{ condition: "dmso" }], opts)).toThrow('record 1 has no "sample" name');
  });
});
