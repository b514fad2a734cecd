# Reference values for kernel-lib/test/stats/lbfgsb.test.ts:
# optim(..., method = "L-BFGS-B") with R's default control unless stated.
# Regenerate with:  Rscript kernel-lib/test/stats/lbfgsb.reference.R
# (produced with R 4.2.2 Patched (2022-11-10 r83330), reference BLAS, x86_64 Linux;
#  values printed with 17 significant digits, which round-trip to the same doubles)

fmt <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ", "), "]")
show <- function(name, res) {
  cat(sprintf('  %s: { par: %s, value: %s, counts: [%d, %d], convergence: %d, message: "%s" },\n',
              name, fmt(res$par), sprintf("%.17g", res$value), res$counts[1], res$counts[2],
              res$convergence, res$message))
}
err <- function(name, expr) {
  msg <- tryCatch({ force(expr); "no error" }, error = function(e) conditionMessage(e))
  cat(sprintf('  %s: "%s",\n', name, msg))
}

## Test objectives (written without sum() and with x^2 only, so that the TypeScript
## versions perform the same double operations: R evaluates x^2 as x * x)
fr <- function(x) 100 * (x[2] - x[1] * x[1])^2 + (1 - x[1])^2                  # Rosenbrock
grr <- function(x) {                                                             # its gradient
  x1 <- x[1]; x2 <- x[2]
  c(-400 * x1 * (x2 - x1 * x1) - 2 * (1 - x1), 200 * (x2 - x1 * x1))
}
fr4 <- function(x) {                                                             # chained Rosenbrock, 4-D
  s <- 0
  for (i in 1:3) s <- s + 100 * (x[i + 1] - x[i] * x[i])^2 + (1 - x[i])^2
  s
}
fq <- function(x) (x[1] - 1)^2 + 2 * (x[2] + 2)^2 + 3 * (x[3] - 3)^2 + 0.5 * x[1] * x[2]
grq <- function(x) c(2 * (x[1] - 1) + 0.5 * x[2], 4 * (x[2] + 2) + 0.5 * x[1], 6 * (x[3] - 3))
f1 <- function(x) { t <- (x - 2)^2; t * t + 0.5 * t + x }                       # 1-D quartic
fk <- function(x) { d <- x + 0.291; 3.371 * (d * d) + 3.371 * abs(x + 0.291) }  # kink at -0.291

cat("smooth problems\n")
show("rosenbrock2", optim(c(-1.2, 1), fr, method = "L-BFGS-B"))
show("rosenbrock2Gradient", optim(c(-1.2, 1), fr, grr, method = "L-BFGS-B"))
show("rosenbrock2Box", optim(c(-1.2, 1), fr, method = "L-BFGS-B", lower = c(-2, -2), upper = c(0.5, 2)))
show("rosenbrock2Lower", optim(c(-1.2, 1), fr, method = "L-BFGS-B", lower = c(-Inf, 1.5)))
show("rosenbrock2Upper", optim(c(-1.2, 1), fr, method = "L-BFGS-B", upper = c(0.5, Inf)))
show("rosenbrock4", optim(c(-1.2, 1, -1.2, 1), fr4, method = "L-BFGS-B"))
show("rosenbrock4Box", optim(c(-1.2, 1, -1.2, 1), fr4, method = "L-BFGS-B", lower = -2, upper = c(2, 2, 0.7, 2)))
show("rosenbrock4Control", optim(c(-1.2, 1, -1.2, 1), fr4, method = "L-BFGS-B",
                                 control = list(lmm = 2, factr = 1e10, ndeps = c(1e-4, 1e-4, 1e-5, 1e-5))))
show("quadraticOneBound", optim(c(0, 0, 0), fq, method = "L-BFGS-B", upper = c(Inf, Inf, 2)))
show("quadraticStartAtBound", optim(c(0, 0, 2), fq, method = "L-BFGS-B", upper = c(Inf, Inf, 2)))
show("quadraticFixedVariable", optim(c(0, 0, 0), fq, grq, method = "L-BFGS-B",
                                     lower = c(-Inf, -1, -Inf), upper = c(Inf, -1, 2)))
show("oneD", optim(0, f1, method = "L-BFGS-B"))
show("oneDBounded", optim(3, f1, method = "L-BFGS-B", lower = 2.5, upper = 4))
show("startOutsideBox", optim(c(5, -5), fr, method = "L-BFGS-B", lower = c(-1, -1), upper = c(2, 2)))
show("startAtMinimum", optim(c(1, 1), fr, method = "L-BFGS-B"))
# trace = 2 shows "Nonpositive definiteness in Cholesky factorization in formk; refresh the lbfgs memory"
show("kinkFormkRestart", optim(3.47, fk, method = "L-BFGS-B", lower = -0.52,
                               control = list(lmm = 6, factr = 1e10, ndeps = 1e-4)))
