package hypotheses

import (
	"fmt"
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
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
	excluded := 0
	for i := 0; i < d.Len(); i++ {
		if l, ok := d.Level("sdr_model", i); ok && inYears(d, i, years) && l != sdrAugmented && l != sdrAutonomous && l != sdrHuman {
			excluded++
		}
	}
	r.Warnings = append(r.Warnings, fmt.Sprintf("%d respondents with \"Both, separate motions\" or \"No SDR function\" are excluded from H1", excluded))
	type contrast struct{ outcome, label, other, otherName string }
	cs := []contrast{
		{"win_rate_pct", "win rate", sdrAutonomous, "autonomous AI"},
		{"win_rate_pct", "win rate", sdrHuman, "human-only"},
		{"new_arr_per_ae_usd", "new ARR per AE", sdrAutonomous, "autonomous AI"},
		{"new_arr_per_ae_usd", "new ARR per AE", sdrHuman, "human-only"},
	}
	var ps []float64
	worst := -1
	var hl []float64
	minN := math.MaxInt
	for k, c := range cs {
		aug := groupValues(d, years, "sdr_model", sdrAugmented, c.outcome)
		oth := groupValues(d, years, "sdr_model", c.other, c.outcome)
		comp := Component{
			Name: fmt.Sprintf("%s: augmented vs %s", c.label, c.otherName), Outcome: c.outcome,
			Test:   "Mann-Whitney U, asymptotic with tie and continuity correction",
			Groups: []Group{{"augmented", "sdr_model = " + sdrAugmented, len(aug)}, {c.otherName, "sdr_model = " + c.other, len(oth)}},
			Years:  years, Alternative: "greater", N: len(aug) + len(oth), StatisticName: "U (augmented)",
		}
		minN = min(minN, len(aug), len(oth))
		if len(aug) < o.MinGroup || len(oth) < o.MinGroup {
			r.insufficient = fmt.Sprintf("%s: groups of %d and %d (minimum %d)", comp.Name, len(aug), len(oth), o.MinGroup)
			comp.PValue, comp.Statistic = math.NaN(), math.NaN()
			r.Components = append(r.Components, comp)
			continue
		}
		t, err := stats.MannWhitney(aug, oth, stats.Greater)
		if err != nil {
			r.insufficient = comp.Name + ": " + err.Error()
			continue
		}
		comp.Statistic, comp.PValue = t.Statistic, t.P
		iv, err := stats.BCaCliffsDelta(aug, oth, o.Resamples, o.Seed+uint64(k), 0.95)
		if err == nil {
			e := effectCI("Cliff's delta (augmented vs "+c.otherName+")", iv)
			comp.Effect = &e
			if !(iv.Estimate > 0) {
				r.inDirection = false
			}
		}
		shift := stats.HodgesLehmann(aug, oth)
		hl = append(hl, shift)
		comp.Note = fmt.Sprintf("Hodges-Lehmann shift %.4g; medians %.4g vs %.4g", shift, stats.Median(aug), stats.Median(oth))
		ps = append(ps, t.P)
		if worst < 0 || t.P > r.Components[worst].PValue {
			worst = len(r.Components)
		}
		r.Components = append(r.Components, comp)
	}
	if r.insufficient != "" {
		return r
	}
	r.PValue = maxP(ps...)
	r.Effect = *r.Components[worst].Effect
	r.contradicted = r.Effect.CIHigh < 0 // the binding contrast lies wholly the wrong way
	for _, lv := range []string{sdrAugmented, sdrAutonomous, sdrHuman} {
		r.N += len(groupValues(d, years, "sdr_model", lv, "win_rate_pct"))
	}
	// Descriptive: Kruskal–Wallis over the three groups, win rate.
	var groups [][]float64
	var gs []Group
	for _, lv := range []string{sdrAugmented, sdrAutonomous, sdrHuman} {
		g := groupValues(d, years, "sdr_model", lv, "win_rate_pct")
		groups = append(groups, g)
		gs = append(gs, Group{lv, "sdr_model = " + lv, len(g)})
	}
	if kw, eps, err := stats.KruskalWallis(groups...); err == nil {
		r.Secondary = append(r.Secondary, Component{Name: "win rate across the three SDR models (descriptive)", Test: "Kruskal-Wallis H, tie-corrected",
			Outcome: "win_rate_pct", Groups: gs, Years: years, Alternative: "two-sided", N: len(groups[0]) + len(groups[1]) + len(groups[2]),
			Statistic: kw.Statistic, StatisticName: "H", PValue: kw.P, Note: fmt.Sprintf("epsilon squared %.3f", eps)})
	}
	r.MDE = stats.MDEShift(minN, minN, o.Alpha, 0.8) / math.Sqrt(3/math.Pi)
	r.MDEUnit = "SD shift (Mann-Whitney, smallest group on both sides)"
	winHuman := hl[1]
	r.describe = func(r *Result) string {
		c := r.Components[1]
		e := c.Effect
		return fmt.Sprintf("Augmented teams win %.1f points more deals than human-only teams (Hodges-Lehmann; Cliff's delta %s, n = %d); the weakest of the four contrasts is %s with delta %s, p = %.3g (Holm %.3g).",
			winHuman, fmtCI(*e, 2), c.N, r.Components[worstIndex(r)].Name, fmtCI(r.Effect, 2), r.PValue, r.PAdjusted)
	}
	return r
}

func worstIndex(r *Result) int {
	w := 0
	for i, c := range r.Components {
		if c.PValue > r.Components[w].PValue {
			w = i
		}
	}
	return w
}

var h1Years = []int{2025, 2026}
