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

// H1: teams with augmented reps report better results than teams with
// autonomous AI SDRs or human SDRs without AI.
var H1 = Hypothesis{
	ID:        "H1",
	Title:     "Teams whose SDRs use AI tools report higher win rates and more new ARR per AE",
	Claim:     "Teams whose human SDRs use AI tools report higher win rates and more new ARR per AE than teams with autonomous AI SDRs and teams with human SDRs without AI.",
	NotShown:  "It does not show that AI tools raise win rates: teams that give their SDRs AI tools may differ in other ways (stage, market, budget), and better teams may be the ones that adopt tools.",
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
	shiftEff Effect  // Cliff's δ with its BCa CI (pooled groups)
	why      string  // non-empty: the contrast could not be tested
}

func groupValues(d *dataset.Dataset, years []int, groupVar, level, outcome string) []float64 {
	return groupValuesIn(d, nil, years, groupVar, level, outcome)
}

// groupValuesIn is groupValues over the rows keep marks (nil: every row).
func groupValuesIn(d *dataset.Dataset, keep []bool, years []int, groupVar, level, outcome string) []float64 {
	var out []float64
	for i := 0; i < d.Len(); i++ {
		if (keep != nil && !keep[i]) || !inYears(d, i, years) {
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

// h1Rows marks the rows H1 uses: its waves, one of the three SDR models,
// and one response per company, the latest (Amendment 2, item 2). dropped
// counts the earlier responses of repeat companies left out.
func h1Rows(d *dataset.Dataset, years []int) (keep []bool, dropped int) {
	var rows []int
	for i := 0; i < d.Len(); i++ {
		if l, ok := d.Level("sdr_model", i); ok && inYears(d, i, years) && (l == sdrAugmented || l == sdrAutonomous || l == sdrHuman) {
			rows = append(rows, i)
		}
	}
	kept, dropped := dataset.LatestPerCompany(d, rows)
	keep = make([]bool, d.Len())
	for _, i := range kept {
		keep[i] = true
	}
	return keep, dropped
}

// h1Strata splits a contrast's two groups by year (the primary van Elteren
// test) or by year × company stage (the adjusted sensitivity line; a
// missing stage is a stratum of its own).
func h1Strata(d *dataset.Dataset, keep []bool, years []int, c h1Contrast, byStage bool) (aug, oth [][]float64) {
	idx := map[string]int{}
	add := func(key string, isAug bool, v float64) {
		k, ok := idx[key]
		if !ok {
			k = len(aug)
			idx[key] = k
			aug, oth = append(aug, nil), append(oth, nil)
		}
		if isAug {
			aug[k] = append(aug[k], v)
		} else {
			oth[k] = append(oth[k], v)
		}
	}
	for i := 0; i < d.Len(); i++ {
		if !keep[i] || !inYears(d, i, years) {
			continue
		}
		l, _ := d.Level("sdr_model", i)
		v := d.Float(c.outcome, i)
		if (l != sdrAugmented && l != c.other) || math.IsNaN(v) {
			continue
		}
		key := fmt.Sprint(d.Year[i])
		if byStage {
			st, _ := d.Level("company_stage", i)
			key += "|" + st
		}
		add(key, l == sdrAugmented, v)
	}
	return aug, oth
}

func runH1(d *dataset.Dataset, o Options) Result {
	r := Result{inDirection: true}
	years := yearsPresent(d, "sdr_model", h1Years)
	if len(years) == 0 {
		r.insufficient = "sdr_model was not asked in 2025–2026"
		return r
	}
	keep, dropped := h1Rows(d, years)
	r.Warnings = append(r.Warnings, fmt.Sprintf("%d respondents with \"Both, separate motions\" or \"No SDR function\" are excluded from H1", h1Excluded(d, years)),
		fmt.Sprintf("%d earlier responses of repeat companies are left out: H1 pools two waves and keeps each company's latest response", dropped))
	r.VerdictNotes = append(r.VerdictNotes, answerSetChanges(d, "sdr_model", years)...)
	for _, lv := range h1Groups {
		r.N += len(groupValuesIn(d, keep, years, "sdr_model", lv, "win_rate_pct"))
	}
	parts := make([]h1Part, len(h1Contrasts))
	var failing []string
	for k, c := range h1Contrasts {
		parts[k] = runH1Contrast(d, keep, years, c, o, o.Seed+seedH1Delta+uint64(k))
		r.Components = append(r.Components, parts[k].comp)
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
		r.Descriptive = append(r.Descriptive, h1KruskalWallis(d, keep, years)...)
		r.Robustness = append(r.Robustness, h1Pooled(d, keep, years)...)
		r.Robustness = append(r.Robustness, h1StageStratified(d, keep, years)...)
	}
	h1Power(&r, parts, o)
	head := parts[indexOf(h1WinVsHuman)]
	r.describe = func(r *Result) string {
		return fmt.Sprintf("Teams whose SDRs use AI tools report a win rate %s than teams with human SDRs without AI (Hodges-Lehmann; Cliff's delta %s, n = %d); the weakest of the four contrasts is %s with Cliff's delta %s; %s.",
			directedPoints(head.shift), fmtCI(head.shiftEff, 2), head.comp.N, parts[binding].comp.Name, fmtCI(r.Effect, 2), fmtPs(r))
	}
	r.figure = func(r *Result) figure.Figure { return h1Figure(d, keep, years, o, r) }
	return r
}

// h1Power sets H1's MDE, the largest of the four contrasts' own (each at
// alpha/5 with its group sizes), and the joint power of the four parts at
// that shift: the product of their powers, a lower bound for tests that
// share the augmented group (Amendment 2, item 3).
func h1Power(r *Result, parts []h1Part, o Options) {
	worst := 0.0
	for k := range parts {
		g := parts[k].comp.Groups
		m := stats.MDEShift(g[0].N, g[1].N, o.mdeAlpha(), mdePower) / math.Sqrt(3/math.Pi)
		parts[k].comp.Values["mde_80"] = Float(m)
		r.Components[k].Values = parts[k].comp.Values
		worst = math.Max(worst, m)
	}
	joint := 1.0
	for _, p := range parts {
		g := p.comp.Groups
		se := math.Sqrt(1/float64(g[0].N)+1/float64(g[1].N)) / math.Sqrt(3/math.Pi)
		joint *= stats.NormalSF(stats.NormalQuantile(1-o.mdeAlpha()) - worst/se)
	}
	r.MDE = Float(worst)
	r.MDEUnit = "SD shift (van Elteren / Mann-Whitney at alpha/5), the largest of the four contrasts' own MDEs (each with its group sizes: components' values.mde_80)"
	r.JointPower = ptr(joint)
	r.Warnings = append(r.Warnings, fmt.Sprintf("joint power of the four parts at a %.2f SD shift in every contrast: at least %.2f (product of the four powers at alpha/5)", worst, joint))
}

// answerSetChanges names the levels of v chosen in some of the waves but
// in none of the others (an answer set that changed between waves).
func answerSetChanges(d *dataset.Dataset, v string, years []int) []string {
	used := map[int]map[string]bool{}
	for i := 0; i < d.Len(); i++ {
		if l, ok := d.Level(v, i); ok && inYears(d, i, years) {
			if used[d.Year[i]] == nil {
				used[d.Year[i]] = map[string]bool{}
			}
			used[d.Year[i]][l] = true
		}
	}
	var out []string
	for _, lv := range d.Col(v).Levels {
		var in, out2 []string
		for _, y := range years {
			if used[y][lv] {
				in = append(in, fmt.Sprint(y))
			} else if used[y] != nil {
				out2 = append(out2, fmt.Sprint(y))
			}
		}
		if len(in) > 0 && len(out2) > 0 {
			out = append(out, fmt.Sprintf("the answer set of %s changed: %q offered in %s, not in %s, so the groups compared may not hold the same teams in every wave",
				v, lv, strings.Join(in, ", "), strings.Join(out2, ", ")))
		}
	}
	return out
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

// runH1Contrast tests one contrast: the year-stratified van Elteren test
// both ways (primary, Amendment 2, item 3), Cliff's δ with a BCa CI and
// the Hodges–Lehmann shift on the pooled groups.
func runH1Contrast(d *dataset.Dataset, keep []bool, years []int, c h1Contrast, o Options, seed uint64) h1Part {
	aug := groupValuesIn(d, keep, years, "sdr_model", sdrAugmented, c.outcome)
	oth := groupValuesIn(d, keep, years, "sdr_model", c.other, c.outcome)
	part := h1Part{comp: Component{
		Name: c.name(), Outcome: c.outcome,
		Test:   "van Elteren stratified Wilcoxon by year, scores rank/(n_year+1), normal, no continuity correction",
		Groups: []Group{{"augmented", "sdr_model = " + sdrAugmented, len(aug)}, {c.otherName, "sdr_model = " + c.other, len(oth)}},
		Years:  years, Alternative: "greater", N: len(aug) + len(oth), StatisticName: "z",
		Statistic: Float(math.NaN()), PValue: Float(math.NaN()), Values: map[string]Float{},
	}}
	if len(aug) < o.MinGroup || len(oth) < o.MinGroup {
		part.why = fmt.Sprintf("%s: groups of %d and %d (minimum %d)", c.name(), len(aug), len(oth), o.MinGroup)
		return part
	}
	sa, so := h1Strata(d, keep, years, c, false)
	t, err := stats.VanElteren(sa, so, stats.Greater)
	if err != nil {
		part.why = c.name() + ": " + err.Error()
		return part
	}
	opp, _ := stats.VanElteren(sa, so, stats.Less)
	part.p, part.pOpp = t.P, opp.P
	part.comp.Statistic, part.comp.PValue, part.comp.POpposite = Float(t.Z), Float(t.P), ptr(opp.P)
	part.comp.Values["score_sum"] = Float(t.Statistic)
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
	part.comp.Values["hodges_lehmann_shift"] = Float(part.shift)
	part.comp.Values["median_augmented"] = Float(stats.Median(aug))
	part.comp.Values["median_other"] = Float(stats.Median(oth))
	return part
}

// h1KruskalWallis is the descriptive test across the three groups, per outcome.
func h1KruskalWallis(d *dataset.Dataset, keep []bool, years []int) []Component {
	var out []Component
	for _, oc := range []struct{ v, label string }{{"win_rate_pct", "win rate"}, {"new_arr_per_ae_usd", "new ARR per AE"}} {
		var groups [][]float64
		var gs []Group
		n := 0
		for _, lv := range h1Groups {
			g := groupValuesIn(d, keep, years, "sdr_model", lv, oc.v)
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

// h1Pooled is the sensitivity line: each contrast as a pooled Mann–Whitney
// test over both waves (the primary test before Amendment 2).
func h1Pooled(d *dataset.Dataset, keep []bool, years []int) []Component {
	var out []Component
	for _, c := range h1Contrasts {
		aug := groupValuesIn(d, keep, years, "sdr_model", sdrAugmented, c.outcome)
		oth := groupValuesIn(d, keep, years, "sdr_model", c.other, c.outcome)
		comp := Component{Name: c.name() + ", waves pooled (Mann-Whitney)", Test: "Mann-Whitney U, asymptotic with tie and continuity correction",
			Outcome: c.outcome, Years: years, Alternative: "greater", N: len(aug) + len(oth), StatisticName: "U (augmented)"}
		t, err := stats.MannWhitney(aug, oth, stats.Greater)
		if err != nil {
			comp.Statistic, comp.PValue, comp.Note = Float(math.NaN()), Float(math.NaN()), "not run: "+err.Error()
		} else {
			comp.Statistic, comp.PValue = Float(t.Statistic), Float(t.P)
		}
		out = append(out, comp)
	}
	return out
}

// h1StageStratified is the adjusted sensitivity line: each contrast
// stratified by year × company stage (van Elteren).
func h1StageStratified(d *dataset.Dataset, keep []bool, years []int) []Component {
	var out []Component
	for _, c := range h1Contrasts {
		aug, oth := h1Strata(d, keep, years, c, true)
		n := 0
		for s := range aug {
			n += len(aug[s]) + len(oth[s])
		}
		comp := Component{Name: c.name() + ", stratified by year x company stage (van Elteren)", Test: "van Elteren stratified Wilcoxon, strata year x company_stage, scores rank/(n_stratum+1), normal",
			Outcome: c.outcome, Predictors: []string{"company_stage"}, Years: years, Alternative: "greater", N: n, StatisticName: "z"}
		t, err := stats.VanElteren(aug, oth, stats.Greater)
		if err != nil {
			comp.Statistic, comp.PValue, comp.Note = Float(math.NaN()), Float(math.NaN()), "not run: "+err.Error()
		} else {
			comp.Statistic, comp.PValue = Float(t.Z), Float(t.P)
			comp.Values = map[string]Float{"strata": Float(len(aug))}
		}
		out = append(out, comp)
	}
	return out
}
