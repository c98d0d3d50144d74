package stats

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestResult is a test statistic with its p-value.
type TestResult struct {
	Statistic float64 // U, H, τ, … as the method names it
	Z         float64 // the standardized statistic, where the method has one (NaN otherwise)
	P         float64
	N         []int // sample sizes
}

// MannWhitney is the Mann–Whitney U test of x against y: U is the statistic
// of x (the number of pairs with x > y, ties counting ½), and the p-value is
// asymptotic normal with the tie-corrected variance and a continuity
// correction of ½ towards the mean, as scipy.stats.mannwhitneyu(x, y,
// alternative, method="asymptotic", use_continuity=True) and R
// wilcox.test(x, y, exact=FALSE, correct=TRUE). Each sample needs at least
// one value; all values tied gives p = NaN with ErrTooSmall (no variance).
func MannWhitney(x, y []float64, alt Alternative) (TestResult, error) {
	n1, n2 := len(x), len(y)
	if n1 < 1 || n2 < 1 {
		return TestResult{}, fmt.Errorf("mann-whitney: n1=%d, n2=%d: %w", n1, n2, ErrTooSmall)
	}
	if err := checkFinite("x", x); err != nil {
		return TestResult{}, fmt.Errorf("mann-whitney: %w", err)
	}
	if err := checkFinite("y", y); err != nil {
		return TestResult{}, fmt.Errorf("mann-whitney: %w", err)
	}
	all := append(append(make([]float64, 0, n1+n2), x...), y...)
	r, tie := Rank(all)
	r1 := 0.0
	for _, v := range r[:n1] {
		r1 += v
	}
	fn1, fn2 := float64(n1), float64(n2)
	n := fn1 + fn2
	u := r1 - fn1*(fn1+1)/2
	mu := fn1 * fn2 / 2
	sigma := math.Sqrt(fn1 * fn2 / 12 * ((n + 1) - tie/(n*(n-1))))
	res := TestResult{Statistic: u, N: []int{n1, n2}}
	if sigma == 0 || math.IsNaN(sigma) {
		res.Z, res.P = math.NaN(), math.NaN()
		return res, fmt.Errorf("mann-whitney: all values tied, no variance: %w", ErrTooSmall)
	}
	var z float64
	switch alt {
	case Greater:
		z = (u - mu - 0.5) / sigma
	case Less:
		z = (u - mu + 0.5) / sigma
	default:
		z = (math.Abs(u-mu) - 0.5) / sigma
		if u < mu {
			z = -z
		}
	}
	res.Z = z
	if alt == TwoSided {
		// scipy: U = max(U1, U2), z = (U − μ − ½)/σ, p = 2·sf(z).
		res.P = clip01(2 * NormalSF((math.Max(u, fn1*fn2-u)-mu-0.5)/sigma))
	} else {
		res.P = pFromZ(z, alt)
	}
	return res, nil
}

// CliffsDelta is P(X > Y) − P(X < Y) over all pairs, in [−1, 1]; it equals
// 2U/(n1·n2) − 1 with U of MannWhitney. NaN for an empty sample. It sorts
// copies and counts by merging: O(n log n).
func CliffsDelta(x, y []float64) float64 {
	if len(x) == 0 || len(y) == 0 {
		return math.NaN()
	}
	sx := append([]float64(nil), x...)
	sy := append([]float64(nil), y...)
	sort.Float64s(sx)
	sort.Float64s(sy)
	return CliffsDeltaSorted(sx, sy)
}

// CliffsDeltaSorted is CliffsDelta for x and y already sorted ascending:
// no sort, O(n1 + n2).
func CliffsDeltaSorted(x, y []float64) float64 {
	return cliffsDeltaCounted(countRuns(x), countRuns(y))
}

// cliffsDeltaCounted is Cliff's δ of two samples given as counted values,
// O(k1 + k2) for k1 and k2 values.
func cliffsDeltaCounted(x, y counted) float64 {
	if x.n == 0 || y.n == 0 {
		return math.NaN()
	}
	gt, lt := dominance(x, y)
	return float64(gt-lt) / float64(x.n*y.n)
}

