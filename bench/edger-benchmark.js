#!/usr/bin/env node
/**
 * edgeR / limma-voom benchmark: p53lab's `runEdgerMethod` against R's edgeR 3.40 and limma 3.54
 * on the same simulated counts, in one run. For each sample count and method it simulates an
 * MDM2-inhibitor experiment (half DMSO, half treated), then times, each in its own process
 * reading the same files, the whole workflow as the edgeR/limma guides run it: filterByExpr,
 * TMM, then
 *   edger-qlf:   estimateDisp(design) + glmQLFit + glmQLFTest
 *   edger-exact: estimateDisp (classic) + exactTest
 *   voom:        voom + lmFit + eBayes + topTable
 * Prints wall time (file reading included), peak resident memory (VmHWM), the ratios, and
 * how many genes are called differently at FDR < 0.05. Each side runs `--runs` times (default
 * 3), the two alternating, and the medians are compared (the range is printed beside them):
 * on a shared machine one run of either can be 20% off.
 *
 * Usage: node bench/edger-benchmark.js [--genes 60000] [--samples 8,24] [--methods edger-qlf,edger-exact,voom] [--threads N] [--runs 3] [--no-r]
 * Needs the built library (npm run build). Not a test: nothing here asserts a time.
 */
"use strict";
const { mkdtempSync, writeFileSync, readFileSync, rmSync } = require("fs");
const { tmpdir } = require("os");
const { join } = require("path");

const { opt, benchOptions, haveR, run } = require("./common");
const { genes, sampleCounts, threads, useR, lib } = benchOptions();
const methods = opt("methods", "edger-qlf,edger-exact,voom").split(",");
const runs = Math.max(1, Number(opt("runs", "3")));
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
/** "median (min-max)" of run times in seconds. */
const spread = (v) => (v.length === 1 ? v[0].toFixed(2) : `${median(v).toFixed(2)} (${Math.min(...v).toFixed(2)}-${Math.max(...v).toFixed(2)})`);

const P53LAB = `
const p53 = require(${JSON.stringify(lib)});
const fs = require("fs");
(async () => {
  const t0 = process.hrtime.bigint();
  const r = await p53.runEdgerMethodAsync(process.argv[1], process.argv[2], { method: process.argv[4], design: "~ condition", contrast: ["condition", "milademetan", "dmso"], threads: Number(process.argv[5]) });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.writeFileSync(process.argv[3], r.table.toTSV());
  const hwm = Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))[1]) / 1024;
  console.log(JSON.stringify({ seconds, peakMB: hwm }));
})();
`;

const R = `
args <- commandArgs(TRUE); method <- args[4]
suppressMessages({library(edgeR); library(limma)})
t <- system.time({
  cts <- as.matrix(read.delim(args[1], row.names = 1, check.names = FALSE))
  cd <- read.delim(args[2], row.names = 1)
  cd$condition <- relevel(factor(cd$condition), ref = "dmso")
  design <- model.matrix(~ condition, data = cd)
  y <- DGEList(cts, group = cd$condition)
  keep <- filterByExpr(y, design = design)
  y <- calcNormFactors(y[keep, , keep.lib.sizes = FALSE])
  if (method == "edger-qlf") {
    y <- estimateDisp(y, design); fit <- glmQLFit(y, design)
    tab <- topTags(glmQLFTest(fit, coef = 2), n = Inf, sort.by = "none")$table
  } else if (method == "edger-exact") {
    y <- estimateDisp(y); tab <- topTags(exactTest(y, pair = c("dmso", "milademetan")), n = Inf, sort.by = "none")$table
  } else {
    v <- voom(y, design); tab <- topTable(eBayes(lmFit(v, design)), coef = 2, n = Inf, sort.by = "none")
    names(tab)[names(tab) == "adj.P.Val"] <- "FDR"
  }
})
write.table(data.frame(gene_id = rownames(tab), tab), args[3], sep = "\\t", quote = FALSE, row.names = FALSE)
st <- readLines("/proc/self/status"); hwm <- as.numeric(sub("[^0-9]*([0-9]+).*", "\\\\1", st[grep("^VmHWM", st)])) / 1024
cat(sprintf('{"seconds": %.3f, "peakMB": %.1f}\\n', t[["elapsed"]], hwm))
`;

function calls(path) {
  const [h, ...rows] = readFileSync(path, "utf8").trim().split("\n").map((l) => l.split("\t"));
  const g = h.indexOf("gene_id");
  const f = h.indexOf("FDR") >= 0 ? h.indexOf("FDR") : h.indexOf("adj.P.Val");
  return new Map(rows.map((r) => [r[g], Number(r[f]) < 0.05]));
}

const p53 = require(lib);
const withR = haveR(useR, ["edgeR", "limma"]);
console.log(`edgeR/voom benchmark: ${genes} genes, threads ${threads}, median of ${runs} run(s)${withR ? ", R edgeR/limma present" : ", R not found (p53lab only)"}`);
console.log(["samples", "method", "p53lab_s", "R_s", "speedup", "p53lab_MB", "R_MB", "memory_ratio", "genes", "calls_differ"].join("\t"));
for (const n of sampleCounts) {
  const dir = mkdtempSync(join(tmpdir(), "p53lab-bench-"));
  const sim = p53.simulateMdm2Experiment({ nGenes: genes, replicates: n / 2, doses: [1], times: [24], seed: 53 });
  writeFileSync(join(dir, "counts.tsv"), sim.counts.toTable().toTSV());
  writeFileSync(join(dir, "samples.tsv"), sim.samples.toTable().toTSV());
  writeFileSync(join(dir, "run.R"), R);
  for (const m of methods) {
    const ours = [];
    const theirs = [];
    for (let i = 0; i < runs; i++) {
      ours.push(run(process.execPath, ["-e", P53LAB, join(dir, "counts.tsv"), join(dir, "samples.tsv"), join(dir, "p53lab.tsv"), m, String(threads)]));
      if (withR) theirs.push(run("Rscript", [join(dir, "run.R"), join(dir, "counts.tsv"), join(dir, "samples.tsv"), join(dir, "r.tsv"), m]));
    }
    const oursS = ours.map((o) => o.seconds);
    const oursMB = Math.max(...ours.map((o) => o.peakMB));
    let row = [n, m, spread(oursS), "-", "-", oursMB.toFixed(0), "-", "-", "-", "-"];
    if (withR) {
      const theirsS = theirs.map((o) => o.seconds);
      const theirsMB = Math.max(...theirs.map((o) => o.peakMB));
      const a = calls(join(dir, "p53lab.tsv"));
      const b = calls(join(dir, "r.tsv"));
      let differ = 0;
      for (const [g, s] of b) if (a.get(g) !== s) differ++;
      row = [n, m, spread(oursS), spread(theirsS), (median(theirsS) / median(oursS)).toFixed(1) + "x", oursMB.toFixed(0), theirsMB.toFixed(0), (oursMB / theirsMB).toFixed(2), b.size, differ];
    }
    console.log(row.join("\t"));
  }
  rmSync(dir, { recursive: true, force: true });
}
