package hypotheses

import (
	"fmt"
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// censorShare is the share of a variable's answers at one bound above which
// the verdict carries a censoring warning (Amendment 2, item 8).
const censorShare = 0.10

// Bound names where a pile of answers sits.
type Bound string

// Bounds a censoring warning names.
const (
	BoundCodebookMin Bound = "codebook minimum"
	BoundCodebookMax Bound = "codebook maximum"
	BoundObservedMax Bound = "observed maximum"
)

// Censoring is a numeric variable with more than censorShare of its
// answers (in the hypothesis's waves) at one bound.
type Censoring struct {
	Variable string `json:"variable"`
	Bound    Bound  `json:"bound"`
	Value    Float  `json:"value"`
	At       int    `json:"at"` // answers at the bound
	N        int    `json:"n"`  // answers in the waves
	Share    Float  `json:"share"`
}

// censoring checks each numeric variable of vars over the rows of years:
// the codebook bounds (Column.Min, Column.Max) and the observed maximum
// (when it is not the codebook maximum).
func censoring(d *dataset.Dataset, vars []string, years []int) []Censoring {
	var out []Censoring
	for _, v := range vars {
		c := d.Col(v)
		if c == nil || c.Kind != dataset.Numeric || c.Time {
			continue
		}
		var xs []float64
		for i := 0; i < d.Len(); i++ {
			if x := c.Num[i]; inYears(d, i, years) && !math.IsNaN(x) {
				xs = append(xs, x)
			}
		}
		out = append(out, censoredAt(v, xs, c.Min, c.Max)...)
	}
	return out
}

// censoredAt returns the bounds of one variable's answers xs that hold more
// than censorShare of them.
func censoredAt(v string, xs []float64, lo, hi *float64) []Censoring {
	if len(xs) == 0 {
		return nil
	}
	top := math.Inf(-1)
	for _, x := range xs {
		top = math.Max(top, x)
	}
	type cand struct {
		b     Bound
		value float64
	}
	var cands []cand
	if lo != nil {
		cands = append(cands, cand{BoundCodebookMin, *lo})
	}
	if hi != nil {
		cands = append(cands, cand{BoundCodebookMax, *hi})
	}
	if hi == nil || top != *hi {
		cands = append(cands, cand{BoundObservedMax, top})
	}
	var out []Censoring
	for _, c := range cands {
		at := 0
		for _, x := range xs {
			if x == c.value {
				at++
			}
		}
		if share := float64(at) / float64(len(xs)); share > censorShare {
			out = append(out, Censoring{Variable: v, Bound: c.b, Value: Float(c.value), At: at, N: len(xs), Share: Float(share)})
		}
	}
	return out
}

// censoringNotes are the verdict-side lines of the censoring warnings.
func censoringNotes(cs []Censoring) []string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("censoring: %.0f%% of %s answers (%d of %d) are at the %s %g, which hides differences beyond it",
			100*float64(c.Share), c.Variable, c.At, c.N, c.Bound, float64(c.Value)))
	}
	return out
}
