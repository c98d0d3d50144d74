package trends

import (
	"math"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// shareVar is a variable whose level l has the given share per wave (the
// span: every wave comparable).
func shareVar(typ, label string, levels []string, l string, shares map[int]float64) *Variable {
	tv := &Variable{Name: "v", Label: label, Type: typ, v: &codebook.Variable{Name: "v", Label: label, Type: typ, Levels: levels}}
	for y := 2022; y <= 2026; y++ {
		p, ok := shares[y]
		if !ok {
			continue
		}
		tv.Years, tv.Span = append(tv.Years, y), append(tv.Span, y)
		tv.Cells = append(tv.Cells, Cell{Year: y, Level: l, Estimate: p, Low: p - 0.04, High: p + 0.05})
	}
	return tv
}

// numberVar is a number variable with the given median per wave.
func numberVar(label string, medians map[int]float64) *Variable {
	tv := &Variable{Name: "n", Label: label, Type: codebook.TypeNumber, v: &codebook.Variable{Name: "n", Label: label, Type: codebook.TypeNumber}}
	for y := 2022; y <= 2026; y++ {
		if m, ok := medians[y]; ok {
			tv.Years, tv.Span = append(tv.Years, y), append(tv.Span, y)
			tv.Cells = append(tv.Cells, Cell{Year: y, Level: StatMedian, Estimate: m, Low: m - 5, High: m + 5})
		}
	}
	return tv
}

func ca(years []int, level string, d Direction) *Test {
	return &Test{Method: CochranArmitage, Years: years, Level: level, Direction: d, PAdjusted: 0.01}
}

var (
	useCases = []string{"Prospect research", "Support"}
	runway   = []string{"<6 months", "6–12 months", "12–24 months", "Profitable", "Don't know"}
	y2526    = []int{2025, 2026}
	y2226    = []int{2022, 2023, 2024, 2025, 2026}
)

// TestSentenceRules: each of Amendment 2's sentence rules on planted values.
func TestSentenceRules(t *testing.T) {
	multi := func(shares map[int]float64) *Variable {
		return shareVar(codebook.TypeMulti, "AI use cases", useCases, "Prospect research", shares)
	}
	cases := []struct {
		name string
		tv   *Variable
		t    *Test
		want string // the headline
	}{
		{"reversal back to an earlier level (issue 22's headline)", multi(map[int]float64{2024: .19, 2025: .28, 2026: .19}), ca(y2526, "Prospect research", Down),
			`2025 vs 2026: the share choosing "Prospect research" among AI use cases fell from 28% in 2025 to 19% in 2026, back to its 2024 level`},
		{"reversal to a level two waves share", multi(map[int]float64{2023: .19, 2024: .19, 2025: .28, 2026: .19}), ca(y2526, "Prospect research", Down),
			`fell from 28% in 2025 to 19% in 2026, back to its 2023 and 2024 level`},
		{"partial reversal", multi(map[int]float64{2024: .19, 2025: .28, 2026: .23}), ca(y2526, "Prospect research", Down),
			`fell from 28% in 2025 to 23% in 2026, undoing part of its rise from 19% in 2024`},
		{"reversal past the earlier level", multi(map[int]float64{2024: .19, 2025: .28, 2026: .15}), ca(y2526, "Prospect research", Down),
			`fell from 28% in 2025 to 15% in 2026, a reversal of its rise since 2024 to below its 2024 level of 19%`},
		{"no reversal: the same way as before", multi(map[int]float64{2024: .35, 2025: .28, 2026: .19}), ca(y2526, "Prospect research", Down),
			`2025 vs 2026: the share choosing "Prospect research" among AI use cases fell from 28% in 2025 to 19% in 2026`},
		{"a tie outside a two-wave test is named", multi(map[int]float64{2023: .28, 2024: .22, 2025: .28, 2026: .35}), ca(y2526, "Prospect research", Up),
			`rose from 28% in 2025 (as in 2023) to 35% in 2026`},
		{"ties within a trend are named", multi(map[int]float64{2022: .28, 2023: .25, 2024: .28, 2025: .22, 2026: .20}), ca(y2226, "Prospect research", Down),
			`The share choosing "Prospect research" among AI use cases fell from 28% in 2022 and 2024 to 20% in 2026`},
		{"equal after rounding: the test's way in words", multi(map[int]float64{2025: .281, 2026: .279}), ca(y2526, "Prospect research", Down),
			`2025 vs 2026: the share choosing "Prospect research" among AI use cases went down (28% in 2025, 28% in 2026)`},
		{"a trend against its endpoints", multi(map[int]float64{2022: .20, 2023: .30, 2024: .30, 2025: .30, 2026: .19}), ca(y2226, "Prospect research", Up),
			`went up over the waves (20% in 2022, 19% in 2026)`},
		{"a level's own test of a single choice", shareVar(codebook.TypeOrdinal, "Cash runway", runway, "Profitable", map[int]float64{2022: .19, 2026: .28}),
			ca([]int{2022, 2026}, "Profitable", Up), `2022 vs 2026: the share answering "Profitable" to cash runway rose from 19% in 2022 to 28% in 2026`},
		{"ordinal omnibus: the distribution, not a level", shareVar(codebook.TypeOrdinal, "Cash runway", runway, "Profitable", map[int]float64{2022: .19, 2026: .28}),
			&Test{Method: KendallYear, Years: y2226, Direction: Up}, `Over 2022–2026, answers to cash runway shifted toward "Profitable"`},
		{"ordinal omnibus down: the scale's first answer, not Don't know", shareVar(codebook.TypeOrdinal, "Cash runway", runway, "Profitable", map[int]float64{2025: .19, 2026: .28}),
			&Test{Method: MannWhitney, Years: y2526, Direction: Down}, `2025 vs 2026: answers to cash runway shifted toward "<6 months"`},
		{"single-choice omnibus", shareVar(codebook.TypeSingle, "Respondent role", useCases, "Support", map[int]float64{2025: .19, 2026: .28}),
			&Test{Method: ChiSquare, Years: y2526, Direction: Up}, `2025 vs 2026: the mix of answers to respondent role differed`},
		{"single-choice omnibus over more waves: no trend", shareVar(codebook.TypeSingle, "Respondent role", useCases, "Support", map[int]float64{2022: .19, 2026: .28}),
			&Test{Method: ChiSquareMC, Years: y2226, Direction: Up}, `Over 2022–2026, the mix of answers to respondent role differed between the waves`},
		{"a number: answers shifted, medians described", numberVar("Sales cycle (days)", map[int]float64{2024: 60, 2025: 50, 2026: 60}), &Test{Method: MannWhitney, Years: y2526, Direction: Up},
			`2025 vs 2026: answers on sales cycle shifted higher; the median rose from 50 days in 2025 to 60 days in 2026, back to its 2024 level`},
		{"a number whose medians do not move", numberVar("Sales cycle (days)", map[int]float64{2025: 50, 2026: 50}), &Test{Method: MannWhitney, Years: y2526, Direction: Up},
			`2025 vs 2026: answers on sales cycle shifted higher; the median was 50 days in 2025 and 50 days in 2026`},
		{"a number's trend", numberVar("Win rate (%)", map[int]float64{2022: 20, 2023: 22, 2024: 25, 2025: 27, 2026: 30}), &Test{Method: KendallYear, Years: y2226, Direction: Up},
			`Over 2022–2026, answers on win rate shifted higher; the median rose from 20% in 2022 to 30% in 2026`},
	}
	for _, c := range cases {
		h, full := sentence(c.tv, c.t, 0.95)
		if !strings.Contains(h, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, h, c.want)
		}
		if !strings.HasPrefix(full, h+" (") || !strings.Contains(full, "BH-adjusted p") {
			t.Errorf("%s: full sentence %q does not extend the headline %q", c.name, full, h)
		}
		if len(c.t.Years) == 2 && (!strings.HasPrefix(h, "2025 vs 2026: ") && !strings.HasPrefix(h, "2022 vs 2026: ") || strings.Contains(full, "trend")) {
			t.Errorf("%s: a two-wave test must read \"2025 vs 2026\", not a trend: %q", c.name, full)
		}
		if strings.Contains(h, "CI") || strings.Contains(h, "p =") {
			t.Errorf("%s: headline carries statistics: %q", c.name, h)
		}
		if c.t.Method != CochranArmitage && strings.Contains(h, "share answering") {
			t.Errorf("%s: an omnibus test names a level's share: %q", c.name, h)
		}
	}
}

