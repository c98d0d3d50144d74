package stats

// Property tests: each fast routine against the simple version it replaces,
// on random inputs with and without ties. The simple versions are kept here
// as the reference.

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// randomSample draws n values: continuous, or from few levels (ties).
func randomSample(r *rand.Rand, n int, ties bool) []float64 {
	x := make([]float64, n)
	for i := range x {
		if ties {
			x[i] = float64(r.IntN(7)) - 2
		} else {
			x[i] = r.NormFloat64() * 10
		}
	}
	return x
}

// same is bit-identity, NaN equal to NaN.
func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// hodgesLehmannNaive materializes every difference: O(n1·n2) memory.
func hodgesLehmannNaive(x, y []float64) float64 {
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

// kendallSNaive counts S over all pairs: O(n²).
func kendallSNaive(x, y []float64) int64 {
	var s int64
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			s += int64(signOf(x[i]-x[j]) * signOf(y[i]-y[j]))
		}
	}
	return s
}

func signOf(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// kendallGroupsNaive is the former KendallTauBGroups: S from Cliff's δ of
// each pair of groups, tie sums by sorting.
func kendallGroupsNaive(groups [][]float64, alt Alternative) TestResult {
	var all, idx []float64
	for k, g := range groups {
		all = append(all, g...)
		for range g {
			idx = append(idx, float64(k))
		}
	}
	s := 0.0
	for a := range groups {
		for b := a + 1; b < len(groups); b++ {
			if len(groups[a]) > 0 && len(groups[b]) > 0 {
				s += float64(len(groups[a])*len(groups[b])) * CliffsDelta(groups[b], groups[a])
			}
		}
	}
	s = math.Round(s)
	tx, vx1, vx2 := tieSums(idx)
	ty, vy1, vy2 := tieSums(all)
	fn := float64(len(all))
	n0 := fn * (fn - 1) / 2
	res := TestResult{Statistic: s / math.Sqrt((n0-tx)*(n0-ty))}
	v := (fn*(fn-1)*(2*fn+5)-vx1-vy1)/18 + vx2*vy2/(9*fn*(fn-1)*(fn-2)) + 2*tx*ty/(fn*(fn-1))
	res.Z = s / math.Sqrt(v)
	res.P = pFromZ(res.Z, alt)
	return res
}

func TestHodgesLehmannMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 1))
	for rep := 0; rep < 300; rep++ {
		x := randomSample(r, 1+r.IntN(120), rep%2 == 0)
		y := randomSample(r, 1+r.IntN(120), rep%3 == 0)
		if got, want := HodgesLehmann(x, y), hodgesLehmannNaive(x, y); !same(got, want) {
			t.Fatalf("rep %d (n %d, %d): HodgesLehmann = %v, naive %v", rep, len(x), len(y), got, want)
		}
	}
}

func TestKendallMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 1))
	for rep := 0; rep < 200; rep++ {
		n := 2 + r.IntN(150)
		x, y := randomSample(r, n, rep%2 == 0), randomSample(r, n, rep%3 == 0)
		if got, want := kendallS(x, y), kendallSNaive(x, y); got != want {
			t.Fatalf("rep %d: S = %d, naive %d", rep, got, want)
		}
	}
}

func TestKendallGroupsMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 1))
	for rep := 0; rep < 200; rep++ {
		groups := make([][]float64, 2+r.IntN(3))
		for k := range groups {
			groups[k] = randomSample(r, r.IntN(60)+1, rep%2 == 0)
		}
		got, err := KendallTauBGroups(groups, Less)
		want := kendallGroupsNaive(groups, Less)
		if err != nil {
			continue
		}
		if !same(got.Statistic, want.Statistic) || !same(got.Z, want.Z) || !same(got.P, want.P) {
			t.Fatalf("rep %d: τ %v z %v p %v, naive %v %v %v", rep, got.Statistic, got.Z, got.P, want.Statistic, want.Z, want.P)
		}
	}
}

