# Reference values for kernel-lib/test/de/results.test.ts: DESeq2 1.38.3 (Debian r-bioc-deseq2) on the HCT116
# Nutlin-3a counts. Run from the repository root: Rscript kernel-lib/test/de/results.reference.R ../shared/data
args <- commandArgs(TRUE); data <- if (length(args)) args[1] else "../shared/data"
suppressMessages(library(DESeq2))
d <- file.path(data, "rnaseq/andrysik2017_hct116")
cts <- as.matrix(read.delim(file.path(d, "counts.tsv"), row.names = 1, check.names = FALSE))
cd <- read.delim(file.path(d, "samples.tsv"), row.names = 1)
cd$condition <- relevel(factor(cd$condition), ref = "dmso")
dds <- DESeq(DESeqDataSetFromMatrix(cts, cd, ~ condition), quiet = TRUE)
genes <- c("CDKN1A", "MDM2", "BBC3", "GDF15", "TP53I3", "GAPDH", "E2F2", "ACTB")
show <- function(label, res) {
  for (g in genes) cat(sprintf('["%s", "%s", %.17g, %.17g, %.17g],\n', label, g, res[g, "log2FoldChange"], res[g, "stat"], res[g, "pvalue"]))
}
show("reversed", results(dds, contrast = c("condition", "dmso", "nutlin")))
for (alt in c("greaterAbs", "lessAbs", "greater", "less")) show(paste0("lfc1_", alt), results(dds, lfcThreshold = 1, altHypothesis = alt))
show("numeric", results(dds, contrast = c(0, 1)))
