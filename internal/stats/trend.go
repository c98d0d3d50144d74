package stats

import (
	"fmt"
	"math"
	"slices"
)

// WeightedRankTrend tests for a monotone trend of values across ordered
// groups (e.g. survey waves) under survey weights: a weighted
// Jonckheere–Terpstra/Kendall test. Per pair of groups a < b, δ(a, b) is the
// weighted P(Y_b > Y_a) − P(Y_b < Y_a); S = Σ m_a·m_b·δ(a, b) with m the Kish
// effective size of each group's weights, and
//
//	Var₀(S) = [M²(2M+3) − Σ m_a²(2m_a+3)] / 18 · (1 − Σ(t³−t)/(N³−N)),
//
// M = Σ m_a, the last factor the tie correction of the unweighted values.
// With unit weights and no tied values Z equals that of KendallTauBGroups
// (and, for two groups, the Mann–Whitney z without continuity correction).
// Statistic is S / Σ m_a·m_b, the weighted mean δ in [−1, 1]; P is two-sided.
func WeightedRankTrend(groups, weights [][]float64) (TestResult, error) {
	if len(groups) != len(weights) || len(groups) < 2 {
		return TestResult{}, fmt.Errorf("weighted rank trend: %d groups, %d weight sets: %w", len(groups), len(weights), ErrTooSmall)
	}
	m := make([]float64, len(groups))
	ns := make([]int, len(groups))
	for a, g := range groups {
		if len(g) != len(weights[a]) {
			return TestResult{}, fmt.Errorf("weighted rank trend: group %d has %d values and %d weights", a, len(g), len(weights[a]))
		}
		if err := checkFinite(fmt.Sprintf("group %d", a), g); err != nil {
			return TestResult{}, fmt.Errorf("weighted rank trend: %w", err)
		}
		m[a], ns[a] = KishN(weights[a]), len(g)
	}
	s, pairs := 0.0, 0.0
	sorted := make([]weightedSorted, len(groups))
	for a := range groups {
		sorted[a] = sortWeighted(groups[a], weights[a])
	}
	var buf []float64
	for a := range groups {
		for b := a + 1; b < len(groups); b++ {
			if m[a] == 0 || m[b] == 0 {
				continue
			}
			var d float64
			d, buf = weightedDelta(weights[a], sorted[a], sorted[b], buf)
			s += m[a] * m[b] * d
			pairs += m[a] * m[b]
		}
	}
	res := TestResult{N: ns}
	v := rankTrendVar(m, sorted)
	if !(v > 0) || pairs == 0 {
		res.Statistic, res.Z, res.P = math.NaN(), math.NaN(), math.NaN()
		return res, fmt.Errorf("weighted rank trend: no variance: %w", ErrTooSmall)
	}
	res.Statistic = s / pairs
	res.Z = s / math.Sqrt(v)
	res.P = pFromZ(res.Z, TwoSided)
	return res, nil
}

func rankTrendVar(m []float64, sorted []weightedSorted) float64 {
	M, sub := 0.0, 0.0
	for _, x := range m {
		M += x
		sub += x * x * (2*x + 3)
	}
	groups := make([]counted, len(sorted))
	n := 0
	for a, g := range sorted {
		groups[a] = countRuns(g.x)
		n += len(g.x)
	}
	tie := 0.0 // Σ(t³ − t) over the tied values of all groups, as Rank's
	mergeValues(groups, func(_, _ []int, t int) {
		ft := float64(t)
		tie += ft*ft*ft - ft
	})
	N := float64(n)
	f := 1.0
	if N > 1 {
		f = 1 - tie/(N*N*N-N)
	}
	return (M*M*(2*M+3) - sub) / 18 * f
}

// weightedSorted is a group's values ascending, with their weights'
// running sums and where each value came from.
type weightedSorted struct {
	x    []float64 // ascending
	cum  []float64 // cum[k] = weight of x[0..k-1]
	perm []int     // x[k] is value perm[k] of the group
}

// sortWeighted orders a group by value. Tied values keep the order the
// standard library's sort.Slice gives them (the same pdqsort, on pairs
// instead of through an index), so the running sums, and the statistic,
// are the same to the last bit as when it sorted that way.
func sortWeighted(x, w []float64) weightedSorted {
	type vi struct {
		v float64
		i int
	}
	s := make([]vi, len(x))
	for i, v := range x {
		s[i] = vi{v, i}
	}
	slices.SortFunc(s, func(a, b vi) int { // < as sort.Slice was given (the values are finite)
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	ws := weightedSorted{x: make([]float64, len(x)), cum: make([]float64, len(x)+1), perm: make([]int, len(x))}
	for k, e := range s {
		ws.x[k], ws.perm[k] = e.v, e.i
		ws.cum[k+1] = ws.cum[k] + math.Max(0, w[e.i])
	}
	return ws
}

// weightedDelta is the weighted P(Y_b > Y_a) − P(Y_b < Y_a) for a's values
// (weights wa, sorted as a) against b's sorted values: the weight of b
// above and below each of a's values by one merge, summed in a's own
// order. buf is scratch space, returned for reuse.
func weightedDelta(wa []float64, a, b weightedSorted, buf []float64) (float64, []float64) {
	tb := b.cum[len(b.x)]
	diff := slices.Grow(buf[:0], len(a.x))[:len(a.x)] // diff[i]: b's weight above minus below a's value i
	lo, hi := 0, 0                                    // b.x[:lo] < x, b.x[:hi] ≤ x
	for k, x := range a.x {
		for lo < len(b.x) && b.x[lo] < x {
			lo++
		}
		for hi < len(b.x) && b.x[hi] <= x {
			hi++
		}
		diff[a.perm[k]] = (tb - b.cum[hi]) - b.cum[lo]
	}
	num, ta := 0.0, 0.0
	for i, d := range diff {
		w := math.Max(0, wa[i])
		num += w * d
		ta += w
	}
	if ta == 0 || tb == 0 {
		return 0, diff
	}
	return num / (ta * tb), diff
}
