"""H4 rerun: do companies that measured larger AI gains shrink their SDR
teams (2025-2026)? On the public extract.

headline() is the one place that defines the figure; it mirrors the
"public" figure of the disclosure report (hypotheses/headline.go,
headlineH4). Usage: python3 h4.py [folder of the CSV files]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gtm  # noqa: E402

SDR_CHANGE = {"Decreased >25%": -2, "Decreased 1–25%": -1, "Flat": 0, "Increased 1–25%": 1,
              "Increased 26–50%": 2, "Increased >50%": 3}  # "No SDRs" is left out


def headline(df):
    """Kendall's tau_b of measured AI gain and SDR headcount change among
    companies with SDRs, with its one-sided p (less)."""
    df = df[df["year"].astype(int) >= 2025]
    x, y = gtm.number(df, "ai_gain_measured_pct"), gtm.score(df, "sdr_hc_change_12m", SDR_CHANGE)
    keep = x.notna() & y.notna()
    return gtm.kendall(x[keep], y[keep], "less")


if __name__ == "__main__":
    gtm.report("H4", "Kendall tau_b", *headline(gtm.extract("h4-headcount-not-revenue")))
