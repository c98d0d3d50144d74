package trends

import (
	"fmt"
	"math"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// Method names a change test.
type Method string

// The change tests of issue 12.
const (
	ChiSquare       Method = "chi-square test of homogeneity"
	ChiSquareMC     Method = "chi-square test of homogeneity (Monte Carlo exact p)"
	KendallYear     Method = "Kendall tau-b with year"
	MannWhitney     Method = "Mann-Whitney"
	CochranArmitage Method = "Cochran-Armitage trend test"
)

// Direction is which way a change goes.
type Direction string

// Directions.
const (
	Up   Direction = "up"
	Down Direction = "down"
	Flat Direction = "none"
)

// Test is one change test of the trends family.
type Test struct {
	Variable string `json:"-"`
	Method   Method `json:"test"`
	Scope    string `json:"scope"`           // "2025 vs 2026" or "2022-2026"
	Level    string `json:"level,omitempty"` // the level or option a Cochran–Armitage test tests
	// MovedMost is, for a chi-square test, the level whose share moved most
	// between its first and last wave: a description giving Direction, not
	// what the omnibus test tested (a sentence names a level only by its own test).
	MovedMost string    `json:"moved_most,omitempty"`
	Years     []int     `json:"years"`
	N         int       `json:"n"`
	Statistic float64   `json:"statistic"`
	StatName  string    `json:"statistic_name"`
	P         float64   `json:"p_value"`
	PAdjusted float64   `json:"p_bh"`
	Direction Direction `json:"direction"`
	// Effect is the size used to rank changes: |z|/√n (φ-like; √(X²/n) for
	// chi-square), comparable across tests.
	Effect      float64 `json:"effect_r"`
	Significant bool    `json:"significant"`
	// Weighted is the same test under the raking weights.
	WeightedP         float64   `json:"weighted_p_value"`
	WeightedPAdjusted float64   `json:"weighted_p_bh"`
	WeightedDirection Direction `json:"weighted_direction"`
	WeightedSig       bool      `json:"weighted_significant"`
	CompositionFlag   bool      `json:"composition_flag"`
	// Sentence is a significant change in words, with its intervals, test
	// and BH-adjusted p; Headline is the same claim in plain words only (a
	// figure's title).
	Sentence string `json:"sentence,omitempty"`
	Headline string `json:"headline,omitempty"`
	Note     string `json:"note,omitempty"`

	from, to int // the years the sentence compares
}

// testVariable runs the change tests the variable's type and comparable
// waves allow, and records why others were not run.
func testVariable(tv *Variable, o Options) {
	tv.Span = comparableSpan(tv)
	all := surveyTail(tv)
	if len(tv.Years) <= 1 {
		tv.NotTestedWhy = untestedWhy(tv)
		if len(tv.Years) == 1 {
			tv.NotTested = append(tv.NotTested, fmt.Sprintf("asked only in %d: no other wave to compare with", tv.Years[0]))
		}
		return
	}
	switch {
	case !contains(tv.Years, all[0]) || !contains(tv.Years, all[1]):
		tv.NotTested = append(tv.NotTested, fmt.Sprintf("%d vs %d: not asked in both waves", all[0], all[1]))
	case !contains(tv.Span, all[0]):
		tv.NotTested = append(tv.NotTested, fmt.Sprintf("%d vs %d: %s", all[0], all[1], pairReason(tv.Pairs, all[1])))
	default:
		keepTests(tv, changeTests(tv, all, o))
	}
	if len(tv.Span) >= 3 || (len(tv.Span) == 2 && !equalInts(tv.Span, all)) {
		keepTests(tv, changeTests(tv, tv.Span, o))
	}
	if len(tv.Span) > 0 && len(tv.Span) < len(tv.Years) {
		tv.NotTested = append(tv.NotTested, fmt.Sprintf("waves before %d are left out of the trend: %s", tv.Span[0], pairReason(tv.asked, tv.Span[0])))
	}
	if len(tv.Tests) == 0 {
		tv.NotTestedWhy = untestedWhy(tv)
	}
}

// keepTests adds the tests that gave a p-value; the others (too few
// answers, no variation) are reported with their reason.
func keepTests(tv *Variable, ts []*Test) {
	for _, t := range ts {
		if math.IsNaN(t.P) {
			what := strings.TrimSpace(fmt.Sprintf("%s %s %s", t.Method, t.Scope, t.Level))
			tv.NotTested = append(tv.NotTested, what+": "+t.Note)
			continue
		}
		tv.Tests = append(tv.Tests, t)
	}
}

// surveyTail is the last two survey years.
func surveyTail(tv *Variable) []int {
	var ys []int
	for _, p := range tv.Pairs {
		ys = append(ys, p.From)
	}
	if n := len(tv.Pairs); n > 0 {
		ys = append(ys, tv.Pairs[n-1].To)
	}
	if len(ys) < 2 {
		return []int{0, 0}
	}
	return ys[len(ys)-2:]
}

// comparableSpan is the longest run of the waves that asked the variable,
// ending at the last, whose every consecutive pair is comparable (a wave
// that did not ask it is skipped, not a break).
func comparableSpan(tv *Variable) []int {
	if len(tv.Years) == 0 {
		return nil
	}
	span := []int{tv.Years[len(tv.Years)-1]}
	for k := len(tv.asked) - 1; k >= 0 && tv.asked[k].Grade.Comparable(); k-- {
		span = append([]int{tv.asked[k].From}, span...)
	}
	return span
}

func pairReason(ps []Pair, to int) string {
	for _, p := range ps {
		if p.To == to {
			return fmt.Sprintf("%d to %d %s (%s)", p.From, p.To, p.Grade, p.How)
		}
	}
	return "no comparable earlier wave"
}

func spanName(ys []int) string {
	if len(ys) == 2 {
		return fmt.Sprintf("%d vs %d", ys[0], ys[1])
	}
	return fmt.Sprintf("%d-%d", ys[0], ys[len(ys)-1])
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// changeTests runs the type's tests over the given waves: the omnibus test
// of a single-choice (chi-square) or ordinal (rank) question, then each
// level's own Cochran–Armitage test, which alone may name the level in a
// sentence (Amendment 2); each option of a multi-select; a number's rank test.
func changeTests(tv *Variable, years []int, o Options) []*Test {
	var out []*Test
	switch tv.v.Type {
	case codebook.TypeSingle:
		out = append(out, chiSquareTest(tv, years, o))
	case codebook.TypeOrdinal:
		out = append(out, rankTest(tv, years))
	case codebook.TypeMulti:
	default:
		return []*Test{rankTest(tv, years)}
	}
	raw, wtd := table(tv, years) // one table for every level's test
	levels := len(tv.v.Levels)
	if levels == 2 && tv.v.Type != codebook.TypeMulti {
		levels = 1 // the second level's share is one minus the first's: the same test
	}
	for l := range levels {
		if t := optionTest(tv, years, l, raw, wtd); t != nil {
			out = append(out, t)
		}
	}
	return out
}

func newTest(tv *Variable, m Method, years []int) *Test {
	return &Test{Variable: tv.Name, Method: m, Scope: spanName(years), Years: years,
		P: math.NaN(), PAdjusted: math.NaN(), WeightedP: math.NaN(), WeightedPAdjusted: math.NaN(),
		Statistic: math.NaN(), Direction: Flat, WeightedDirection: Flat, from: years[0], to: years[len(years)-1]}
}

// table returns the waves × levels table of counts, and of weighted counts
// rescaled to each wave's effective n.
func table(tv *Variable, years []int) (raw, wtd [][]float64) {
	for _, y := range years {
		r, w, tw := levelSums(tv.v.Type, len(tv.v.Levels), tv.values[y], tv.weights[y])
		ne := stats.KishN(tv.weights[y])
		for l := range w {
			if tw > 0 {
				w[l] = w[l] / tw * ne
			}
		}
		raw, wtd = append(raw, r), append(wtd, w)
	}
	return raw, wtd
}

func chiSquareTest(tv *Variable, years []int, o Options) *Test {
	t := newTest(tv, ChiSquare, years)
	raw, wtd := table(tv, years)
	res, err := stats.ChiSquare(raw)
	if err != nil {
		t.Note = err.Error()
		return t
	}
	t.Statistic, t.StatName, t.N, t.P = res.Statistic, fmt.Sprintf("X²(%d)", res.DF), int(res.N), res.P
	if res.MinExpected < 5 {
		mc, err := stats.ChiSquareMonteCarlo(intTable(raw), o.MonteCarlo, o.Seed^seedOf(tv.Name, years))
		if err == nil {
			t.Method, t.P = ChiSquareMC, mc.P
			t.Note = fmt.Sprintf("smallest expected count %.1f < 5: Monte Carlo p from %d tables", res.MinExpected, o.MonteCarlo)
		}
	}
	t.Effect = math.Sqrt(res.Statistic / res.N)
	lvl, dr := movedMost(raw)
	t.MovedMost, t.Direction = tv.v.Levels[lvl], dr
	if wr, err := stats.ChiSquare(wtd); err == nil {
		t.WeightedP = wr.P
		t.WeightedDirection = directionOf(share(wtd, 0, lvl), share(wtd, len(wtd)-1, lvl))
	}
	return t
}

func intTable(t [][]float64) [][]int {
	out := make([][]int, len(t))
	for i, r := range t {
		out[i] = make([]int, len(r))
		for j, v := range r {
			out[i][j] = int(v)
		}
	}
	return out
}

// seedOf makes each test's Monte Carlo stream distinct and stable.
func seedOf(name string, years []int) uint64 {
	h := uint64(1469598103934665603)
	for _, c := range []byte(fmt.Sprint(name, years)) {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

func share(t [][]float64, row, col int) float64 {
	s := sum(t[row])
	if s == 0 {
		return math.NaN()
	}
	return t[row][col] / s
}

// movedMost returns the level whose share changed most between the first
// and last rows, and which way.
func movedMost(t [][]float64) (int, Direction) {
	best, bd := 0, -1.0
	for l := range t[0] {
		if d := math.Abs(share(t, len(t)-1, l) - share(t, 0, l)); d > bd {
			best, bd = l, d
		}
	}
	return best, directionOf(share(t, 0, best), share(t, len(t)-1, best))
}

func directionOf(from, to float64) Direction {
	switch {
	case to > from:
		return Up
	case to < from:
		return Down
	}
	return Flat
}

func zDirection(z float64) Direction {
	switch {
	case z > 0:
		return Up
	case z < 0:
		return Down
	}
	return Flat
}

// optionTest is option l's Cochran–Armitage trend over the waves, from
// the variable's waves × options table of counts and weighted counts.
func optionTest(tv *Variable, years []int, l int, raw, wtd [][]float64) *Test {
	t := newTest(tv, CochranArmitage, years)
	t.Level = tv.v.Levels[l]
	x, n, xw, nw, s := make([]float64, len(years)), make([]float64, len(years)), make([]float64, len(years)), make([]float64, len(years)), make([]float64, len(years))
	for k, y := range years {
		x[k], n[k], s[k] = raw[k][l], float64(len(tv.values[y])), float64(y)
		xw[k], nw[k] = wtd[k][l], stats.KishN(tv.weights[y])
	}
	if sum(x) == 0 {
		return nil // an option nobody chose in these waves: nothing to test
	}
	res, err := stats.CochranArmitage(x, n, s)
	if err != nil {
		t.Note = err.Error()
		return t
	}
	t.Statistic, t.StatName, t.P, t.N = res.Z, "z", res.P, int(sum(n))
	t.Direction, t.Effect = zDirection(res.Z), math.Abs(res.Z)/math.Sqrt(sum(n))
	if wr, err := stats.CochranArmitage(xw, nw, s); err == nil {
		t.WeightedP, t.WeightedDirection = wr.P, zDirection(wr.Z)
	}
	return t
}

// rankTest is Mann-Whitney for two waves and Kendall's tau-b with year for
// more, on level indices (ordinal, without don't-know levels) or numbers.
func rankTest(tv *Variable, years []int) *Test {
	m := KendallYear
	if len(years) == 2 {
		m = MannWhitney
	}
	t := newTest(tv, m, years)
	groups, wts := rankGroups(tv, years)
	for _, g := range groups {
		t.N += len(g)
	}
	var res stats.TestResult
	var err error
	if m == MannWhitney {
		res, err = stats.MannWhitney(groups[1], groups[0], stats.TwoSided)
		t.StatName = fmt.Sprintf("U (%d vs %d)", years[1], years[0])
	} else {
		res, err = stats.KendallTauBGroups(groups, stats.TwoSided)
		t.StatName = "tau-b"
	}
	if err != nil {
		t.Note = err.Error()
		return t
	}
	t.Statistic, t.P = res.Statistic, res.P
	t.Direction, t.Effect = zDirection(res.Z), math.Abs(res.Z)/math.Sqrt(float64(t.N))
	if wr, err := stats.WeightedRankTrend(groups, wts); err == nil {
		t.WeightedP, t.WeightedDirection = wr.P, zDirection(wr.Z)
	}
	return t
}

// rankGroups returns per wave the rankable values and their weights: for an
// ordinal variable, levels that are non-answers ("Don't know", "Not sure")
// are left out.
func rankGroups(tv *Variable, years []int) (groups, wts [][]float64) {
	skip := map[int]bool{}
	if tv.v.Type == codebook.TypeOrdinal {
		for l, name := range tv.v.Levels {
			if nonAnswer(name) {
				skip[l] = true
			}
		}
	}
	for _, y := range years {
		g, w := make([]float64, 0, len(tv.values[y])), make([]float64, 0, len(tv.values[y]))
		for i, x := range tv.values[y] {
			if tv.v.Type == codebook.TypeOrdinal && skip[int(x)] {
				continue
			}
			g, w = append(g, x), append(w, tv.weights[y][i])
		}
		groups, wts = append(groups, g), append(wts, w)
	}
	return groups, wts
}

// nonAnswer reports whether an ordinal level is a non-answer ("Don't know",
// "Not sure") that has no place on the scale.
func nonAnswer(level string) bool {
	_, ok := codebook.MissingToken(level)
	return ok || strings.EqualFold(level, "not sure")
}

// adjust applies Benjamini–Hochberg across the whole family (raw p) and,
// separately, across the weighted p-values, and sets the composition flags.
func adjust(vars []*Variable, q float64) {
	var all []*Test
	var p, pw []float64
	for _, v := range vars {
		for _, t := range v.Tests {
			all = append(all, t)
			p, pw = append(p, t.P), append(pw, t.WeightedP)
		}
	}
	adj, adjW := stats.BenjaminiHochberg(p), stats.BenjaminiHochberg(pw)
	for i, t := range all {
		t.PAdjusted, t.WeightedPAdjusted = adj[i], adjW[i]
		t.Significant = adj[i] <= q
		t.WeightedSig = adjW[i] <= q
		t.CompositionFlag = t.Significant != t.WeightedSig || (t.Significant && t.WeightedDirection != t.Direction)
		if isRakeVar(t.Variable) {
			t.CompositionFlag = false // reweighting to pooled margins removes its change by construction
		}
	}
	for _, v := range vars {
		for _, t := range v.Tests {
			if t.CompositionFlag {
				v.CompositionFlag = true
			}
		}
	}
}

func isRakeVar(name string) bool {
	for _, r := range RakeVars {
		if r == name {
			return true
		}
	}
	return false
}

// Untested is why a variable has no change test at all (Amendment 2: such a
// variable says why, never "no change").
type Untested string

// Reasons a variable was not tested.
const (
	NeverAsked       Untested = "asked in no wave"
	AskedOnce        Untested = "asked once"
	AnswerSetChanged Untested = "answer set changed"
	WordingChanged   Untested = "wording changed"
	TooFewAnswers    Untested = "too few answers"
)

// In is the reason with its wave: "asked once, in 2023", "wording changed
// in 2025".
func (u Untested) In(tv *Variable) string {
	switch u {
	case AskedOnce:
		if len(tv.Years) == 1 {
			return fmt.Sprintf("%s, in %d", u, tv.Years[0])
		}
	case AnswerSetChanged, WordingChanged:
		if n := len(tv.asked); n > 0 {
			return fmt.Sprintf("%s in %d", u, tv.asked[n-1].To)
		}
	}
	return string(u)
}

// untestedWhy is why a variable without tests has none.
func untestedWhy(tv *Variable) Untested {
	switch len(tv.Years) {
	case 0:
		return NeverAsked
	case 1:
		return AskedOnce
	}
	if n := len(tv.asked); n > 0 {
		switch tv.asked[n-1].Grade {
		case GradeChanged:
			return AnswerSetChanged
		case GradeWording:
			return WordingChanged
		}
	}
	return TooFewAnswers
}
