"""H1 rerun: win rate of companies with AI-augmented human SDRs against
companies with autonomous AI SDR agents, 2025-2026, on the public extract.

headline() is the one place that defines the figure; it mirrors the
"public" figure of the disclosure report (hypotheses/headline.go,
headlineH1). Usage: python3 h1.py [folder of the CSV files]
"""
import math
import os
import sys

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gtm  # noqa: E402

AUGMENTED = "Human SDRs with AI tools (augmented)"
AUTONOMOUS = "Autonomous AI SDR agents"


def headline(df):
    """Cliff's delta of win rate, augmented over autonomous SDRs, with the
    one-sided Mann-Whitney p (asymptotic, tie- and continuity-corrected)."""
    df = df[df["year"].isin(["2025", "2026"])]
    win = gtm.number(df, "win_rate_pct")
    aug = win[(df["sdr_model"] == AUGMENTED) & win.notna()].to_numpy()
    auto = win[(df["sdr_model"] == AUTONOMOUS) & win.notna()].to_numpy()
    if len(aug) == 0 or len(auto) == 0 or len(np.unique(np.concatenate([aug, auto]))) == 1:
        return math.nan, math.nan
    delta = float(np.sign(np.subtract.outer(aug, auto)).mean())
    p = stats.mannwhitneyu(aug, auto, alternative="greater", method="asymptotic", use_continuity=True).pvalue
    return delta, float(p)


if __name__ == "__main__":
    gtm.report("H1", "Cliff's delta", *headline(gtm.extract("h1-augmented-reps")))
