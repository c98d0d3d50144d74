package stats

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"
)

// SortedStatistic computes a number from one or more samples, each sorted
// ascending: an order statistic (quantiles, the median) or a rank statistic
// (Cliff's δ, Kendall's τ over groups).
type SortedStatistic func(sorted [][]float64) float64

// sortedSample is a sample sorted once: its values ascending and, for each
// sorted position, the index of the observation there.
type sortedSample struct {
	values []float64
	perm   []int32
}

func newSortedSample(s []float64) sortedSample {
	perm := make([]int32, len(s))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(a, b int32) int { return cmp.Compare(s[a], s[b]) })
	values := make([]float64, len(s))
	for p, i := range perm {
		values[p] = s[i]
	}
	return sortedSample{values, perm}
}

// drawCounts is a worker's tally of how often each observation of a sample
// was drawn: one byte per observation (a cache-friendly footprint), with
// the rare wrap past 255 carried in a map.
type drawCounts struct {
	small []uint8
	carry map[uint64]int
}

func (c *drawCounts) reset() {
	clear(c.small)
	clear(c.carry)
}

func (c *drawCounts) add(i uint64) {
	v := c.small[i] + 1
	c.small[i] = v
	if v == 0 {
		if c.carry == nil {
			c.carry = map[uint64]int{}
		}
		c.carry[i] += 256
	}
}

func (c *drawCounts) get(i int32) int {
	if len(c.carry) == 0 {
		return int(c.small[i])
	}
	return int(c.small[i]) + c.carry[uint64(i)]
}

// ResampleSorted is Resample for a statistic that depends on each sample
// only through its sorted values. It draws exactly the indexes Resample
// draws for the same seed, so replicate b is stat of replicate b of
// Resample, sorted; but it sorts each sample once and turns a replicate's
// draws into counts per observation, which it expands in sorted order:
// O(n) per replicate instead of a sort.
func ResampleSorted(samples [][]float64, stat SortedStatistic, B int, seed uint64, workers int) ([]float64, error) {
	if err := checkResample(samples, B); err != nil {
		return nil, err
	}
	base := sortAll(samples)
	return replicates(B, seed, workers, func() func(r *rand.PCG) float64 {
		buf := make([][]float64, len(samples))
		counts := make([]drawCounts, len(samples))
		for i, s := range samples {
			buf[i] = make([]float64, len(s), len(s)+expandSlack)
			counts[i].small = make([]uint8, len(s))
		}
		return func(r *rand.PCG) float64 {
			for i := range samples {
				drawSorted(r, base[i], &counts[i], buf[i])
			}
			return stat(buf)
		}
	}), nil
}

// sortAll sorts each sample once.
func sortAll(samples [][]float64) []sortedSample {
	base := make([]sortedSample, len(samples))
	for i, s := range samples {
		base[i] = newSortedSample(s)
	}
	return base
}

// drawSorted draws len(out) observations of s with replacement (the same
// numbers as Resample's rand.New(r).IntN) and writes them to out in
// ascending order. out must have capacity len(out) + expandSlack.
func drawSorted(r *rand.PCG, s sortedSample, counts *drawCounts, out []float64) {
	tally(r, len(out), counts)
	expand(s, counts, out[:len(out)+expandSlack])
}

// tally draws n observation indexes in [0, n) with replacement, the numbers
// (*rand.Rand).IntN(n) draws n times on r, and counts them.
func tally(r *rand.PCG, n int, counts *drawCounts) {
	counts.reset()
	un := uint64(n)
	if un&(un-1) == 0 {
		for range n {
			counts.add(r.Uint64() & (un - 1))
		}
		return
	}
	// Lemire's multiply-and-reject as (*rand.Rand).IntN computes it (its
	// 32-bit variant keeps the same sequence), inlined; thresh < n, so
	// lo < thresh implies the standard library's lo < n test.
	thresh := -un % un
	for range n {
		hi, lo := bits.Mul64(r.Uint64(), un)
		for lo < thresh {
			hi, lo = bits.Mul64(r.Uint64(), un)
		}
		counts.add(hi)
	}
}

// expandSlack is the spare capacity expand may write past the sample.
const expandSlack = 3

