package stats

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// ChiSquareResult is Pearson's chi-square test of homogeneity (or
// independence) of a two-way table.
type ChiSquareResult struct {
	Statistic   float64 // Σ (O − E)² / E over the non-empty rows and columns
	DF          int     // (rows − 1)(columns − 1) of the non-empty table
	P           float64 // asymptotic chi-square upper tail
	MinExpected float64 // smallest expected count
	N           float64 // table total
}

// ChiSquare is Pearson's chi-square test on a table of (possibly weighted)
// counts, rows being the groups (waves) and columns the answers, without a
// continuity correction: scipy.stats.chi2_contingency(t, correction=False)
// and R chisq.test(t, correct=FALSE). Rows and columns that are all zero are
// dropped first (they carry no information; scipy refuses them). Fewer than
// two non-empty rows or columns is ErrTooSmall.
func ChiSquare(table [][]float64) (ChiSquareResult, error) {
	t, err := compact(table)
	if err != nil {
		return ChiSquareResult{}, fmt.Errorf("chi-square: %w", err)
	}
	rs, cs, n := margins(t)
	res := ChiSquareResult{N: n, MinExpected: math.Inf(1), DF: (len(rs) - 1) * (len(cs) - 1)}
	res.Statistic = pearson(t, rs, cs, n, &res.MinExpected)
	res.P = clip01(distuv.ChiSquared{K: float64(res.DF)}.Survival(res.Statistic))
	return res, nil
}

func compact(table [][]float64) ([][]float64, error) {
	if len(table) == 0 {
		return nil, ErrTooSmall
	}
	nc := len(table[0])
	colSum := make([]float64, nc)
	for i, r := range table {
		if len(r) != nc {
			return nil, fmt.Errorf("row %d has %d columns, row 0 has %d", i, len(r), nc)
		}
		if err := checkFinite(fmt.Sprintf("row %d", i), r); err != nil {
			return nil, err
		}
		for j, v := range r {
			if v < 0 {
				return nil, fmt.Errorf("row %d column %d: negative count %g", i, j, v)
			}
			colSum[j] += v
		}
	}
	var out [][]float64
	for _, r := range table {
		var row []float64
		tot := 0.0
		for j, v := range r {
			if colSum[j] > 0 {
				row = append(row, v)
				tot += v
			}
		}
		if tot > 0 {
			out = append(out, row)
		}
	}
	if len(out) < 2 || len(out[0]) < 2 {
		return nil, fmt.Errorf("%d non-empty rows, %d non-empty columns: %w", len(out), len(firstOr(out)), ErrTooSmall)
	}
	return out, nil
}

func firstOr(t [][]float64) []float64 {
	if len(t) == 0 {
		return nil
	}
	return t[0]
}

func margins(t [][]float64) (rs, cs []float64, n float64) {
	rs = make([]float64, len(t))
	cs = make([]float64, len(t[0]))
	for i, r := range t {
		for j, v := range r {
			rs[i] += v
			cs[j] += v
			n += v
		}
	}
	return rs, cs, n
}

func pearson(t [][]float64, rs, cs []float64, n float64, minE *float64) float64 {
	x := 0.0
	for i, r := range t {
		for j, v := range r {
			e := rs[i] * cs[j] / n
			if minE != nil && e < *minE {
				*minE = e
			}
			x += (v - e) * (v - e) / e
		}
	}
	return x
}

