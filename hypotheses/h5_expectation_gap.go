package hypotheses

import (
	"fmt"
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// H5: founders' expected-vs-measured AI gain gap narrowed since 2024.
var H5 = Hypothesis{
	ID:        "H5",
	Title:     "The expected-vs-measured AI gain gap has narrowed since 2024",
	Claim:     "The gap between expected and measured AI efficiency gains (percentage points) decreases from 2024 to 2026.",
	Years:     h5Years,
	Variables: []string{"ai_expected_gain_pct", "ai_gain_measured_pct"},
	Run:       runH5,
}

func runH5(d *dataset.Dataset, o Options) Result {
	r := Result{}
	var years []int
	var groups [][]float64
	for _, y := range h5Years {
		var g []float64
		for i := 0; i < d.Len(); i++ {
			if d.Year[i] != y {
				continue
			}
			e, m := d.Float("ai_expected_gain_pct", i), d.Float("ai_gain_measured_pct", i)
			if !math.IsNaN(e) && !math.IsNaN(m) {
				g = append(g, e-m)
			}
		}
		if len(g) > 0 {
			years, groups = append(years, y), append(groups, g)
		}
	}
	c := Component{Name: "decreasing trend of expected - measured gain over years", Test: "Jonckheere-Terpstra, tie-corrected normal approximation (as Kendall tau_b of year and gap)",
		Outcome: "ai_expected_gain_pct - ai_gain_measured_pct", Predictors: []string{"year"}, Years: years, Alternative: "less", StatisticName: "tau_b"}
	for k, g := range groups {
		c.N += len(g)
		c.Groups = append(c.Groups, Group{fmt.Sprint(years[k]), fmt.Sprintf("year = %d, both gains answered", years[k]), len(g)})
	}
	r.N = c.N
	if len(years) < 2 {
		r.insufficient = fmt.Sprintf("both gain questions answered in %d of the waves 2024–2026 (need at least 2)", len(years))
		r.Components = []Component{c}
		return r
	}
	for k, g := range groups {
		if len(g) < o.MinGroup {
			r.insufficient = fmt.Sprintf("%d has %d respondents with both gains (minimum %d)", years[k], len(g), o.MinGroup)
			r.Components = []Component{c}
			return r
		}
	}
	t, err := stats.KendallTauBGroups(groups, stats.Less)
	if err != nil {
		r.insufficient = err.Error()
		return r
	}
	c.Statistic, c.PValue = t.Statistic, t.P
	c.Note = fmt.Sprintf("z = %.3f", t.Z)
	iv, _, err := stats.PercentileSorted(groups, func(s [][]float64) float64 {
		res, err := stats.KendallTauBGroupsSorted(s, stats.Less)
		if err != nil {
			return math.NaN()
		}
		return res.Statistic
	}, o.Resamples, o.Seed+50, 0.95)
	if err == nil {
		iv.Estimate = t.Statistic
		e := effectCI("Kendall tau_b (year, gap)", iv)
		c.Effect = &e
		r.Effect = e
	}
	r.Components = []Component{c}
	r.PValue = t.P
	r.inDirection = t.Statistic < 0
	r.contradicted = r.Effect.CILow > 0
	nn := float64(r.N)
	r.MDE = (stats.NormalQuantile(1-o.Alpha) + stats.NormalQuantile(0.8)) * math.Sqrt(2*(2*nn+5)/(9*nn*(nn-1)))
	r.MDEUnit = "Kendall tau_b (no ties)"
	var med []string
	for k, g := range groups {
		if o.VerdictsOnly { // descriptive
			break
		}
		iv, _, err := stats.PercentileQuantiles([][]float64{g}, []float64{0.5}, func(q [][]float64) float64 { return q[0][0] }, o.Resamples, o.Seed+60+uint64(k), 0.95)
		if err == nil {
			med = append(med, fmt.Sprintf("%d: %.0f (95%% CI %.0f to %.0f)", years[k], iv.Estimate, iv.Low, iv.High))
		}
	}
	r.Warnings = append(r.Warnings, "median gap by year: "+fmt.Sprint(med))
	hl := stats.HodgesLehmann(groups[len(groups)-1], groups[0])
	r.describe = func(r *Result) string {
		return fmt.Sprintf("The expected-minus-measured gain gap has Kendall tau_b %s with year (n = %d, %d-%d); Hodges-Lehmann shift %d vs %d: %.0f points; p = %.3g (Holm %.3g).",
			fmtCI(r.Effect, 3), r.N, years[0], years[len(years)-1], years[len(years)-1], years[0], hl, r.PValue, r.PAdjusted)
	}
	return r
}

var h5Years = []int{2024, 2025, 2026}