// expand writes, in sorted order, each observation as often as it was
// drawn. It writes expandSlack copies of every value without a branch
// (later values overwrite the spare ones), and loops only for larger counts.
func expand(s sortedSample, counts *drawCounts, out []float64) {
	if len(counts.carry) > 0 {
		expandCarry(s, counts, out)
		return
	}
	small, w := counts.small, 0
	for p, i := range s.perm {
		x, c := s.values[p], int(small[i])
		o := out[w : w+expandSlack : w+expandSlack]
		o[0], o[1], o[2] = x, x, x
		for k := w + expandSlack; k < w+c; k++ {
			out[k] = x
		}
		w += c
	}
}

// expandCarry is expand when some observation was drawn more than 255 times.
func expandCarry(s sortedSample, counts *drawCounts, out []float64) {
	w := 0
	for p, i := range s.perm {
		x, c := s.values[p], counts.get(i)
		o := out[w : w+expandSlack : w+expandSlack]
		o[0], o[1], o[2] = x, x, x
		for k := w + expandSlack; k < w+c; k++ {
			out[k] = x
		}
		w += c
	}
}

// checkResample validates the arguments shared by Resample and ResampleSorted.
func checkResample(samples [][]float64, B int) error {
	if B < 1 {
		return fmt.Errorf("bootstrap: B=%d: %w", B, ErrTooSmall)
	}
	for i, s := range samples {
		if len(s) == 0 {
			return fmt.Errorf("bootstrap: sample %d is empty: %w", i, ErrTooSmall)
		}
		if err := checkFinite(fmt.Sprintf("sample %d", i), s); err != nil {
			return fmt.Errorf("bootstrap: %w", err)
		}
	}
	return nil
}

// sortedCopies returns each sample sorted ascending (copies).
func sortedCopies(samples [][]float64) [][]float64 {
	out := make([][]float64, len(samples))
	for i, s := range samples {
		out[i] = slices.Clone(s)
		slices.Sort(out[i])
	}
	return out
}

// PercentileSorted is Percentile for a SortedStatistic, through
// ResampleSorted: the same replicates, interval and estimate as Percentile
// with the same seed for any statistic that ignores the order of each
// sample.
func PercentileSorted(samples [][]float64, stat SortedStatistic, B int, seed uint64, level float64) (Interval, []float64, error) {
	boot, err := ResampleSorted(samples, stat, B, seed, 0)
	if err != nil {
		return Interval{}, nil, err
	}
	lo, hi := PercentileInterval(boot, level)
	return Interval{Estimate: stat(sortedCopies(samples)), Low: lo, High: hi, Level: level}, boot, nil
}

// BCaCliffsDelta is BCa for Cliff's δ of x against y: the same interval as
// BCa([][]float64{x, y}, CliffsDelta, B, seed, level), with the replicates
// from ResampleSorted and the leave-one-out values in closed form (see
// CliffsJackknife), O(B·n + n log n) instead of O(B·n log n + n² log n).
func BCaCliffsDelta(x, y []float64, B int, seed uint64, level float64) (Interval, error) {
	stat := func(s [][]float64) float64 { return CliffsDeltaSorted(s[0], s[1]) }
	boot, err := ResampleSorted([][]float64{x, y}, stat, B, seed, 0)
	if err != nil {
		return Interval{}, err
	}
	th := CliffsDelta(x, y)
	lo, hi := BCaInterval(th, boot, CliffsJackknife(x, y), level)
	return Interval{Estimate: th, Low: lo, High: hi, Level: level}, nil
}

// CliffsJackknife is Jackknife([][]float64{x, y}, CliffsDelta) in
// O(n log n): leaving out x_i removes the #{y < x_i} pairs it wins and the
// #{y > x_i} it loses from δ's numerator and one row from n1·n2; likewise
// for y_j. The counts are integers, so the values are bit-identical to the
// leave-one-out recomputation.
func CliffsJackknife(x, y []float64) [][]float64 {
	sx, sy := slices.Clone(x), slices.Clone(y)
	slices.Sort(sx)
	slices.Sort(sy)
	gt, lt := dominance(sx, sy)
	out := [][]float64{make([]float64, len(x)), make([]float64, len(y))}
	loo := func(g, l, nx, ny int) float64 {
		if nx == 0 || ny == 0 {
			return math.NaN()
		}
		return float64(g-l) / float64(nx*ny)
	}
	for i, v := range x {
		below, above := countBelowAbove(sy, v)
		out[0][i] = loo(gt-below, lt-above, len(x)-1, len(y))
	}
	for j, v := range y {
		below, above := countBelowAbove(sx, v)
		out[1][j] = loo(gt-above, lt-below, len(x), len(y)-1)
	}
	return out
}

