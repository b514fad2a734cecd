# Reference values for kernel-lib/test/stats/lowess.test.ts and padjust.test.ts.
# Regenerate with:  Rscript kernel-lib/test/stats/lowess.reference.R
# (produced with R 4.2.2 Patched (2022-11-10 r83330); values printed with 17 significant digits)
fmt <- function(v) paste0("[", paste(ifelse(is.na(v), "NaN", sprintf("%.17g", v)), collapse = ", "), "]")
show <- function(name, fit) cat(name, "\n  x:", fmt(fit$x), "\n  y:", fmt(fit$y), "\n")

# 1. outlier, f = 0.5 (robustness weights downweight y = 30)
show("outlier", lowess(1:10, c(2, 4, 3, 6, 5, 8, 30, 9, 11, 10), f = 0.5))
# 2. ties in x (unsorted input; ties kept in input order), default f = 2/3
show("ties", lowess(c(3, 1, 2, 2, 1, 4, 2, 5, 6, 6, 7, 4), c(5, 1, 2, 4, 2, 7, 3, 8, 12, 10, 9, 6)))
# 3. delta shortcut: default delta = 0.01 * diff(range(x)) skips the clustered points
show("delta_default", lowess(c(0, 0.001, 0.002, 0.004, 0.3, 0.5, 0.501, 0.503, 0.7, 1), c(1, 3, 2, 5, 4, 6, 9, 7, 8, 11), f = 0.4))
# 4. delta shortcut: explicit large delta = 0.25 on 21 points
show("delta_large", lowess(seq(0, 2, by = 0.1), sin(seq(0, 2, by = 0.1) * 3) + (0:20 %% 3) / 10, f = 0.3, delta = 0.25))
# 5. short vectors
show("n1", lowess(5, 7))
show("n2", lowess(c(2, 1), c(3, 5)))
show("n3", lowess(c(1, 2, 4), c(1, 5, 2)))
# 6. no robustness iterations
show("iter0", lowess(1:10, c(2, 4, 3, 6, 5, 8, 30, 9, 11, 10), f = 0.5, iter = 0))
# 7. exact line (median absolute residual zero: robustness loop stops early)
show("line", lowess(1:8, 2 * (1:8) + 1))
# 8. all x equal (zero window radius)
show("xconst", lowess(rep(2, 5), c(1, 4, 2, 8, 5)))
# 9. a DESeq2-like numRej curve: lowess(numRej ~ theta, f = 1/5)
theta <- seq(0.1, 0.95, length = 50)
numRej <- round(5000 + 1500 * sin(theta * 3) - 800 * theta^2 + 40 * cos(1:50))
show("numRej", lowess(numRej ~ theta, f = 1/5))
# 10. pseudo-random data with heavy outliers
set.seed(53)
x <- round(runif(40, 0, 10), 1)
y <- x^1.5 + rnorm(40); y[c(5, 17, 33)] <- y[c(5, 17, 33)] + c(25, -30, 40)
cat("random_input\n  x:", fmt(x), "\n  y:", fmt(y), "\n")
show("random", lowess(x, y, f = 0.3))

# p.adjust(..., "BH")
cat("bh1", fmt(p.adjust(c(0.01, 0.04, NA, 0.03, 0.2), "BH")), "\n")
cat("bh_ties", fmt(p.adjust(c(0.02, 0.02, 0.5, 0.001, 0.02, 1, 0.04, 0.04), "BH")), "\n")
cat("bh_one", fmt(p.adjust(c(NA, 0.3, NA), "BH")), "\n")
cat("bh_allNA", fmt(p.adjust(c(NA_real_, NA_real_), "BH")), "\n")
set.seed(7); p <- signif(runif(25)^3, 6); p[c(3, 11)] <- NA
cat("bh_random_input", fmt(p), "\n")
cat("bh_random", fmt(p.adjust(p, "BH")), "\n")

# DESeq2 1.38 independent filtering (kernel-lib/test/de/independentFiltering.test.ts), on
# synthetic genes built from exact rational formulas so the test can rebuild the inputs.
suppressMessages(library(DESeq2))
synth <- function(n, bm_fun, p_fun) {
  k <- 1:n
  bm <- bm_fun(k)
  u <- (((k * 53) %% 97) + 1) / 98
  p <- p_fun(bm, u)
  p[k %% 13 == 0 | bm == 0] <- NA
  DESeqResults(DataFrame(baseMean = bm, pvalue = p))
}
showIF <- function(name, res, alpha = 0.1) {
  r <- DESeq2:::pvalueAdjustment(res, independentFiltering = TRUE, alpha = alpha, pAdjustMethod = "BH")
  md <- metadata(r)
  nr <- md$filterNumRej
  cat(name, "\n  theta[c(1, 2, 50)]:", fmt(nr$theta[c(1, 2, 50)]), "\n  numRej:", fmt(nr$numRej),
      "\n  filterTheta:", fmt(md$filterTheta), " filterThreshold:", fmt(unname(md$filterThreshold)),
      " j:", which(nr$theta == md$filterTheta)[1],
      "\n  NA count:", sum(is.na(r$padj)), "\n  padj[seq(1, n, by = 7)]:", fmt(r$padj[seq(1, nrow(r), by = 7)]),
      "\n  loFit y[c(1, 25, 50)]:", fmt(md$lo.fit$y[c(1, 25, 50)]), "\n")
}
# strong signal in the well-expressed genes, ~15% zero filter values, ties in the filter
# (rejections fall as theta grows, so the first theta is chosen)
showIF("if_signal", synth(300, function(k) pmax(0, ((k * 37) %% 101) - 15) / 4,
                          function(bm, u) ifelse(bm > 8, u * u * u / 50, u)))
# weak signal in half of the genes with filter > 12: filtering helps, a later theta is chosen
selp <- function(a) function(bm, u) {
  k <- seq_along(bm)
  u2 <- (((k * 29) %% 89) + 1) / 90
  ifelse(bm > 12 & u2 < 0.5, u * u / a, u)
}
showIF("if_select", synth(400, function(k) pmax(0, ((k * 37) %% 101) - 15) / 4, selp(16)))
showIF("if_select_a4", synth(400, function(k) pmax(0, ((k * 37) %% 101) - 15) / 4, selp(4)))
showIF("if_select_alpha05", synth(400, function(k) pmax(0, ((k * 37) %% 101) - 15) / 4, selp(16)), alpha = 0.05)
# no signal: max(numRej) <= 10 so the first theta is used
showIF("if_nosignal", synth(120, function(k) ((k * 37) %% 101) / 4, function(bm, u) u))
# 96% zero filter values: theta runs from mean(filter == 0) to 1
showIF("if_zeros", synth(300, function(k) ifelse(k %% 25 == 0, k / 10, 0), function(bm, u) u * u * u / 1000))
# every filter value zero: theta = rep(1, 50), lowess on a constant x
showIF("if_allzero", synth(30, function(k) rep(0, length(k)), function(bm, u) u))
