# Reference values for the trends stage's per-level Cochran-Armitage tests
# (Amendment 2 item 5: a sentence that names a level needs that level's own
# test). Run:  Rscript make_level_trend.R   (writes level_trend_fixture.csv
# and level_trend_r.json; needs only base R).
# The fixture is an ordinal question over three waves with a "Don't know"
# level (which the level tests keep: a share is of everyone who answered)
# and one level nobody chose in 2024. Every value names the call that made it.
set.seed(20261206)
levels <- c("Low", "Mid", "High", "Don't know")
waves <- list(list(year = 2024, n = 120, p = c(0.40, 0.35, 0.25, 0)),
              list(year = 2025, n = 140, p = c(0.30, 0.35, 0.27, 0.08)),
              list(year = 2026, n = 150, p = c(0.20, 0.35, 0.37, 0.08)))
fx <- do.call(rbind, lapply(waves, function(w)
  data.frame(year = w$year, answer = sample(levels, w$n, replace = TRUE, prob = w$p))))
write.csv(fx, "level_trend_fixture.csv", row.names = FALSE, quote = FALSE)
num <- function(x) paste0("[", paste(trimws(formatC(x, digits = 17, format = "g")), collapse = ","), "]")
items <- c()
for (scope in list(c(2025, 2026), c(2024, 2025, 2026))) {
  d <- fx[fx$year %in% scope, ]
  n <- as.vector(table(factor(d$year, levels = scope)))
  for (l in levels) {
    x <- as.vector(table(factor(d$year[d$answer == l], levels = scope)))
    if (sum(x) == 0) next
    r <- suppressWarnings(prop.trend.test(x, n, score = scope)) # two waves: a perfect-fit note from anova.lm
    items <- c(items, sprintf('{"level":"%s","years":%s,"x":%s,"n":%s,"chisq":%s,"p":%s,"source":"prop.trend.test(x, n, score = years)"}',
                              l, num(scope), num(x), num(n), num(unname(r$statistic)), num(r$p.value)))
  }
}
writeLines(paste0("{\"levels\":[", paste0('"', levels, '"', collapse = ","), "],\"tests\":[\n",
                  paste(items, collapse = ",\n"), "\n]}"), "level_trend_r.json")
