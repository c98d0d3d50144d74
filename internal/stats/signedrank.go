package stats

import (
	"fmt"
	"math"
)

// WilcoxonSignedRank is the one-sample (paired-difference) Wilcoxon
// signed-rank test of whether the differences d are symmetric about 0:
// zero differences are dropped (Wilcoxon's method), the others ranked by
// |d| with midranks; the statistic is R⁺, the rank sum of the positive
// differences, with E R⁺ = n(n+1)/4 and Var R⁺ = n(n+1)(2n+1)/24 −
// Σ(t³ − t)/48 over tie groups; normal approximation without continuity
// correction. It is scipy.stats.wilcoxon(d, zero_method='wilcox',
// correction=False, alternative=…, method='approx') (scipy 1.10), whose
// statistic for a one-sided alternative is R⁺. Alternative Less means the
// differences tend to be negative.
func WilcoxonSignedRank(d []float64, alt Alternative) (TestResult, error) {
	if err := checkFinite("differences", d); err != nil {
		return TestResult{}, fmt.Errorf("wilcoxon signed-rank: %w", err)
	}
	var abs []float64
	var pos []bool
	for _, x := range d {
		if x != 0 {
			abs, pos = append(abs, math.Abs(x)), append(pos, x > 0)
		}
	}
	n := float64(len(abs))
	res := TestResult{N: []int{len(abs)}, Z: math.NaN(), P: math.NaN(), Statistic: math.NaN()}
	if len(abs) == 0 {
		return res, fmt.Errorf("wilcoxon signed-rank: every difference is zero: %w", ErrTooSmall)
	}
	r, _ := Rank(abs)
	rPlus := 0.0
	for i, x := range r {
		if pos[i] {
			rPlus += x
		}
	}
	v := n*(n+1)*(2*n+1)/24 - tieCubes(abs)/48
	res.Statistic = rPlus
	if !(v > 0) {
		return res, fmt.Errorf("wilcoxon signed-rank: no variance: %w", ErrTooSmall)
	}
	res.Z = (rPlus - n*(n+1)/4) / math.Sqrt(v)
	res.P = pFromZ(res.Z, alt)
	return res, nil
}

// tieCubes is Σ(t³ − t) over the groups of equal values of xs.
func tieCubes(xs []float64) float64 {
	count := map[float64]float64{}
	for _, x := range xs {
		count[x]++
	}
	s := 0.0
	for _, t := range count {
		s += t*t*t - t
	}
	return s
}