// countBelowAbove returns #{s < v} and #{s > v} for s sorted ascending.
func countBelowAbove(s []float64, v float64) (below, above int) {
	below = sort.Search(len(s), func(i int) bool { return s[i] >= v })
	atMost := sort.Search(len(s), func(i int) bool { return s[i] > v })
	return below, len(s) - atMost
}

// QuantileStatistic computes a number from type-7 quantiles of one or more
// samples: q[i][j] is the quantile of sample i at the j-th probability.
type QuantileStatistic func(q [][]float64) float64

// ResampleQuantiles is ResampleSorted for a statistic of a few quantiles
// per sample (an interquartile range, a median), at probabilities given in
// ascending order: the same draws, and
// q[i][j] is bit-identical to QuantileSorted(replicate i sorted, probs[j]),
// but the replicate is never written out: the quantiles are read off the
// running counts in sorted order.
func ResampleQuantiles(samples [][]float64, probs []float64, stat QuantileStatistic, B int, seed uint64, workers int) ([]float64, error) {
	if err := checkResample(samples, B); err != nil {
		return nil, err
	}
	for j, p := range probs {
		if !(p >= 0 && p <= 1) || (j > 0 && p < probs[j-1]) {
			return nil, fmt.Errorf("bootstrap: quantile probabilities %v not ascending in [0, 1]", probs)
		}
	}
	base := sortAll(samples)
	return replicates(B, seed, workers, func() func(r *rand.PCG) float64 {
		counts := make([]drawCounts, len(samples))
		q := make([][]float64, len(samples))
		for i, s := range samples {
			counts[i].small = make([]uint8, len(s))
			q[i] = make([]float64, len(probs))
		}
		return func(r *rand.PCG) float64 {
			for i, s := range samples {
				tally(r, len(s), &counts[i])
				base[i].quantiles(&counts[i], probs, q[i])
			}
			return stat(q)
		}
	}), nil
}

// quantiles writes to q the type-7 quantiles at probs (ascending) of the
// replicate whose draws counts tallies by observation, as
// quantileSorted computes them on the sorted replicate, in one walk of the
// counts.
func (s sortedSample) quantiles(counts *drawCounts, probs, q []float64) {
	n := len(s.perm)
	wk := walker{s: s, counts: counts}
	wk.cum = wk.count(0)
	for j, p := range probs {
		h := float64(n-1) * p
		lo := math.Floor(h)
		i := int(lo)
		a := wk.at(i)
		if i+1 >= n {
			q[j] = a
			continue
		}
		q[j] = a + (h-lo)*(wk.at(i+1)-a)
	}
}

// walker finds order statistics of a replicate from its counts, walking
// the sorted positions: cum is the number of draws at positions ≤ p.
type walker struct {
	s      sortedSample
	counts *drawCounts
	p, cum int
	last   int // the last k asked for
}

// count is the number of draws of the observation at sorted position p.
func (w *walker) count(p int) int { return w.counts.get(w.s.perm[p]) }

// at returns the k-th smallest (0-based) value. It walks on from the last
// call's position, or from the start when k is below the last k.
func (w *walker) at(k int) float64 {
	if k < w.last {
		w.p, w.cum = 0, w.count(0)
	}
	w.last = k
	if len(w.counts.carry) > 0 {
		for w.cum <= k {
			w.p++
			w.cum += w.count(w.p)
		}
		return w.s.values[w.p]
	}
	small, perm := w.counts.small, w.s.perm
	for w.cum <= k {
		w.p++
		w.cum += int(small[perm[w.p]])
	}
	return w.s.values[w.p]
}

// PercentileQuantiles is PercentileSorted for a QuantileStatistic, through
// ResampleQuantiles; the estimate is stat of the samples' own quantiles.
func PercentileQuantiles(samples [][]float64, probs []float64, stat QuantileStatistic, B int, seed uint64, level float64) (Interval, []float64, error) {
	boot, err := ResampleQuantiles(samples, probs, stat, B, seed, 0)
	if err != nil {
		return Interval{}, nil, err
	}
	q := make([][]float64, len(samples))
	for i, s := range samples {
		q[i] = make([]float64, len(probs))
		for j, p := range probs {
			q[i][j] = Quantile(s, p)
		}
	}
	lo, hi := PercentileInterval(boot, level)
	return Interval{Estimate: stat(q), Low: lo, High: hi, Level: level}, boot, nil
}
