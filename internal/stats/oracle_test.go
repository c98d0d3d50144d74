package stats

// The plain bootstrap and jackknife: the oracles the fast routines
// (resampleCounted, BCaCliffsDelta, CliffsJackknife, ResampleQuantiles) are
// checked against in fast_test.go and, through BCa and Jackknife, against
// scipy's reference values in stats_test.go. The pipeline uses only the
// fast routines, so these live with the tests.

import (
	"math/rand/v2"
	"slices"
)

// Statistic computes a number from one or more samples.
type Statistic func(samples [][]float64) float64

// SortedStatistic computes a number from one or more samples, each sorted
// ascending: an order statistic (quantiles, the median) or a rank statistic
// (Cliff's δ, Kendall's τ over groups).
type SortedStatistic func(sorted [][]float64) float64

// Resample draws B bootstrap replicates of stat. Each replicate resamples
// every sample independently, with replacement and at its own size (so a
// sample per group, or per stratum, gives within-group or stratified
// resampling). Replicate b uses its own PCG stream seeded by (seed, b), so
// the result is the same whatever the number of workers; workers ≤ 0 means
// GOMAXPROCS.
func Resample(samples [][]float64, stat Statistic, B int, seed uint64, workers int) ([]float64, error) {
	if err := checkResample(samples, B); err != nil {
		return nil, err
	}
	return replicates(B, seed, workers, func() func(r *rand.PCG) float64 {
		buf := make([][]float64, len(samples))
		for i, s := range samples {
			buf[i] = make([]float64, len(s))
		}
		return func(src *rand.PCG) float64 {
			r := rand.New(src)
			for i, s := range samples {
				for k := range buf[i] {
					buf[i][k] = s[r.IntN(len(s))]
				}
			}
			return stat(buf)
		}
	}), nil
}

// Jackknife returns, for each sample j, the statistic with each observation
// of sample j left out in turn (the others whole), as scipy's BCa does for
// multi-sample statistics.
func Jackknife(samples [][]float64, stat Statistic) [][]float64 {
	out := make([][]float64, len(samples))
	for j, s := range samples {
		out[j] = make([]float64, len(s))
		cur := append([][]float64(nil), samples...)
		loo := make([]float64, len(s)-1)
		for i := range s {
			copy(loo, s[:i])
			copy(loo[i:], s[i+1:])
			cur[j] = loo
			out[j][i] = stat(cur)
		}
	}
	return out
}

// BCa computes stat on samples and its BCa bootstrap interval with B
// replicates from seed.
func BCa(samples [][]float64, stat Statistic, B int, seed uint64, level float64) (Interval, error) {
	boot, err := Resample(samples, stat, B, seed, 0)
	if err != nil {
		return Interval{}, err
	}
	th := stat(samples)
	lo, hi := BCaInterval(th, boot, Jackknife(samples, stat), level)
	return Interval{Estimate: th, Low: lo, High: hi, Level: level}, nil
}

// Percentile computes stat on samples and its percentile bootstrap interval.
func Percentile(samples [][]float64, stat Statistic, B int, seed uint64, level float64) (Interval, []float64, error) {
	boot, err := Resample(samples, stat, B, seed, 0)
	if err != nil {
		return Interval{}, nil, err
	}
	lo, hi := PercentileInterval(boot, level)
	return Interval{Estimate: stat(samples), Low: lo, High: hi, Level: level}, boot, nil
}

// expand writes the replicate out in ascending order: each value as often
// as it was drawn. out has length c.n.
func (c counted) expand(out []float64) {
	w := 0
	for j, k := range c.counts {
		x := c.values[j]
		for e := w + int(k); w < e; w++ {
			out[w] = x
		}
	}
}

// ResampleSorted is Resample for a statistic that depends on each sample
// only through its sorted values. It sorts each sample once and draws a
// replicate as counts per distinct value, which it expands in sorted
// order: O(n) per replicate instead of a sort. A sample whose values each
// occur fewer than 28 times is drawn as Resample draws it (the same
// indexes for the same seed, so replicate b is stat of replicate b of
// Resample, sorted); a value occurring more often (whole numbers,
// percentages, bands in a large sample) gets its count as a conditional
// binomial (see distinctSample): the same distribution with other numbers,
// O(1) per such value instead of O(its multiplicity).
func ResampleSorted(samples [][]float64, stat SortedStatistic, B int, seed uint64, workers int) ([]float64, error) {
	return resampleSorted(samples, stat, B, seed, workers, cheaperDraws)
}

func resampleSorted(samples [][]float64, stat SortedStatistic, B int, seed uint64, workers int, plan drawPlan) ([]float64, error) {
	return resampleCounted(samples, B, seed, workers, plan, func() func([]counted) float64 {
		buf := make([][]float64, len(samples))
		for i, s := range samples {
			buf[i] = make([]float64, len(s))
		}
		return func(reps []counted) float64 {
			for i, c := range reps {
				c.expand(buf[i])
			}
			return stat(buf)
		}
	})
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
// ResampleSorted: for samples tallied whole, the same
// replicates, interval and estimate as Percentile with the same seed for
// any statistic that ignores the order of each sample.
func PercentileSorted(samples [][]float64, stat SortedStatistic, B int, seed uint64, level float64) (Interval, []float64, error) {
	boot, err := ResampleSorted(samples, stat, B, seed, 0)
	if err != nil {
		return Interval{}, nil, err
	}
	lo, hi := PercentileInterval(boot, level)
	return Interval{Estimate: stat(sortedCopies(samples)), Low: lo, High: hi, Level: level}, boot, nil
}