// TestUntestedHeadlines: a variable without tests says why, with its wave,
// and never that nothing changed; a tested one without a significant change
// names the waves tested.
func TestUntestedHeadlines(t *testing.T) {
	pairs := func(last Grade) []Pair {
		return []Pair{{From: 2024, To: 2025, Grade: GradeSame}, {From: 2025, To: 2026, Grade: last}}
	}
	cases := []struct {
		years []int
		asked []Pair
		tests []*Test
		why   Untested
		want  string
	}{
		{[]int{2023}, nil, nil, AskedOnce, "Layoffs: not tested (asked once, in 2023)"},
		{nil, nil, nil, NeverAsked, "Layoffs: not tested (asked in no wave)"},
		{[]int{2024, 2025, 2026}, pairs(GradeChanged), nil, AnswerSetChanged, "Layoffs: not tested (answer set changed in 2026)"},
		{[]int{2024, 2025, 2026}, pairs(GradeWording), nil, WordingChanged, "Layoffs: not tested (wording changed in 2026)"},
		{[]int{2024, 2025, 2026}, pairs(GradeSame), nil, TooFewAnswers, "Layoffs: not tested (too few answers)"},
		{[]int{2024, 2025, 2026}, pairs(GradeSame), []*Test{{Years: y2526, PAdjusted: 0.4}, {Years: []int{2024, 2025, 2026}, PAdjusted: 0.7}}, "",
			"No significant change in layoffs, 2024–2026"},
		{[]int{2025, 2026}, pairs(GradeSame)[1:], []*Test{{Years: y2526, PAdjusted: 0.4}}, "", "No significant change in layoffs, 2025 vs 2026"},
		{[]int{2024, 2025, 2026}, []Pair{{From: 2024, To: 2025, Grade: GradeWording}, {From: 2025, To: 2026, Grade: GradeSame}}, []*Test{{Years: y2526, PAdjusted: 0.4}}, "",
			"No significant change in layoffs, 2025 vs 2026 (waves before 2025 not compared: wording changed)"},
	}
	for _, c := range cases {
		tv := &Variable{Label: "Layoffs", Years: c.years, asked: c.asked, Tests: c.tests}
		if len(c.tests) > 0 {
			tv.Span = comparableSpan(tv)
		}
		if len(c.tests) == 0 {
			tv.NotTestedWhy = untestedWhy(tv)
		}
		if tv.NotTestedWhy != c.why {
			t.Errorf("%v %v: why %q, want %q", c.years, c.asked, tv.NotTestedWhy, c.why)
		}
		if got := variableHeadline(tv); got != c.want {
			t.Errorf("headline %q, want %q", got, c.want)
		}
	}
}

