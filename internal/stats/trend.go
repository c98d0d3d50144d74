package stats

import (
	"fmt"
	"math"
	"sort"
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
	var all []float64
	for a, g := range groups {
		if len(g) != len(weights[a]) {
			return TestResult{}, fmt.Errorf("weighted rank trend: group %d has %d values and %d weights", a, len(g), len(weights[a]))
		}
		if err := checkFinite(fmt.Sprintf("group %d", a), g); err != nil {
			return TestResult{}, fmt.Errorf("weighted rank trend: %w", err)
		}
		m[a], ns[a] = KishN(weights[a]), len(g)
		all = append(all, g...)
	}
	s, pairs := 0.0, 0.0
	sorted := make([]weightedSorted, len(groups))
	for a := range groups {
		sorted[a] = sortWeighted(groups[a], weights[a])
	}
	for a := range groups {
		for b := a + 1; b < len(groups); b++ {
			if m[a] == 0 || m[b] == 0 {
				continue
			}
			s += m[a] * m[b] * weightedDelta(groups[a], weights[a], sorted[b])
			pairs += m[a] * m[b]
		}
	}
	res := TestResult{N: ns}
	v := rankTrendVar(m, all)
	if !(v > 0) || pairs == 0 {
		res.Statistic, res.Z, res.P = math.NaN(), math.NaN(), math.NaN()
		return res, fmt.Errorf("weighted rank trend: no variance: %w", ErrTooSmall)
	}
	res.Statistic = s / pairs
	res.Z = s / math.Sqrt(v)
	res.P = pFromZ(res.Z, TwoSided)
	return res, nil
}

func rankTrendVar(m, all []float64) float64 {
	M, sub := 0.0, 0.0
	for _, x := range m {
		M += x
		sub += x * x * (2*x + 3)
	}
	tie := tieTerm(all)
	N := float64(len(all))
	f := 1.0
	if N > 1 {
		f = 1 - tie/(N*N*N-N)
	}
	return (M*M*(2*M+3) - sub) / 18 * f
}

type weightedSorted struct {
	x   []float64 // ascending
	cum []float64 // cum[k] = weight of x[0..k-1]
}

func sortWeighted(x, w []float64) weightedSorted {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	ws := weightedSorted{x: make([]float64, len(x)), cum: make([]float64, len(x)+1)}
	for k, i := range idx {
		ws.x[k] = x[i]
		ws.cum[k+1] = ws.cum[k] + math.Max(0, w[i])
	}
	return ws
}

// weightedDelta is the weighted P(Y_b > Y_a) − P(Y_b < Y_a) for a's values
// against b's sorted values.
func weightedDelta(xa, wa []float64, b weightedSorted) float64 {
	tb := b.cum[len(b.x)]
	num, ta := 0.0, 0.0
	for i, x := range xa {
		w := math.Max(0, wa[i])
		lo := sort.SearchFloat64s(b.x, x)                                   // b values < x
		hi := sort.Search(len(b.x), func(k int) bool { return b.x[k] > x }) // b values ≤ x
		below, above := b.cum[lo], tb-b.cum[hi]
		num += w * (above - below)
		ta += w
	}
	if ta == 0 || tb == 0 {
		return 0
	}
	return num / (ta * tb)
}
