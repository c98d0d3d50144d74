package stats

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

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

// QuantileSorted is Quantile for xs already sorted ascending: no copy, no
// sort, O(1). It returns NaN for empty xs or p outside [0, 1].
func QuantileSorted(xs []float64, p float64) float64 {
	if len(xs) == 0 || p < 0 || p > 1 || math.IsNaN(p) {
		return math.NaN()
	}
	return quantileSorted(xs, p)
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
