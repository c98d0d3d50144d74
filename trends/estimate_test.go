package trends

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// inLevel is the plain predicate levelSums replaces: whether answer x is
// (or, for a multi-select, includes) level l. A missing answer (NaN) is in
// no level.
func inLevel(typ string, l int, x float64) bool {
	if math.IsNaN(x) {
		return false
	}
	if typ == codebook.TypeMulti {
		return uint64(x)&(1<<l) != 0
	}
	return int(x) == l
}

// levelSumsNaive counts and sums each level on its own pass over the
// answers with inLevel, as each level's share cell once did.
func levelSumsNaive(typ string, k int, xs, ws []float64) (n []int, xw []float64, tw float64) {
	n, xw = make([]int, k), make([]float64, k)
	for i := range xs {
		tw += ws[i]
	}
	for l := range k {
		for i, x := range xs {
			if inLevel(typ, l, x) {
				n[l]++
				xw[l] += ws[i]
			}
		}
	}
	return n, xw, tw
}

// randomAnswers draws m answers to a variable of type typ with k levels:
// level indexes (now and then one outside 0..k−1) or bit masks of up to
// dataset.MaxChoices bits (some beyond the k levels), some missing (NaN),
// with random weights, some zero.
func randomAnswers(r *rand.Rand, typ string, k, m int) (xs, ws []float64) {
	xs, ws = make([]float64, m), make([]float64, m)
	for i := range xs {
		switch {
		case r.IntN(8) == 0:
			xs[i] = math.NaN()
		case typ == codebook.TypeMulti && r.IntN(2) == 0:
			xs[i] = float64(r.Uint64N(1 << k)) // within the levels
		case typ == codebook.TypeMulti:
			xs[i] = float64(r.Uint64N(1 << dataset.MaxChoices))
		case r.IntN(20) == 0:
			xs[i] = float64(k + r.IntN(3)) // outside the levels
		default:
			xs[i] = float64(r.IntN(k))
		}
		if r.IntN(10) > 0 {
			ws[i] = 3 * r.Float64()
		}
	}
	return xs, ws
}

// levelSums gives, for single, ordinal and multi-select answers, the counts
// and weight sums (bit for bit: the same additions in the same order) of a
// pass per level with the plain predicate.
func TestLevelSumsMatchPredicates(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 43))
	for rep := range 600 {
		typ := []string{codebook.TypeSingle, codebook.TypeOrdinal, codebook.TypeMulti}[rep%3]
		k := 1 + r.IntN(dataset.MaxChoices)
		if rep%4 == 0 {
			k = 1 + r.IntN(4)
		}
		xs, ws := randomAnswers(r, typ, k, r.IntN(300))
		n, xw, tw := levelSums(typ, k, xs, ws)
		wn, wxw, wtw := levelSumsNaive(typ, k, xs, ws)
		if len(n) != k || len(xw) != k || math.Float64bits(tw) != math.Float64bits(wtw) {
			t.Fatalf("rep %d (%s, %d levels): %d counts, %d sums, total %v; want %d, %d, %v", rep, typ, k, len(n), len(xw), tw, k, k, wtw)
		}
		for l := range k {
			if n[l] != float64(wn[l]) || math.Float64bits(xw[l]) != math.Float64bits(wxw[l]) {
				t.Fatalf("rep %d (%s, %d levels) level %d: n %v weight %v, want %d, %v", rep, typ, k, l, n[l], xw[l], wn[l], wxw[l])
			}
		}
	}
}