func TestCliffsJackknifeMatchesLeaveOneOut(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 1))
	stat := func(s [][]float64) float64 { return CliffsDelta(s[0], s[1]) }
	for rep := 0; rep < 100; rep++ {
		x := randomSample(r, 1+r.IntN(50), rep%2 == 0)
		y := randomSample(r, 1+r.IntN(50), rep%3 == 0)
		want := Jackknife([][]float64{x, y}, stat)
		got := CliffsJackknife(x, y)
		for s := range want {
			for i := range want[s] {
				if !same(got[s][i], want[s][i]) {
					t.Fatalf("rep %d sample %d obs %d: %v, leave-one-out %v", rep, s, i, got[s][i], want[s][i])
				}
			}
		}
	}
}

// ResampleSorted gives, replicate by replicate, the bit-identical value of
// Resample for order-free statistics when it tallies the draws (as it does
// for samples whose values each occur fewer than 28 times), whatever the
// number of workers.
func TestResampleSortedMatchesResample(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 1))
	iqr := func(s []float64) float64 { return Quantile(s, 0.75) - Quantile(s, 0.25) }
	for rep := 0; rep < 20; rep++ {
		samples := [][]float64{randomSample(r, 5+r.IntN(80), rep%2 == 0), randomSample(r, 5+r.IntN(80), true), randomSample(r, 5+r.IntN(80), false)}
		slow := func(s [][]float64) float64 {
			tau := kendallGroupsNaive(s, Less).Statistic
			return iqr(s[0]) + CliffsDelta(s[1], s[2]) + tau + Median(s[2])
		}
		fast := func(s [][]float64) float64 {
			tau, _ := KendallTauBGroupsSorted(s, Less)
			return QuantileSorted(s[0], 0.75) - QuantileSorted(s[0], 0.25) + CliffsDeltaSorted(s[1], s[2]) + tau.Statistic + QuantileSorted(s[2], 0.5)
		}
		want, err1 := Resample(samples, slow, 199, uint64(rep), 1)
		got, err2 := resampleSorted(samples, fast, 199, uint64(rep), 1+rep%3, tallyDrawsOnly)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for b := range want {
			if !same(got[b], want[b]) {
				t.Fatalf("rep %d replicate %d: %v, Resample %v", rep, b, got[b], want[b])
			}
		}
	}
	// Distinct values: PercentileSorted tallies, as Percentile draws.
	samples := [][]float64{randomSample(r, 50, false), randomSample(r, 70, false)}
	stat := func(s [][]float64) float64 { return Median(s[0]) - Median(s[1]) }
	iv1, _, _ := Percentile(samples, stat, 99, 7, 0.9)
	iv2, _, _ := PercentileSorted(samples, stat, 99, 7, 0.9)
	if iv1 != iv2 {
		t.Fatalf("PercentileSorted %+v, Percentile %+v", iv2, iv1)
	}
	if _, err := ResampleSorted([][]float64{{1, math.NaN()}}, func([][]float64) float64 { return 0 }, 10, 1, 1); err == nil {
		t.Error("NaN accepted")
	}
}

func TestBCaCliffsDeltaMatchesBCa(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 1))
	stat := func(s [][]float64) float64 { return CliffsDelta(s[0], s[1]) }
	for rep := 0; rep < 10; rep++ {
		x := randomSample(r, 2+r.IntN(60), rep%2 == 0)
		y := randomSample(r, 2+r.IntN(60), rep%3 == 0)
		want, err1 := BCa([][]float64{x, y}, stat, 499, uint64(rep), 0.95)
		got, err2 := bcaCliffsDelta(x, y, 499, uint64(rep), 0.95, tallyDrawsOnly)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !same(got.Estimate, want.Estimate) || !same(got.Low, want.Low) || !same(got.High, want.High) {
			t.Fatalf("rep %d: BCaCliffsDelta %+v, BCa %+v", rep, got, want)
		}
	}
}

