# Shared by the rerun scripts h1.R ... h5.R: reads a public extract the way
# the disclosure report's "public" headline reads it.
#
# A banded number stands for its band's midpoint (an open band extends by the
# neighbouring band's width); an answer label stands for itself; "*"
# (suppressed), "" (not answered) and "not asked" are missing.

# Written by the run from release.yaml: the number each band stands for.
MIDPOINTS <- {{.MidpointsR}}

extract <- function(name) {
  args <- commandArgs(trailingOnly = TRUE)
  folder <- if (length(args) > 0) args[1] else file.path(dirname(script_path()), "..")
  read.csv(file.path(folder, paste0("gtm-survey-", name, ".csv")), colClasses = "character",
           na.strings = character(0), check.names = FALSE, encoding = "UTF-8")
}

script_path <- function() {
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f) == 0) "rerun/x.R" else f[1]
}

# A banded column as numbers (NA when missing).
number <- function(df, column) {
  m <- MIDPOINTS[[column]]
  unname(ifelse(df[[column]] %in% names(m), m[df[[column]]], NA_real_))
}

# An answer column scored with a named vector (NA for any other cell).
score <- function(df, column, scores) {
  unname(ifelse(df[[column]] %in% names(scores), scores[df[[column]]], NA_real_))
}

# Prints the headline as the test that checks these scripts reads it.
report <- function(hypothesis, statistic, estimate, p) {
  cat(sprintf("%s %s: estimate=%.17g p=%.17g\n", hypothesis, statistic, estimate, p))
}

# Kendall's tau_b with its one-sided p (asymptotic, tie-corrected: as
# scipy.stats.kendalltau); NA for fewer than 3 pairs or a constant variable.
kendall <- function(x, y, alternative) {
  if (length(x) < 3 || length(unique(x)) < 2 || length(unique(y)) < 2) return(c(NA_real_, NA_real_))
  r <- cor.test(x, y, method = "kendall", alternative = alternative, exact = FALSE)
  c(unname(r$estimate), r$p.value)
}
