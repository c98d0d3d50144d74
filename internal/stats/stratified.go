package stats

import (
	"fmt"
	"math"
)

// VanElteren is the stratified Wilcoxon rank-sum test of van Elteren (1960):
// within each stratum s the pooled values get midranks, scored rank/(nₛ+1);
// the statistic T is the sum of the first group's scores over strata, and Z
// = (T − E T)/√Var T with the permutation (within-stratum) mean and variance
// Var Tₛ = n₁ₛn₂ₛ/(nₛ(nₛ−1))·Σ(aᵢ − ā)², so ties are handled exactly. No
// continuity correction; the p-value is normal. It is R
// coin::independence_test(y ~ g | stratum, teststat = "scalar") with the van
// Elteren scores, ytrafo = function(d) trafo(d, numeric_trafo = function(y)
// rank(y) / (length(y) + 1), block = stratum). x[s] and y[s] are the two groups' values in stratum s; a
// stratum where a group is empty carries no information: it adds the same
// to T and E T (as in coin) and nothing to the variance or the counts. Alternative
// Greater means x tends to be larger.
func VanElteren(x, y [][]float64, alt Alternative) (TestResult, error) {
	if len(x) != len(y) {
		return TestResult{}, fmt.Errorf("van elteren: %d and %d strata", len(x), len(y))
	}
	var t, e, v float64
	n1, n2 := 0, 0
	for s := range x {
		if err := checkFinite(fmt.Sprintf("x stratum %d", s), x[s]); err != nil {
			return TestResult{}, fmt.Errorf("van elteren: %w", err)
		}
		if err := checkFinite(fmt.Sprintf("y stratum %d", s), y[s]); err != nil {
			return TestResult{}, fmt.Errorf("van elteren: %w", err)
		}
		if len(x[s]) == 0 || len(y[s]) == 0 {
			// one group only: its scores sum to n₁ₛ/2 in T and in E T alike
			// (as coin counts them), nothing in the variance
			h := float64(len(x[s])) / 2
			t, e = t+h, e+h
			continue
		}
		ts, es, vs := stratumScores(x[s], y[s])
		t, e, v = t+ts, e+es, v+vs
		n1, n2 = n1+len(x[s]), n2+len(y[s])
	}
	res := TestResult{Statistic: t, N: []int{n1, n2}}
	if !(v > 0) {
		res.Z, res.P = math.NaN(), math.NaN()
		return res, fmt.Errorf("van elteren: no stratum with both groups and untied values: %w", ErrTooSmall)
	}
	res.Z = (t - e) / math.Sqrt(v)
	res.P = pFromZ(res.Z, alt)
	return res, nil
}

// stratumScores returns the first group's score sum in one stratum and its
// permutation mean and variance.
func stratumScores(x, y []float64) (t, e, v float64) {
	all := append(append(make([]float64, 0, len(x)+len(y)), x...), y...)
	r, _ := Rank(all)
	n := float64(len(all))
	mean, ss := 0.0, 0.0
	for i := range r {
		r[i] /= n + 1
		mean += r[i]
	}
	mean /= n
	for i, a := range r {
		ss += (a - mean) * (a - mean)
		if i < len(x) {
			t += a
		}
	}
	n1, n2 := float64(len(x)), float64(len(y))
	return t, n1 * mean, n1 * n2 / (n * (n - 1)) * ss
}
