"""H3 rerun: do companies whose buyers use more AI see their sales cycles
change more (2026)? On the public extract.

headline() is the one place that defines the figure; it mirrors the
"public" figure of the disclosure report (hypotheses/headline.go,
headlineH3). Usage: python3 h3.py [folder of the CSV files]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gtm  # noqa: E402

CYCLE = {"Much shorter": -2, "Somewhat shorter": -1, "Same": 0, "Somewhat longer": 1, "Much longer": 2}
OPTIONS = "buyer_ai_observed__"  # one yes/no column per option
NONE = "buyer_ai_observed__none"  # the exclusive "None" option, not counted


def buyer_ai_count(df):
    """Options chosen, "None" not counted; NaN when a cell is not yes/no or
    nothing was chosen."""
    cols = [c for c in df.columns if c.startswith(OPTIONS)]
    cells = df[cols]
    known = cells.isin(["yes", "no"]).all(axis=1)
    chosen = cells == "yes"
    n = chosen.drop(columns=[NONE]).sum(axis=1).astype(float)
    return n.where(known & chosen.any(axis=1))


def headline(df):
    """Kendall's tau_b of the buyer-AI count and the sales cycle change
    (2026), with its one-sided p (greater; asymptotic, tie-corrected)."""
    df = df[df["year"] == "2026"]
    x, y = buyer_ai_count(df), gtm.score(df, "sales_cycle_change_12m", CYCLE)
    keep = x.notna() & y.notna()
    return gtm.kendall(x[keep], y[keep], "greater")



if __name__ == "__main__":
    gtm.report("H3", "Kendall tau_b", *headline(gtm.extract("h3-buyer-ai")))
