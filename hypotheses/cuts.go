package hypotheses

import (
	"math"
	"slices"
	"strconv"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// CutMinCell is the fewest respondents a group of a cut may have before
// its number is shown; smaller cells are "too few".
const CutMinCell = 5

// Cut is a hypothesis's headline in plain numbers, for everyone and within
// each company stage and ARR band: the Q&A back pocket ("does it hold for
// seed-stage companies?"). Descriptive only: no test is run in a cell.
type Cut struct {
	ID      string
	Measure string   // what each number is, e.g. "median win rate"
	Unit    string   // "%" or " points", written after each number
	Groups  []string // the compared groups, in order
	Rows    []CutRow // everyone first, then by stage, then by ARR band
}

// CutRow is one cell row of a cut.
type CutRow struct {
	By     string    // "All", "stage" or "ARR band"
	Level  string    // the stage or band ("" for All)
	Values []float64 // per group; NaN where the group has fewer than CutMinCell
	N      []int     // respondents per group
}

// cutSpec is how one hypothesis's headline is cut: which rows count, the
// group of a row (−1 for none), its value (NaN when missing) and the
// statistic of a group's values.
type cutSpec struct {
	id, measure, unit string
	groups            []string
	group             func(i int) int
	value             func(i int) float64
	stat              func([]float64) float64
}

// cutBy are the variables the back pocket cuts by: stage, and the ARR band
// comparable across all waves.
var cutBy = []struct{ label, variable string }{{"stage", "company_stage"}, {"ARR band", "arr_band_coarse"}}

// Cuts computes every hypothesis's cut on d, in the registry's order.
func Cuts(d *dataset.Dataset) []Cut {
	var out []Cut
	for _, s := range cutSpecs(d) {
		c := Cut{ID: s.id, Measure: s.measure, Unit: s.unit, Groups: s.groups}
		c.Rows = append(c.Rows, s.row(d, "All", "", func(int) bool { return true }))
		for _, by := range cutBy {
			col := d.Col(by.variable)
			if col == nil || col.Kind != dataset.Categorical {
				continue
			}
			for l, level := range col.Levels {
				in := func(i int) bool { return col.Num[i] == float64(l) }
				c.Rows = append(c.Rows, s.row(d, by.label, level, in))
			}
		}
		out = append(out, c)
	}
	return out
}

// row is the spec's numbers over the rows where in holds.
func (s cutSpec) row(d *dataset.Dataset, by, level string, in func(int) bool) CutRow {
	vals := make([][]float64, len(s.groups))
	for i := 0; i < d.Len(); i++ {
		if !in(i) {
			continue
		}
		g := s.group(i)
		if v := s.value(i); g >= 0 && !math.IsNaN(v) {
			vals[g] = append(vals[g], v)
		}
	}
	r := CutRow{By: by, Level: level, Values: make([]float64, len(vals)), N: make([]int, len(vals))}
	for g, v := range vals {
		r.N[g], r.Values[g] = len(v), math.NaN()
		if len(v) >= CutMinCell {
			r.Values[g] = s.stat(v)
		}
	}
	return r
}

func cutSpecs(d *dataset.Dataset) []cutSpec {
	return []cutSpec{cutH1(d), cutH2(d), cutH3(d), cutH4(d), cutH5(d)}
}

// groupInYears is the group function g restricted to the waves ys.
func groupInYears(d *dataset.Dataset, ys []int, g func(i int) int) func(i int) int {
	return func(i int) int {
		if !inYears(d, i, ys) {
			return -1
		}
		return g(i)
	}
}

// yearGroup puts the rows of wave first in group 0 and those of last in 1.
func yearGroup(d *dataset.Dataset, first, last int) func(i int) int {
	return func(i int) int {
		switch d.Year[i] {
		case first:
			return 0
		case last:
			return 1
		}
		return -1
	}
}

// levelGroup is the index in levels of the row's answer to v, −1 if none.
func levelGroup(d *dataset.Dataset, v string, levels []string) func(i int) int {
	return func(i int) int {
		if d.Col(v) == nil {
			return -1
		}
		l, ok := d.Level(v, i)
		if !ok {
			return -1
		}
		return slices.Index(levels, l)
	}
}

func floatOf(d *dataset.Dataset, v string) func(i int) float64 {
	return func(i int) float64 {
		if d.Col(v) == nil {
			return math.NaN()
		}
		return d.Float(v, i)
	}
}

// share is the percentage of ones among 0/1 values.
func share(xs []float64) float64 { return 100 * stats.Mean(xs) }

// cutH1: median win rate of augmented, autonomous-AI and human-only SDR teams.
func cutH1(d *dataset.Dataset) cutSpec {
	return cutSpec{id: "H1", measure: "median win rate", unit: "%",
		groups: []string{"SDRs with AI tools", "AI agents only", "SDRs without AI"},
		group:  groupInYears(d, h1Years, levelGroup(d, "sdr_model", h1Groups)),
		value:  floatOf(d, "win_rate_pct"), stat: stats.Median}
}

// cutH2: the gap between the top- and bottom-quartile ARR growth (Q75 −
// Q25, percentage points) in the first and the latest wave.
func cutH2(d *dataset.Dataset) cutSpec {
	ys := d.Years()
	first, last := 0, 0
	if len(ys) > 0 {
		first, last = ys[0], ys[len(ys)-1]
	}
	return cutSpec{id: "H2", measure: "gap between top- and bottom-quartile ARR growth", unit: " points",
		groups: []string{strconv.Itoa(first), strconv.Itoa(last)}, group: yearGroup(d, first, last),
		value: floatOf(d, "arr_growth_yoy_pct"),
		stat:  func(xs []float64) float64 { return stats.Quantile(xs, 0.75) - stats.Quantile(xs, 0.25) }}
}

// cutH3: share reporting longer sales cycles, among companies that see
// buyers use AI and those that see none (2026).
func cutH3(d *dataset.Dataset) cutSpec {
	buyer := func(i int) int {
		if d.Col("buyer_ai_observed") == nil {
			return -1
		}
		ch, ok := d.Chosen("buyer_ai_observed", i)
		switch {
		case !ok || len(ch) == 0:
			return -1
		case slices.Contains(ch, "None"):
			return 1
		}
		return 0
	}
	longer := map[string]float64{"Much shorter": 0, "Somewhat shorter": 0, "Same": 0, "Somewhat longer": 1, "Much longer": 1}
	return cutSpec{id: "H3", measure: "share reporting longer sales cycles", unit: "%",
		groups: []string{"buyers use AI", "no buyer AI seen"},
		group:  groupInYears(d, h3Years, buyer), value: answerIn(d, "sales_cycle_change_12m", longer), stat: share}
}

// cutH4: share reporting fewer SDRs, among companies with SDRs whose
// measured AI gain is above the median of all of them, and the rest.
func cutH4(d *dataset.Dataset) cutSpec {
	fewer := map[string]float64{"Decreased >25%": 1, "Decreased 1–25%": 1, "Flat": 0, "Increased 1–25%": 0, "Increased 26–50%": 0, "Increased >50%": 0}
	hc, gain := answerIn(d, "sdr_hc_change_12m", fewer), floatOf(d, "ai_gain_measured_pct")
	var gains []float64
	for i := 0; i < d.Len(); i++ {
		if slices.Contains(h4Years, d.Year[i]) && !math.IsNaN(hc(i)) && !math.IsNaN(gain(i)) {
			gains = append(gains, gain(i))
		}
	}
	med := stats.Median(gains)
	half := func(i int) int {
		g := gain(i)
		switch {
		case math.IsNaN(g) || math.IsNaN(med):
			return -1
		case g > med:
			return 0
		}
		return 1
	}
	return cutSpec{id: "H4", measure: "share reporting fewer SDRs", unit: "%",
		groups: []string{"higher measured AI gain", "lower measured AI gain"},
		group:  groupInYears(d, h4Years, half), value: hc, stat: share}
}

// cutH5: median expected minus measured AI gain in the first H5 wave and
// the latest.
func cutH5(d *dataset.Dataset) cutSpec {
	first, last := h5Years[0], h5Years[len(h5Years)-1]
	exp, meas := floatOf(d, "ai_expected_gain_pct"), floatOf(d, "ai_gain_measured_pct")
	return cutSpec{id: "H5", measure: "median expected minus measured AI gain", unit: " points",
		groups: []string{strconv.Itoa(first), strconv.Itoa(last)}, group: yearGroup(d, first, last),
		value: func(i int) float64 { return exp(i) - meas(i) }, stat: stats.Median}
}

// answerIn maps the row's answer to v through m; NaN for answers not in m.
func answerIn(d *dataset.Dataset, v string, m map[string]float64) func(i int) float64 {
	return func(i int) float64 {
		if d.Col(v) == nil {
			return math.NaN()
		}
		l, ok := d.Level(v, i)
		if x, in := m[l]; ok && in {
			return x
		}
		return math.NaN()
	}
}
