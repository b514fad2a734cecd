# Reference values for kernel-lib/test/de/contrasts.test.ts (DESeq2 1.38.3, HCT116 + MCF7 counts).
# Run: Rscript kernel-lib/test/de/contrasts.reference.R ../shared/data
suppressMessages(library(DESeq2))
d <- file.path(commandArgs(TRUE)[1], "rnaseq/andrysik2017_hct116_mcf7")
cts <- as.matrix(read.delim(file.path(d, "counts.tsv"), row.names = 1, check.names = FALSE))
cd <- read.delim(file.path(d, "samples.tsv"), row.names = 1); cd$condition <- relevel(factor(cd$condition), ref = "dmso"); cd$cell_line <- factor(cd$cell_line)
dds <- DESeq(DESeqDataSetFromMatrix(cts, cd, ~ cell_line + condition), quiet = TRUE)
genes <- c("CDKN1A", "MDM2", "BBC3", "GDF15", "GAPDH", "E2F2")
r <- results(dds, contrast = list("condition_nutlin_vs_dmso", "cell_line_mcf7_vs_hct116"))
for (g in genes) cat(sprintf('["list", "%s", %.17g, %.17g, %.17g],\n', g, r[g, "log2FoldChange"], r[g, "stat"], r[g, "pvalue"]))
r <- results(dds, contrast = list("condition_nutlin_vs_dmso", "cell_line_mcf7_vs_hct116"), listValues = c(0.5, -0.5))
for (g in genes) cat(sprintf('["list_half", "%s", %.17g, %.17g, %.17g],\n', g, r[g, "log2FoldChange"], r[g, "stat"], r[g, "pvalue"]))
r <- results(dds, name = "cell_line_mcf7_vs_hct116")
for (g in genes) cat(sprintf('["name_cell_line", "%s", %.17g, %.17g, %.17g],\n', g, r[g, "log2FoldChange"], r[g, "stat"], r[g, "pvalue"]))