// tallyDraws draws the numbers rand.Rand.IntN draws, whatever n (powers of
// two take another path), and counts them by value.
func TestTallyDrawsMatchIntN(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 8, 100, 1000, 1024, 4099} {
		of := make([]int32, n)
		for i := range of {
			of[i] = int32(n-1-i) / 2 // two observations per value
		}
		for rep := uint64(0); rep < 20; rep++ {
			want := make([]int, (n+1)/2)
			r := rand.New(rand.NewPCG(rep, uint64(n)))
			for range n {
				want[of[r.IntN(n)]]++
			}
			c := drawCounts{small: make([]uint8, len(want))}
			tallyDraws(rand.NewPCG(rep, uint64(n)), n, of, &c)
			for j, w := range want {
				if c.get(int32(j)) != w {
					t.Fatalf("n=%d rep %d: value %d drawn %d times, IntN %d", n, rep, j, c.get(int32(j)), w)
				}
			}
		}
	}
}

// Benchmarks of the O(n log n) routines at 10k, 100k and 1M values.
func benchSizes(b *testing.B, f func(b *testing.B, x, y []float64)) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, uint64(n)))
			x, y := randomSample(r, n, false), randomSample(r, n, false)
			b.ResetTimer()
			for range b.N {
				f(b, x, y)
			}
		})
	}
}

func BenchmarkHodgesLehmann(b *testing.B) {
	benchSizes(b, func(b *testing.B, x, y []float64) { HodgesLehmann(x, y) })
}

