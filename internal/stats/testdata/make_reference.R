# Reference values for internal/stats from R 4.2 (stats, sandwich, lmtest).
# Run:  Rscript make_reference.R > reference_r.json
suppressMessages({library(sandwich); library(lmtest)})
set.seed(20260512)
j <- function(x) paste0("[", paste(sprintf("%.17g", x), collapse = ","), "]")
out <- c()
# p.adjust
p <- c(0.01, 0.04, 0.03, 0.2, 0.005, NA, 0.5)
pp <- p[!is.na(p)]
out <- c(out, sprintf('"padjust": {"p": %s, "holm": %s, "bh": %s, "source": "p.adjust(p, \\"holm\\"), p.adjust(p, \\"BH\\") (NA dropped)"}',
  j(pp), j(p.adjust(pp, "holm")), j(p.adjust(pp, "BH"))))
# OLS with HC covariances
n <- 80
x1 <- round(rnorm(n), 4); x2 <- round(rnorm(n), 4); g <- rep(c(0, 1), length.out = n)
y <- round(0.5 + 0.3 * x1 - 0.2 * x2 + 0.4 * g + rnorm(n) * (1 + abs(x1)), 4)
fit <- lm(y ~ x1 + x2 + g)
cases <- c()
for (type in c("const", "HC0", "HC1", "HC3")) {
  V <- if (type == "const") vcov(fit) else vcovHC(fit, type = type)
  ct <- coeftest(fit, vcov. = V)
  d <- c(0, 1, -1, 0)  # x1 - x2
  est <- sum(d * coef(fit)); se <- sqrt(drop(t(d) %*% V %*% d)); tt <- est / se
  # H3's "bigger" part (Amendment 2, item 7): b1 - |b2| > 0 as the larger p of b1 - b2 > 0 and b1 + b2 > 0
  s2 <- c(0, 1, 1, 0)  # x1 + x2
  sest <- sum(s2 * coef(fit)); sse <- sqrt(drop(t(s2) %*% V %*% s2))
  sp <- pt(sest / sse, fit$df.residual, lower.tail = FALSE)
  cp <- pt(tt, fit$df.residual, lower.tail = FALSE)
  cases <- c(cases, sprintf('{"type": "%s", "beta": %s, "se": %s, "t": %s, "p": %s, "contrast": [0,1,-1,0], "c_est": %.17g, "c_se": %.17g, "c_p_greater": %.17g, "sum_contrast": [0,1,1,0], "s_est": %.17g, "s_se": %.17g, "s_p_greater": %.17g, "bigger_p": %.17g, "source": "coeftest(lm(y ~ x1 + x2 + g), vcov.=vcovHC(fit, type=\\"%s\\")); contrasts: pt(t, df.residual, lower.tail=FALSE); bigger_p = max of the two contrast p-values"}',
    type, j(coef(fit)), j(ct[, 2]), j(ct[, 3]), j(ct[, 4]), est, se, cp, sest, sse, sp, max(cp, sp), type))
}
out <- c(out, sprintf('"ols": {"x1": %s, "x2": %s, "g": %s, "y": %s, "fits": [%s]}', j(x1), j(x2), j(g), j(y), paste(cases, collapse = ",")))
# wilcox.test cross-check of the normal approximation with ties
a <- c(1, 2, 2, 3, 3, 3, 4, 5, 5, 6); b <- c(2, 2, 3, 4, 4, 4, 5, 5, 6, 7, 7, 8)
w <- wilcox.test(a, b, exact = FALSE, correct = TRUE, alternative = "less")
out <- c(out, sprintf('"wilcox": {"x": %s, "y": %s, "alternative": "less", "w": %.17g, "p": %.17g, "source": "wilcox.test(x, y, exact=FALSE, correct=TRUE, alternative=\\"less\\")"}',
  j(a), j(b), w$statistic, w$p.value))
cat("{\"R\": \"", R.version.string, "\",\n", paste(out, collapse = ",\n"), "}\n", sep = "")
