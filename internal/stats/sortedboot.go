package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// counted is a sample, or a bootstrap replicate of one, as its values
// ascending and how often each occurs; n is the sum of the counts. A value
// may have count 0 (a replicate that did not draw it). −0 and +0 are kept
// apart (−0 first), so nothing is lost, but compare equal as usual.
type counted struct {
	values []float64
	counts []int32
	n      int
}

// countRuns is a sorted sample as counted runs of equal values.
func countRuns(sorted []float64) counted {
	c := counted{n: len(sorted)}
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		c.values, c.counts = append(c.values, sorted[i]), append(c.counts, int32(j-i))
		i = j
	}
	return c
}

// checkResample validates the arguments of a bootstrap.
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

// resampleCounted draws B replicates of every sample as counts per value
// and computes a statistic of them: newStat makes one worker's statistic
// (with its own buffers). Each sample is drawn as plan says (see
// distinctSample).
func resampleCounted(samples [][]float64, B int, seed uint64, workers int, plan drawPlan, newStat func() func(reps []counted) float64) ([]float64, error) {
	if err := checkResample(samples, B); err != nil {
		return nil, err
	}
	base := make([]distinctSample, len(samples))
	for i, s := range samples {
		base[i] = newDistinctSample(s, plan)
	}
	return replicates(B, seed, workers, func() func(r *rand.PCG) float64 {
		reps := make([]counted, len(base))
		tallies := make([]drawCounts, len(base))
		for i, d := range base {
			reps[i] = counted{values: d.values, counts: make([]int32, len(d.values)), n: d.n}
			if d.lightMass > 0 {
				tallies[i].small = make([]uint8, len(d.values))
			}
		}
		stat := newStat()
		return func(r *rand.PCG) float64 {
			for i := range base {
				base[i].draw(r, &tallies[i], reps[i].counts)
			}
			return stat(reps)
		}
	}), nil
}

// BCaCliffsDelta is Cliff's δ of x against y with its BCa bootstrap
// interval (scipy.stats.bootstrap(method="BCa") resampling within each
// sample): the same interval as the plain bootstrap of δ (the test oracle
// BCa) for samples tallied whole (see distinctSample), with δ of each
// replicate from its counts and the leave-one-out values in closed form (see
// CliffsJackknife), O(B·n + n log n) instead of O(B·n log n + n² log n),
// and O(B·k) for samples of k ≪ n distinct values.
func BCaCliffsDelta(x, y []float64, B int, seed uint64, level float64) (Interval, error) {
	return bcaCliffsDelta(x, y, B, seed, level, cheaperDraws)
}

func bcaCliffsDelta(x, y []float64, B int, seed uint64, level float64, plan drawPlan) (Interval, error) {
	stat := func() func([]counted) float64 {
		return func(reps []counted) float64 { return cliffsDeltaCounted(reps[0], reps[1]) }
	}
	boot, err := resampleCounted([][]float64{x, y}, B, seed, 0, plan, stat)
	if err != nil {
		return Interval{}, err
	}
	th := CliffsDelta(x, y)
	lo, hi := BCaInterval(th, boot, CliffsJackknife(x, y), level)
	return Interval{Estimate: th, Low: lo, High: hi, Level: level}, nil
}

// PercentileKendallTauBGroups is the percentile bootstrap interval of
// Kendall's τ_b between the group index and the values (KendallTauBGroups),
// resampling within each group: each
// replicate's τ_b from its counts, O(g·k) for g groups of k distinct
// values; a replicate where τ_b is undefined gives NaN, which the interval
// leaves out.
func PercentileKendallTauBGroups(groups [][]float64, B int, seed uint64, level float64) (Interval, []float64, error) {
	return percentileKendallTauBGroups(groups, B, seed, level, cheaperDraws)
}

func percentileKendallTauBGroups(groups [][]float64, B int, seed uint64, level float64, plan drawPlan) (Interval, []float64, error) {
	stat := func() func([]counted) float64 {
		return func(reps []counted) float64 {
			res, err := kendallTauBCounted(reps, Less)
			if err != nil {
				return math.NaN()
			}
			return res.Statistic
		}
	}
	boot, err := resampleCounted(groups, B, seed, 0, plan, stat)
	if err != nil {
		return Interval{}, nil, err
	}
	lo, hi := PercentileInterval(boot, level)
	est := math.NaN()
	if res, err := KendallTauBGroups(groups, Less); err == nil {
		est = res.Statistic
	}
	return Interval{Estimate: est, Low: lo, High: hi, Level: level}, boot, nil
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
	gt, lt := dominance(countRuns(sx), countRuns(sy))
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

// ResampleQuantiles draws B bootstrap replicates (each sample resampled
// within itself, see distinctSample) of a statistic of a few quantiles
// per sample (an interquartile range, a median), at probabilities given in
// ascending order: replicate b from its own PCG stream seeded by (seed, b), and q[i][j] is bit-identical to
// QuantileSorted(replicate i sorted, probs[j]), but the replicate is never
// written out: the quantiles are read off its counts in ascending order of
// value, O(k) for k distinct values.
func ResampleQuantiles(samples [][]float64, probs []float64, stat QuantileStatistic, B int, seed uint64, workers int) ([]float64, error) {
	return resampleQuantiles(samples, probs, stat, B, seed, workers, cheaperDraws)
}

func resampleQuantiles(samples [][]float64, probs []float64, stat QuantileStatistic, B int, seed uint64, workers int, plan drawPlan) ([]float64, error) {
	for j, p := range probs {
		if !(p >= 0 && p <= 1) || (j > 0 && p < probs[j-1]) {
			return nil, fmt.Errorf("bootstrap: quantile probabilities %v not ascending in [0, 1]", probs)
		}
	}
	return resampleCounted(samples, B, seed, workers, plan, func() func([]counted) float64 {
		q := make([][]float64, len(samples))
		for i := range q {
			q[i] = make([]float64, len(probs))
		}
		return func(reps []counted) float64 {
			for i, c := range reps {
				c.quantiles(probs, q[i])
			}
			return stat(q)
		}
	})
}

// quantiles writes to q the type-7 quantiles at probs (ascending) of the
// replicate, as quantileSorted computes them on it expanded, in one walk
// of the counts.
func (c counted) quantiles(probs, q []float64) {
	wk := walker{c: c, cum: int(c.counts[0])}
	for j, p := range probs {
		h := float64(c.n-1) * p
		lo := math.Floor(h)
		i := int(lo)
		a := wk.at(i)
		if i+1 >= c.n {
			q[j] = a
			continue
		}
		q[j] = a + (h-lo)*(wk.at(i+1)-a)
	}
}

// walker finds order statistics of a replicate from its counts: the
// current value is values[j], which holds positions [cum − counts[j], cum).
type walker struct {
	c      counted
	j, cum int
}

// at returns the k-th smallest (0-based) value, walking on from the last
// call's value, or from the start when k lies before it.
func (w *walker) at(k int) float64 {
	if k < w.cum-int(w.c.counts[w.j]) {
		w.j, w.cum = 0, int(w.c.counts[0])
	}
	for w.cum <= k {
		w.j++
		w.cum += int(w.c.counts[w.j])
	}
	return w.c.values[w.j]
}

// PercentileQuantiles is the percentile bootstrap interval (as
// scipy.stats.bootstrap(method="percentile")) of a QuantileStatistic,
// through ResampleQuantiles; the estimate is stat of the samples' own quantiles.
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
