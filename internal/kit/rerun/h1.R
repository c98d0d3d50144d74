# H1 rerun: win rate of companies with AI-augmented human SDRs against
# companies with autonomous AI SDR agents, 2025-2026, on the public extract.
# headline() is the one place that defines the figure; it mirrors the
# "public" figure of the disclosure report (hypotheses/headline.go, headlineH1).
# Usage: Rscript h1.R [folder of the CSV files]
local({ f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)); source(file.path(dirname(f[1]), "gtm.R")) })

AUGMENTED <- "Human SDRs with AI tools (augmented)"
AUTONOMOUS <- "Autonomous AI SDR agents"

# Cliff's delta of win rate, augmented over autonomous SDRs, with the
# one-sided Mann-Whitney p (asymptotic, tie- and continuity-corrected).
headline <- function(df) {
  df <- df[df$year %in% c("2025", "2026"), ]
  win <- number(df, "win_rate_pct")
  aug <- win[df$sdr_model == AUGMENTED & !is.na(win)]
  auto <- win[df$sdr_model == AUTONOMOUS & !is.na(win)]
  if (length(aug) == 0 || length(auto) == 0 || length(unique(c(aug, auto))) == 1) return(c(NA_real_, NA_real_))
  delta <- mean(sign(outer(aug, auto, "-")))
  p <- wilcox.test(aug, auto, alternative = "greater", exact = FALSE, correct = TRUE)$p.value
  c(delta, p)
}

h <- headline(extract("h1-augmented-reps"))
report("H1", "Cliff's delta", h[1], h[2])
