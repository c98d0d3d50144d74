# H3 rerun: do companies whose buyers use more AI see their sales cycles
# change more (2026)? On the public extract.
# headline() is the one place that defines the figure; it mirrors the
# "public" figure of the disclosure report (hypotheses/headline.go, headlineH3).
# Usage: Rscript h3.R [folder of the CSV files]
local({ f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)); source(file.path(dirname(f[1]), "gtm.R")) })

CYCLE <- c("Much shorter" = -2, "Somewhat shorter" = -1, "Same" = 0, "Somewhat longer" = 1, "Much longer" = 2)
OPTIONS <- "^buyer_ai_observed__"  # one yes/no column per option
NONE <- "buyer_ai_observed__none"  # the exclusive "None" option, not counted

# Options chosen, "None" not counted; NA when a cell is not yes/no or nothing was chosen.
buyer_ai_count <- function(df) {
  cells <- as.matrix(df[, grep(OPTIONS, names(df)), drop = FALSE])
  known <- rowSums(cells != "yes" & cells != "no") == 0
  chosen <- cells == "yes"
  n <- rowSums(chosen[, colnames(chosen) != NONE, drop = FALSE])
  ifelse(known & rowSums(chosen) > 0, n, NA_real_)
}

# Kendall's tau_b of the buyer-AI count and the sales cycle change (2026),
# with its one-sided p (greater).
headline <- function(df) {
  df <- df[df$year == "2026", ]
  x <- buyer_ai_count(df)
  y <- score(df, "sales_cycle_change_12m", CYCLE)
  keep <- !is.na(x) & !is.na(y)
  kendall(x[keep], y[keep], "greater")
}

h <- headline(extract("h3-buyer-ai"))
report("H3", "Kendall tau_b", h[1], h[2])
