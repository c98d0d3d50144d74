package stats

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
)

// replicates computes B replicates on workers goroutines (≤ 0:
// GOMAXPROCS), replicate b from its own PCG stream seeded by (seed, b), so
// the result does not depend on the number of workers. newWorker makes one
// worker's replicate function, with its own buffers.
func replicates(B int, seed uint64, workers int, newWorker func() func(r *rand.PCG) float64) []float64 {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]float64, B)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replicate := newWorker()
			for b := w; b < B; b += workers {
				out[b] = replicate(rand.NewPCG(seed, uint64(b)))
			}
		}()
	}
	wg.Wait()
	return out
}

// PercentileInterval is the two-sided percentile interval of the bootstrap
// replicates at the given level (e.g. 0.95), with type-7 quantiles as
// scipy.stats.bootstrap(method="percentile").
func PercentileInterval(boot []float64, level float64) (lo, hi float64) {
	a := (1 - level) / 2
	s := sortedFinite(boot)
	if len(s) == 0 {
		return math.NaN(), math.NaN()
	}
	return quantileSorted(s, a), quantileSorted(s, 1-a)
}

func sortedFinite(xs []float64) []float64 {
	s := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	sort.Float64s(s)
	return s
}

// BCaInterval is the bias-corrected and accelerated interval (Efron 1987) as
// scipy 1.10 computes it: z0 = Φ⁻¹(mean of [θ*<θ̂] and [θ*≤θ̂]), the
// acceleration from the per-sample jackknife values jack (see CliffsJackknife), and
// endpoints as type-7 percentiles of the replicates at the adjusted levels.
// It returns NaN endpoints when the replicates are degenerate.
func BCaInterval(thetaHat float64, boot []float64, jack [][]float64, level float64) (lo, hi float64) {
	s := sortedFinite(boot)
	B := float64(len(s))
	if B == 0 {
		return math.NaN(), math.NaN()
	}
	less, lessEq := 0.0, 0.0
	for _, v := range s {
		if v < thetaHat {
			less++
		}
		if v <= thetaHat {
			lessEq++
		}
	}
	z0 := NormalQuantile((less + lessEq) / (2 * B))
	num, den := 0.0, 0.0
	for _, j := range jack {
		n := float64(len(j))
		m := Mean(j)
		s3, s2 := 0.0, 0.0
		for _, v := range j {
			u := (n - 1) * (m - v)
			s3 += u * u * u
			s2 += u * u
		}
		num += s3 / (n * n * n)
		den += s2 / (n * n)
	}
	a := num / (6 * math.Pow(den, 1.5))
	if den == 0 {
		a = 0
	}
	alpha := (1 - level) / 2
	adj := func(q float64) float64 {
		z := NormalQuantile(q)
		return distCDF(z0 + (z0+z)/(1-a*(z0+z)))
	}
	a1, a2 := adj(alpha), adj(1-alpha)
	if math.IsNaN(a1) || math.IsNaN(a2) {
		return math.NaN(), math.NaN()
	}
	return quantileSorted(s, a1), quantileSorted(s, a2)
}

func distCDF(z float64) float64 { return NormalSF(-z) }

// Interval is an estimate with a two-sided confidence interval.
type Interval struct {
	Estimate, Low, High, Level float64
}

// BootstrapP is the bootstrap p-value for H0: θ ≤ 0 against θ > 0
// (alternative Greater) or θ ≥ 0 against θ < 0 (Less), from the share of
// replicates on the null side with the +1 correction, (1 + #{θ* ≤ 0}) /
// (B + 1); TwoSided doubles the smaller tail.
func BootstrapP(boot []float64, alt Alternative) float64 {
	if alt != TwoSided {
		k := 0
		for _, v := range boot {
			if (alt == Greater && v <= 0) || (alt == Less && v >= 0) {
				k++
			}
		}
		return clip01(float64(1+k) / float64(len(boot)+1))
	}
	lo, hi := 0, 0
	for _, v := range boot {
		if v <= 0 {
			lo++
		}
		if v >= 0 {
			hi++
		}
	}
	return clip01(2 * float64(1+min(lo, hi)) / float64(len(boot)+1))
}
