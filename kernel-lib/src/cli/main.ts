/**
 * The `p53lab` command line: a thin layer over the library's calls. Errors in the
 * user's input print one clear line (no stack trace) and exit non-zero.
 */
import { Command, CommanderError } from "commander";
import { mkdirSync, writeFileSync } from "fs";
import { availableParallelism } from "os";
import { join, resolve } from "path";
import { isUserFacingError, InputError } from "../io/errors";
import { renderReport, NotebookCellError } from "../report/render";
import { p53labVersion } from "../report/versions";
import { DATASETS, datasetIds } from "../datasets/registry";
import { fetchDataset, findLocalCopy } from "../datasets/load";
import { simulateMdm2Experiment } from "../datasets/simulate";
import { deseqNormFactorsFromLengths } from "../io/quant";
import { readCountsOption, addCountsFormatOptions } from "./inputs";
import { readSamples } from "../io/samples";
import { Table } from "../io/table";
import { DESeqDataSet } from "../de/deseq";
import { lfcShrinkNormal } from "../de/lfcShrink";
import { lfcShrinkAshr } from "../de/ashr";
import { lfcShrinkApeglm } from "../de/apeglm";
import { runEdgerMethodAsync, type EdgerMethod } from "../de/methods";
import { addQpcrCommand } from "./qpcr";
import { addSignatureCommand } from "./signature";
import { addConvertCommand } from "./convert";

function numberList(text: string, what: string): number[] {
  const out = text.split(",").map((s) => Number(s.trim()));
  if (out.some((x) => !Number.isFinite(x) || x <= 0)) throw new InputError(`${what} must be positive numbers separated by commas, got "${text}"`, "p53lab simulate");
  return out;
}

function integer(text: string, what: string): number {
  const x = Number(text);
  if (!Number.isInteger(x) || x <= 0) throw new InputError(`${what} must be a positive integer, got "${text}"`, "p53lab");
  return x;
}

