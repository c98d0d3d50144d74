package stats

// Distribution tests of the binomial sampler and of the multinomial
// replicate counts against tallying n draws. Every test draws from fixed
// seeds, so it gives the same verdict on every run; the thresholds (a
// goodness-of-fit p below 1e-4, means or variances 6 standard errors off)
// still catch a sampler wrong by a fraction of a percent at these sizes.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// binomialLogPMF is log P(X = k) for X ~ Binomial(n, p).
func binomialLogPMF(n, k int, p float64) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p)
}

// goodnessOfFit is the chi-square p-value of observed counts per k against
// expected = draws · pmf(k), with cells merged from the tails inward until
// each expects at least 5.
func goodnessOfFit(obs map[int]int, pmf func(k int) float64, lo, hi, draws int) (p float64, cells int) {
	x2, df := 0.0, -1
	eAcc, oAcc := 0.0, 0
	for k := lo; k <= hi; k++ {
		eAcc += float64(draws) * pmf(k)
		oAcc += obs[k]
		if eAcc >= 5 && (k == hi || float64(draws)*tailFrom(pmf, k+1, hi) >= 5) {
			x2 += (float64(oAcc) - eAcc) * (float64(oAcc) - eAcc) / eAcc
			df++
			eAcc, oAcc = 0, 0
		}
	}
	if eAcc > 0 { // the last cells expected under 5: a cell of their own
		x2 += (float64(oAcc) - eAcc) * (float64(oAcc) - eAcc) / eAcc
		df++
	}
	return distuv.ChiSquared{K: float64(df)}.Survival(x2), df + 1
}

func tailFrom(pmf func(int) float64, from, hi int) float64 {
	t := 0.0
	for k := from; k <= hi; k++ {
		t += pmf(k)
	}
	return t
}

// binomialRatio has the binomial distribution: mean, variance and the
// whole probability function, by inversion (small means) and BTPE (large),
// with p on either side of ½.
func TestBinomialRatioMatchesPMF(t *testing.T) {
	for _, c := range []struct{ n, m, total int }{
		{1, 1, 3}, {10, 1, 10}, {25, 2, 5}, {1000, 1, 100}, {299, 1, 10}, {301, 1, 10}, // inversion
		{100, 2, 5}, {1000, 3, 10}, {5000, 1, 2}, {200000, 7, 97}, {1000000, 3, 100}, // BTPE
		{1000, 95, 100}, {100000, 998, 1000}, {60, 59, 60}, // p > ½: the rare side flipped
	} {
		t.Run(fmt.Sprintf("n=%d,p=%d/%d", c.n, c.m, c.total), func(t *testing.T) {
			p := float64(c.m) / float64(c.total)
			r := rand.NewPCG(uint64(c.n), uint64(c.m))
			const draws = 200_000
			obs := map[int]int{}
			sum, sum2 := 0.0, 0.0
			for range draws {
				k := binomialRatio(r, c.n, c.m, c.total)
				if k < 0 || k > c.n {
					t.Fatalf("draw %d outside [0, %d]", k, c.n)
				}
				obs[k]++
				sum, sum2 = sum+float64(k), sum2+float64(k)*float64(k)
			}
			mean, vr := float64(c.n)*p, float64(c.n)*p*(1-p)
			gotMean := sum / draws
			gotVar := sum2/draws - gotMean*gotMean
			if z := (gotMean - mean) / math.Sqrt(vr/draws); math.Abs(z) > 6 {
				t.Errorf("mean %.4f, want %.4f (z = %.1f)", gotMean, mean, z)
			}
			if z := (gotVar - vr) / (vr * math.Sqrt(2.0/draws)); vr > 0 && math.Abs(z) > 6 {
				t.Errorf("variance %.4f, want %.4f (z = %.1f)", gotVar, vr, z)
			}
			sd := math.Sqrt(vr)
			lo, hi := max(0, int(mean-12*sd)-1), min(c.n, int(mean+12*sd)+1)
			for k := range obs {
				if k < lo || k > hi {
					t.Errorf("draw %d more than 12 SD from the mean %.1f", k, mean)
				}
			}
			pmf := func(k int) float64 { return math.Exp(binomialLogPMF(c.n, k, p)) }
			if gof, cells := goodnessOfFit(obs, pmf, lo, hi, draws); gof < 1e-4 {
				t.Errorf("chi-square goodness of fit p = %.2g over %d cells", gof, cells)
			}
		})
	}
}

