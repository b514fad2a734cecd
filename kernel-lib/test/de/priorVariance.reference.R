# Reference values for
#   kernel-lib/test/stats/rrandom.test.ts   (R's random number generators, qnorm, log, exp)
#   kernel-lib/test/stats/loess.test.ts     (loess fits and predictions)
#   kernel-lib/test/de/priorVariance.test.ts (DESeq2's simulated dispersion prior variance)
# Run:  Rscript kernel-lib/test/de/priorVariance.reference.R ../shared/data
# (R 4.2.2 Patched (2022-11-10 r83330), DESeq2 1.38.3, Debian 12, reference BLAS 3.11, glibc 2.36;
#  every number is printed with 17 significant digits, NA as NaN.)
# The shared data folder is only needed for the last section (MCF7 samples); nothing is copied from it.
suppressMessages(library(DESeq2))
fmt <- function(v) paste0("[", paste(ifelse(is.na(v), "NaN", sprintf("%.17g", v)), collapse = ", "), "]")
say <- function(name, v) cat(name, ": ", fmt(v), "\n", sep = "")
stopifnot(RNGkind()[1:2] == c("Mersenne-Twister", "Inversion"))

## ---------------------------------------------------------------- rrandom.test.ts
cat("### rrandom\n")
set.seed(2)
say("runif20", runif(20))
say("rnorm20", rnorm(20))
say("rchisq1", rchisq(20, 1))
say("rchisq2", rchisq(20, 2))
say("rchisq3", rchisq(20, 3))
say("rexp20", rexp(20))
g <- numeric(0); for (i in 1:10) for (sh in c(0.5, 1, 1.5, 3)) g <- c(g, rgamma(1, sh))
say("rgammaInterleaved", g)               # shapes 0.5, 1, 1.5, 3 repeated 10 times
say("rgamma20scale", rgamma(5, 20, scale = 0.5))
say("rnormSd0", rnorm(3, 5, 0))           # sd = 0 returns the mean without drawing ...
say("afterSd0", runif(2))                 # ... so these are the next two uniforms
say("rnormMeanSd", rnorm(4, 10, 3))
say("runifAB", runif(3, -2, 5))
say("rexpRate", rexp(3, 4))
set.seed(-7); say("seedMinus7", runif(3))
set.seed(123456789); say("seed123456789", runif(3))
set.seed(1); u <- runif(700); say("runifTwist", u[620:630])   # across the regeneration of the 624 words
set.seed(2); x <- rchisq(100000, 1); say("rchisq1Long", x[c(1, 777, 50000, 100000)])
y <- rnorm(100000); say("rnormLong", y[c(1, 777, 50000, 100000)])
p <- c(1e-300, 1e-100, 1e-20, 1e-12, 1e-10, 1e-5, 0.01, 0.074, 0.075, 0.0751, 0.3, 0.5, 0.7, 0.925, 0.99, 1 - 1e-10, 1 - 1e-12)
say("qnormP", qnorm(p))
say("qnormUpper", qnorm(p, lower.tail = FALSE))
say("qnormLog", qnorm(c(-1e6, -1e5, -700, -30, -2, -0.5, -1e-3, -1e-20), log.p = TRUE))
say("qnormLogUpper", qnorm(c(-1e6, -700, -2, -1e-3), lower.tail = FALSE, log.p = TRUE))
say("qnormMuSigma", qnorm(c(0.3, 0.999), 2, 3))
say("qnormEdge", suppressWarnings(qnorm(c(0, 1, -0.1, 1.1, NaN))))
xs <- c(5e-324, 1e-300, 1e-10, 0.1, 0.5, 0.999999, 1, 1.000001, 2, 10, 1e10, 1e300)
say("logX", log(xs))
es <- c(-700, -20, -1, -1e-10, 0, 1e-10, 0.5, 1, 20, 700)
say("expX", exp(es))

## ---------------------------------------------------------------- loess.test.ts
cat("### loess\n")
show <- function(name, fit, newx, fitted = TRUE) {
  if (fitted) say(paste0(name, "_fitted"), fitted(fit))
  say(paste0(name, "_pred"), predict(fit, newx))
}
set.seed(1); x <- (1:50) / 10; y <- x * (5 - x) / 4 + rnorm(50, 0, 0.1)
show("smooth", loess(y ~ x, span = 0.3), seq(0.1, 5, length = 37))
set.seed(2); x <- seq(0, 10, length = 100); y <- (x - 5)^2 / 10 + rnorm(100)
show("noisy_d2", loess(y ~ x, span = 0.5), seq(0, 10, length = 41), FALSE)
show("noisy_d1", loess(y ~ x, span = 0.4, degree = 1), seq(0, 10, length = 41), FALSE)
show("noisy_d0", loess(y ~ x, span = 0.3, degree = 0), seq(0, 10, length = 41), FALSE)
set.seed(3); x <- rep(c(3, 1, 2, 2, 5, 5, 5, 6, 8, 9, 4, 4), 3); y <- x / 3 + rnorm(36, 0, 0.5)
show("ties", suppressWarnings(loess(y ~ x, span = 0.5)), seq(1, 9, length = 33))   # pseudoinverse used
set.seed(4); x <- seq(0, 8, length = 200); y <- 0.05 * (x - 1.3)^2 + rnorm(200, 0, 0.02)
fit <- loess(y ~ x, span = 0.2)
say("grid200_fitted10", fitted(fit)[seq(1, 200, by = 10)])
say("grid200_pred", predict(fit, seq(0, 8, length = 1000)[seq(1, 1000, by = 25)]))
set.seed(5); x <- runif(57, 0, 20); y <- x / 10 + rnorm(57, 0, 0.3)
show("uneq57", loess(y ~ x, span = 0.3), seq(0.5, 19.5, length = 29))
set.seed(6); x <- (1:30)^2 / 30; y <- sqrt(x) + rnorm(30, 0, 0.2)
show("default", loess(y ~ x), c(-1, 0.04, 1:29, 31))
set.seed(7); x <- 1:40; y <- rnorm(40); w <- runif(40)
show("weights", loess(y ~ x, weights = w, span = 0.5), c(1.5, 10.25, 20, 33.3, 39.9))

