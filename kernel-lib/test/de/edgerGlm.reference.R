# Reference values for kernel-lib/test/de/edgerGlm.test.ts (edgeR 3.40.2): glmFit + glmLRT (coefficient and
# contrast), glmQLFTest with a contrast, on HCT116+MCF7 filtered and TMM-normalised as run_ref.R does.
# Run: Rscript kernel-lib/test/de/edgerGlm.reference.R ../shared/data
args <- commandArgs(TRUE); data <- if (length(args)) args[1] else "../shared/data"
suppressMessages(library(edgeR))
ds <- file.path(data, "rnaseq", "andrysik2017_hct116_mcf7")
cts <- as.matrix(read.delim(file.path(ds, "counts.tsv"), row.names = 1, check.names = FALSE))
cd <- read.delim(file.path(ds, "samples.tsv"), stringsAsFactors = TRUE)
cd$condition <- relevel(cd$condition, ref = "dmso")
design <- model.matrix(~cell_line + condition, data = cd)
y <- DGEList(cts); keep <- filterByExpr(y, design = design); y <- calcNormFactors(y[keep, , keep.lib.sizes = FALSE])
y <- estimateDisp(y, design)
genes <- c("CDKN1A", "MDM2", "BBC3", "GDF15", "RERE")
f <- function(x) paste(sprintf("%.17g", x), collapse = ", ")
fit <- glmFit(y, design)
lrt <- glmLRT(fit, coef = 3)
cat(sprintf("const LRT = { logFC: [%s], LR: [%s], p: [%s], nSig: %d };\n", f(lrt$table[genes, "logFC"]), f(lrt$table[genes, "LR"]),
  f(lrt$table[genes, "PValue"]), sum(p.adjust(lrt$table$PValue, "BH") < 0.05)))
lrc <- glmLRT(fit, contrast = c(0, 1, -1))
cat(sprintf("const LRT_CONTRAST = { logFC: [%s], LR: [%s] };\n", f(lrc$table[genes, "logFC"]), f(lrc$table[genes, "LR"])))
qf <- glmQLFit(y, design)
qc <- glmQLFTest(qf, contrast = c(0, 1, -1))
cat(sprintf("const QL_CONTRAST = { F: [%s], p: [%s] };\n", f(qc$table[genes, "F"]), f(qc$table[genes, "PValue"])))
dt <- decideTests(glmQLFTest(qf, coef = 3))
cat(sprintf("const DECIDE = { up: %d, down: %d };\n", sum(dt == 1), sum(dt == -1)))
qr <- glmQLFit(y, design, robust = TRUE)
qrt <- glmQLFTest(qr, coef = 3)
cat(sprintf("const QL_ROBUST = { dfPrior: [%s], minDfPrior: %.17g, F: [%s], p: [%s], nSig: %d };\n", f(qr$df.prior[match(genes, rownames(qr))]), min(qr$df.prior),
  f(qrt$table[genes, "F"]), f(qrt$table[genes, "PValue"]), sum(p.adjust(qrt$table$PValue, "BH") < 0.05)))
yr <- estimateDisp(y, design, robust = TRUE)
cat(sprintf("const DISP_ROBUST = { minPriorDf: %.17g, maxPriorDf: %.17g, tagwise: [%s] };\n", min(yr$prior.df), max(yr$prior.df), f(yr$tagwise.dispersion[match(genes, rownames(yr))])))
