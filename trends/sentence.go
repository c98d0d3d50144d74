package trends

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// describe writes the sentence of every significant test of a variable.
func describe(tv *Variable, o Options) {
	for _, t := range tv.Tests {
		if !t.Significant {
			continue
		}
		t.Sentence = sentence(tv, t)
		if t.CompositionFlag {
			t.Sentence += " " + compositionNote(t)
		}
		tv.Sentences = append(tv.Sentences, t.Sentence)
	}
}

func compositionNote(t *Test) string {
	switch {
	case !t.WeightedSig:
		return fmt.Sprintf("Reweighted to the pooled stage and region mix it is not significant (BH-adjusted p %s): it may reflect who answered.", pText(t.WeightedPAdjusted))
	case t.WeightedDirection != t.Direction:
		return "Reweighted to the pooled stage and region mix it goes the other way: it may reflect who answered."
	}
	return ""
}

// sentence is one plain sentence with the numbers of a significant change.
func sentence(tv *Variable, t *Test) string {
	label := lowerFirst(tv.Label)
	tail := fmt.Sprintf("(%s, BH-adjusted p %s).", t.Method, pText(t.PAdjusted))
	if tv.v.Type == codebook.TypeMulti || tv.v.Type == codebook.TypeSingle || tv.v.Type == codebook.TypeOrdinal {
		level := t.Level
		if level == "" {
			level = movedLevel(tv, t.from, t.to)
		}
		a, b := cellOf(tv, t.from, level), cellOf(tv, t.to, level)
		verb := verbOf(a.Estimate, b.Estimate)
		what := fmt.Sprintf("The share answering %q to %s", level, label)
		if tv.v.Type == codebook.TypeMulti {
			what = fmt.Sprintf("The share choosing %q among %s", level, label)
		}
		return fmt.Sprintf("%s %s from %s in %d to %s in %d %s", what, verb, pctCI(a, true), t.from, pctCI(b, false), t.to, tail)
	}
	a, b := cellOf(tv, t.from, StatMedian), cellOf(tv, t.to, StatMedian)
	name, u := unitOf(label)
	return fmt.Sprintf("The median %s %s from %s in %d to %s in %d %s", name, verbOf(a.Estimate, b.Estimate),
		numCI(a, u, true), t.from, numCI(b, u, false), t.to, tail)
}

// unit is how a number of a variable is written: "$" before, "%" or
// " days" after.
type unit struct{ pre, post string }

// unitOf splits a trailing unit in parentheses off a label: "win rate (%)"
// gives "win rate" and "%".
func unitOf(label string) (string, unit) {
	i := strings.LastIndex(label, " (")
	if i < 0 || !strings.HasSuffix(label, ")") {
		return label, unit{}
	}
	switch label[i+2 : len(label)-1] {
	case "%":
		return label[:i], unit{post: "%"}
	case "days":
		return label[:i], unit{post: " days"}
	case "USD":
		return label[:i], unit{pre: "$"}
	}
	return label, unit{}
}

func verbOf(a, b float64) string {
	switch {
	case b > a:
		return "rose"
	case b < a:
		return "fell"
	}
	return "stayed"
}

// movedLevel is the level whose share changed most between two waves.
func movedLevel(tv *Variable, from, to int) string {
	best, bd := "", -1.0
	for _, l := range tv.v.Levels {
		d := math.Abs(cellOf(tv, to, l).Estimate - cellOf(tv, from, l).Estimate)
		if d > bd {
			best, bd = l, d
		}
	}
	return best
}

func cellOf(tv *Variable, year int, level string) Cell {
	for _, c := range tv.Cells {
		if c.Year == year && c.Level == level {
			return c
		}
	}
	return Cell{Estimate: math.NaN(), Low: math.NaN(), High: math.NaN()}
}

func pctCI(c Cell, long bool) string {
	p := func(x float64) string { return strconv.Itoa(int(math.Round(100 * x))) }
	if long {
		return fmt.Sprintf("%s%% (95%% CI %s–%s%%)", p(c.Estimate), p(c.Low), p(c.High))
	}
	return fmt.Sprintf("%s%% (%s–%s%%)", p(c.Estimate), p(c.Low), p(c.High))
}

func numCI(c Cell, u unit, long bool) string {
	f := func(x float64) string { return u.pre + num(x) + u.post }
	lo := u.pre + num(c.Low) // the unit once, after the upper bound: "40–55 days"
	if long {
		return fmt.Sprintf("%s (95%% CI %s–%s)", f(c.Estimate), lo, f(c.High))
	}
	return fmt.Sprintf("%s (%s–%s)", f(c.Estimate), lo, f(c.High))
}

// num renders a number as people read it: at most three significant digits
// above 1000 ("1.2M"), otherwise as it is.
func num(x float64) string {
	switch {
	case math.IsNaN(x):
		return "n/a"
	case math.Abs(x) >= 1e6:
		return strconv.FormatFloat(x/1e6, 'g', 3, 64) + "M"
	case math.Abs(x) >= 1e4:
		return strconv.FormatFloat(x/1e3, 'g', 3, 64) + "k"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

func pText(p float64) string {
	if s := stats.FormatP(p); strings.HasPrefix(s, "<") {
		return s
	}
	return "= " + strconv.FormatFloat(p, 'g', 2, 64)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	if len(s) > 1 && strings.ToUpper(s[:2]) == s[:2] { // an acronym: "ARR band", "AI in …"
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