// dominance counts, by merging the counted values of x and y, the pairs
// with x > y (gt) and with x < y (lt).
func dominance(x, y counted) (gt, lt int) {
	lo, hi, below, atMost := 0, 0, 0, 0 // below: y's count < v; atMost: ≤ v
	for i, v := range x.values {
		for lo < len(y.values) && y.values[lo] < v {
			below += int(y.counts[lo])
			lo++
		}
		for hi < len(y.values) && y.values[hi] <= v {
			atMost += int(y.counts[hi])
			hi++
		}
		c := int(x.counts[i])
		gt += c * below
		lt += c * (y.n - atMost)
	}
	return gt, lt
}

// Dunn is Dunn's (1964) pairwise z test after Kruskal–Wallis, with midranks
// over all groups and the tie-corrected variance: z = (R̄_i − R̄_j) /
// √((N(N+1)/12 − T/(12(N−1)))·(1/n_i + 1/n_j)). It returns z and the
// two-sided p-value for groups i and j (unadjusted).
//
// kept: docs/analysis-plan.md's numerical rules name Dunn (post-hoc after Kruskal–Wallis).
func Dunn(groups [][]float64, i, j int) (z, p float64, err error) {
	if i < 0 || j < 0 || i >= len(groups) || j >= len(groups) || i == j {
		return math.NaN(), math.NaN(), fmt.Errorf("dunn: bad group indexes %d, %d", i, j)
	}
	var all []float64
	start := make([]int, len(groups)+1)
	for k, g := range groups {
		if len(g) == 0 {
			return math.NaN(), math.NaN(), fmt.Errorf("dunn: group %d is empty: %w", k, ErrTooSmall)
		}
		all = append(all, g...)
		start[k+1] = len(all)
	}
	r, tie := Rank(all)
	n := float64(len(all))
	mean := func(k int) float64 { return Mean(r[start[k]:start[k+1]]) }
	v := (n*(n+1)/12 - tie/(12*(n-1))) * (1/float64(len(groups[i])) + 1/float64(len(groups[j])))
	if v <= 0 {
		return math.NaN(), math.NaN(), fmt.Errorf("dunn: all values tied: %w", ErrTooSmall)
	}
	z = (mean(i) - mean(j)) / math.Sqrt(v)
	return z, pFromZ(z, TwoSided), nil
}

// KruskalWallis is the tie-corrected Kruskal–Wallis H test over k groups,
// with the χ²(k−1) upper-tail p-value (scipy.stats.kruskal) and the effect
// size ε² = H / (n − 1) (Tomczak & Tomczak 2014). Needs k ≥ 2 non-empty
// groups.
func KruskalWallis(groups ...[]float64) (TestResult, float64, error) {
	var all []float64
	var ns []int
	for i, g := range groups {
		if len(g) == 0 {
			return TestResult{}, math.NaN(), fmt.Errorf("kruskal-wallis: group %d is empty: %w", i, ErrTooSmall)
		}
		if err := checkFinite(fmt.Sprintf("group %d", i), g); err != nil {
			return TestResult{}, math.NaN(), fmt.Errorf("kruskal-wallis: %w", err)
		}
		all = append(all, g...)
		ns = append(ns, len(g))
	}
	if len(groups) < 2 {
		return TestResult{}, math.NaN(), fmt.Errorf("kruskal-wallis: %d groups: %w", len(groups), ErrTooSmall)
	}
	r, tie := Rank(all)
	n := float64(len(all))
	h, k := 0.0, 0
	for _, g := range groups {
		s := 0.0
		for _, v := range r[k : k+len(g)] {
			s += v
		}
		h += s * s / float64(len(g))
		k += len(g)
	}
	h = 12/(n*(n+1))*h - 3*(n+1)
	c := 1 - tie/(n*n*n-n)
	if c == 0 {
		return TestResult{Statistic: math.NaN(), P: math.NaN(), N: ns}, math.NaN(), fmt.Errorf("kruskal-wallis: all values tied: %w", ErrTooSmall)
	}
	h /= c
	chi := distuv.ChiSquared{K: float64(len(groups) - 1)}
	return TestResult{Statistic: h, Z: math.NaN(), P: clip01(chi.Survival(h)), N: ns}, h / (n - 1), nil
}