// sampleOf is a sample whose value j occurs mult[j] times, interleaved.
func sampleOf(mult []int) []float64 {
	var s []float64
	left := append([]int(nil), mult...)
	for more := true; more; {
		more = false
		for j := range left {
			if left[j] > 0 {
				s, left[j], more = append(s, float64(j)), left[j]-1, true
			}
		}
	}
	return s
}

// replicateCounts draws B replicates of the sample as plan says.
func replicateCounts(s []float64, plan drawPlan, seed uint64, B int) [][]int32 {
	d := newDistinctSample(s, plan)
	tally := drawCounts{small: make([]uint8, len(d.values))}
	out := make([][]int32, B)
	for b := range out {
		out[b] = make([]int32, len(d.values))
		d.draw(rand.NewPCG(seed, uint64(b)), &tally, out[b])
	}
	return out
}

// Replicate counts drawn by binomials, alone or with the light values
// tallied, have the distribution of tallying n draws: per value the mean
// n·p and variance n·p(1−p), between two values the covariance −n·p_i·p_j,
// and the same distribution of a value's count as tallied replicates
// (chi-square test of homogeneity).
func TestMultinomialCountsMatchTally(t *testing.T) {
	for _, mult := range [][]int{
		{1, 5, 40, 200, 3, 751},          // a few heavy values and rare ones
		{20, 20, 20, 20, 20, 20, 20, 20}, // many small multiplicities (inversion)
		{3000, 2, 1, 6000, 997},          // BTPE with flips
		{13, 14, 2, 90, 1, 1, 1, 30, 7},  // light and heavy values side by side
	} {
		t.Run(fmt.Sprint(mult), func(t *testing.T) {
			s := sampleOf(mult)
			const B = 20_000
			tallied := replicateCounts(s, tallyDrawsOnly, 2, B)
			for _, plan := range []drawPlan{multinomialDraws, cheaperDraws} {
				reps := replicateCounts(s, plan, 1, B)
				checkMoments(t, reps, mult, len(s))
				for j := range mult {
					checkSameDistribution(t, j, reps, tallied)
				}
			}
		})
	}
}

// checkMoments compares the replicates' per-value means and variances and
// the covariance of the first two values with the multinomial's.
func checkMoments(t *testing.T, reps [][]int32, mult []int, n int) {
	t.Helper()
	B := float64(len(reps))
	for j, m := range mult {
		p := float64(m) / float64(n)
		sum, sum2, tot := 0.0, 0.0, 0
		for _, c := range reps {
			x := float64(c[j])
			sum, sum2 = sum+x, sum2+x*x
		}
		for _, c := range reps[0] {
			tot += int(c)
		}
		if tot != n {
			t.Fatalf("replicate 0 has %d draws, want %d", tot, n)
		}
		mean, vr := float64(n)*p, float64(n)*p*(1-p)
		gm := sum / B
		gv := sum2/B - gm*gm
		if z := (gm - mean) / math.Sqrt(vr/B); math.Abs(z) > 6 {
			t.Errorf("value %d: mean count %.3f, want %.3f (z = %.1f)", j, gm, mean, z)
		}
		// The variance's standard error, from the binomial's fourth central moment.
		se := math.Sqrt((vr*(1+3*(float64(n)-2)*p*(1-p)) - vr*vr) / B)
		if z := (gv - vr) / se; math.Abs(z) > 6 {
			t.Errorf("value %d: count variance %.3f, want %.3f (z = %.1f)", j, gv, vr, z)
		}
	}
	p0, p1 := float64(mult[0])/float64(n), float64(mult[1])/float64(n)
	s0, s1, s01 := 0.0, 0.0, 0.0
	for _, c := range reps {
		s0, s1, s01 = s0+float64(c[0]), s1+float64(c[1]), s01+float64(c[0])*float64(c[1])
	}
	cov, want := s01/B-(s0/B)*(s1/B), -float64(n)*p0*p1
	se := math.Sqrt(float64(n)*p0*(1-p0)*float64(n)*p1*(1-p1)/B) * 2
	if math.Abs(cov-want) > 6*se {
		t.Errorf("covariance of values 0 and 1: %.3f, want %.3f", cov, want)
	}
}

