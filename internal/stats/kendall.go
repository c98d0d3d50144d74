package stats

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
)

// KendallTauB is Kendall's τ_b with the tie-corrected asymptotic variance of
// the numerator S (Kendall 1970), as scipy.stats.kendalltau(x, y,
// method="asymptotic"); Z is S / sd(S). S is counted with Knight's (1966)
// merge sort, O(n log n); needs n ≥ 2 and variation in both variables.
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
	s := float64(kendallS(x, y))
	tx, vx1, vx2 := tieSums(x)
	ty, vy1, vy2 := tieSums(y)
	res, err := kendallTest(s, n, [3]float64{tx, vx1, vx2}, [3]float64{ty, vy1, vy2}, alt)
	res.N = []int{n}
	return res, err
}

// kendallTest is τ_b, Z and p from S and the tie sums of x and y (see
// tieSums), with scipy's tie-corrected Var(S).
func kendallTest(s float64, n int, tiesX, tiesY [3]float64, alt Alternative) (TestResult, error) {
	tx, vx1, vx2 := tiesX[0], tiesX[1], tiesX[2]
	ty, vy1, vy2 := tiesY[0], tiesY[1], tiesY[2]
	fn := float64(n)
	n0 := fn * (fn - 1) / 2
	den := math.Sqrt((n0 - tx) * (n0 - ty))
	var res TestResult
	if den == 0 {
		res.Statistic, res.Z, res.P = math.NaN(), math.NaN(), math.NaN()
		return res, fmt.Errorf("kendall: a variable is constant: %w", ErrTooSmall)
	}
	res.Statistic = s / den
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

// kendallS is S = concordant − discordant pairs, by Knight's algorithm: sort
// the pairs by (x, y), count the pairs tied in x and in both, then merge
// sort by y counting exchanges (the discordant pairs):
// S = n0 − n_x − n_y + n_xy − 2·exchanges.
func kendallS(x, y []float64) int64 {
	n := len(x)
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if c := cmp.Compare(x[a], x[b]); c != 0 {
			return c
		}
		return cmp.Compare(y[a], y[b])
	})
	ys := make([]float64, n)
	for k, i := range idx {
		ys[k] = y[i]
	}
	var tiedX, tiedXY int64
	for i := 0; i < n; {
		j := i + 1
		for j < n && x[idx[j]] == x[idx[i]] {
			j++
		}
		tiedX += pairs(j - i)
		for a := i; a < j; {
			b := a + 1
			for b < j && ys[b] == ys[a] {
				b++
			}
			tiedXY += pairs(b - a)
			a = b
		}
		i = j
	}
	swaps := mergeCount(ys, make([]float64, n))
	var tiedY int64
	for i := 0; i < n; { // ys is sorted now
		j := i + 1
		for j < n && ys[j] == ys[i] {
			j++
		}
		tiedY += pairs(j - i)
		i = j
	}
	return pairs(n) - tiedX - tiedY + tiedXY - 2*swaps
}

func pairs(t int) int64 { return int64(t) * int64(t-1) / 2 }

// mergeCount sorts a ascending by a bottom-up merge sort and returns the
// number of pairs i < j with a[i] > a[j] (equal values are not counted).
func mergeCount(a, buf []float64) int64 {
	var swaps int64
	n := len(a)
	for w := 1; w < n; w *= 2 {
		for lo := 0; lo < n-w; lo += 2 * w {
			mid, hi := lo+w, min(lo+2*w, n)
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if a[j] < a[i] {
					buf[k] = a[j]
					swaps += int64(mid - i)
					j++
				} else {
					buf[k] = a[i]
					i++
				}
				k++
			}
			k += copy(buf[k:], a[i:mid])
			copy(buf[k:], a[j:hi])
			copy(a[lo:hi], buf[lo:hi])
		}
	}
	return swaps
}

// tieSums returns Σ t(t−1)/2, Σ t(t−1)(2t+5), Σ t(t−1)(t−2) over tie groups.
func tieSums(x []float64) (pairs, v1, v2 float64) {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	return tieSumsSorted(s)
}

