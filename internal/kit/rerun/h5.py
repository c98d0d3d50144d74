"""H5 rerun: does the gap between expected and measured AI gains close
year by year (2024-2026)? On the public extract.

headline() is the one place that defines the figure; it mirrors the
"public" figure of the disclosure report (hypotheses/headline.go,
headlineH5). Usage: python3 h5.py [folder of the CSV files]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gtm  # noqa: E402


def headline(df):
    """Kendall's tau_b of the year and expected minus measured AI gain, with
    its one-sided p (less)."""
    df = df[df["year"].astype(int) >= 2024]
    x = df["year"].astype(float)
    y = gtm.number(df, "ai_expected_gain_pct") - gtm.number(df, "ai_gain_measured_pct")
    keep = y.notna()
    return gtm.kendall(x[keep], y[keep], "less")


if __name__ == "__main__":
    gtm.report("H5", "Kendall tau_b", *headline(gtm.extract("h5-expectation-gap")))
