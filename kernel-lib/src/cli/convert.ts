/**
 * `p53lab convert`: counts from any supported quantification output, written as a tidy genes x
 * samples matrix of counts, TPM, FPKM, CPM or log2 CPM (formulas in `io/units`).
 */
import type { Command } from "commander";
import { writeFileSync } from "fs";
import { resolve } from "path";
import { InputError } from "../io/errors";
import { Table } from "../io/table";
import { cpm, tpm, fpkm, type GeneLengths } from "../io/units";
import { readGeneLengths } from "../io/quant";
import { readCountsOption, addCountsFormatOptions } from "./inputs";

function matrixTable(genes: string[], samples: string[], values: ArrayLike<number>): Table {
  const m = samples.length;
  const cols: Record<string, string[] | Float64Array> = { gene_id: genes };
  samples.forEach((s, j) => (cols[s] = Float64Array.from(genes, (_, g) => values[g * m + j])));
  return Table.fromColumns(cols);
}

/** Add `convert` to the program. */
export function addConvertCommand(p: Command, out: (s: string) => void): void {
  const cmd = p.command("convert");
  cmd
    .description("write counts, TPM, FPKM, CPM or log2 CPM as a tidy genes x samples TSV, from any input `p53lab de --counts` reads")
    .requiredOption("--input <path>", "a file, a folder of per-sample files, or a comma-separated list (format detected)")
    .requiredOption("--to <unit>", "counts, tpm, fpkm, cpm or logcpm")
    .option("--lengths <file>", "tpm/fpkm: gene lengths (gene, length in bases) when the input has none (featureCounts and salmon/kallisto do)")
    .requiredOption("--out <file>", "output TSV");
  addCountsFormatOptions(cmd);
  cmd
    .action((o: { input: string; to: string; lengths?: string; format: string; tx2gene?: string; countsFromAbundance: string; ignoreTxVersion?: boolean; strandedness: string; out: string }) => {
      const units = ["counts", "tpm", "fpkm", "cpm", "logcpm"];
      if (!units.includes(o.to)) throw new InputError(`--to must be one of ${units.join(", ")}; got "${o.to}"`, "p53lab convert");
      const q = readCountsOption({ counts: o.input, format: o.format, tx2gene: o.tx2gene, countsFromAbundance: o.countsFromAbundance, ignoreTxVersion: o.ignoreTxVersion, strandedness: o.strandedness });
      for (const note of q.notes) process.stderr.write(`p53lab convert: ${note}\n`);
      const c = q.counts;
      let values: ArrayLike<number>;
      let what = o.to;
      if (o.to === "counts") values = c.values;
      else if (o.to === "cpm" || o.to === "logcpm") values = cpm(c, { log: o.to === "logcpm" }).values;
      else {
        let lengths: GeneLengths | undefined = o.lengths ? readGeneLengths(o.lengths, c.genes) : q.lengths;
        if (o.to === "tpm" && q.abundance && !o.lengths) {
          values = q.abundance;
          what = `tpm (as ${q.format} reports it)`;
        } else {
          if (!lengths) throw new InputError(`${q.format} input has no gene lengths: give --lengths FILE (gene, length in bases), e.g. from the GTF used for counting`, "p53lab convert");
          values = (o.to === "tpm" ? tpm(c, lengths) : fpkm(c, lengths)).values;
          lengths = undefined;
        }
      }
      writeFileSync(o.out, matrixTable(c.genes, c.samples, values).toTSV());
      process.stderr.write(`p53lab convert: ${c.nGenes} genes x ${c.nSamples} samples as ${what}; wrote ${o.out}\n`);
      out(`${resolve(o.out)}\n`);
    });
}
