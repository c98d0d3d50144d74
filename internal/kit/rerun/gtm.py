"""Shared by the rerun scripts h1.py ... h5.py: reads a public extract the
way the disclosure report's "public" headline reads it.

A banded number stands for its band's midpoint (an open band extends by the
neighbouring band's width); an answer label stands for itself; "*"
(suppressed), "" (not answered) and "not asked" are missing.
Needs pandas and scipy.
"""
import math
import os
import sys

import pandas as pd
from scipy import stats

# Written by the run from release.yaml: the number each band stands for.
MIDPOINTS = {{.MidpointsJSON}}

MISSING = {"", "*", "not asked"}


def extract(name):
    """The extract gtm-survey-NAME.csv, from the folder given as the first
    argument or else the folder above this script."""
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    return pd.read_csv(os.path.join(folder, f"gtm-survey-{name}.csv"), dtype=str, keep_default_na=False)


def number(df, column):
    """A banded column as numbers (NaN when missing)."""
    return df[column].map(lambda cell: MIDPOINTS[column].get(cell, math.nan)).astype(float)


def score(df, column, scores):
    """An answer column scored with a dict (NaN for any other cell)."""
    return df[column].map(lambda cell: scores.get(cell, math.nan)).astype(float)


def report(hypothesis, statistic, estimate, p):
    """Prints the headline as the test that checks these scripts reads it."""
    print(f"{hypothesis} {statistic}: estimate={estimate!r} p={p!r}")


def kendall(x, y, alternative):
    """Kendall's tau_b with its one-sided p (scipy, asymptotic, tie-corrected);
    NaN for fewer than 3 pairs or a constant variable."""
    if len(x) < 3 or x.nunique() < 2 or y.nunique() < 2:
        return math.nan, math.nan
    r = stats.kendalltau(x, y, method="asymptotic", alternative=alternative)
    return float(r.statistic), float(r.pvalue)
