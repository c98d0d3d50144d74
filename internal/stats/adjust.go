package stats

import (
	"math"
	"sort"
)

// Holm returns Holm's step-down adjusted p-values, as R
// p.adjust(p, "holm"): p_(i) × (m − i + 1), made monotone, capped at 1.
// NaN p-values are kept as NaN and do not count towards m.
func Holm(p []float64) []float64 {
	idx, m := order(p)
	out := nanLike(p)
	run := 0.0
	for i, k := range idx {
		v := math.Min(1, float64(m-i)*p[k])
		run = math.Max(run, v)
		out[k] = run
	}
	return out
}

// BenjaminiHochberg returns BH adjusted p-values (false discovery rate), as
// R p.adjust(p, "BH"). NaN p-values are kept as NaN and do not count.
func BenjaminiHochberg(p []float64) []float64 {
	idx, m := order(p)
	out := nanLike(p)
	run := 1.0
	for i := len(idx) - 1; i >= 0; i-- {
		k := idx[i]
		v := math.Min(1, float64(m)/float64(i+1)*p[k])
		run = math.Min(run, v)
		out[k] = run
	}
	return out
}

func order(p []float64) ([]int, int) {
	var idx []int
	for i, v := range p {
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })
	return idx, len(idx)
}

func nanLike(p []float64) []float64 {
	out := make([]float64, len(p))
	for i := range out {
		out[i] = math.NaN()
	}
	return out
}
