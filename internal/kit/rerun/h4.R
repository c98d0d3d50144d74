# H4 rerun: do companies that measured larger AI gains shrink their SDR teams
# (2025-2026)? On the public extract.
# headline() is the one place that defines the figure; it mirrors the
# "public" figure of the disclosure report (hypotheses/headline.go, headlineH4).
# Usage: Rscript h4.R [folder of the CSV files]
local({ f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)); source(file.path(dirname(f[1]), "gtm.R")) })

# "No SDRs" is left out.
SDR_CHANGE <- c("Decreased >25%" = -2, "Decreased 1\u201325%" = -1, "Flat" = 0, "Increased 1\u201325%" = 1,
                "Increased 26\u201350%" = 2, "Increased >50%" = 3)

# Kendall's tau_b of measured AI gain and SDR headcount change among
# companies with SDRs, with its one-sided p (less).
headline <- function(df) {
  df <- df[as.integer(df$year) >= 2025, ]
  x <- number(df, "ai_gain_measured_pct")
  y <- score(df, "sdr_hc_change_12m", SDR_CHANGE)
  keep <- !is.na(x) & !is.na(y)
  kendall(x[keep], y[keep], "less")
}

h <- headline(extract("h4-headcount-not-revenue"))
report("H4", "Kendall tau_b", h[1], h[2])
