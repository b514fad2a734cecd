# Reference values for kernel-lib/test/de/smallDf.test.ts: DESeq2 1.38.3 on the MCF7 samples alone (2 vs 2,
# residual df 2, so DESeq2 estimates the dispersion prior variance by simulation).
# Run: Rscript kernel-lib/test/de/smallDf.reference.R ../shared/data
args <- commandArgs(TRUE); data <- if (length(args)) args[1] else "../shared/data"
suppressMessages(library(DESeq2))
d <- file.path(data, "rnaseq/andrysik2017_hct116_mcf7")
cts <- as.matrix(read.delim(file.path(d, "counts.tsv"), row.names = 1, check.names = FALSE))
cd <- read.delim(file.path(d, "samples.tsv"), row.names = 1); cd$condition <- relevel(factor(cd$condition), ref = "dmso")
sub <- cd$cell_line == "mcf7"
dds <- DESeq(DESeqDataSetFromMatrix(cts[, sub], cd[sub, ], ~ condition), quiet = TRUE)
res <- results(dds, alpha = 0.05)
cat(sprintf("dispPriorVar %.17g nSig %d\n", attr(dispersionFunction(dds), "dispPriorVar"), sum(res$padj < 0.05, na.rm = TRUE)))
for (g in c("CDKN1A", "MDM2", "BBC3", "GDF15", "TP53I3", "GAPDH", "E2F2", "SESN1"))
  cat(sprintf('["%s", %.17g, %.17g, %.17g, %.17g],\n', g, mcols(dds)[g, "dispersion"], res[g, "log2FoldChange"], res[g, "lfcSE"], res[g, "pvalue"]))
