// Package stats holds the statistical routines the analysis plan needs, as
// pure functions on float64 slices. Each names its method and approximation;
// each is checked against reference values from scipy 1.10, statsmodels 0.13
// or R 4.2 (testdata/reference.json, made by testdata/make_reference.py and
// testdata/make_reference.R).
//
// Conventions: midranks for ties and tie terms in every rank variance;
// p-values from tails computed directly (never 1 − CDF) and clipped to
// [0, 1]; quantiles of type 7. Bad input (empty or too-small samples, NaN,
// ±Inf) returns an error, never a panic and never a silently wrong number.
package stats

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Alternative is the direction of a test.
type Alternative int

// Alternatives, as scipy names them.
const (
	TwoSided Alternative = iota // "two-sided"
	Greater                     // "greater": the first sample (or the slope) is larger
	Less                        // "less"
)

func (a Alternative) String() string {
	return [...]string{"two-sided", "greater", "less"}[a]
}

// ErrTooSmall is returned (wrapped) for samples too small for a method.
var ErrTooSmall = errors.New("sample too small")

// ErrNotFinite is returned (wrapped) for NaN or infinite input.
var ErrNotFinite = errors.New("non-finite value")

func checkFinite(name string, xs []float64) error {
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s[%d] = %v: %w", name, i, x, ErrNotFinite)
		}
	}
	return nil
}

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

// Rank returns midranks (1-based; ties share the mean of their ranks) and
// the tie term Σ(t³ − t) over groups of tied values.
func Rank(xs []float64) (ranks []float64, tieTerm float64) {
	n := len(xs)
	type vi struct {
		v float64
		i int32
	}
	s := make([]vi, n)
	for i, x := range xs {
		s[i] = vi{x, int32(i)}
	}
	slices.SortFunc(s, func(a, b vi) int { return cmp.Compare(a.v, b.v) })
	ranks = make([]float64, n)
	for i := 0; i < n; {
		j := i + 1
		for j < n && s[j].v == s[i].v {
			j++
		}
		r := float64(i+j+1) / 2 // mean of ranks i+1 … j
		for k := i; k < j; k++ {
			ranks[s[k].i] = r
		}
		t := float64(j - i)
		tieTerm += t*t*t - t
		i = j
	}
	return ranks, tieTerm
}

// Quantile is the type-7 sample quantile (R's default, numpy's "linear") of
// xs at p in [0, 1]. xs need not be sorted. It returns NaN for empty xs.
func Quantile(xs []float64, p float64) float64 {
	if len(xs) == 0 || p < 0 || p > 1 || math.IsNaN(p) {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return quantileSorted(s, p)
}

func quantileSorted(s []float64, p float64) float64 {
	h := float64(len(s)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (h-lo)*(s[i+1]-s[i])
}

// Median is the type-7 median (the middle value, or the mean of the two middle ones).
func Median(xs []float64) float64 { return Quantile(xs, 0.5) }

// Mean is the arithmetic mean; NaN for empty input.
func Mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// SD is the sample standard deviation (n − 1); NaN for n < 2.
func SD(xs []float64) float64 {
	if len(xs) < 2 {
		return math.NaN()
	}
	m := Mean(xs)
	s := 0.0
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)-1))
}

// FormatP renders a p-value for tables: "-" for NaN, "<0.0001" below it,
// else four decimals.
func FormatP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "-"
	case p < 0.0001:
		return "<0.0001"
	}
	return fmt.Sprintf("%.4f", p)
}
