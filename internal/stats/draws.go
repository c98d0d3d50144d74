package stats

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"
)

// distinctSample is a sample sorted once into its distinct values and
// their multiplicities, with how its bootstrap replicates are drawn.
//
// A replicate is n draws with replacement; what a statistic of sorted
// values sees of it is how often each value was drawn: counts with the
// Multinomial(n; m_1/n, …, m_k/n) distribution for multiplicities m_j.
// Values that occur at least as often as the plan says ("heavy") get their
// counts as conditional binomials, O(1) each; the draws left to the other
// ("light") values are tallied one by one over their observations. A
// sample without heavy values is tallied whole, with the numbers the plain
// bootstrap (the test oracle Resample) draws, so its replicates are that
// bootstrap's exactly.
type distinctSample struct {
	values []float64 // distinct (by bits), ascending, −0 before +0 (kept apart, as nothing is lost)
	mult   []int     // occurrences of each value; they sum to n
	n      int
	heavy  []int32 // the values drawn by binomials
	// light maps each observation of a light value (in the sample's
	// order) to its value's index; lightMass = len(light).
	light     []int32
	lightMass int
}

// drawPlan is the multiplicity from which a value is heavy.
type drawPlan int

// Draw plans: the cheaper of the two ways for each value (what the
// bootstraps use), and each one alone (for tests).
//
// A binomial costs about 80–120 ns (inversion or BTPE with its set-up), a
// tallied draw about 3.5 ns (BenchmarkReplicateCounts), so a value is
// heavy from 28 occurrences on.
const (
	cheaperDraws     drawPlan = 28
	tallyDrawsOnly   drawPlan = math.MaxInt
	multinomialDraws drawPlan = 1
)

// newDistinctSample sorts s into its distinct values and sorts the values
// into heavy and light by plan.
func newDistinctSample(s []float64, plan drawPlan) distinctSample {
	sorted := slices.Clone(s)
	slices.Sort(sorted)
	negativeZerosFirst(sorted)
	d := distinctSample{n: len(s)}
	for i, x := range sorted {
		if i == 0 || math.Float64bits(x) != math.Float64bits(sorted[i-1]) {
			d.values, d.mult = append(d.values, x), append(d.mult, 0)
		}
		d.mult[len(d.mult)-1]++
	}
	isHeavy := make([]bool, len(d.mult))
	for j, m := range d.mult {
		if m >= int(plan) {
			d.heavy, isHeavy[j] = append(d.heavy, int32(j)), true
		}
	}
	for _, x := range s {
		j := sort.SearchFloat64s(d.values, x)
		if math.Float64bits(d.values[j]) != math.Float64bits(x) {
			j++ // x is +0 and the sample has −0 too
		}
		if !isHeavy[j] {
			d.light = append(d.light, int32(j))
		}
	}
	d.lightMass = len(d.light)
	return d
}

// negativeZerosFirst puts, in sorted values, the −0s before the +0s (a
// sort leaves them mixed: they compare equal).
func negativeZerosFirst(sorted []float64) {
	lo := sort.SearchFloat64s(sorted, 0)
	hi := lo
	neg := 0
	for ; hi < len(sorted) && sorted[hi] == 0; hi++ {
		if math.Signbit(sorted[hi]) {
			neg++
		}
	}
	for k := lo; k < hi; k++ {
		sorted[k] = 0
		if k < lo+neg {
			sorted[k] = math.Copysign(0, -1)
		}
	}
}

// draw writes one replicate's count per value to counts, tallying the
// light values' draws in tally (a worker's buffer).
func (d *distinctSample) draw(r *rand.PCG, tally *drawCounts, counts []int32) {
	draws := d.n
	if len(d.heavy) > 0 {
		clear(counts)
		draws = binomialRatio(r, d.n, d.lightMass, d.n)
		d.drawHeavy(r, d.n-draws, counts)
	}
	if d.lightMass == 0 {
		return
	}
	tallyDraws(r, draws, d.light, tally)
	if len(d.heavy) == 0 {
		for j := range counts {
			counts[j] = int32(tally.get(int32(j)))
		}
		return
	}
	for j := range counts {
		counts[j] += int32(tally.get(int32(j)))
	}
}

// drawHeavy shares the heavy values' draws among them, from
// Multinomial(draws; their multiplicities / their mass), as conditional
// binomials: each value takes Binomial(left, m_j / mass) of the draws not
// yet given to the heavy values before it.
func (d *distinctSample) drawHeavy(r *rand.PCG, draws int, counts []int32) {
	left, mass := draws, d.n-d.lightMass
	for _, j := range d.heavy {
		m := d.mult[j]
		c := binomialRatio(r, left, m, mass)
		counts[j] = int32(c)
		left, mass = left-c, mass-m
	}
}

// drawCounts is a worker's tally of how often each value of a sample was
// drawn: one byte per value (a cache-friendly footprint for samples of
// mostly distinct values), with the rare wrap past 255 carried in a map.
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

// tallyDraws draws observations with replacement from of (each mapped to
// its value's index), draws times, and counts them by value: the indexes
// are the numbers (*rand.Rand).IntN(len(of)) draws on r.
func tallyDraws(r *rand.PCG, draws int, of []int32, counts *drawCounts) {
	counts.reset()
	un := uint64(len(of))
	if un&(un-1) == 0 {
		for range draws {
			counts.add(uint64(of[r.Uint64()&(un-1)]))
		}
		return
	}
	// Lemire's multiply-and-reject as (*rand.Rand).IntN computes it (its
	// 32-bit variant keeps the same sequence), inlined; thresh < n, so
	// lo < thresh implies the standard library's lo < n test.
	thresh := -un % un
	for range draws {
		hi, lo := bits.Mul64(r.Uint64(), un)
		for lo < thresh {
			hi, lo = bits.Mul64(r.Uint64(), un)
		}
		counts.add(uint64(of[hi]))
	}
}
