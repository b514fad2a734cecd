/** Shared option handling of the commands that read counts (`de`, `convert`, `signature score`). */
import type { Command } from "commander";
import { InputError } from "../io/errors";
import { readQuantification, type Quantification } from "../io/quant";

/** The counts of `p53lab de` / `convert` from --counts and the format options. */
export function readCountsOption(o: { counts: string; format?: string; tx2gene?: string; countsFromAbundance?: string; ignoreTxVersion?: boolean; strandedness?: string }): Quantification {
  const formats = ["auto", "matrix", "featurecounts", "htseq", "star", "salmon", "kallisto", "nfcore"];
  const format = o.format ?? "auto";
  if (!formats.includes(format)) throw new InputError(`--format must be one of ${formats.join(", ")}; got "${format}"`, "--format");
  const cfa = o.countsFromAbundance ?? "no";
  if (!["no", "scaledTPM", "lengthScaledTPM"].includes(cfa)) throw new InputError(`--counts-from-abundance must be no, scaledTPM or lengthScaledTPM; got "${cfa}"`, "--counts-from-abundance");
  const strand = o.strandedness ?? "auto";
  if (!["auto", "unstranded", "forward", "reverse"].includes(strand)) throw new InputError(`--strandedness must be auto, unstranded, forward or reverse; got "${strand}"`, "--strandedness");
  const input = o.counts.includes(",") ? o.counts.split(",").map((x) => x.trim()).filter((x) => x) : o.counts;
  return readQuantification(input, {
    format: format as "auto",
    tx2gene: o.tx2gene,
    countsFromAbundance: cfa as "no",
    ignoreTxVersion: o.ignoreTxVersion,
    strandedness: strand as "auto",
  });
}


/**
 * Add the options that say how to read counts (format, salmon/kallisto, STAR) to a command.
 * `prefix` is put before each description (e.g. "with --counts: ").
 */
export function addCountsFormatOptions(cmd: Command, prefix = ""): Command {
  return cmd
    .option("--format <name>", `${prefix}force the counts format: matrix, featurecounts, htseq, star, salmon, kallisto, nfcore`, "auto")
    .option("--tx2gene <file>", `${prefix}salmon/kallisto: transcript-to-gene table (transcript, gene)`)
    .option("--counts-from-abundance <mode>", `${prefix}salmon/kallisto: no (DESeq2 then uses the average transcript lengths), scaledTPM or lengthScaledTPM`, "no")
    .option("--ignore-tx-version", `${prefix}salmon/kallisto: strip .N versions from transcript IDs`)
    .option("--strandedness <mode>", `${prefix}STAR: auto, unstranded, forward or reverse`, "auto");
}
