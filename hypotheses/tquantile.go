package hypotheses

import "gonum.org/v1/gonum/stat/distuv"

func tQuantile(p, df float64) float64 {
	if df > 1e8 {
		return distuv.UnitNormal.Quantile(p)
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}
