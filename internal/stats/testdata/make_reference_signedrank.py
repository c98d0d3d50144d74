"""Reference values for internal/stats/signedrank.go (Wilcoxon signed-rank,
normal approximation, zeros dropped, tie-corrected, no continuity correction)
from Debian's python3-scipy 1.10.

Run (from internal/stats/testdata):
    /usr/bin/python3 make_reference_signedrank.py > reference_signedrank.json
"""
import json

import numpy as np
from scipy import stats

rng = np.random.default_rng(20260512)
fixtures = {
    "shifted_continuous": (rng.normal(-0.4, 1, 40)).round(6),
    "null_integer_ties": rng.integers(-5, 6, 120).astype(float),  # many ties and zeros
    "gap_changes": (np.sinh(rng.normal(2, 1.5, 80)) - np.sinh(rng.normal(2.2, 1.5, 80))).round(0),
    "small_positive": np.array([3.0, 1, 4, 1, 5, -9, 2, 6, 5, 3, 5, 8, -9, 7, 9]),
}
cases = []
for name, d in fixtures.items():
    case = {"name": name, "d": [float(x) for x in d]}
    for alt in ["less", "greater", "two-sided"]:
        r = stats.wilcoxon(d, zero_method="wilcox", correction=False, alternative=alt, method="approx")
        case["p_" + alt.replace("-", "_")] = float(r.pvalue)
        if alt != "two-sided":
            case["r_plus"] = float(r.statistic)
            case["z_" + alt] = float(r.zstatistic) if hasattr(r, "zstatistic") else None
    cases.append(case)
print(json.dumps({"generator": "scipy " + __import__("scipy").__version__, "cases": cases}, indent=1))
