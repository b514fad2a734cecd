#!/usr/bin/env Rscript
# Reference outputs of R DESeq2 1.38.3 with observation weights (assays(dds)[["weights"]]),
# for kernel-lib/test/de/weights.parity.test.ts.
#
# Run from the repository root (counts are read in place, nothing is copied):
#   Rscript kernel-lib/test/de/reference/weights/make_reference.R /work/shared/data/rnaseq
#
# Two cases:
#  1. hct116: the Andrysik 2017 HCT116 counts (~ condition, 2 vs 2) with the deterministic
#     weights of hct116Weights() below (the test builds the same matrix in TypeScript).
#  2. sim16: a small simulated data set (8 vs 8, so that Cook's distances are recorded and
#     outliers are replaced, minReplicatesForReplace = 7), with injected outlier counts and
#     weights; its counts and weights are written here (sim16_counts.tsv.gz,
#     sim16_weights.tsv.gz) because they are constructed by this script.
# Outputs are gzipped TSVs with only the columns the test reads; numbers as write.table
# prints them (15 significant digits).
args <- commandArgs(TRUE)
dataDir <- if (length(args) >= 1) args[1] else "/work/shared/data/rnaseq"
out <- "kernel-lib/test/de/reference/weights"
stopifnot(dir.exists(out))
suppressMessages(library(DESeq2))
stopifnot(packageVersion("DESeq2") == "1.38.3")

