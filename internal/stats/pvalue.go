package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

func clip01(p float64) float64 { return math.Max(0, math.Min(1, p)) }

// NormalSF is the standard normal upper tail P(Z > z), computed as Φ(−z)
// via erfc so that it does not underflow for large z.
func NormalSF(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }

// NormalQuantile is Φ⁻¹(p).
func NormalQuantile(p float64) float64 { return distuv.UnitNormal.Quantile(p) }

// pFromZ turns a z statistic into a p-value for the alternative.
func pFromZ(z float64, alt Alternative) float64 {
	switch alt {
	case Greater:
		return clip01(NormalSF(z))
	case Less:
		return clip01(NormalSF(-z))
	}
	return clip01(2 * NormalSF(math.Abs(z)))
}

// pFromT turns a t statistic with df degrees of freedom into a p-value.
// For df > 1e8 the normal tail is used (relative error < 1e-7 against the
// exact t tail), where gonum's incomplete beta loses precision (7e-7 at 1e9).
func pFromT(t, df float64, alt Alternative) float64 {
	if df > 1e8 {
		return pFromZ(t, alt)
	}
	d := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	switch alt {
	case Greater:
		return clip01(d.CDF(-t))
	case Less:
		return clip01(d.CDF(t))
	}
	return clip01(2 * d.CDF(-math.Abs(t)))
}