## ---------------------------------------------------------------- priorVariance.test.ts
cat("### priorVariance\n")
# The body of DESeq2:::estimateDispersionsPriorVar for m - p <= 3, returning its intermediates.
simulate <- function(dispResiduals, df) {
  set.seed(2)
  obsDist <- dispResiduals
  brks <- -20:20/2
  obsDist <- obsDist[obsDist > min(brks) & obsDist < max(brks)]
  obsVarGrid <- seq(from = 0, to = 8, length = 200)
  obsDistHist <- hist(obsDist, breaks = brks, plot = FALSE)
  klDivs <- sapply(obsVarGrid, function(x) {
    randDist <- log(rchisq(10000, df = df)) + rnorm(10000, 0, sqrt(x)) - log(df)
    randDist <- randDist[randDist > min(brks) & randDist < max(brks)]
    randDistHist <- hist(randDist, breaks = brks, plot = FALSE)
    z <- c(obsDistHist$density, randDistHist$density)
    small <- min(z[z > 0])
    sum(obsDistHist$density * (log(obsDistHist$density + small) - log(randDistHist$density + small)))
  })
  lofit <- loess(klDivs ~ obsVarGrid, span = 0.2)
  obsVarFineGrid <- seq(from = 0, to = 8, length = 1000)
  lofitFitted <- predict(lofit, obsVarFineGrid)
  list(counts = obsDistHist$counts, klDivs = klDivs, fitted = lofitFitted,
       pv = pmax(obsVarFineGrid[which.min(lofitFitted)], 0.25))
}
# DESeq2's own function on a data set whose residuals are `res` (dispFit = 1, dispGeneEst = exp(res)).
viaDESeq2 <- function(res, m) {
  dds <- suppressWarnings(DESeqDataSetFromMatrix(matrix(1L, nrow = length(res), ncol = m),
    data.frame(x = factor(rep(c("a", "b"), length = m))), ~x))
  sizeFactors(dds) <- rep(1, m)
  mcols(dds)$allZero <- FALSE
  mcols(dds)$dispGeneEst <- exp(res)
  mcols(dds)$dispFit <- 1
  f <- function(q) rep(1, length(q)); attr(f, "varLogDispEsts") <- var(res)
  dispersionFunction(dds, estimateVar = FALSE) <- f
  DESeq2:::estimateDispersionsPriorVar(dds, modelMatrix = model.matrix(~x, as.data.frame(colData(dds))))
}
at <- c(1, 2, 50, 100, 150, 200)         # grid points of klDivs reported
atFine <- c(1, 137, 500, 999, 1000)      # fine-grid points of the loess fit reported
# residuals log(chisq_df / df) + N(0, v), plus three values outside (-10, 10)
for (cfg in list(c(1, 5000, 0.7, 11), c(2, 5000, 1.1, 12), c(3, 20000, 0.4, 13), c(2, 20000, 2.5, 14))) {
  df <- cfg[1]; n <- cfg[2]; v <- cfg[3]
  set.seed(cfg[4])
  res <- c(log(rchisq(n, df) / df) + rnorm(n, 0, sqrt(v)), -12, 10, 15)
  r <- simulate(res, df)
  name <- sprintf("sim_df%d_n%d", df, n)
  say(paste0(name, "_pv"), c(r$pv, viaDESeq2(res, df + 2)))
  say(paste0(name, "_kl"), r$klDivs[at])
  say(paste0(name, "_fitted"), r$fitted[atFine])
  say(paste0(name, "_counts"), r$counts)
}
# the small-sample case where the 0.25 floor applies
set.seed(15); res <- rnorm(3000, 0, 0.3)
say("floor_pv", c(simulate(res, 2)$pv, viaDESeq2(res, 4)))

## MCF7 samples of the HCT116 + MCF7 data: design ~ condition (dmso reference), 4 samples, df = 2
args <- commandArgs(TRUE)
if (length(args) >= 1) {
  d <- file.path(args[1], "rnaseq/andrysik2017_hct116_mcf7")
  cts <- as.matrix(read.delim(file.path(d, "counts.tsv"), row.names = 1, check.names = FALSE))
  cd <- read.delim(file.path(d, "samples.tsv"), row.names = 1)
  cd <- cd[cd$cell_line == "mcf7", ]
  cd$condition <- relevel(factor(cd$condition), ref = "dmso")
  dds <- DESeq(DESeqDataSetFromMatrix(cts[, rownames(cd)], cd, ~condition), quiet = TRUE)
  nz <- !mcols(dds)$allZero
  est <- mcols(dds)$dispGeneEst[nz]; fit <- mcols(dds)$dispFit[nz]
  res <- (log(est) - log(fit))[est >= 1e-6]
  r <- simulate(res, 2)
  say("mcf7_pv", c(attr(dispersionFunction(dds), "dispPriorVar"), r$pv))
  say("mcf7_nResiduals", c(length(res), sum(res > -10 & res < 10)))
  say("mcf7_counts", r$counts)
  say("mcf7_kl", r$klDivs[at])
}
