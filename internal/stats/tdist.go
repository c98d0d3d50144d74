package stats

import "gonum.org/v1/gonum/stat/distuv"

// TQuantile is the p quantile of Student's t with df degrees of freedom;
// for df > 1e8 (or +Inf) the normal quantile.
func TQuantile(p, df float64) float64 {
	if df > 1e8 {
		return distuv.UnitNormal.Quantile(p)
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

// TPValue is the p-value of a t statistic with df degrees of freedom for the
// alternative (upper tail for Greater, lower for Less, both for TwoSided),
// computed from the tail directly.
func TPValue(t, df float64, alt Alternative) float64 { return pFromT(t, df, alt) }

// ZPValue is the p-value of a standard normal statistic z for the alternative.
func ZPValue(z float64, alt Alternative) float64 { return pFromZ(z, alt) }