func BenchmarkKendallTauB(b *testing.B) {
	benchSizes(b, func(b *testing.B, x, y []float64) {
		if _, err := KendallTauB(x, y, Greater); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkCliffsJackknife(b *testing.B) {
	benchSizes(b, func(b *testing.B, x, y []float64) { CliffsJackknife(x, y) })
}

// BenchmarkResampleSortedIQR is 99 replicates of an IQR: B·n draws.
func BenchmarkResampleSortedIQR(b *testing.B) {
	iqr := func(s [][]float64) float64 { return QuantileSorted(s[0], 0.75) - QuantileSorted(s[0], 0.25) }
	benchSizes(b, func(b *testing.B, x, _ []float64) {
		if _, err := ResampleSorted([][]float64{x}, iqr, 99, 1, 0); err != nil {
			b.Fatal(err)
		}
	})
}

// drawCounts counts past 255 draws of one value, and the walker finds
// order statistics among counts of 0 and in the hundreds.
func TestDrawCountsCarry(t *testing.T) {
	c := drawCounts{small: make([]uint8, 4)}
	for range 300 {
		c.add(2)
	}
	c.add(1)
	if c.get(2) != 300 || c.get(1) != 1 || c.get(0) != 0 {
		t.Fatalf("counts %d %d %d, want 300 1 0", c.get(2), c.get(1), c.get(0))
	}
	rep := counted{values: []float64{1, 2, 3, 4}, counts: make([]int32, 4), n: 301}
	for j := range rep.counts {
		rep.counts[j] = int32(c.get(int32(j)))
	}
	out := make([]float64, 301)
	rep.expand(out)
	if out[0] != 2 || out[1] != 3 || out[300] != 3 {
		t.Fatalf("expanded %v … %v", out[:3], out[300])
	}
	q := make([]float64, 4)
	rep.quantiles([]float64{0, 0.5, 0.5, 1}, q)
	if q[0] != 2 || q[1] != 3 || q[2] != 3 || q[3] != 3 {
		t.Fatalf("quantiles 0, ½, ½, 1 with carried counts: %v, want [2 3 3 3]", q)
	}
	c.reset()
	if c.get(2) != 0 {
		t.Fatalf("after reset: %d", c.get(2))
	}
}

// ResampleQuantiles gives, when it tallies the draws, the bit-identical
// replicates of Resample with Quantile, and PercentileQuantiles the same
// interval as Percentile for samples of distinct values.
func TestResampleQuantilesMatchesResample(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 1))
	probs := []float64{0, 0.25, 0.5, 0.75, 0.9, 1}
	for rep := 0; rep < 30; rep++ {
		samples := [][]float64{randomSample(r, 1+r.IntN(90), rep%2 == 0), randomSample(r, 1+r.IntN(90), true), {3}}
		slow := func(s [][]float64) float64 {
			t := 0.0
			for _, x := range s {
				for k, p := range probs {
					t += float64(k+1) * Quantile(x, p)
				}
			}
			return t
		}
		fast := func(q [][]float64) float64 {
			t := 0.0
			for _, x := range q {
				for k := range probs {
					t += float64(k+1) * x[k]
				}
			}
			return t
		}
		want, err1 := Resample(samples, slow, 199, uint64(rep), 1)
		got, err2 := resampleQuantiles(samples, probs, fast, 199, uint64(rep), 1+rep%3, tallyDrawsOnly)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for b := range want {
			if !same(got[b], want[b]) {
				t.Fatalf("rep %d replicate %d: %v, Resample %v", rep, b, got[b], want[b])
			}
		}
		distinct := [][]float64{samples[0], {3}}
		if rep%2 == 1 {
			iv1, _, _ := Percentile(distinct, slow, 99, 7, 0.9)
			iv2, _, _ := PercentileQuantiles(distinct, probs, fast, 99, 7, 0.9)
			if iv1 != iv2 {
				t.Fatalf("rep %d: PercentileQuantiles %+v, Percentile %+v", rep, iv2, iv1)
			}
		}
	}
	if _, err := ResampleQuantiles([][]float64{{1, 2}}, []float64{1.5}, func([][]float64) float64 { return 0 }, 10, 1, 1); err == nil {
		t.Error("probability 1.5 accepted")
	}
}

// weightedRankTrendNaive is the former WeightedRankTrend: each group
// sorted through sort.Slice on an index, b's weight below and above each
// of a's values by binary search, the tie term from Rank of all values.
func weightedRankTrendNaive(groups, weights [][]float64) TestResult {
	m := make([]float64, len(groups))
	var all []float64
	type sortedW struct{ x, cum []float64 }
	sorted := make([]sortedW, len(groups))
	for a, g := range groups {
		m[a] = KishN(weights[a])
		all = append(all, g...)
		idx := make([]int, len(g))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(i, j int) bool { return g[idx[i]] < g[idx[j]] })
		sorted[a] = sortedW{make([]float64, len(g)), make([]float64, len(g)+1)}
		for k, i := range idx {
			sorted[a].x[k] = g[i]
			sorted[a].cum[k+1] = sorted[a].cum[k] + math.Max(0, weights[a][i])
		}
	}
	s, pairs := 0.0, 0.0
	for a := range groups {
		for b := a + 1; b < len(groups); b++ {
			sb := sorted[b]
			tb, num, ta := sb.cum[len(sb.x)], 0.0, 0.0
			for i, x := range groups[a] {
				w := math.Max(0, weights[a][i])
				lo := sort.SearchFloat64s(sb.x, x)
				hi := sort.Search(len(sb.x), func(k int) bool { return sb.x[k] > x })
				num += w * ((tb - sb.cum[hi]) - sb.cum[lo])
				ta += w
			}
			d := 0.0
			if ta != 0 && tb != 0 {
				d = num / (ta * tb)
			}
			s += m[a] * m[b] * d
			pairs += m[a] * m[b]
		}
	}
	M, sub := 0.0, 0.0
	for _, x := range m {
		M, sub = M+x, sub+x*x*(2*x+3)
	}
	_, tie := Rank(all)
	N := float64(len(all))
	v := (M*M*(2*M+3) - sub) / 18 * (1 - tie/(N*N*N-N))
	return TestResult{Statistic: s / pairs, Z: s / math.Sqrt(v), P: pFromZ(s/math.Sqrt(v), TwoSided)}
}

