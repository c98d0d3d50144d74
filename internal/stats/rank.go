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
	var gt, lt int
	lo, hi := 0, 0 // sy[:lo] < v; sy[:hi] <= v
	for _, v := range sx {
		for lo < len(sy) && sy[lo] < v {
			lo++
		}
		for hi < len(sy) && sy[hi] <= v {
			hi++
		}
		gt += lo
		lt += len(sy) - hi
	}
	return float64(gt-lt) / float64(len(x)*len(y))
}

// Dunn is Dunn's (1964) pairwise z test after Kruskal–Wallis, with midranks
// over all groups and the tie-corrected variance: z = (R̄_i − R̄_j) /
// √((N(N+1)/12 − T/(12(N−1)))·(1/n_i + 1/n_j)). It returns z and the
// two-sided p-value for groups i and j (unadjusted).
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

// HodgesLehmann is the Hodges–Lehmann shift estimate of x − y: the median
// of all pairwise differences x_i − y_j (as R wilcox.test(conf.int=TRUE)'s
// estimate for large samples). NaN for an empty sample. O(n1·n2) memory.
func HodgesLehmann(x, y []float64) float64 {
	if len(x) == 0 || len(y) == 0 {
		return math.NaN()
	}
	d := make([]float64, 0, len(x)*len(y))
	for _, a := range x {
		for _, b := range y {
			d = append(d, a-b)
		}
	}
	return Median(d)
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

// KendallTauB is Kendall's τ_b with the tie-corrected asymptotic variance of
// the numerator S (Kendall 1970), as scipy.stats.kendalltau(x, y,
// method="asymptotic"); Z is S / sd(S). O(n²); needs n ≥ 2 and variation in
// both variables.
func KendallTauB(x, y []float64, alt Alternative) (TestResult, error) {
	n := len(x)
	if n != len(y) {
		return TestResult{}, fmt.Errorf("kendall: lengths %d and %d differ", n, len(y))
	}
	if n < 2 {
		return TestResult{}, fmt.Errorf("kendall: n=%d: %w", n, ErrTooSmall)
	}
	if err := checkFinite("x", x); err != nil {
		return TestResult{}, fmt.Errorf("kendall: %w", err)
	}
	if err := checkFinite("y", y); err != nil {
		return TestResult{}, fmt.Errorf("kendall: %w", err)
	}
	s := 0.0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a := sign(x[i] - x[j])
			b := sign(y[i] - y[j])
			s += a * b
		}
	}
	tx, vx1, vx2 := tieSums(x)
	ty, vy1, vy2 := tieSums(y)
	fn := float64(n)
	n0 := fn * (fn - 1) / 2
	den := math.Sqrt((n0 - tx) * (n0 - ty))
	res := TestResult{N: []int{n}}
	if den == 0 {
		res.Statistic, res.Z, res.P = math.NaN(), math.NaN(), math.NaN()
		return res, fmt.Errorf("kendall: a variable is constant: %w", ErrTooSmall)
	}
	res.Statistic = s / den
	// Var(S) with ties (scipy's kendalltau, asymptotic).
	v := (fn*(fn-1)*(2*fn+5)-vx1-vy1)/18 +
		vx2*vy2/(9*fn*(fn-1)*(fn-2)) +
		tx*2*ty*2/(2*fn*(fn-1))
	if n < 3 {
		v = (fn*(fn-1)*(2*fn+5)-vx1-vy1)/18 + tx*2*ty*2/(2*fn*(fn-1))
	}
	res.Z = s / math.Sqrt(v)
	res.P = pFromZ(res.Z, alt)
	return res, nil
}

