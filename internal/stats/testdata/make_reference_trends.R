# Reference values for the trends tests in internal/stats (issue 12) from R.
# Run:  Rscript make_reference_trends.R   (writes reference_trends_r.json and rake_fixture.csv)
# Needs Debian r-base-core and r-cran-survey. Every value names the call that made it.
suppressMessages(library(survey))
set.seed(20260512)
esc <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
num <- function(x) paste0("[", paste(trimws(formatC(x, digits = 17, format = "g")), collapse = ","), "]")
int <- function(x) paste0("[", paste(as.integer(x), collapse = ","), "]")
mat <- function(m) paste0("[", paste(apply(m, 1, int), collapse = ","), "]")
out <- c()

# prop.trend.test: Cochran-Armitage chi-square (1 df), scores = survey years.
pt <- list(
  list(name = "rising share", x = c(40, 52, 61, 75, 90), n = c(400, 380, 410, 420, 450), s = 2022:2026),
  list(name = "flat share", x = c(20, 21, 19, 22), n = c(200, 210, 190, 205), s = 2023:2026),
  list(name = "two waves", x = c(115, 87), n = c(399, 463), s = 2025:2026),
  list(name = "unequal scores", x = c(3, 9, 14), n = c(30, 31, 29), s = c(1, 2, 5)))
items <- sapply(pt, function(t) {
  r <- prop.trend.test(t$x, t$n, score = t$s)
  sprintf('{"name":%s,"x":%s,"n":%s,"score":%s,"chisq":%s,"p":%s,"source":"prop.trend.test(x, n, score)"}',
          esc(t$name), num(t$x), num(t$n), num(t$s), num(unname(r$statistic)), num(r$p.value))
})
out <- c(out, paste0('"prop_trend":[', paste(items, collapse = ","), "]"))

# chisq.test with simulate.p.value: the Monte Carlo p (B = 2000), and R's
# asymptotic p of the same table, for a check in distribution.
tabs <- list(
  list(name = "sparse 2x5", t = matrix(c(12, 3, 0, 1, 30, 15, 1, 4, 0, 25), nrow = 2, byrow = TRUE)),
  list(name = "sparse 5x4", t = matrix(c(10, 2, 1, 30, 12, 0, 2, 28, 8, 3, 4, 35, 15, 1, 1, 30, 9, 6, 2, 33), nrow = 5, byrow = TRUE)),
  list(name = "null 3x3 small", t = matrix(c(5, 3, 2, 4, 4, 1, 6, 2, 3), nrow = 3, byrow = TRUE)))
items <- sapply(tabs, function(t) {
  r <- suppressWarnings(chisq.test(t$t, simulate.p.value = TRUE, B = 2000))
  a <- suppressWarnings(chisq.test(t$t, correct = FALSE))
  sprintf('{"name":%s,"table":%s,"statistic":%s,"p_mc":%s,"p_asymptotic":%s,"B":2000,"source":"chisq.test(t, simulate.p.value=TRUE, B=2000)"}',
          esc(t$name), mat(t$t), num(unname(r$statistic)), num(r$p.value), num(a$p.value))
})
out <- c(out, paste0('"chisq_mc":[', paste(items, collapse = ","), "]"))

# Raking fixture: two waves; stage (5 levels), region (3 levels and NA, which
# is its own level "missing"), an outcome y with 3 levels.
mk <- function(wave, n, ps, pr) {
  stage <- sample(c("A", "B", "C", "D", "E"), n, replace = TRUE, prob = ps)
  region <- sample(c("NA", "EU", "APAC", "missing"), n, replace = TRUE, prob = pr)
  lin <- match(stage, c("A", "B", "C", "D", "E")) + rnorm(n)
  y <- cut(lin, c(-Inf, 2, 4, Inf), labels = c("low", "mid", "high"))
  data.frame(wave = wave, stage = stage, region = region, y = as.character(y))
}
fx <- rbind(mk(2025, 300, c(30, 25, 20, 15, 10), c(60, 25, 10, 5)), mk(2026, 250, c(10, 15, 25, 25, 25), c(45, 35, 15, 5)))
write.csv(fx, "rake_fixture.csv", row.names = FALSE, quote = FALSE)
pool_s <- table(fx$stage) / nrow(fx)
pool_r <- table(fx$region) / nrow(fx)
items <- c()
for (w in c(2025, 2026)) {
  d <- fx[fx$wave == w, ]
  des <- svydesign(ids = ~1, data = d, weights = rep(1, nrow(d)))
  ps <- data.frame(stage = names(pool_s), Freq = as.vector(pool_s) * nrow(d))
  pr <- data.frame(region = names(pool_r), Freq = as.vector(pool_r) * nrow(d))
  rk <- rake(des, list(~stage, ~region), list(ps, pr), control = list(maxit = 1000, epsilon = 1e-11))
  wr <- weights(rk)
  est <- svymean(~y, rk)
  tr <- trimWeights(rk, upper = 1.3 * mean(wr), strict = TRUE)
  wt <- weights(tr)
  est_t <- svymean(~y, tr)
  tr5 <- trimWeights(rk, upper = 5 * mean(wr), strict = TRUE)
  items <- c(items, sprintf('{"wave":%d,"weights":%s,"y_levels":%s,"y_share":%s,"trim_upper_multiple":1.3,"weights_trimmed":%s,"y_share_trimmed":%s,"weights_trim5":%s,"source":"survey::rake(svydesign(ids=~1, weights=1), list(~stage, ~region), pooled margins x n, control=list(maxit=1000, epsilon=1e-11)); svymean(~y); trimWeights(upper=k*mean(w), strict=TRUE)"}',
    w, num(unname(wr)), paste0("[", paste(esc(sub("^y", "", names(coef(est)))), collapse = ","), "]"), num(unname(coef(est))),
    num(unname(wt)), num(unname(coef(est_t))), num(unname(weights(tr5)))))
}
out <- c(out, paste0('"rake":[', paste(items, collapse = ","), "]"))
writeLines(paste0("{", sprintf('"R":%s,"survey":%s,', esc(R.version.string), esc(as.character(packageVersion("survey")))),
                  paste(out, collapse = ","), "}"), "reference_trends_r.json")