// tieSumsSorted is tieSums for s sorted ascending.
func tieSumsSorted(s []float64) (pairs, v1, v2 float64) {
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

// KendallTauBGroups is Kendall's τ_b between the group index (0, 1, …, k−1,
// ordered) and the values, with the same tie-corrected asymptotic test as
// KendallTauB on (index, value) pairs, in O(n log n): S is the sum over group
// pairs a < b of the pairs where b's value is larger minus those where it is
// smaller. It is the Jonckheere–Terpstra test (its tie-corrected z
// equals this τ_b's z) as H5 and the trends use it, for thousands of values.
func KendallTauBGroups(groups [][]float64, alt Alternative) (TestResult, error) {
	sorted := make([][]float64, len(groups))
	for k, g := range groups {
		if err := checkFinite(fmt.Sprintf("group %d", k), g); err != nil {
			return TestResult{}, fmt.Errorf("kendall: %w", err)
		}
		sorted[k] = append([]float64(nil), g...)
		sort.Float64s(sorted[k])
	}
	return KendallTauBGroupsSorted(sorted, alt)
}

// KendallTauBGroupsSorted is KendallTauBGroups for groups each sorted
// ascending (and finite): O(g·n) with g groups, no sort.
func KendallTauBGroupsSorted(groups [][]float64, alt Alternative) (TestResult, error) {
	c := make([]counted, len(groups))
	for k, g := range groups {
		c[k] = countRuns(g)
	}
	return kendallTauBCounted(c, alt)
}

// kendallTauBCounted is KendallTauBGroups for groups given as counted
// values: O(g·k) for g groups of k values (a bootstrap replicate's).
func kendallTauBCounted(groups []counted, alt Alternative) (TestResult, error) {
	ns := make([]int, len(groups))
	n := 0
	for k, g := range groups {
		ns[k] = g.n
		n += g.n
	}
	if n < 3 {
		return TestResult{}, fmt.Errorf("kendall: n=%d: %w", n, ErrTooSmall)
	}
	var tx, vx1, vx2 float64
	for _, g := range groups {
		if t := float64(g.n); t > 0 {
			tx += t * (t - 1) / 2
			vx1 += t * (t - 1) * (2*t + 5)
			vx2 += t * (t - 1) * (t - 2)
		}
	}
	s, ty, vy1, vy2 := groupsMerge(groups)
	fn := float64(n)
	n0 := fn * (fn - 1) / 2
	den := math.Sqrt((n0 - tx) * (n0 - ty))
	res := TestResult{N: ns}
	if den == 0 {
		res.Statistic, res.Z, res.P = math.NaN(), math.NaN(), math.NaN()
		return res, fmt.Errorf("kendall: a variable is constant: %w", ErrTooSmall)
	}
	res.Statistic = float64(s) / den
	v := (fn*(fn-1)*(2*fn+5)-vx1-vy1)/18 + vx2*vy2/(9*fn*(fn-1)*(fn-2)) + 2*tx*ty/(fn*(fn-1))
	res.Z = float64(s) / math.Sqrt(v)
	res.P = pFromZ(res.Z, alt)
	return res, nil
}

// groupsMerge returns S of the counted groups (pairs where the later
// group's value is larger minus those where it is smaller) and the tie
// sums of all values (as tieSums, accumulated in ascending order).
func groupsMerge(groups []counted) (s int64, ty, vy1, vy2 float64) {
	k := len(groups)
	mergeValues(groups, func(pos, run []int, tot int) {
		for b := 1; b < k; b++ {
			if run[b] == 0 {
				continue
			}
			for a := 0; a < b; a++ { // b's values at v against a's below and above v
				above := groups[a].n - pos[a] - run[a]
				s += int64(run[b]) * int64(pos[a]-above)
			}
		}
		t := float64(tot)
		ty += t * (t - 1) / 2
		vy1 += t * (t - 1) * (2*t + 5)
		vy2 += t * (t - 1) * (t - 2)
	})
	return s, ty, vy1, vy2
}

// mergeValues walks counted groups together in ascending order of value,
// without copying them, and calls visit for each of their values (a value
// no replicate drew comes with zero counts, adding nothing to the sums) with, per group a, pos[a] (its count below the value) and run[a] (its
// count equal to it), and their total over the groups, tot = Σ run[a].
func mergeValues(groups []counted, visit func(pos, run []int, tot int)) {
	k := len(groups)
	var idxBuf, posBuf, runBuf [8]int // no allocation for up to 8 groups (years)
	idx, pos, run := idxBuf[:0], posBuf[:0], runBuf[:0]
	if k > len(posBuf) {
		idx, pos, run = make([]int, 0, k), make([]int, 0, k), make([]int, 0, k)
	}
	idx, pos, run = idx[:k], pos[:k], run[:k] // idx[a]: group a's next value
	for {
		v, found := math.Inf(1), false
		for a, g := range groups {
			if idx[a] < len(g.values) && (!found || g.values[idx[a]] < v) {
				v, found = g.values[idx[a]], true
			}
		}
		if !found {
			return
		}
		tot := 0
		for a, g := range groups {
			run[a] = 0
			for idx[a] < len(g.values) && g.values[idx[a]] == v {
				run[a] += int(g.counts[idx[a]])
				idx[a]++
			}
			tot += run[a]
		}
		if tot > 0 { // else values no replicate drew
			visit(pos, run, tot)
		}
		for a := range groups {
			pos[a] += run[a]
		}
	}
}
