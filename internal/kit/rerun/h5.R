# H5 rerun: does the gap between expected and measured AI gains close year by
# year (2024-2026)? On the public extract.
# headline() is the one place that defines the figure; it mirrors the
# "public" figure of the disclosure report (hypotheses/headline.go, headlineH5).
# Usage: Rscript h5.R [folder of the CSV files]
local({ f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)); source(file.path(dirname(f[1]), "gtm.R")) })

# Kendall's tau_b of the year and expected minus measured AI gain, with its
# one-sided p (less).
headline <- function(df) {
  df <- df[as.integer(df$year) >= 2024, ]
  x <- as.numeric(df$year)
  y <- number(df, "ai_expected_gain_pct") - number(df, "ai_gain_measured_pct")
  keep <- !is.na(y)
  kendall(x[keep], y[keep], "less")
}

h <- headline(extract("h5-expectation-gap"))
report("H5", "Kendall tau_b", h[1], h[2])
