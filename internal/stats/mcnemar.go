package stats

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// McNemarExact is the exact (binomial) McNemar test on the discordant
// counts b (yes/no) and c (no/yes): two-sided p = min(1, 2·P(X ≤ min(b, c)))
// for X ~ Binomial(b + c, ½), as R mcnemar.test's exact variant
// (binom.test(b, b + c)) and statsmodels mcnemar(exact=True). b + c = 0
// gives p = 1.
func McNemarExact(b, c int) (float64, error) {
	if b < 0 || c < 0 {
		return math.NaN(), fmt.Errorf("mcnemar: negative count")
	}
	n := b + c
	if n == 0 {
		return 1, nil
	}
	k := min(b, c)
	bin := distuv.Binomial{N: float64(n), P: 0.5}
	return clip01(2 * bin.CDF(float64(k))), nil
}
