# Reference values for internal/stats/stratified.go (van Elteren's stratified
# Wilcoxon test) from R coin (Debian r-cran-coin), with a by-hand formula check.
# Run (from internal/stats/testdata):  Rscript make_reference_stratified.R > reference_stratified.json
suppressMessages(library(coin))
j <- function(x) paste0("[", paste(sprintf("%.17g", x), collapse = ","), "]")
set.seed(20260512)
mk <- function(n, shift) round(rnorm(n, 20 + shift, 8))  # rounded: many ties
fixtures <- list(
  list(name = "two_strata_ties", x = list(mk(30, 3), mk(41, 2)), y = list(mk(25, 0), mk(33, 0))),
  list(name = "three_strata_unbalanced", x = list(mk(8, 1), mk(60, 1), mk(15, 4)), y = list(mk(40, 0), mk(12, 0), mk(9, 0))),
  list(name = "null_heavy_ties", x = list(c(1, 1, 2, 2, 2, 3, 3, 4), c(5, 5, 5, 6, 7, 7)),
       y = list(c(1, 2, 2, 3, 3, 3, 4, 4, 4), c(5, 6, 6, 6, 7, 8, 8))),
  # year x stage strata (H1's adjusted line): some strata hold one group only
  list(name = "strata_with_one_group", x = list(mk(12, 2), numeric(0), mk(20, 1), mk(3, 0), mk(7, 3)),
       y = list(mk(10, 0), mk(4, 0), mk(15, 0), numeric(0), mk(9, 0)))
)
ve <- function(y) rank(y) / (length(y) + 1)
cases <- c()
for (f in fixtures) {
  S <- length(f$x)
  yy <- c(); gg <- c(); bb <- c()
  for (s in 1:S) {
    yy <- c(yy, f$x[[s]], f$y[[s]])
    gg <- c(gg, rep("x", length(f$x[[s]])), rep("y", length(f$y[[s]])))
    bb <- c(bb, rep(s, length(f$x[[s]]) + length(f$y[[s]])))
  }
  d <- data.frame(y = yy, g = factor(gg, levels = c("x", "y")), b = factor(bb))
  # wilcox_test(y ~ g | b) ranks within blocks but keeps raw rank sums; van Elteren's
  # scores need the general independence_test with the score as ytrafo.
  tst <- independence_test(y ~ g | b, data = d, alternative = "greater", teststat = "scalar",
                           ytrafo = function(data) trafo(data, numeric_trafo = ve, block = d$b))
  # formula check: per stratum scores a = rank/(n+1), T = sum over x, E = n1*mean(a),
  # V = n1*n2/(n*(n-1)) * sum((a - mean(a))^2)
  Tt <- 0; E <- 0; V <- 0
  for (s in 1:S) {
    a <- ve(c(f$x[[s]], f$y[[s]])); n <- length(a); n1 <- length(f$x[[s]]); n2 <- n - n1
    Tt <- Tt + sum(a[seq_len(n1)]); E <- E + n1 * mean(a); V <- V + n1 * n2 / (n * (n - 1)) * sum((a - mean(a))^2)
  }
  z <- (Tt - E) / sqrt(V)
  xs <- paste(sapply(f$x, j), collapse = ","); ys <- paste(sapply(f$y, j), collapse = ",")
  cases <- c(cases, sprintf('{"name": "%s", "x": [%s], "y": [%s], "linear": %.17g, "z": %.17g, "p_greater": %.17g, "formula_t": %.17g, "formula_z": %.17g}',
    f$name, xs, ys, statistic(tst, "linear"), statistic(tst, "standardized"), pvalue(tst), Tt, z))
}
cat(sprintf('{"source": "coin %s independence_test(y ~ g | stratum, alternative = \\"greater\\", teststat = \\"scalar\\", ytrafo = rank/(n_stratum + 1) within stratum); formula_* by hand",\n "cases": [\n%s\n]}\n',
  packageVersion("coin"), paste(cases, collapse = ",\n")))