// tieSums returns Σ t(t−1)/2, Σ t(t−1)(2t+5), Σ t(t−1)(t−2) over tie groups.
func tieSums(x []float64) (pairs, v1, v2 float64) {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j] == s[i] {
			j++
		}
		t := float64(j - i)
		pairs += t * (t - 1) / 2
		v1 += t * (t - 1) * (2*t + 5)
		v2 += t * (t - 1) * (t - 2)
		i = j
	}
	return
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// Spearman is Spearman's ρ (Pearson correlation of midranks) with the
// t-approximation p-value on n − 2 df, as scipy.stats.spearmanr.
func Spearman(x, y []float64, alt Alternative) (TestResult, error) {
	n := len(x)
	if n != len(y) || n < 3 {
		return TestResult{}, fmt.Errorf("spearman: n=%d (need equal lengths ≥ 3): %w", n, ErrTooSmall)
	}
	if err := checkFinite("x", x); err != nil {
		return TestResult{}, fmt.Errorf("spearman: %w", err)
	}
	if err := checkFinite("y", y); err != nil {
		return TestResult{}, fmt.Errorf("spearman: %w", err)
	}
	rx, _ := Rank(x)
	ry, _ := Rank(y)
	mx, my := Mean(rx), Mean(ry)
	sxy, sxx, syy := 0.0, 0.0, 0.0
	for i := range rx {
		sxy += (rx[i] - mx) * (ry[i] - my)
		sxx += (rx[i] - mx) * (rx[i] - mx)
		syy += (ry[i] - my) * (ry[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return TestResult{Statistic: math.NaN(), Z: math.NaN(), P: math.NaN(), N: []int{n}}, fmt.Errorf("spearman: a variable is constant: %w", ErrTooSmall)
	}
	rho := sxy / math.Sqrt(sxx*syy)
	df := float64(n - 2)
	t := rho * math.Sqrt(df/((1-rho)*(1+rho)))
	if math.Abs(rho) == 1 {
		t = math.Copysign(math.Inf(1), rho)
	}
	return TestResult{Statistic: rho, Z: t, P: pFromT(t, df, alt), N: []int{n}}, nil
}

// JonckheereTerpstra tests for an ordered trend in y across the ordered
// groups g (e.g. years): J counts, over pairs of observations in different
// groups, those where the one in the later group is larger (ties ½). The
// p-value is normal with the tie-corrected variance. Because the tie-corrected
// JT z equals Kendall's τ_b z computed on (g, y), the test is computed through
// KendallTauB (Z and P are those of τ_b; Statistic is J). Alternative Greater
// means y increases with g.
func JonckheereTerpstra(g, y []float64, alt Alternative) (TestResult, error) {
	res, err := KendallTauB(g, y, alt)
	if err != nil {
		return res, fmt.Errorf("jonckheere-terpstra: %w", err)
	}
	j := 0.0
	for a := range g {
		for b := range g {
			if g[b] > g[a] {
				switch {
				case y[b] > y[a]:
					j++
				case y[b] == y[a]:
					j += 0.5
				}
			}
		}
	}
	res.Statistic = j
	return res, nil
}

// KendallTauBGroups is Kendall's τ_b between the group index (0, 1, …, k−1,
// ordered) and the values, with the same tie-corrected asymptotic test as
// KendallTauB on (index, value) pairs, in O(n log n): S is the sum over group
// pairs a < b of n_a·n_b·δ(b, a) with δ Cliff's delta. It is what the
// Jonckheere–Terpstra test and its bootstrap need for thousands of values.
func KendallTauBGroups(groups [][]float64, alt Alternative) (TestResult, error) {
	var all, idx []float64
	var ns []int
	for k, g := range groups {
		if err := checkFinite(fmt.Sprintf("group %d", k), g); err != nil {
			return TestResult{}, fmt.Errorf("kendall: %w", err)
		}
		all = append(all, g...)
		for range g {
			idx = append(idx, float64(k))
		}
		ns = append(ns, len(g))
	}
	n := len(all)
	if n < 3 {
		return TestResult{}, fmt.Errorf("kendall: n=%d: %w", n, ErrTooSmall)
	}
	s := 0.0
	for a := range groups {
		for b := a + 1; b < len(groups); b++ {
			if len(groups[a]) == 0 || len(groups[b]) == 0 {
				continue
			}
			s += float64(len(groups[a])*len(groups[b])) * CliffsDelta(groups[b], groups[a])
		}
	}
	s = math.Round(s) // S is an integer; remove floating error from δ·n_a·n_b
	tx, vx1, vx2 := tieSums(idx)
	ty, vy1, vy2 := tieSums(all)
	fn := float64(n)
	n0 := fn * (fn - 1) / 2
	den := math.Sqrt((n0 - tx) * (n0 - ty))
	res := TestResult{N: ns}
	if den == 0 {
		res.Statistic, res.Z, res.P = math.NaN(), math.NaN(), math.NaN()
		return res, fmt.Errorf("kendall: a variable is constant: %w", ErrTooSmall)
	}
	res.Statistic = s / den
	v := (fn*(fn-1)*(2*fn+5)-vx1-vy1)/18 + vx2*vy2/(9*fn*(fn-1)*(fn-2)) + 2*tx*ty/(fn*(fn-1))
	res.Z = s / math.Sqrt(v)
	res.P = pFromZ(res.Z, alt)
	return res, nil
}