show("pgtol", optim(c(-1.2, 1), fr, method = "L-BFGS-B", control = list(pgtol = 1e-3)))
show("maxit5", optim(c(-1.2, 1), fr, method = "L-BFGS-B", control = list(maxit = 5)))
show("maxit0", optim(c(-1.2, 1), fr, method = "L-BFGS-B", control = list(maxit = 0)))
show("infeasible", optim(c(1, 2), fr, method = "L-BFGS-B", lower = c(3, 0), upper = c(2, 5)))  # value is uninitialised memory in R
show("empty", optim(numeric(0), function(x) 42, method = "L-BFGS-B"))
err("nonFiniteFn", optim(1, function(x) if (x > 1.5) NaN else (x - 3)^2, method = "L-BFGS-B"))
err("fixedWithoutGradient", optim(c(0, 0, 0), fq, method = "L-BFGS-B",
                                  lower = c(-Inf, -1, -Inf), upper = c(Inf, -1, 2)))

## DESeq2's fallback objective (fitNbinomGLMsOptim): negative binomial log likelihood of
## one count row plus a weak normal prior on the log2-scale coefficients.
nf <- c(1.2, 0.8, 1.0, 0.9, 1.1, 1.0, 0.95, 1.05)
X <- cbind(1, c(0, 0, 0, 0, 1, 1, 1, 1), c(0, 0, 1, 1, 0, 0, 1, 1))
lambda <- rep(1e-6, 3)
mkobj <- function(k, alpha = 0.5) function(p) {
  mu <- as.numeric(nf * 2^(X %*% p))
  ll <- sum(dnbinom(k, mu = mu, size = 1/alpha, log = TRUE))
  lp <- sum(dnorm(p, 0, sqrt(1/lambda), log = TRUE))
  v <- -(ll + lp)
  if (is.finite(v)) v else 1e300
}
deseq <- function(name, k, p0, alpha = 0.5)
  show(name, optim(p0, mkobj(k, alpha), method = "L-BFGS-B", lower = -30, upper = 30))

cat("DESeq2 objective\n")
kA <- c(11, 6, 10, 6, 1, 4634, 1, 1)
deseq("rowA_start0", kA, c(0, 0, 0))
deseq("rowA_start2", kA, c(2, 5, -3))
deseq("rowA_startAtBounds", kA, c(27.8, 30, -30))
deseq("zeroGroupB", c(0, 0, 0, 0, 5, 9, 3, 7), c(0, 0, 0))
deseq("zeroGroupB_nearBounds", c(0, 0, 0, 0, 5, 9, 3, 7), c(-29, 29, 0))
deseq("zeroGroupC", c(0, 0, 5, 3, 0, 0, 8, 6), c(0, 0, 0))
deseq("zeroGroupD", c(3, 5, 2, 4, 0, 0, 0, 0), c(0, 0, 0))
deseq("lowerBoundActive", c(0, 0, 0, 0, 0, 0, 0, 3), c(0, 0, 0))
deseq("upperBoundActive", c(5e9, 4e9, 6e9, 5e9, 7, 9, 3, 7), c(0, 0, 0))
deseq("rowA_alpha03", kA, c(0, 0, 0), alpha = 0.3)

## The one point of rowA_start0 where glibc's pow(2, y) (not correctly rounded) and the
## test's correctly rounded 2^y differ: R's objective value there.
pA <- c(6.455954509112031, 3.6947919853850903, -4.828764174209413)
cat(sprintf("rowA_start0 patch: p = %s, 2^10.15074649449712 = %s, objective = %s\n",
            fmt(pA), sprintf("%.17g", 2^(pA[1] + pA[2])), sprintf("%.17g", mkobj(kA)(pA))))

## Spot checks of the numerics the test's objective reproduces
cat("numerics\n")
cat(" ", fmt(dnbinom(c(0, 1, 4, 4634), mu = c(0.949, 2.87, 2.8769986791505104, 1136.787195675902), size = 2, log = TRUE)), "\n")
cat(" ", fmt(2^c(-44.553354003001004, -21.638322416692972, 3.3)), "\n")
cat(" ", sprintf("%.17g", sum(c(0.1, 0.2, 0.3, -0.6, 1e-17))), "\n")