/** Build the command tree (exported for tests). */
export function program(out: (s: string) => void = (s) => process.stdout.write(s)): Command {
  const p = new Command("p53lab")
    .description("p53lab: differential expression, qRT-PCR and p53 gene signatures for MDM2-inhibitor studies")
    .version(p53labVersion(), "-V, --version")
    .showHelpAfterError()
    .exitOverride();

  p.command("report")
    .description("execute notebooks with the tslab kernel and write self-contained HTML reports")
    .argument("<notebooks...>", "notebook files (.ipynb)")
    .option("--out <dir>", "output folder", "reports")
    .option("--timeout <seconds>", "seconds one cell may run", "600")
    .option("--keep-notebook", "also write the executed notebook beside the HTML")
    .action(async (notebooks: string[], o: { out: string; timeout: string; keepNotebook?: boolean }) => {
      for (const nb of notebooks) {
        const r = await renderReport(nb, { outDir: o.out, cellTimeout: integer(o.timeout, "--timeout"), keepNotebook: o.keepNotebook });
        out(`${r.html}\n`);
        process.stderr.write(`p53lab: ${nb}: ${r.cells} cells in ${r.seconds.toFixed(1)} s, ${r.inputs.length} input file(s)\n`);
      }
    });

  const ds = p.command("datasets").description("real data sets: list, locate, download into the cache");
  ds.command("list")
    .description("list the known data sets and where a copy was found")
    .action(() => {
      for (const id of datasetIds()) {
        const local = findLocalCopy(id);
        out(`${id}\t${local ?? "(no local copy)"}\t${DATASETS[id].title}\n`);
      }
    });
  ds.command("fetch")
    .description("download a data set from its pinned public source into the cache (needs network)")
    .argument("<id>", "data set id")
    .option("--mirror <url>", "base URL of a mirror holding the same files")
    .option("--cache <dir>", "cache folder (default P53LAB_CACHE or ~/.cache/p53lab)")
    .action(async (id: string, o: { mirror?: string; cache?: string }) => {
      out(`${await fetchDataset(id, { mirror: o.mirror, cacheDir: o.cache })}\n`);
    });

  const de = p.command("de");
  de
    .description(
      "differential expression (DESeq2 by default; edgeR exact/QL/LRT or limma-voom with --method); writes a TSV with gene_id and the method's R column names",
    )
    .requiredOption(
      "--counts <path>",
      "counts: a genes x samples matrix (TSV/CSV), featureCounts output, nf-core *gene_counts.tsv, or a folder / comma-separated list of HTSeq-count, STAR ReadsPerGene, salmon quant.sf or kallisto abundance.tsv files (format detected)",
    )
    .requiredOption("--samples <file>", "sample table (first column sample names)")
    .requiredOption("--design <formula>", 'design formula, e.g. "~ cell_line + condition"')
    .option("--contrast <factor,level,reference>", "the comparison, e.g. condition,nutlin,dmso (default: the last coefficient)")
    .option("--method <name>", "deseq2, edger-exact, edger-qlf, edger-lrt or voom", "deseq2")
    .option("--no-filter", "edgeR/voom: keep all genes (default: filterByExpr on the design, then TMM on the kept genes)")
    .option("--robust", "edgeR/voom: robust empirical Bayes (estimateDisp/glmQLFit/eBayes robust = TRUE)")
    .option("--norm-factors <file>", "edgeR/voom: also write the TMM factors (sample, lib_size, norm_factors)")
    .option("--test <wald|lrt>", "test", "wald")
    .option("--reduced <formula>", "reduced design for --test lrt")
    .option("--shrink <normal|apeglm|ashr>", "shrink log2 fold changes")
    .option("--alpha <number>", "significance level for independent filtering", "0.1")
    .option("--lfc-threshold <number>", "test |log2 fold change| above this value", "0")
    .option("--no-independent-filtering", "plain Benjamini-Hochberg adjustment")
    .option("--no-cooks", "do not filter genes with count outliers (Cook's distance)")
    .option("--threads <n>", "worker threads (results are identical for any number; default: CPU cores)", String(availableParallelism()))
    .option("--size-factors <file>", "also write the size factors (sample, sizeFactor)")
    .option("--dispersions <file>", "also write gene_id, dispGeneEst, dispFit, dispMAP, dispersion")
    .requiredOption("--out <file>", "results TSV");
  addCountsFormatOptions(de);
  de
    .action(
      async (o: {
        method: string;
        filter: boolean;
        robust?: boolean;
        normFactors?: string;
        counts: string;
        format: string;
        tx2gene?: string;
        countsFromAbundance: string;
        ignoreTxVersion?: boolean;
        strandedness: string;
        samples: string;
        design: string;
        contrast?: string;
        test: string;
        reduced?: string;
        shrink?: string;
        alpha: string;
        lfcThreshold: string;
        independentFiltering: boolean;
        cooks: boolean;
        threads: string;
        sizeFactors?: string;
        dispersions?: string;
        out: string;
      }) => {
        if (o.test !== "wald" && o.test !== "lrt") throw new InputError(`--test must be wald or lrt, got "${o.test}"`, "p53lab de");
        if (o.test === "lrt" && !o.reduced) throw new InputError('--test lrt needs --reduced, e.g. --reduced "~ 1"', "p53lab de");
        if (o.test === "wald" && o.reduced) throw new InputError("--reduced goes with --test lrt", "p53lab de");
        if (o.shrink && !["normal", "apeglm", "ashr"].includes(o.shrink)) {
          throw new InputError(`--shrink must be normal, apeglm or ashr, got "${o.shrink}"`, "p53lab de");
        }
        if (o.shrink && o.test === "lrt") throw new InputError("--shrink goes with --test wald", "p53lab de");
        const alpha = Number(o.alpha);
        if (!(alpha > 0 && alpha < 1)) throw new InputError(`--alpha must be between 0 and 1, got "${o.alpha}"`, "p53lab de");
        const lfcThreshold = Number(o.lfcThreshold);
        if (!(lfcThreshold >= 0)) throw new InputError(`--lfc-threshold must be a number >= 0, got "${o.lfcThreshold}"`, "p53lab de");
        const threads = integer(o.threads, "--threads");
        let contrast: [string, string, string] | undefined;
        if (o.contrast) {
          const parts = o.contrast.split(",").map((x) => x.trim());
          if (parts.length !== 3 || parts.some((x) => x === "")) {
            throw new InputError(`--contrast takes FACTOR,LEVEL,REFERENCE, got "${o.contrast}"`, "p53lab de");
          }
          contrast = parts as [string, string, string];
        }
        const methods = ["deseq2", "edger-exact", "edger-qlf", "edger-lrt", "voom"];
        if (!methods.includes(o.method)) throw new InputError(`--method must be one of ${methods.join(", ")}; got "${o.method}"`, "p53lab de");
        const quant = readCountsOption(o);
        for (const note of quant.notes) process.stderr.write(`p53lab de: ${note}\n`);
        const fromTranscripts = quant.format === "salmon" || quant.format === "kallisto";
        if (fromTranscripts && o.countsFromAbundance === "no" && o.method !== "deseq2") {
          throw new InputError(
            `--method ${o.method} has no per-gene offsets here: with salmon/kallisto input use --counts-from-abundance lengthScaledTPM (the tximport guide's choice for edgeR and limma without offsets)`,
            "p53lab de",
          );
        }
        if (o.method !== "deseq2") {
          const deseqOnly: [boolean, string][] = [
            [o.test !== "wald" || !!o.reduced, "--test/--reduced"],
            [!!o.shrink, "--shrink"],
            [o.alpha !== "0.1", "--alpha"],
            [o.lfcThreshold !== "0", "--lfc-threshold"],
            [!o.independentFiltering, "--no-independent-filtering"],
            [!o.cooks, "--no-cooks"],
            [!!o.sizeFactors, "--size-factors"],
            [!!o.dispersions, "--dispersions"],
          ];
          const bad = deseqOnly.filter(([set]) => set).map(([, name]) => name);
          if (bad.length) throw new InputError(`${bad.join(", ")} apply to --method deseq2 only`, "p53lab de");
          const r = await runEdgerMethodAsync(quant.counts, o.samples, { method: o.method as EdgerMethod, design: o.design, contrast, filter: o.filter, robust: o.robust, threads });
          writeFileSync(o.out, r.table.toTSV());
          if (o.normFactors) writeFileSync(o.normFactors, r.normFactors.toTSV());
          const fdr = r.table.column(o.method === "voom" ? "adj.P.Val" : "FDR") as Float64Array;
          const sig = fdr.filter((v) => v < 0.05).length;
          process.stderr.write(`p53lab de (${o.method}): ${r.comparison}: ${sig} genes at FDR < 0.05 of ${r.kept} kept (${r.total} in the file); wrote ${o.out}\n`);
          out(`${resolve(o.out)}\n`);
          return;
        }
        if (o.normFactors) throw new InputError("--norm-factors applies to the edgeR and voom methods (DESeq2 writes --size-factors)", "p53lab de");
        if (!o.filter) throw new InputError("--no-filter applies to the edgeR and voom methods", "p53lab de");
        if (o.robust) throw new InputError("--robust applies to the edgeR and voom methods", "p53lab de");
        const counts = quant.counts;
        const samples = readSamples(o.samples);
        const reference = contrast ? { [contrast[0]]: contrast[2] } : undefined;
        const dds0 = new DESeqDataSet(counts, samples, { design: o.design, reference });
        if (fromTranscripts && o.countsFromAbundance === "no") {
          // As DESeqDataSetFromTximport + estimateSizeFactors: gene-specific factors from the average transcript lengths.
          const lengths = (quant.lengths as { values: ArrayLike<number> }).values;
          dds0.setNormalizationFactors(deseqNormFactorsFromLengths(counts.values, lengths, counts.nGenes, counts.nSamples));
          process.stderr.write("p53lab de: normalisation factors from the average transcript lengths (as DESeqDataSetFromTximport)\n");
        }
        const dds = await dds0.runAsync({ threads });
        if (o.test === "lrt") dds.nbinomLRT(o.reduced!);
        const resultsOptions = {
          contrast,
          alpha,
          lfcThreshold,
          independentFiltering: o.independentFiltering,
          cooksCutoff: o.cooks ? true : false,
        };
        let res = dds.results(resultsOptions);
        if (o.shrink === "normal") {
          res = lfcShrinkNormal(dds, { contrast: contrast ?? dds.resultsNames()[dds.resultsNames().length - 1], results: resultsOptions });
        } else if (o.shrink === "ashr") {
          res = lfcShrinkAshr(dds, { contrast, results: resultsOptions });
        } else if (o.shrink === "apeglm") {
          if (contrast && !dds.resultsNames().includes(`${contrast[0]}_${contrast[1]}_vs_${contrast[2]}`)) {
            throw new InputError("--shrink apeglm needs a contrast that is a coefficient (LEVEL against the reference level)", "p53lab de");
          }
          const coef = contrast ? `${contrast[0]}_${contrast[1]}_vs_${contrast[2]}` : dds.resultsNames()[dds.resultsNames().length - 1];
          res = lfcShrinkApeglm(dds, { coef });
        }
        writeFileSync(o.out, res.toTSV());
        if (o.sizeFactors) {
          writeFileSync(o.sizeFactors, Table.fromColumns({ sample: counts.samples, sizeFactor: dds.sizeFactors! }).toTSV());
        }
        if (o.dispersions) {
          const t = dds.dispersionTable();
          writeFileSync(
            o.dispersions,
            Table.fromColumns({
              gene_id: t.column("gene_id") as string[],
              dispGeneEst: t.column("dispGeneEst") as Float64Array,
              dispFit: t.column("dispFit") as Float64Array,
              dispMAP: t.column("dispMAP") as Float64Array,
              dispersion: t.column("dispersion") as Float64Array,
            }).toTSV(),
          );
        }
        const padj = res.column("padj") as Float64Array;
        const sig = padj.filter((v) => v < alpha).length;
        process.stderr.write(`p53lab de: ${res.metadata.contrast}: ${sig} genes at padj < ${alpha} of ${counts.nGenes}; wrote ${o.out}\n`);
        out(`${resolve(o.out)}\n`);
      },
    );

  addQpcrCommand(p, out);
  addSignatureCommand(p, out);
  addConvertCommand(p, out);

  p.command("simulate")
    .description("write a SIMULATED MDM2-inhibitor RNA-seq experiment (counts.tsv, samples.tsv, truth.tsv)")
    .requiredOption("--out <dir>", "output folder")
    .option("--seed <n>", "random seed", "53")
    .option("--genes <n>", "number of genes", "10000")
    .option("--replicates <n>", "replicates per condition", "3")
    .option("--drug <name>", "drug name", "Milademetan")
    .option("--doses <list>", "concentrations in µM, comma-separated", "1")
    .option("--times <list>", "time points in hours, comma-separated", "24")
    .action((o: { out: string; seed: string; genes: string; replicates: string; drug: string; doses: string; times: string }) => {
      let sim;
      try {
        sim = simulateMdm2Experiment({
          seed: integer(o.seed, "--seed"),
          nGenes: integer(o.genes, "--genes"),
          replicates: integer(o.replicates, "--replicates"),
          drug: o.drug,
          doses: numberList(o.doses, "--doses"),
          times: numberList(o.times, "--times"),
        });
      } catch (e) {
        if (e instanceof RangeError) throw new InputError(e.message, "p53lab simulate");
        throw e;
      }
      const dir = resolve(o.out);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "counts.tsv"), sim.counts.toTable().toTSV());
      writeFileSync(join(dir, "samples.tsv"), sim.samples.toTable().toTSV());
      writeFileSync(join(dir, "truth.tsv"), sim.truth.toTSV());
      writeFileSync(join(dir, "README.txt"), sim.description + "\n");
      out(`${dir}\n`);
    });
  return p;
}

/**
 * Run the command line; resolves to the exit code.
 *
 * @example
 * await main(["node", "p53lab", "datasets", "list"]); // 0
 */
export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isUserFacingError(e) || e instanceof NotebookCellError) {
      process.stderr.write(`p53lab: ${e.message}\n`);
      return 1;
    }
    if (process.env.P53LAB_DEBUG) throw e;
    process.stderr.write(`p53lab: internal error: ${(e as Error)?.message ?? String(e)} (set P53LAB_DEBUG=1 for details)\n`);
    return 70;
  }
}

if (require.main === module) {
  main(process.argv).then((code) => process.exit(code));
}