// ChiSquareMonteCarlo is the Monte Carlo p-value of Pearson's chi-square for
// a table of integer counts, as R chisq.test(t, simulate.p.value=TRUE, B):
// B tables are drawn uniformly from those with the observed margins (the
// multiple hypergeometric distribution, here by shuffling the column labels
// of the N units, which draws the same distribution as R's r2dtable), and
// p = (1 + #{X²_sim ≥ X²_obs}) / (B + 1). Deterministic for a seed. Empty
// rows and columns are dropped first.
func ChiSquareMonteCarlo(table [][]int, B int, seed uint64) (ChiSquareResult, error) {
	ft := make([][]float64, len(table))
	for i, r := range table {
		ft[i] = make([]float64, len(r))
		for j, v := range r {
			ft[i][j] = float64(v)
		}
	}
	res, err := ChiSquare(ft)
	if err != nil {
		return res, fmt.Errorf("chi-square monte carlo: %w", err)
	}
	if B < 1 {
		return res, fmt.Errorf("chi-square monte carlo: B=%d: %w", B, ErrTooSmall)
	}
	t, _ := compact(ft)
	rs, cs, n := margins(t)
	rowOf, col := unitLabels(t)
	r := rand.New(rand.NewPCG(seed, 0x636869))
	sim := make([][]float64, len(t))
	for i := range sim {
		sim[i] = make([]float64, len(cs))
	}
	thr := res.Statistic * (1 - 64*2.220446049250313e-16) // R's almost.1
	hits := 0
	for b := 0; b < B; b++ {
		r.Shuffle(len(col), func(i, j int) { col[i], col[j] = col[j], col[i] })
		for i := range sim {
			clear(sim[i])
		}
		for u, ri := range rowOf {
			sim[ri][col[u]]++
		}
		if pearson(sim, rs, cs, n, nil) >= thr {
			hits++
		}
	}
	res.P = float64(1+hits) / float64(B+1)
	return res, nil
}

// unitLabels expands an integer-valued table into one (row, column) label
// per unit.
func unitLabels(t [][]float64) (rowOf []int, col []int) {
	for i, r := range t {
		for j, v := range r {
			for k := 0; k < int(v); k++ {
				rowOf = append(rowOf, i)
				col = append(col, j)
			}
		}
	}
	return rowOf, col
}

// CochranArmitage is the Cochran–Armitage test for a linear trend in the
// proportions x[i]/n[i] across groups with scores s[i] (e.g. the survey
// years), without continuity correction: Z² equals R prop.trend.test(x, n,
// score = s)$statistic. Statistic is the slope of the proportion on the
// score (weighted least squares, as prop.trend.test), Z its standardized
// value (positive: proportions rise with the score), P two-sided. x and n may
// be fractional (weighted counts rescaled to effective sizes).
func CochranArmitage(x, n, s []float64) (TestResult, error) {
	k := len(x)
	if k != len(n) || k != len(s) || k < 2 {
		return TestResult{}, fmt.Errorf("cochran-armitage: need ≥ 2 groups of equal length, got %d, %d, %d: %w", len(x), len(n), len(s), ErrTooSmall)
	}
	N, X, sBar := 0.0, 0.0, 0.0
	for i := range x {
		if !(n[i] >= 0) || x[i] < 0 || x[i] > n[i] || math.IsNaN(s[i]) {
			return TestResult{}, fmt.Errorf("cochran-armitage: group %d: x=%g n=%g s=%g invalid", i, x[i], n[i], s[i])
		}
		N += n[i]
		X += x[i]
		sBar += n[i] * s[i]
	}
	if N <= 0 {
		return TestResult{}, fmt.Errorf("cochran-armitage: no observations: %w", ErrTooSmall)
	}
	sBar /= N
	pBar := X / N
	num, sxx := 0.0, 0.0
	for i := range x {
		d := s[i] - sBar
		num += d * (x[i] - n[i]*pBar)
		sxx += n[i] * d * d
	}
	ns := []int{}
	for _, v := range n {
		ns = append(ns, int(math.Round(v)))
	}
	v := pBar * (1 - pBar) * sxx
	if v <= 0 {
		return TestResult{Statistic: math.NaN(), Z: math.NaN(), P: math.NaN(), N: ns},
			fmt.Errorf("cochran-armitage: no variation in proportion or score: %w", ErrTooSmall)
	}
	z := num / math.Sqrt(v)
	return TestResult{Statistic: num / sxx, Z: z, P: pFromZ(z, TwoSided), N: ns}, nil
}
