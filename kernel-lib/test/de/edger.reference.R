# Reference values for kernel-lib/test/de/edger.test.ts (edgeR 3.40.2): calcNormFactors methods not stored in
# ../shared/reference. Run: Rscript kernel-lib/test/de/edger.reference.R ../shared/data
args <- commandArgs(TRUE); data <- if (length(args)) args[1] else "../shared/data"
suppressMessages(library(edgeR))
for (ds in c("andrysik2017_hct116", "andrysik2017_hct116_mcf7")) {
  cts <- as.matrix(read.delim(file.path(data, "rnaseq", ds, "counts.tsv"), row.names = 1, check.names = FALSE))
  for (m in c("TMMwsp", "RLE", "upperquartile"))
    cat(sprintf('["%s", "%s", [%s]],\n', ds, m, paste(sprintf("%.17g", calcNormFactors(cts, method = m)), collapse = ", ")))
}
# cpm(log = TRUE) with TMM factors (prior 2), and with plain library sizes (prior 0.5):
cts <- as.matrix(read.delim(file.path(data, "rnaseq/andrysik2017_hct116/counts.tsv"), row.names = 1, check.names = FALSE))
y <- calcNormFactors(DGEList(cts))
cat(sprintf("%.17g", t(cpm(y, log = TRUE)[c("CDKN1A", "PKP1", "C1orf141"), ])), sep = ", "); cat("\n")
cat(sprintf("%.17g", t(cpm(cts, log = TRUE, prior.count = 0.5)[c("CDKN1A", "PKP1"), ])), sep = ", "); cat("\n")
