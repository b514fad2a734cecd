# Reference values for kernel-lib/test/de/limma.test.ts (limma 3.54, edgeR 3.40): eBayes with trend, treat,
# contrasts.fit on a non-orthogonal design, on the HCT116+MCF7 data filtered and TMM-normalised as run_ref.R does.
# Run: Rscript kernel-lib/test/de/limma.reference.R ../shared/data
args <- commandArgs(TRUE); data <- if (length(args)) args[1] else "../shared/data"
suppressMessages({library(edgeR); library(limma)})
ds <- file.path(data, "rnaseq", "andrysik2017_hct116_mcf7")
cts <- as.matrix(read.delim(file.path(ds, "counts.tsv"), row.names = 1, check.names = FALSE))
cd <- read.delim(file.path(ds, "samples.tsv"), stringsAsFactors = TRUE)
cd$condition <- relevel(cd$condition, ref = "dmso")
design <- model.matrix(~cell_line + condition, data = cd)
y <- DGEList(cts); keep <- filterByExpr(y, design = design); y <- calcNormFactors(y[keep, , keep.lib.sizes = FALSE])
v <- voom(y, design); fit <- lmFit(v, design)
genes <- c("CDKN1A", "MDM2", "BBC3", "GDF15", "RERE")
f <- function(x) paste(sprintf("%.17g", x), collapse = ", ")
tr <- eBayes(fit, trend = TRUE)
cat("// eBayes(trend = TRUE): df.prior, s2.prior of genes, t, B of coef 3 for genes\n")
cat(sprintf("const TREND = { dfPrior: %.17g, s2Prior: [%s], t: [%s], B: [%s] };\n", tr$df.prior, f(tr$s2.prior[match(genes, rownames(fit))]),
  f(tr$t[genes, 3]), f(tr$lods[genes, 3])))
tt <- treat(fit, lfc = 1)
tp <- topTreat(tt, coef = 3, n = Inf, sort.by = "none")
cat(sprintf("const TREAT = { t: [%s], p: [%s], nSig: %d };\n", f(tp[genes, "t"]), f(tp[genes, "P.Value"]), sum(tp$adj.P.Val < 0.05)))
cf <- eBayes(contrasts.fit(fit, cbind(a = c(0, 1, -1), b = c(0, 0.5, 2))))
cat(sprintf("const CONTRAST = { coef: [%s], se: [%s], p: [%s] };\n", f(t(cf$coefficients[genes, ])), f(t(cf$stdev.unscaled[genes, ])), f(t(cf$p.value[genes, ]))))
rb <- eBayes(fit, robust = TRUE)
cat(sprintf("const ROBUST = { dfPrior: [%s], s2Prior: %.17g, t: [%s], p: [%s], B: [%s], nSig: %d };\n", f(rb$df.prior[match(genes, rownames(fit))]), rb$s2.prior,
  f(rb$t[genes, 3]), f(rb$p.value[genes, 3]), f(rb$lods[genes, 3]), sum(p.adjust(rb$p.value[, 3], "BH") < 0.05)))
rt <- eBayes(fit, robust = TRUE, trend = TRUE)
cat(sprintf("const ROBUST_TREND = { minDfPrior: %.17g, s2Prior: [%s], t: [%s] };\n", min(rt$df.prior), f(rt$s2.prior[match(genes, rownames(fit))]), f(rt$t[genes, 3])))
