"""H2 rerun: does the gap between the top and bottom quartile of ARR growth
widen year by year? On the public extract.

headline() is the one place that defines the figure; it mirrors the
"public" figure of the disclosure report (hypotheses/headline.go,
headlineH2). Usage: python3 h2.py [folder of the CSV files]
"""
import math
import os
import sys

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gtm  # noqa: E402


def headline(df):
    """OLS slope, on the year, of the yearly interquartile range of asinh
    ARR growth (quantiles as numpy's default, linear); no p-value."""
    growth = gtm.number(df, "arr_growth_yoy_pct")
    years, gaps = [], []
    for y in sorted(df["year"].unique(), key=int):
        x = np.arcsinh(growth[df["year"] == y].dropna().to_numpy())
        if len(x):
            years.append(float(y))
            gaps.append(np.quantile(x, 0.75) - np.quantile(x, 0.25))
    if len(years) < 2:
        return math.nan, math.nan
    xs, gs = np.array(years), np.array(gaps)
    slope = ((xs - xs.mean()) * (gs - gs.mean())).sum() / ((xs - xs.mean()) ** 2).sum()
    return float(slope), math.nan


if __name__ == "__main__":
    gtm.report("H2", "OLS slope of IQR on year", *headline(gtm.extract("h2-quartile-gap")))
