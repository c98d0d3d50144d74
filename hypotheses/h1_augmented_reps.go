package hypotheses

import (
	"fmt"
	"math"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// SDR model levels compared by H1.
const (
	sdrAugmented  = "Human SDRs with AI tools (augmented)"
	sdrAutonomous = "Autonomous AI SDR agents"
	sdrHuman      = "Human SDRs without AI"
)

// H1: augmented reps beat autonomous AI and unaugmented humans.
var H1 = Hypothesis{
	ID:        "H1",
	Title:     "Augmented reps outperform autonomous AI and unaugmented humans",
	Claim:     "Teams whose human SDRs use AI tools have higher win rates and more new ARR per AE than teams with autonomous AI SDRs and teams with human SDRs without AI.",
	Years:     h1Years,
	Variables: []string{"sdr_model", "win_rate_pct", "new_arr_per_ae_usd"},
	Run:       runH1,
	Headline:  headlineH1,
}

var h1Years = []int{2025, 2026}

// h1Groups are the three SDR models H1 compares, augmented first.
var h1Groups = []string{sdrAugmented, sdrAutonomous, sdrHuman}

// h1Contrast is one of H1's four parts: augmented against another group on one outcome.
type h1Contrast struct{ outcome, label, other, otherName string }

func (c h1Contrast) name() string { return fmt.Sprintf("%s: augmented vs %s", c.label, c.otherName) }

// H1's four parts; the finding's first clause describes h1WinVsHuman.
var (
	h1WinVsAutonomous = h1Contrast{"win_rate_pct", "win rate", sdrAutonomous, "autonomous AI"}
	h1WinVsHuman      = h1Contrast{"win_rate_pct", "win rate", sdrHuman, "human-only"}
	h1ARRVsAutonomous = h1Contrast{"new_arr_per_ae_usd", "new ARR per AE", sdrAutonomous, "autonomous AI"}
	h1ARRVsHuman      = h1Contrast{"new_arr_per_ae_usd", "new ARR per AE", sdrHuman, "human-only"}
	h1Contrasts       = []h1Contrast{h1WinVsAutonomous, h1WinVsHuman, h1ARRVsAutonomous, h1ARRVsHuman}
)

// h1Part is one contrast's outcome.
type h1Part struct {
	comp     Component
	p, pOpp  float64
	shift    float64 // Hodges–Lehmann shift, augmented minus other
	shiftEff Effect  // Cliff's δ with its BCa CI
	why      string  // non-empty: the contrast could not be tested
}

func groupValues(d *dataset.Dataset, years []int, groupVar, level, outcome string) []float64 {
	var out []float64
	for i := 0; i < d.Len(); i++ {
		if !inYears(d, i, years) {
			continue
		}
		if l, ok := d.Level(groupVar, i); !ok || l != level {
			continue
		}
		if v := d.Float(outcome, i); !math.IsNaN(v) {
			out = append(out, v)
		}
	}
	return out
}

func runH1(d *dataset.Dataset, o Options) Result {
	r := Result{inDirection: true}
	years := yearsPresent(d, "sdr_model", h1Years)
	if len(years) == 0 {
		r.insufficient = "sdr_model was not asked in 2025–2026"
		return r
	}
	r.Warnings = append(r.Warnings, fmt.Sprintf("%d respondents with \"Both, separate motions\" or \"No SDR function\" are excluded from H1", h1Excluded(d, years)))
	for _, lv := range h1Groups {
		r.N += len(groupValues(d, years, "sdr_model", lv, "win_rate_pct"))
	}
	parts := make([]h1Part, len(h1Contrasts))
	var failing []string
	minN := math.MaxInt
	for k, c := range h1Contrasts {
		parts[k] = runH1Contrast(d, years, c, o, o.Seed+seedH1Delta+uint64(k))
		r.Components = append(r.Components, parts[k].comp)
		minN = min(minN, parts[k].comp.Groups[0].N, parts[k].comp.Groups[1].N)
		if parts[k].why != "" {
			failing = append(failing, parts[k].why)
		}
	}
	if len(failing) > 0 {
		r.insufficient = strings.Join(failing, "; ")
		return r
	}
	binding := 0
	for k, p := range parts {
		r.opposite = append(r.opposite, p.pOpp)
		if p.p > parts[binding].p {
			binding = k
		}
		if !(p.shiftEff.Estimate > 0) {
			r.inDirection = false
		}
	}
	r.PValue = Float(parts[binding].p)
	r.Effect = parts[binding].shiftEff
	if !o.VerdictsOnly { // descriptive and robustness lines feed no verdict
		r.Descriptive = append(r.Descriptive, h1KruskalWallis(d, years)...)
		r.Robustness = append(r.Robustness, h1VanElteren(d, years)...)
	}
	r.MDE = Float(stats.MDEShift(minN, minN, o.mdeAlpha(), mdePower) / math.Sqrt(3/math.Pi))
	r.MDEUnit = fmt.Sprintf("SD shift (Mann-Whitney at alpha/5, smallest group of %d on both sides)", minN)
	head := parts[indexOf(h1WinVsHuman)]
	r.describe = func(r *Result) string {
		return fmt.Sprintf("Augmented teams' win rate is %s than human-only teams' (Hodges-Lehmann; Cliff's delta %s, n = %d); the weakest of the four contrasts is %s with Cliff's delta %s; %s.",
			directedPoints(head.shift), fmtCI(head.shiftEff, 2), head.comp.N, parts[binding].comp.Name, fmtCI(r.Effect, 2), fmtPs(r))
	}
	r.figure = func(r *Result) figure.Figure { return h1Figure(d, years, o, r) }
	return r
}

// directedPoints states a shift in points with its sign in words.
func directedPoints(x float64) string {
	if x < 0 {
		return fmt.Sprintf("%.1f points lower", -x)
	}
	return fmt.Sprintf("%.1f points higher", x)
}

func indexOf(c h1Contrast) int {
	for k, x := range h1Contrasts {
		if x == c {
			return k
		}
	}
	panic("hypotheses: unknown H1 contrast")
}

// h1Excluded counts respondents in H1's years whose SDR model is none of the three compared.
func h1Excluded(d *dataset.Dataset, years []int) int {
	n := 0
	for i := 0; i < d.Len(); i++ {
		if l, ok := d.Level("sdr_model", i); ok && inYears(d, i, years) && l != sdrAugmented && l != sdrAutonomous && l != sdrHuman {
			n++
		}
	}
	return n
}

// runH1Contrast tests one contrast: one-sided Mann–Whitney both ways,
// Cliff's δ with a BCa CI, and the Hodges–Lehmann shift.
func runH1Contrast(d *dataset.Dataset, years []int, c h1Contrast, o Options, seed uint64) h1Part {
	aug := groupValues(d, years, "sdr_model", sdrAugmented, c.outcome)
	oth := groupValues(d, years, "sdr_model", c.other, c.outcome)
	part := h1Part{comp: Component{
		Name: c.name(), Outcome: c.outcome,
		Test:   "Mann-Whitney U, asymptotic with tie and continuity correction",
		Groups: []Group{{"augmented", "sdr_model = " + sdrAugmented, len(aug)}, {c.otherName, "sdr_model = " + c.other, len(oth)}},
		Years:  years, Alternative: "greater", N: len(aug) + len(oth), StatisticName: "U (augmented)",
		Statistic: Float(math.NaN()), PValue: Float(math.NaN()),
	}}
	if len(aug) < o.MinGroup || len(oth) < o.MinGroup {
		part.why = fmt.Sprintf("%s: groups of %d and %d (minimum %d)", c.name(), len(aug), len(oth), o.MinGroup)
		return part
	}
	t, err := stats.MannWhitney(aug, oth, stats.Greater)
	if err != nil {
		part.why = c.name() + ": " + err.Error()
		return part
	}
	opp, _ := stats.MannWhitney(aug, oth, stats.Less)
	part.p, part.pOpp = t.P, opp.P
	part.comp.Statistic, part.comp.PValue, part.comp.POpposite = Float(t.Statistic), Float(t.P), ptr(opp.P)
	if o.VerdictsOnly { // the verdict needs δ's sign, not its interval
		nan := math.NaN()
		part.shiftEff = effectCI("Cliff's delta (augmented vs "+c.otherName+")", stats.Interval{Estimate: stats.CliffsDelta(aug, oth), Low: nan, High: nan, Level: 0.95})
		return part
	}
	iv, err := stats.BCaCliffsDelta(aug, oth, o.Resamples, seed, 0.95)
	if err != nil {
		part.why = c.name() + ": " + err.Error()
		return part
	}
	part.shiftEff = effectCI("Cliff's delta (augmented vs "+c.otherName+")", iv)
	part.comp.Effect = &part.shiftEff
	part.shift = stats.HodgesLehmann(aug, oth)
	part.comp.Note = fmt.Sprintf("Hodges-Lehmann shift %.4g; medians %.4g vs %.4g", part.shift, stats.Median(aug), stats.Median(oth))
	part.comp.Values = map[string]Float{"hodges_lehmann_shift": Float(part.shift), "median_augmented": Float(stats.Median(aug)), "median_other": Float(stats.Median(oth))}
	return part
}

// h1KruskalWallis is the descriptive test across the three groups, per outcome.
func h1KruskalWallis(d *dataset.Dataset, years []int) []Component {
	var out []Component
	for _, oc := range []struct{ v, label string }{{"win_rate_pct", "win rate"}, {"new_arr_per_ae_usd", "new ARR per AE"}} {
		var groups [][]float64
		var gs []Group
		n := 0
		for _, lv := range h1Groups {
			g := groupValues(d, years, "sdr_model", lv, oc.v)
			groups = append(groups, g)
			gs = append(gs, Group{lv, "sdr_model = " + lv, len(g)})
			n += len(g)
		}
		kw, eps, err := stats.KruskalWallis(groups...)
		if err != nil {
			continue
		}
		out = append(out, Component{Name: oc.label + " across the three SDR models (descriptive, no family)", Test: "Kruskal-Wallis H, tie-corrected",
			Outcome: oc.v, Groups: gs, Years: years, Alternative: "two-sided", N: n,
			Statistic: Float(kw.Statistic), StatisticName: "H", PValue: Float(kw.P), Note: fmt.Sprintf("epsilon squared %.3f", eps),
			Values: map[string]Float{"epsilon_squared": Float(eps)}})
	}
	return out
}

// h1VanElteren is the sensitivity line: each contrast stratified by year.
func h1VanElteren(d *dataset.Dataset, years []int) []Component {
	var out []Component
	for _, c := range h1Contrasts {
		var aug, oth [][]float64
		n := 0
		for _, y := range years {
			a := groupValues(d, []int{y}, "sdr_model", sdrAugmented, c.outcome)
			b := groupValues(d, []int{y}, "sdr_model", c.other, c.outcome)
			aug, oth, n = append(aug, a), append(oth, b), n+len(a)+len(b)
		}
		comp := Component{Name: c.name() + ", stratified by year (van Elteren)", Test: "van Elteren stratified Wilcoxon, scores rank/(n_year+1), normal, no continuity correction",
			Outcome: c.outcome, Years: years, Alternative: "greater", N: n, StatisticName: "z"}
		t, err := stats.VanElteren(aug, oth, stats.Greater)
		if err != nil {
			comp.Statistic, comp.PValue, comp.Note = Float(math.NaN()), Float(math.NaN()), "not run: "+err.Error()
		} else {
			comp.Statistic, comp.PValue = Float(t.Z), Float(t.P)
		}
		out = append(out, comp)
	}
	return out
}