// TestNoChangeClaimForUntested: on the bundled data, no untested variable's
// headline, sentences, figure title or subtitle says it did not change,
// and every untested variable has its reason.
func TestNoChangeClaimForUntested(t *testing.T) {
	res, err := Run(loadDir(t, "../data"), Defaults())
	if err != nil {
		t.Fatal(err)
	}
	untested := 0
	for i, tv := range res.Variables {
		if len(tv.Tests) > 0 {
			continue
		}
		untested++
		f := res.Figures[i]
		if tv.NotTestedWhy == "" || !strings.Contains(tv.Headline, "not tested ("+string(tv.NotTestedWhy)) {
			t.Errorf("%s: untested without its reason: %q (%q)", tv.Name, tv.Headline, tv.NotTestedWhy)
		}
		for _, s := range append([]string{tv.Headline, f.Title, f.Subtitle}, tv.Sentences...) {
			l := strings.ToLower(s)
			if strings.Contains(l, "no clear change") || strings.Contains(l, "no change") || strings.Contains(l, "no significant change") {
				t.Errorf("%s (not tested): %q claims no change", tv.Name, s)
			}
		}
	}
	if untested == 0 {
		t.Error("the bundled data has no untested variable: the check checks nothing")
	}
	if tv := varNamed(t, res, "sdr_model"); tv.NotTestedWhy != AnswerSetChanged {
		t.Errorf("sdr_model: answers changed in 2026, not tested for %q", tv.NotTestedWhy)
	}
}

