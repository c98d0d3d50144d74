# H2 rerun: does the gap between the top and bottom quartile of ARR growth
# widen year by year? On the public extract.
# headline() is the one place that defines the figure; it mirrors the
# "public" figure of the disclosure report (hypotheses/headline.go, headlineH2).
# Usage: Rscript h2.R [folder of the CSV files]
local({ f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)); source(file.path(dirname(f[1]), "gtm.R")) })

# OLS slope, on the year, of the yearly interquartile range of asinh ARR
# growth (quantile type 7, R's default); no p-value.
headline <- function(df) {
  growth <- number(df, "arr_growth_yoy_pct")
  years <- c(); gaps <- c()
  for (y in sort(as.integer(unique(df$year)))) {
    x <- asinh(growth[df$year == as.character(y) & !is.na(growth)])
    if (length(x) > 0) {
      years <- c(years, y)
      gaps <- c(gaps, unname(quantile(x, 0.75) - quantile(x, 0.25)))
    }
  }
  if (length(years) < 2) return(c(NA_real_, NA_real_))
  c(sum((years - mean(years)) * (gaps - mean(gaps))) / sum((years - mean(years))^2), NA_real_)
}

h <- headline(extract("h2-quartile-gap"))
report("H2", "OLS slope of IQR on year", h[1], h[2])