// WeightedRankTrend is bit-identical to its former version, ties and all
// (the order sort.Slice leaves tied values in decides the running sums).
func TestWeightedRankTrendMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 1))
	for rep := 0; rep < 40; rep++ {
		groups, weights := make([][]float64, 2+r.IntN(4)), [][]float64(nil)
		for a := range groups {
			n := 3 + r.IntN(300)
			groups[a] = randomSample(r, n, rep%3 != 0)
			w := make([]float64, n)
			for i := range w {
				w[i] = 0.2 + 3*r.Float64()
			}
			weights = append(weights, w)
		}
		want := weightedRankTrendNaive(groups, weights)
		got, err := WeightedRankTrend(groups, weights)
		if err != nil {
			t.Fatal(err)
		}
		if !same(got.Statistic, want.Statistic) || !same(got.Z, want.Z) || !same(got.P, want.P) {
			t.Fatalf("rep %d: %+v, former %+v", rep, got, want)
		}
	}
}

// OrderWeighted orders exactly as the former comparison sort by (value,
// position), so every weighted quantile sums the same weights in the same
// order.
func TestOrderWeightedMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 1))
	for rep := 0; rep < 50; rep++ {
		n := r.IntN(400)
		xs, ws := randomSample(r, n, rep%2 == 0), make([]float64, n)
		for i := range ws {
			ws[i] = 2*r.Float64() - 0.3 // some weights ≤ 0, left out
			if r.IntN(20) == 0 {
				xs[i] = math.NaN()
			}
		}
		var want []int
		for i := range xs {
			if ws[i] > 0 && !math.IsNaN(xs[i]) {
				want = append(want, i)
			}
		}
		slices.SortFunc(want, func(a, b int) int {
			if c := cmp.Compare(xs[a], xs[b]); c != 0 {
				return c
			}
			return a - b
		})
		if got := OrderWeighted(xs, ws).idx; !slices.Equal(got, want) {
			t.Fatalf("rep %d: order %v, want %v", rep, got, want)
		}
	}
}

// A sample's distinct values keep −0 and +0 apart (−0 first), and each
// observation maps to its own.
func TestDistinctSampleZeros(t *testing.T) {
	neg := math.Copysign(0, -1)
	d := newDistinctSample([]float64{0, neg, 1, neg, 0, 2, 0}, tallyDrawsOnly)
	if len(d.values) != 4 || !math.Signbit(d.values[0]) || math.Signbit(d.values[1]) || d.values[2] != 1 || d.values[3] != 2 {
		t.Fatalf("values %v (signs %v %v)", d.values, math.Signbit(d.values[0]), math.Signbit(d.values[1]))
	}
	if !slices.Equal(d.mult, []int{2, 3, 1, 1}) || !slices.Equal(d.light, []int32{1, 0, 2, 0, 1, 3, 1}) {
		t.Fatalf("multiplicities %v, observations' values %v", d.mult, d.light)
	}
}

// medianCIIndexNaive is MedianCIIndex summing the binomial probabilities
// from k = 0, every term, with no search for where they start.
func medianCIIndexNaive(n int, level float64) (l, u int, ok bool) {
	if n < 1 {
		return 0, 0, false
	}
	b := distuv.Binomial{N: float64(n), P: 0.5}
	tail := (1 - level) / 2
	cum := 0.0
	for k := 0; k <= n; k++ {
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

// MedianCIIndex, which starts its sum at the first probability that does
// not underflow, finds the ranks the sum from k = 0 finds: at the smallest
// n (where the first n with an interval at each level lies), around
// n = 1075 (where P(B = 0) = 2⁻ⁿ first underflows to 0), and at random n
// up to 1e5.
func TestMedianCIIndexMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(29, 31))
	ns := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 30, 1000, 1074, 1075, 1076, 100000}
	for range 40 {
		ns = append(ns, 1+r.IntN(100000), 1+r.IntN(2000))
	}
	for _, n := range ns {
		for _, level := range []float64{0.8, 0.9, 0.95, 0.99} {
			l, u, ok := MedianCIIndex(n, level)
			wl, wu, wok := medianCIIndexNaive(n, level)
			if l != wl || u != wu || ok != wok {
				t.Fatalf("n %d level %g: (%d, %d, %v), summing from 0 gives (%d, %d, %v)", n, level, l, u, ok, wl, wu, wok)
			}
		}
	}
}
