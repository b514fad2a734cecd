# Reference values for kernel-lib/test/de/rlog.test.ts: DESeq2 1.38.3 rlog(blind = TRUE) on the HCT116 counts.
# Run: Rscript kernel-lib/test/de/rlog.reference.R ../shared/data
args <- commandArgs(TRUE); data <- if (length(args)) args[1] else "../shared/data"
suppressMessages(library(DESeq2))
d <- file.path(data, "rnaseq/andrysik2017_hct116")
cts <- as.matrix(read.delim(file.path(d, "counts.tsv"), row.names = 1, check.names = FALSE))
cd <- read.delim(file.path(d, "samples.tsv"), row.names = 1)
dds <- DESeqDataSetFromMatrix(cts, cd, ~ 1)
r <- rlog(dds, blind = TRUE)
cat(sprintf("betaPriorVar %.17g\n", attr(r, "betaPriorVar")))
genes <- c("CDKN1A", "MDM2", "BBC3", "GDF15", "GAPDH", "E2F2", "PKP1", "C1orf141", "HSD11B1", "TP53")
for (g in genes) cat(sprintf('["%s", %s],\n', g, paste(sprintf("%.17g", assay(r)[g, ]), collapse = ", ")))