wr <- function(df, f) {
  for (i in seq_along(df)) if (is.double(df[[i]])) df[[i]] <- signif(df[[i]], 10)
  con <- gzfile(file.path(out, f), "w")
  write.table(df, con, sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
  close(con)
}

# Weights for gene g (1-based) and sample j (1-based) of an m-sample data set. Later rules
# win. The same function is written in the test (hct116Weights).
weightOf <- function(g, j, m) {
  w <- 1
  if (g %% 7 == 0 && j == (g %/% 7) %% m + 1) w <- 0.1            # one sample down-weighted
  if (g %% 11 == 0 && j == (g %/% 11) %% m + 1) w <- 0             # one sample dropped
  if (g %% 13 == 0) w <- 0.5                                        # all samples 0.5 (row max < 1)
  if (g %% 17 == 0) w <- 0.3 + 0.7 * ((g * j) %% 10) / 9           # smoothly varying
  if (g %% 53 == 0 && j == (g %/% 53) %% m + 1) w <- 0.005         # below weightThreshold
  w
}
# A gene whose counts all sit in zero-weight samples has a weighted mean of 0, where
# DESeq2 stops (NA moments estimate); such genes keep unit weights.
weightsFor <- function(k) {
  n <- nrow(k); m <- ncol(k)
  w <- matrix(0, n, m)
  for (g in seq_len(n)) for (j in seq_len(m)) w[g, j] <- weightOf(g, j, m)
  dead <- rowSums(w * k) == 0 & rowSums(k) > 0
  w[dead, ] <- 1
  w
}

tables <- function(dds, res, resLRT, prefix) {
  mc <- mcols(dds)
  df <- dispersionFunction(dds)
  wr(data.frame(key = c(names(attr(df, "coefficients")), "dispPriorVar", "varLogDispEsts"),
                value = c(attr(df, "coefficients"), attr(df, "dispPriorVar"), attr(df, "varLogDispEsts"))),
     paste0(prefix, "_dispersion_function.tsv.gz"))
  wf <- if (is.null(mc$weightsFail)) rep(FALSE, nrow(dds)) else mc$weightsFail
  wr(data.frame(gene_id = rownames(dds), baseMean = mc$baseMean, allZero = mc$allZero, weightsFail = wf,
                dispGeneEst = mc$dispGeneEst, dispFit = mc$dispFit, dispMAP = mc$dispMAP,
                dispersion = mc$dispersion, dispOutlier = mc$dispOutlier, maxCooks = mc$maxCooks,
                replace = if (is.null(mc$replace)) NA else mc$replace,
                log2FoldChange = res$log2FoldChange, lfcSE = res$lfcSE, stat = res$stat,
                pvalue = res$pvalue, padj = res$padj,
                lrtStat = resLRT$stat, lrtPvalue = resLRT$pvalue, lrtPadj = resLRT$padj),
     paste0(prefix, "_results.tsv.gz"))
}

## ---- 1. HCT116, ~ condition ----
rd <- function(f) read.delim(f, check.names = FALSE, stringsAsFactors = FALSE)
cts <- rd(file.path(dataDir, "andrysik2017_hct116", "counts.tsv")); genes <- cts[[1]]
cts <- as.matrix(cts[, -1]); rownames(cts) <- genes; storage.mode(cts) <- "integer"
cd <- rd(file.path(dataDir, "andrysik2017_hct116", "samples.tsv")); rownames(cd) <- cd$sample
stopifnot(identical(colnames(cts), cd$sample))
cd$condition <- relevel(factor(cd$condition), ref = "dmso")
# Both reference (dmso) samples below the threshold: the samples left cannot separate the
# intercept from the condition effect (weightsFail, treated as all zero).
w <- weightsFor(cts)
grp <- which(cd$condition == "dmso")
for (g in seq_len(nrow(cts))) if (g %% 101 == 0) w[g, grp] <- 0.005
dds <- DESeqDataSetFromMatrix(cts, cd, ~ condition)
assays(dds, withDimnames = FALSE)[["weights"]] <- w
dds <- suppressWarnings(DESeq(dds, quiet = TRUE))
res <- results(dds, contrast = c("condition", "nutlin", "dmso"), alpha = 0.05)
ddsL <- suppressWarnings(DESeq(dds, test = "LRT", reduced = ~ 1, quiet = TRUE))
resL <- results(ddsL, alpha = 0.05)
tables(dds, res, resL, "hct116")
wr(data.frame(key = c("filterThreshold", "nSig_padj_lt_0.05", "nWeightsFail"),
              value = c(unname(metadata(res)$filterThreshold), sum(res$padj < 0.05, na.rm = TRUE),
                        sum(mcols(dds)$weightsFail))), "hct116_metadata.tsv.gz")

## ---- 2. sim16: 8 vs 8 with outliers (Cook's distances, replacement and refit) ----
set.seed(53)
sim <- makeExampleDESeqDataSet(n = 1500, m = 16, betaSD = 1, interceptMean = 6, dispMeanRel = function(x) 4 / x + 0.1)
k <- counts(sim)
# outliers: one count per affected gene multiplied by 20 (plus 50)
for (g in seq(5, nrow(k), by = 9)) { j <- (g %% 16) + 1; k[g, j] <- k[g, j] * 20L + 50L }
rownames(k) <- sprintf("g%04d", seq_len(nrow(k))); colnames(k) <- sprintf("s%02d", seq_len(ncol(k)))
cd2 <- data.frame(sample = colnames(k), condition = rep(c("A", "B"), each = 8))
rownames(cd2) <- cd2$sample
cd2$condition <- factor(cd2$condition)
w2 <- weightsFor(k)
# down-weight the injected outlier in a third of the affected genes
for (g in seq(5, nrow(k), by = 27)) w2[g, (g %% 16) + 1] <- 0.05
dimnames(w2) <- dimnames(k)
wr(data.frame(gene_id = rownames(k), k, check.names = FALSE), "sim16_counts.tsv.gz")
wr(data.frame(gene_id = rownames(k), w2, check.names = FALSE), "sim16_weights.tsv.gz")
dds2 <- DESeqDataSetFromMatrix(k, cd2, ~ condition)
assays(dds2, withDimnames = FALSE)[["weights"]] <- w2
dds2 <- suppressWarnings(DESeq(dds2, quiet = TRUE))
res2 <- results(dds2, contrast = c("condition", "B", "A"), alpha = 0.05)
dds2L <- suppressWarnings(DESeq(dds2, test = "LRT", reduced = ~ 1, quiet = TRUE))
res2L <- results(dds2L, alpha = 0.05)
tables(dds2, res2, res2L, "sim16")
cooks <- assays(dds2)[["cooks"]]
wr(data.frame(gene_id = rownames(k), cooks, check.names = FALSE), "sim16_cooks.tsv.gz")
cat("weightsFail (hct116):", sum(mcols(dds)$weightsFail), " replaced (sim16):", sum(mcols(dds2)$replace, na.rm = TRUE), "\n")
