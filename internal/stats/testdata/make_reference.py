#!/usr/bin/python3
"""Reference values for internal/stats from scipy 1.10 and statsmodels 0.13.

Run with Debian's interpreter:  /usr/bin/python3 make_reference.py > reference_py.json
Every expected value names the call that produced it ("source").
"""
import json
import numpy as np
import scipy
import scipy.stats as st
from scipy.stats._resampling import _bca_interval
import statsmodels
from statsmodels.stats.contingency_tables import mcnemar

rng = np.random.default_rng(20260512)
out = {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__,
       "mannwhitney": [], "kruskal": [], "kendall": [], "spearman": [], "quantile": [],
       "mcnemar": [], "bca": [], "cliffs": [], "hodges_lehmann": [], "tost": []}

def L(a):
    return [float(v) for v in a]

samples = {
    "small untied": (rng.normal(0.5, 1, 8).round(6), rng.normal(0, 1, 11).round(6)),
    "tied likert": (rng.integers(1, 6, 40).astype(float), rng.integers(1, 6, 35).astype(float)),
    "large shifted": (rng.normal(0.2, 1, 600).round(3), rng.normal(0, 1, 450).round(3)),
    "heavy ties percents": (rng.choice([0, 10, 20, 25, 50, 100, 500], 120).astype(float),
                            rng.choice([0, 0, 10, 20, 25, 50], 90).astype(float)),
    "group of one": (np.array([3.0]), rng.normal(0, 1, 12).round(4)),
}
for name, (x, y) in samples.items():
    for alt in ["two-sided", "greater", "less"]:
        r = st.mannwhitneyu(x, y, alternative=alt, method="asymptotic", use_continuity=True)
        out["mannwhitney"].append({"name": name, "x": L(x), "y": L(y), "alternative": alt,
                                   "u": float(r.statistic), "p": float(r.pvalue),
                                   "source": f"scipy.stats.mannwhitneyu(x, y, alternative='{alt}', method='asymptotic', use_continuity=True)"})
    d = np.sign(x[:, None] - y[None, :]).mean()
    out["cliffs"].append({"name": name, "x": L(x), "y": L(y), "delta": float(d), "source": "numpy mean(sign(x_i - y_j))"})
    out["hodges_lehmann"].append({"name": name, "x": L(x), "y": L(y), "shift": float(np.median((x[:, None] - y[None, :]).ravel())),
                                  "source": "numpy median(x_i - y_j)"})

groups = [rng.integers(0, 8, n).astype(float) for n in (15, 22, 30)]
r = st.kruskal(*groups)
out["kruskal"].append({"name": "tied 3 groups", "groups": [L(g) for g in groups], "h": float(r.statistic), "p": float(r.pvalue),
                       "source": "scipy.stats.kruskal(*groups)"})
groups = [rng.normal(m, 1, n).round(5) for m, n in ((0, 10), (0.5, 12), (1, 9), (0.2, 14))]
r = st.kruskal(*groups)
out["kruskal"].append({"name": "untied 4 groups", "groups": [L(g) for g in groups], "h": float(r.statistic), "p": float(r.pvalue),
                       "source": "scipy.stats.kruskal(*groups)"})

for name, (x, y) in {
    "years vs gap (ties)": (np.repeat([2024.0, 2025.0, 2026.0], [30, 25, 35]),
                            rng.choice([0, 10, 20, 40, 60, 100, 490], 90).astype(float)),
    "continuous": (rng.normal(0, 1, 50).round(4), rng.normal(0, 1, 50).round(4)),
    "both tied": (rng.integers(0, 4, 60).astype(float), rng.integers(0, 5, 60).astype(float)),
}.items():
    for alt in ["two-sided", "greater", "less"]:
        r = st.kendalltau(x, y, method="asymptotic", alternative=alt)
        out["kendall"].append({"name": name, "x": L(x), "y": L(y), "alternative": alt, "tau": float(r.statistic), "p": float(r.pvalue),
                               "source": f"scipy.stats.kendalltau(x, y, method='asymptotic', alternative='{alt}')"})
        r = st.spearmanr(x, y, alternative=alt)
        out["spearman"].append({"name": name, "x": L(x), "y": L(y), "alternative": alt, "rho": float(r.correlation), "p": float(r.pvalue),
                                "source": f"scipy.stats.spearmanr(x, y, alternative='{alt}')"})

for n in (1, 2, 5, 10, 101):
    x = rng.normal(0, 1, n).round(4)
    ps = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]
    out["quantile"].append({"x": L(x), "p": ps, "q": L(np.quantile(x, ps, method="linear")),
                            "source": "numpy.quantile(x, p, method='linear') (R type 7)"})

for b, c in ((10, 3), (0, 0), (7, 7), (25, 40), (1, 0), (120, 95)):
    r = mcnemar([[5, b], [c, 9]], exact=True)
    out["mcnemar"].append({"b": b, "c": c, "p": float(r.pvalue), "source": "statsmodels mcnemar([[5,b],[c,9]], exact=True)"})

for est, se, df, m in ((0.02, 0.05, 400, 0.15), (0.1, 0.05, 120, 0.15), (-0.3, 0.1, 50, 0.15), (0.0, 0.04, 1e9, 0.1)):
    p = max(st.t.sf((est + m) / se, df), st.t.cdf((est - m) / se, df))
    out["tost"].append({"est": est, "se": se, "df": df, "margin": m, "p": float(p),
                        "source": "max(scipy.stats.t.sf((est+m)/se, df), scipy.stats.t.cdf((est-m)/se, df))"})

def cliff(x, y, axis=-1):
    x = np.moveaxis(np.asarray(x), axis, -1)
    y = np.moveaxis(np.asarray(y), axis, -1)
    return np.sign(x[..., :, None] - y[..., None, :]).mean(axis=(-1, -2))

def mean1(x, axis=-1):
    return np.mean(x, axis=axis)

for name, data, stat, sname in (
    ("cliffs delta two groups", (rng.normal(0.3, 1, 40).round(3), rng.normal(0, 1, 30).round(3)), cliff, "cliffs_delta"),
    ("mean skewed", (rng.lognormal(0, 1, 50).round(4),), mean1, "mean"),
):
    B = 2000
    boot = []
    r2 = np.random.default_rng(7)
    for _ in range(B):
        res = [s[r2.integers(0, len(s), len(s))] for s in data]
        boot.append(float(stat(*res)))
    boot = np.array(boot)
    for level in (0.95, 0.90):
        alpha = (1 - level) / 2
        a1, a2, ahat = _bca_interval(data, stat, axis=-1, alpha=alpha, theta_hat_b=boot, batch=None)
        lo = np.percentile(boot, a1 * 100)
        hi = np.percentile(boot, a2 * 100)
        out["bca"].append({"name": name, "statistic": sname, "samples": [L(s) for s in data], "boot": L(boot), "level": level,
                           "low": float(lo), "high": float(hi), "a_hat": float(ahat),
                           "source": "scipy.stats._resampling._bca_interval(data, stat, -1, alpha, theta_hat_b=boot) + numpy.percentile (scipy 1.10 bootstrap BCa)"})
        plo, phi = np.percentile(boot, [alpha * 100, (1 - alpha) * 100])
        out["bca"][-1]["pct_low"], out["bca"][-1]["pct_high"] = float(plo), float(phi)

print(json.dumps(out, indent=1))