// checkSameDistribution tests that value j's count has the same
// distribution in both sets of replicates (chi-square homogeneity over
// the counts, rare counts pooled at both ends).
func checkSameDistribution(t *testing.T, j int, a, b [][]int32) {
	t.Helper()
	hist := map[int32][2]float64{}
	lo, hi := int32(math.MaxInt32), int32(0)
	for k, reps := range [][][]int32{a, b} {
		for _, c := range reps {
			h := hist[c[j]]
			h[k]++
			hist[c[j]] = h
			lo, hi = min(lo, c[j]), max(hi, c[j])
		}
	}
	var table [][]float64
	cell := [2]float64{}
	for v := lo; v <= hi; v++ {
		cell[0] += hist[v][0]
		cell[1] += hist[v][1]
		if cell[0]+cell[1] >= 40 {
			table = append(table, []float64{cell[0], cell[1]})
			cell = [2]float64{}
		}
	}
	if len(table) > 0 {
		table[len(table)-1][0] += cell[0]
		table[len(table)-1][1] += cell[1]
	}
	if len(table) < 2 {
		return // a value that is always drawn the same number of times
	}
	res, err := ChiSquare(table)
	if err != nil {
		t.Fatal(err)
	}
	if res.P < 1e-4 {
		t.Errorf("value %d: counts differ from tallied ones, chi-square p = %.2g over %d cells", j, res.P, len(table))
	}
}

// BenchmarkReplicateCounts is one replicate's counts for n = 200,000
// observations over k equally frequent values, tallied and multinomial:
// the figures behind cheaperDraws.
func BenchmarkReplicateCounts(b *testing.B) {
	const n = 200_000
	for _, k := range []int{50, 700, 5000, 10_000, 20_000, 50_000, 100_000} {
		mult := make([]int, k)
		for j := range mult {
			mult[j] = n / k
		}
		s := sampleOf(mult)
		for _, plan := range []struct {
			name string
			plan drawPlan
		}{{"tally", tallyDrawsOnly}, {"multinomial", multinomialDraws}} {
			b.Run(fmt.Sprintf("k=%d/%s", k, plan.name), func(b *testing.B) {
				d := newDistinctSample(s, plan.plan)
				r, tally, counts := rand.NewPCG(1, 2), drawCounts{small: make([]uint8, k)}, make([]int32, k)
				for b.Loop() {
					d.draw(r, &tally, counts)
				}
			})
		}
	}
}

// BenchmarkBinomialRatio is one draw of binomialRatio against gonum's
// distuv.Binomial.Rand on the same source, over the means the bootstraps
// meet (inversion, BTPE, and p > ½): why binomialRatio is kept (see its
// doc).
func BenchmarkBinomialRatio(b *testing.B) {
	for _, c := range []struct{ n, m, total int }{{20, 1, 3}, {1000, 1, 100}, {1000, 3, 10}, {200000, 7, 97}, {100000, 998, 1000}} {
		b.Run(fmt.Sprintf("n=%d,p=%d/%d/own", c.n, c.m, c.total), func(b *testing.B) {
			r, sum := rand.NewPCG(1, 2), 0
			for b.Loop() {
				sum += binomialRatio(r, c.n, c.m, c.total)
			}
		})
		b.Run(fmt.Sprintf("n=%d,p=%d/%d/gonum", c.n, c.m, c.total), func(b *testing.B) {
			r, sum := rand.NewPCG(1, 2), 0.0
			d := distuv.Binomial{N: float64(c.n), P: float64(c.m) / float64(c.total), Src: r}
			for b.Loop() {
				sum += d.Rand()
			}
		})
	}
}
