package trends

import (
	"fmt"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// describe writes the sentence and headline of every significant test of
// a variable, and the variable's headline: the figure's title.
func describe(tv *Variable, o Options) {
	for _, t := range tv.Tests {
		if !t.Significant {
			continue
		}
		t.Headline, t.Sentence = sentence(tv, t, o.Level)
		if t.CompositionFlag {
			t.Sentence += " " + compositionNote(t)
		}
		tv.Sentences = append(tv.Sentences, t.Sentence)
	}
	tv.Headline = variableHeadline(tv)
}

// variableHeadline is what a variable's figure says in its title: its
// headline test's change, or that nothing changed significantly over what
// was tested, or why nothing was tested. Never "no change" for a question
// that was not tested.
func variableHeadline(tv *Variable) string {
	if h := headline(tv); h != nil && h.Significant {
		return h.Headline
	}
	label := lowerFirst(tv.Label)
	if tv.NotTestedWhy != "" {
		return fmt.Sprintf("%s: not tested (%s)", upperFirst(label), tv.NotTestedWhy.In(tv))
	}
	return fmt.Sprintf("No significant change in %s, %s%s", label, spanText(testedYears(tv)), leftOut(tv))
}

// leftOut says why the waves before the comparable span are not compared:
// " (waves before 2025 not compared: wording changed)", or "".
func leftOut(tv *Variable) string {
	if len(tv.Span) == 0 || len(tv.Span) == len(tv.Years) {
		return ""
	}
	for _, p := range tv.asked {
		if p.To == tv.Span[0] && !p.Grade.Comparable() {
			return fmt.Sprintf(" (waves before %d not compared: %s)", p.To, p.Grade)
		}
	}
	return ""
}

// testedYears are the waves the variable's tests span, ascending.
func testedYears(tv *Variable) []int {
	var ys []int
	for _, t := range tv.Tests {
		for _, y := range t.Years {
			if !contains(ys, y) {
				ys = append(ys, y)
			}
		}
	}
	slices.Sort(ys)
	return ys
}

// spanText is "2025 vs 2026" for two waves (a comparison, not a trend),
// "2022–2026" for more.
func spanText(ys []int) string {
	if len(ys) == 2 {
		return spanName(ys)
	}
	return figure.YearSpan(ys)
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

// sentence is a significant test in plain words: the headline (no
// intervals, no statistics; a figure's title) and the full sentence (the
// headline, then the 95% intervals of the values it names, the test and
// its BH-adjusted p). It claims only what the test tested (Amendment 2): a
// level's own test names the level and its shares; an omnibus test
// (chi-square, a rank test of an ordinal scale) speaks of the whole
// distribution; a number's rank test says its answers shifted, with the
// medians as description. A two-wave test reads "2025 vs 2026", a longer
// one names its first and last wave.
func sentence(tv *Variable, t *Test, cl float64) (headline, full string) {
	stat := fmt.Sprintf("%s, BH-adjusted p %s", t.Name(), pText(t.PAdjusted))
	switch {
	case t.Method == CochranArmitage:
		h := shareBody(tv, t)
		return h, fmt.Sprintf("%s (%s; %s).", h, ciText(tv, t, t.Level, unit{post: "%"}, cl), stat)
	case tv.v.Type == codebook.TypeSingle: // homogeneity: no order, so no trend
		h := scoped(t, "the mix of answers to "+lowerFirst(tv.Label)+" "+ifTwo(t, "differed", "differed between the waves"))
		return h, fmt.Sprintf("%s (%s).", h, stat)
	case tv.v.Type == codebook.TypeOrdinal:
		h := scoped(t, fmt.Sprintf("answers to %s shifted toward %q", lowerFirst(tv.Label), scaleEnd(tv, t.Direction)))
		return h, fmt.Sprintf("%s (%s).", h, stat)
	}
	h := numberBody(tv, t)
	_, u := unitOf(lowerFirst(tv.Label))
	return h, fmt.Sprintf("%s (median's %s; %s).", h, ciText(tv, t, StatMedian, u, cl), stat)
}

// ciText is the 95% intervals of a level's share or the median in the
// test's first and last wave: "95% CI 24–33% in 2025, 15–23% in 2026".
func ciText(tv *Variable, t *Test, level string, u unit, cl float64) string {
	from, to := t.Years[0], t.Years[len(t.Years)-1]
	iv := func(y int) string {
		c := cellOf(tv, y, level)
		if level != StatMedian { // a share: whole percent, as its estimate
			return fmt.Sprintf("%s–%s in %d", strings.TrimSuffix(pct(c.Low), "%"), pct(c.High), y)
		}
		return fmt.Sprintf("%s%s–%s%s in %d", u.pre, num(c.Low), num(c.High), u.post, y)
	}
	return fmt.Sprintf("%g%% CI %s, %s", 100*cl, iv(from), iv(to))
}

// Name is the test as sentences (and a figure's footer) name it: a
// Cochran–Armitage test of two waves is no trend test.
func (t *Test) Name() string {
	if t.Method == CochranArmitage && len(t.Years) == 2 {
		return "Cochran-Armitage test"
	}
	return string(t.Method)
}

func ifTwo(t *Test, two, more string) string {
	if len(t.Years) == 2 {
		return two
	}
	return more
}

// scoped puts the test's waves before a clause: "2025 vs 2026: …" or
// "Over 2022–2026, …".
func scoped(t *Test, clause string) string {
	if len(t.Years) == 2 {
		return spanText(t.Years) + ": " + clause
	}
	return fmt.Sprintf("Over %s, %s", spanText(t.Years), clause)
}

// scaleEnd is the end of an ordinal scale answers moved toward: the last
// rankable level when they rose, the first when they fell.
func scaleEnd(tv *Variable, d Direction) string {
	var ranked []string
	for _, l := range tv.v.Levels {
		if !nonAnswer(l) {
			ranked = append(ranked, l)
		}
	}
	if len(ranked) == 0 {
		return ""
	}
	if d == Down {
		return ranked[0]
	}
	return ranked[len(ranked)-1]
}

// shareBody is a level's (or option's) share from the test's first to its
// last wave.
func shareBody(tv *Variable, t *Test) string {
	what := fmt.Sprintf("the share answering %q to %s", t.Level, lowerFirst(tv.Label))
	if tv.v.Type == codebook.TypeMulti {
		what = fmt.Sprintf("the share choosing %q among %s", t.Level, lowerFirst(tv.Label))
	}
	show := func(y int) string { return pctText(cellOf(tv, y, t.Level)) }
	s := change(tv, t, show)
	if len(t.Years) == 2 {
		return spanText(t.Years) + ": " + what + " " + s
	}
	return upperFirst(what) + " " + s
}

// numberBody is a number's answers shifting, with the medians of the
// test's first and last wave.
func numberBody(tv *Variable, t *Test) string {
	name, u := unitOf(lowerFirst(tv.Label))
	show := func(y int) string { return u.pre + num(cellOf(tv, y, StatMedian).Estimate) + u.post }
	shift := map[Direction]string{Up: "higher", Down: "lower", Flat: "neither way"}[t.Direction]
	clause := fmt.Sprintf("answers on %s shifted %s; the median", name, shift)
	if from, to := t.Years[0], t.Years[len(t.Years)-1]; t.Direction == Flat || shownDirection(tv, t, show) != t.Direction {
		return scoped(t, fmt.Sprintf("%s was %s in %d and %s in %d", clause, show(from), from, show(to), to))
	}
	return scoped(t, clause+" "+change(tv, t, show))
}

// change is "fell from A in 2025 to B in 2026" for the test's first and
// last wave, going the test's way, with the sentence rules: a value other
// comparable waves share is said to ("from 28% in 2022 and 2023" within a
// trend, "(as in 2023)" outside the test's waves), and a change back to an
// earlier wave's value is a reversal ("back to its 2024 level"); when the
// shown values do not move the test's way (rounding, or a trend against its
// endpoints) both are given with the test's direction in words. show
// renders a wave's value as printed (and compared).
func change(tv *Variable, t *Test, show func(int) string) string {
	from, to := t.Years[0], t.Years[len(t.Years)-1]
	verb := map[Direction]string{Up: "rose", Down: "fell"}[t.Direction]
	if verb == "" || shownDirection(tv, t, show) != t.Direction {
		return fmt.Sprintf("%s (%s in %d, %s in %d)", trendWord(t), show(from), from, show(to), to)
	}
	back := reversal(tv, t, show)
	return fmt.Sprintf("%s from %s to %s%s", verb, valueIn(tv, t, show, from, nil), valueIn(tv, t, show, to, back.years), back.text)
}

// trendWord says which way a test went when the shown values do not.
func trendWord(t *Test) string {
	w := map[Direction]string{Up: "went up", Down: "went down"}[t.Direction]
	switch {
	case w == "":
		return "moved"
	case len(t.Years) > 2:
		return w + " over the waves"
	}
	return w
}

// shownDirection is which way the shown values of the test's first and
// last wave go (equal as shown: Flat).
func shownDirection(tv *Variable, t *Test, show func(int) string) Direction {
	from, to := t.Years[0], t.Years[len(t.Years)-1]
	if show(from) == show(to) {
		return Flat
	}
	return directionOf(valueOf(tv, t, from), valueOf(tv, t, to))
}

// valueOf is the compared estimate of a wave: the level's share, or the median.
func valueOf(tv *Variable, t *Test, y int) float64 {
	if t.Method == CochranArmitage {
		return cellOf(tv, y, t.Level).Estimate
	}
	return cellOf(tv, y, StatMedian).Estimate
}

// back is a reversal: the earlier waves whose value the test's last wave
// returns to, and the words for it.
type back struct {
	years []int
	text  string
}

// reversal finds, for a two-wave test, whether its change undoes an
// earlier one among the comparable waves: back to an earlier wave's value
// ("back to its 2024 level"), part of the way back, or past it.
func reversal(tv *Variable, t *Test, show func(int) string) back {
	from, to := t.Years[0], t.Years[len(t.Years)-1]
	var earlier, same []int
	for _, y := range tv.Span {
		if y < from && len(t.Years) == 2 {
			earlier = append(earlier, y)
			if show(y) == show(to) {
				same = append(same, y)
			}
		}
	}
	if len(same) > 0 {
		return back{years: same, text: fmt.Sprintf(", back to its %s level", yearsList(same))}
	}
	if len(earlier) == 0 {
		return back{}
	}
	prev := earlier[len(earlier)-1]
	before := directionOf(valueOf(tv, t, prev), valueOf(tv, t, from))
	if before == Flat || before == t.Direction {
		return back{}
	}
	rise := map[Direction]string{Up: "rise", Down: "fall"}[before]
	if directionOf(valueOf(tv, t, prev), valueOf(tv, t, to)) == before {
		return back{text: fmt.Sprintf(", undoing part of its %s from %s in %d", rise, show(prev), prev)}
	}
	side := map[Direction]string{Up: "below", Down: "above"}[before]
	return back{text: fmt.Sprintf(", a reversal of its %s since %d to %s its %d level of %s", rise, prev, side, prev, show(prev))}
}

// valueIn is a wave's value with its year, and the other comparable waves
// that show the same value: "28% in 2022 and 2024" within the test's waves,
// "28% in 2025 (as in 2023)" outside them. Waves a reversal already names
// (skip) are left out.
func valueIn(tv *Variable, t *Test, show func(int) string, y int, skip []int) string {
	from, to := t.Years[0], t.Years[len(t.Years)-1]
	in, out := []int{y}, []int(nil)
	for _, x := range tv.Span {
		if x == y || x == from || x == to || contains(skip, x) || show(x) != show(y) {
			continue
		}
		if contains(t.Years, x) {
			in = append(in, x)
		} else {
			out = append(out, x)
		}
	}
	slices.Sort(in)
	s := fmt.Sprintf("%s in %s", show(y), yearsList(in))
	if len(out) > 0 {
		s += " (as in " + yearsList(out) + ")"
	}
	return s
}

// yearsList is "2023", "2022 and 2023" or "2022, 2023 and 2024".
func yearsList(ys []int) string {
	var s []string
	for _, y := range ys {
		s = append(s, strconv.Itoa(y))
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

func pctText(c Cell) string { return pct(c.Estimate) }

// pct is a share as a whole percent ("28%"), halves rounded away from zero.
func pct(x float64) string { return strconv.Itoa(int(math.Round(100*x))) + "%" }

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

func cellOf(tv *Variable, year int, level string) Cell {
	for _, c := range tv.Cells {
		if c.Year == year && c.Level == level {
			return c
		}
	}
	return Cell{Estimate: math.NaN(), Low: math.NaN(), High: math.NaN()}
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
