#!/usr/bin/env node
/**
 * DE benchmark: p53lab's DESeq2 method against R's DESeq2 on the same simulated counts,
 * in one run. For each sample count it simulates an MDM2-inhibitor experiment (half DMSO,
 * half treated), then times p53lab (`DESeqDataSet.runAsync` + `results`) and, when
 * `Rscript` with DESeq2 is installed, R's `DESeq()` + `results()`; each in its own process,
 * reading the same files. Prints wall time of the analysis (file reading included), peak
 * resident memory (VmHWM), the ratios, and how far the two agree.
 *
 * Usage: node bench/de-benchmark.js [--genes 60000] [--samples 8,24] [--threads N] [--no-r]
 * Needs the built library (npm run build). Not a test: nothing here asserts a time.
 */
"use strict";
const { mkdtempSync, writeFileSync, readFileSync, rmSync } = require("fs");
const { tmpdir } = require("os");
const { join } = require("path");

const { benchOptions, haveR, run } = require("./common");
const { genes, sampleCounts, threads, useR, lib } = benchOptions();

const P53LAB = `
const p53 = require(${JSON.stringify(lib)});
const { DESeqDataSet } = require(${JSON.stringify(join(lib, "dist", "de"))});
const fs = require("fs");
(async () => {
  const t0 = process.hrtime.bigint();
  const counts = p53.readCounts(process.argv[1]);
  const samples = p53.readSamples(process.argv[2]);
  const dds = await new DESeqDataSet(counts, samples, { design: "~ condition", reference: { condition: "dmso" } }).runAsync({ threads: Number(process.argv[4]) });
  const res = dds.results({ contrast: ["condition", "milademetan", "dmso"], alpha: 0.05 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.writeFileSync(process.argv[3], res.toTSV());
  const hwm = Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))[1]) / 1024;
  console.log(JSON.stringify({ seconds, peakMB: hwm }));
})();
`;

const R = `
args <- commandArgs(TRUE)
suppressMessages(library(DESeq2))
t <- system.time({
  cts <- as.matrix(read.delim(args[1], row.names = 1, check.names = FALSE))
  cd <- read.delim(args[2], row.names = 1)
  cd$condition <- relevel(factor(cd$condition), ref = "dmso")
  dds <- DESeqDataSetFromMatrix(cts, cd, ~ condition)
  dds <- DESeq(dds, quiet = TRUE)
  res <- results(dds, contrast = c("condition", "milademetan", "dmso"), alpha = 0.05)
})
write.table(data.frame(gene_id = rownames(res), as.data.frame(res)), args[3], sep = "\\t", quote = FALSE, row.names = FALSE)
st <- readLines("/proc/self/status"); hwm <- as.numeric(sub("[^0-9]*([0-9]+).*", "\\\\1", st[grep("^VmHWM", st)])) / 1024
cat(sprintf('{"seconds": %.3f, "peakMB": %.1f}\\n', t[["elapsed"]], hwm))
`;

function readRes(path) {
  const [h, ...rows] = readFileSync(path, "utf8").trim().split("\n").map((l) => l.split("\t"));
  const lfc = h.indexOf("log2FoldChange"), padj = h.indexOf("padj");
  return rows.map((r) => ({ lfc: r[lfc] === "NA" ? NaN : Number(r[lfc]), padj: r[padj] === "NA" ? NaN : Number(r[padj]) }));
}

const p53 = require(lib);
const withR = haveR(useR, ["DESeq2"]);
console.log(`DE benchmark: ${genes} genes, threads ${threads}, node ${process.version}${withR ? ", R DESeq2 present" : ", R DESeq2 not found (p53lab only)"}`);
console.log(["samples", "p53lab_s", "R_s", "speedup", "p53lab_MB", "R_MB", "memory_ratio", "calls_differ", "lfc_within_1e-4"].join("\t"));
for (const n of sampleCounts) {
  const dir = mkdtempSync(join(tmpdir(), "p53lab-bench-"));
  const sim = p53.simulateMdm2Experiment({ nGenes: genes, replicates: n / 2, doses: [1], times: [24], seed: 53 });
  writeFileSync(join(dir, "counts.tsv"), sim.counts.toTable().toTSV());
  writeFileSync(join(dir, "samples.tsv"), sim.samples.toTable().toTSV());
  const ours = run(process.execPath, ["-e", P53LAB, join(dir, "counts.tsv"), join(dir, "samples.tsv"), join(dir, "p53lab.tsv"), String(threads)]);
  let row = [n, ours.seconds.toFixed(2), "-", "-", ours.peakMB.toFixed(0), "-", "-", "-", "-"];
  if (withR) {
    writeFileSync(join(dir, "run.R"), R);
    const r = run("Rscript", [join(dir, "run.R"), join(dir, "counts.tsv"), join(dir, "samples.tsv"), join(dir, "r.tsv")]);
    const a = readRes(join(dir, "p53lab.tsv")), b = readRes(join(dir, "r.tsv"));
    let differ = 0, close = 0, total = 0;
    a.forEach((x, i) => {
      if ((x.padj < 0.05) !== (b[i].padj < 0.05)) differ++;
      if (!Number.isNaN(b[i].lfc)) {
        total++;
        if (Math.abs(x.lfc - b[i].lfc) <= 1e-4 * Math.abs(b[i].lfc) || Math.abs(x.lfc - b[i].lfc) < 1e-6) close++;
      }
    });
    row = [n, ours.seconds.toFixed(2), r.seconds.toFixed(2), (r.seconds / ours.seconds).toFixed(1) + "x", ours.peakMB.toFixed(0), r.peakMB.toFixed(0),
      (ours.peakMB / r.peakMB).toFixed(2), differ, (close / total).toFixed(5)];
  }
  console.log(row.join("\t"));
  rmSync(dir, { recursive: true, force: true });
}