// TestMannWhitneyDirectionFollowsTheData plants answers that are higher in
// 2026 than in 2025, and the same answers the other way round: the test's
// direction, its weighted direction and the sentence follow the data, so
// swapping the two waves in the test (or in the data) cannot go unnoticed.
func TestMannWhitneyDirectionFollowsTheData(t *testing.T) {
	low, high := make([]float64, 80), make([]float64, 80)
	for i := range low {
		low[i], high[i] = float64(30+i%20), float64(42+i%20) // medians 39.5 and 51.5
	}
	for _, c := range []struct {
		name                 string
		y2025, y2026         []float64
		dir                  Direction
		verb, shift, medians string
	}{
		{"higher in 2026", low, high, Up, "rose", "shifted higher", "from 39.5 days in 2025 to 51.5 days in 2026"},
		{"higher in 2025", high, low, Down, "fell", "shifted lower", "from 51.5 days in 2025 to 39.5 days in 2026"},
	} {
		tv := plantedNumber(c.y2025, c.y2026)
		ts := rankTest(tv, y2526)
		if ts.Method != MannWhitney || ts.Direction != c.dir || ts.WeightedDirection != c.dir || !(ts.P < 1e-6) {
			t.Fatalf("%s: %s direction %s, weighted %s, p %g; want %s", c.name, ts.Method, ts.Direction, ts.WeightedDirection, ts.P, c.dir)
		}
		if (c.dir == Up) != (ts.Statistic > float64(len(low)*len(high))/2) {
			t.Errorf("%s: U %g is not the 2026 wave's (%s)", c.name, ts.Statistic, ts.StatName)
		}
		h, _ := sentence(tv, ts, 0.95)
		if !strings.Contains(h, c.shift) || !strings.Contains(h, c.verb+" "+c.medians) {
			t.Errorf("%s: %q, want %q and %q", c.name, h, c.shift, c.verb+" "+c.medians)
		}
	}
}

// plantedNumber is a days variable answered by the given values in 2025
// and 2026, with equal weights and its estimates.
func plantedNumber(a, b []float64) *Variable {
	cv := &codebook.Variable{Name: "cycle", Label: "Sales cycle (days)", Type: codebook.TypeNumber}
	tv := &Variable{Name: "cycle", Label: cv.Label, Type: cv.Type, v: cv, Years: y2526, Span: y2526,
		values: map[int][]float64{2025: a, 2026: b}, weights: map[int][]float64{}}
	for _, y := range y2526 {
		w := make([]float64, len(tv.values[y]))
		for i := range w {
			w[i] = 1
		}
		tv.weights[y] = w
		tv.Cells = append(tv.Cells, waveCells(tv, y, 0.95)...)
	}
	if math.IsNaN(cellOf(tv, 2025, StatMedian).Estimate) {
		panic("no median")
	}
	return tv
}
