# Reference values for kernel-lib/test/de/normFactors.test.ts: DESeq2 1.38.3 with gene-specific normalisation
# factors on the HCT116 counts: nf[g, j] = sizeFactor[j] * length[g] / geometric mean of lengths (lengths from
# the HCT116+MCF7 folder; same genes in the same order).
# Run: Rscript kernel-lib/test/de/normFactors.reference.R ../shared/data
args <- commandArgs(TRUE); data <- if (length(args)) args[1] else "../shared/data"
suppressMessages(library(DESeq2))
d <- file.path(data, "rnaseq/andrysik2017_hct116")
cts <- as.matrix(read.delim(file.path(d, "counts.tsv"), row.names = 1, check.names = FALSE))
cd <- read.delim(file.path(d, "samples.tsv"), row.names = 1); cd$condition <- relevel(factor(cd$condition), ref = "dmso")
len <- read.delim(file.path(data, "rnaseq/andrysik2017_hct116_mcf7/gene_lengths.tsv"))$length
dds <- estimateSizeFactors(DESeqDataSetFromMatrix(cts, cd, ~ condition))
nf <- outer(len / exp(mean(log(len))), sizeFactors(dds))
normalizationFactors(dds) <- nf
dds <- DESeq(dds, quiet = TRUE)
res <- results(dds, alpha = 0.05)
cat(sprintf("nSig %d\n", sum(res$padj < 0.05, na.rm = TRUE)))
for (g in c("CDKN1A", "MDM2", "BBC3", "GDF15", "GAPDH", "E2F2", "PKP1", "TP53"))
  cat(sprintf('["%s", %.17g, %.17g, %.17g, %.17g, %.17g],\n', g, res[g, "baseMean"], mcols(dds)[g, "dispersion"], res[g, "log2FoldChange"], res[g, "lfcSE"], res[g, "pvalue"]))
