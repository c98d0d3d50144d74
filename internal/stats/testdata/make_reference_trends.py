#!/usr/bin/python3
"""Reference values for the trends tests in internal/stats (issue 12) from scipy.

Run with Debian's interpreter:  /usr/bin/python3 make_reference_trends.py > reference_trends_py.json
Every expected value names the call that produced it ("source").
"""
import json
import numpy as np
import scipy
import scipy.stats as st

rng = np.random.default_rng(20260512)
out = {"scipy": scipy.__version__, "wilson": [], "median_ci": [], "chi2": [], "kendall_year": [], "mannwhitney": []}


def L(a):
    return [float(v) for v in a]


for k, n in [(0, 10), (3, 10), (10, 10), (57, 400), (115, 399), (1, 2), (250, 500)]:
    ci = st.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    out["wilson"].append({"x": k, "n": n, "low": float(ci.low), "high": float(ci.high),
                          "source": "scipy.stats.binomtest(x, n).proportion_ci(0.95, method='wilson')"})

for n in [5, 6, 9, 10, 11, 25, 100, 401]:
    x = rng.normal(50, 10, n).round(2)
    s = np.sort(x)
    l = int(st.binom.ppf(0.025, n, 0.5))
    lo, hi = (float(s[l - 1]), float(s[n - l])) if l >= 1 else (None, None)
    out["median_ci"].append({"x": L(x), "median": float(np.median(x)), "l": l, "low": lo, "high": hi,
                             "source": "l = scipy.stats.binom.ppf(0.025, n, 0.5); sorted(x)[l-1], sorted(x)[n-l]"})

tables = {
    "2x3": [[30, 45, 25], [20, 50, 40]],
    "5x4 waves": [[40, 80, 100, 60], [35, 90, 95, 70], [30, 85, 110, 80], [25, 95, 100, 95], [20, 100, 120, 110]],
    "sparse 2x5": [[12, 3, 0, 1, 30], [15, 1, 4, 0, 25]],
    "fractional (weighted)": [[30.5, 44.25, 25.0], [19.75, 50.5, 40.125]],
}
for name, t in tables.items():
    chi2, p, dof, exp = st.chi2_contingency(np.array(t), correction=False)
    out["chi2"].append({"name": name, "table": t, "statistic": float(chi2), "p": float(p), "df": int(dof),
                        "min_expected": float(exp.min()), "source": "scipy.stats.chi2_contingency(t, correction=False)"})

groups = {
    "likert 5 waves": [rng.integers(1, 6, n).astype(float) + (i * 0.2 > rng.random(n)) for i, n in enumerate([80, 70, 90, 85, 95])],
    "numbers 3 waves": [rng.lognormal(3 + 0.1 * i, 0.5, n).round(0) for i, n in enumerate([120, 110, 130])],
    "flat ordinal 4 waves": [rng.integers(0, 7, n).astype(float) for n in [60, 75, 70, 65]],
}
for name, gs in groups.items():
    year = np.concatenate([np.full(len(g), 2022 + i, float) for i, g in enumerate(gs)])
    val = np.concatenate(gs)
    r = st.kendalltau(year, val, method="asymptotic")
    out["kendall_year"].append({"name": name, "groups": [L(g) for g in gs], "tau": float(r.correlation), "p": float(r.pvalue),
                                "source": "scipy.stats.kendalltau(year, value, method='asymptotic')"})
    x, y = gs[-1], gs[-2]
    m = st.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)
    out["mannwhitney"].append({"name": name + ": last vs previous", "x": L(x), "y": L(y), "u": float(m.statistic), "p": float(m.pvalue),
                               "source": "scipy.stats.mannwhitneyu(last, previous, alternative='two-sided', method='asymptotic')"})

print(json.dumps(out, indent=1))
