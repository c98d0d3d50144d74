package stats

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Wilson is the Wilson score interval for a proportion x/n at the given
// confidence level (0.95 for 95%), as R binom::binom.wilson and statsmodels
// proportion_confint(method="wilson"). x and n may be fractional (a weighted
// count and a Kish effective n). n ≤ 0 or x outside [0, n] gives NaN, NaN.
func Wilson(x, n, level float64) (lo, hi float64) {
	if !(n > 0) || x < 0 || x > n || math.IsNaN(x) || math.IsInf(n, 0) {
		return math.NaN(), math.NaN()
	}
	z := NormalQuantile(1 - (1-level)/2)
	p := x / n
	z2 := z * z
	den := 1 + z2/n
	mid := (p + z2/(2*n)) / den
	half := z / den * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	lo, hi = math.Max(0, mid-half), math.Min(1, mid+half)
	if x == 0 {
		lo = 0 // exactly; the formula leaves rounding error
	}
	if x == n {
		hi = 1
	}
	return lo, hi
}

// MedianCIIndex returns the 1-based ranks (l, u) of the order statistics
// that bound the distribution-free confidence interval for the median of n
// values: l is the smallest k with P(B ≤ k) ≥ (1−level)/2 for B ~
// Binomial(n, ½) (R qbinom), u = n − l + 1, so that P(X(l) ≤ median ≤ X(u))
// = 1 − 2·P(B ≤ l−1) ≥ level. ok is false when n is too small for any
// interval at that level (l = 0).
func MedianCIIndex(n int, level float64) (l, u int, ok bool) {
	if n < 1 {
		return 0, 0, false
	}
	b := distuv.Binomial{N: float64(n), P: 0.5}
	tail := (1 - level) / 2
	cum := 0.0
	for k := firstPositive(b, n/2); k <= n; k++ {
		cum += b.Prob(float64(k))
		if cum >= tail*(1-1e-12) {
			l = k
			break
		}
	}
	if l == 0 {
		return 0, 0, false
	}
	return l, n - l + 1, true
}

// firstPositive is the smallest k ≤ mode where b.Prob(k) is not 0: the
// probabilities rise up to the mode, and those far below it underflow to
// exactly 0 (for large n, all but the last few SDs), so a sum of them from
// 0 equals the sum from firstPositive on, in O(log n) probabilities
// instead of O(n).
func firstPositive(b distuv.Binomial, mode int) int {
	return sort.Search(mode, func(k int) bool { return b.Prob(float64(k)) > 0 })
}

// MedianCISorted returns the sample median (type 7) of s, sorted ascending,
// with its distribution-free order-statistic confidence interval
// (MedianCIIndex). The interval bounds are NaN when n is too small; an
// empty or non-finite sample is an error.
func MedianCISorted(s []float64, level float64) (med, lo, hi float64, err error) {
	if len(s) == 0 {
		return math.NaN(), math.NaN(), math.NaN(), fmt.Errorf("median ci: %w", ErrTooSmall)
	}
	if err := checkFinite("x", s); err != nil {
		return math.NaN(), math.NaN(), math.NaN(), fmt.Errorf("median ci: %w", err)
	}
	med = quantileSorted(s, 0.5)
	l, u, ok := MedianCIIndex(len(s), level)
	if !ok {
		return med, math.NaN(), math.NaN(), nil
	}
	return med, s[l-1], s[u-1], nil
}

// WeightedOrder is a weighted sample ordered once by value (ties in the
// sample's order), for several weighted quantiles of it.
type WeightedOrder struct {
	xs, ws []float64
	idx    []int // the observations with weight > 0, by value
	tot    float64
}

// OrderWeighted orders xs (with weights ws) for WeightedOrder's quantiles;
// values with weight ≤ 0 or NaN are left out. It is a counting sort over
// the distinct values, O(n log k) for k of them.
func OrderWeighted(xs, ws []float64) WeightedOrder {
	var keep []int
	for i := range xs {
		if ws[i] > 0 && !math.IsNaN(xs[i]) {
			keep = append(keep, i)
		}
	}
	distinct := make([]float64, len(keep))
	for k, i := range keep {
		distinct[k] = xs[i]
	}
	slices.Sort(distinct)
	distinct = slices.Compact(distinct)
	start := make([]int, len(distinct)+1) // start[r+1]: how many values rank ≤ r
	rank := make([]int32, len(keep))
	for k, i := range keep {
		r := sort.SearchFloat64s(distinct, xs[i])
		rank[k] = int32(r)
		start[r+1]++
	}
	for r := 1; r < len(start); r++ {
		start[r] += start[r-1]
	}
	o := WeightedOrder{xs: xs, ws: ws, idx: make([]int, len(keep))}
	for k, i := range keep { // in the sample's order: ties stay in it
		o.idx[start[rank[k]]] = i
		start[rank[k]]++
	}
	for _, i := range o.idx {
		o.tot += ws[i]
	}
	return o
}

// Quantile is the weighted p-quantile of the ordered sample: the smallest
// value whose cumulative weight share reaches p (the inverse of the weighted
// empirical CDF, without interpolation; with equal weights it is the type 1
// quantile). NaN when no weight remains.
func (o WeightedOrder) Quantile(p float64) float64 {
	if o.tot <= 0 {
		return math.NaN()
	}
	p = math.Max(0, math.Min(1, p))
	run := 0.0
	for _, i := range o.idx {
		run += o.ws[i]
		if run >= p*o.tot*(1-1e-12) {
			return o.xs[i]
		}
	}
	return o.xs[o.idx[len(o.idx)-1]]
}

// MedianCI is the weighted median of the ordered sample with a Woodruff
// interval: the weighted quantiles at ½ ∓ z·√(¼/nEff), with nEff the Kish
// effective sample size of the weights. Bounds are NaN when fewer than two
// values carry weight.
func (o WeightedOrder) MedianCI(level float64) (med, lo, hi float64) {
	med = o.Quantile(0.5)
	sub := make([]float64, len(o.idx))
	for k, i := range o.idx {
		sub[k] = o.ws[i]
	}
	ne := KishN(sub)
	if len(o.idx) < 2 || !(ne > 0) {
		return med, math.NaN(), math.NaN()
	}
	d := NormalQuantile(1-(1-level)/2) * math.Sqrt(0.25/ne)
	return med, o.Quantile(0.5 - d), o.Quantile(0.5 + d)
}

// KishN is Kish's effective sample size (Σw)² / Σw² of a set of weights; 0
// for no positive weight.
func KishN(ws []float64) float64 {
	s, s2 := 0.0, 0.0
	for _, w := range ws {
		if w > 0 {
			s += w
			s2 += w * w
		}
	}
	if s2 == 0 {
		return 0
	}
	return s * s / s2
}
