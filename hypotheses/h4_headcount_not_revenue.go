package hypotheses

import (
	"fmt"
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// H4: AI efficiency gains show up as flatter SDR hiring, not revenue growth.
var H4 = Hypothesis{
	ID:        "H4",
	Title:     "AI gains become flatter SDR hiring, not revenue growth",
	Claim:     "Among companies with SDRs, higher measured AI gains go with lower SDR headcount growth, and not with higher ARR growth (equivalence within the pre-registered margin).",
	Years:     h4Years,
	Variables: []string{"ai_gain_measured_pct", "sdr_hc_change_12m", "arr_growth_yoy_pct"},
	Run:       runH4,
}

var sdrScore = map[string]float64{"Decreased >25%": -2, "Decreased 1–25%": -1, "Flat": 0, "Increased 1–25%": 1, "Increased 26–50%": 2, "Increased >50%": 3}

func runH4(d *dataset.Dataset, o Options) Result {
	r := Result{}
	years := yearsPresent(d, "sdr_hc_change_12m", h4Years)
	years = intersect(years, yearsPresent(d, "ai_gain_measured_pct", h4Years))
	if len(years) == 0 {
		r.insufficient = "sdr_hc_change_12m and ai_gain_measured_pct were not both asked in 2025–2026"
		return r
	}
	withSDRs := func(i int) bool {
		l, ok := d.Level("sdr_hc_change_12m", i)
		return inYears(d, i, years) && ok && l != "No SDRs"
	}
	gain := []numericTerm{{"z(asinh measured AI gain)", numeric(d, "ai_gain_measured_pct", math.Asinh), true}}
	test := "OLS with HC3 covariance and year fixed effects, Wald t on n-p df"
	regA := buildRegression(d, withSDRs, numericTerm{"sdr_hc_change_12m (-2..+3)", score(d, "sdr_hc_change_12m", sdrScore), false}, gain, nil, true)
	regB := buildRegression(d, withSDRs, numericTerm{"z(asinh ARR growth)", numeric(d, "arr_growth_yoy_pct", math.Asinh), true}, gain, nil, true)
	r.N = len(regA.y)
	if len(regA.y) < 5*o.MinGroup || len(regB.y) < 5*o.MinGroup {
		r.insufficient = fmt.Sprintf("%d and %d complete cases with SDRs (minimum %d)", len(regA.y), len(regB.y), 5*o.MinGroup)
		return r
	}
	fitA, err := regA.fit()
	if err != nil {
		r.insufficient = err.Error()
		return r
	}
	fitB, err := regB.fit()
	if err != nil {
		r.insufficient = err.Error()
		return r
	}
	cA := regA.contrast(map[string]float64{"z(asinh measured AI gain)": 1})
	estA, seA, tA, pA, _ := fitA.Contrast(cA, stats.Less)
	eA := tInterval("beta gain on SDR hiring (scale points per SD)", estA, seA, fitA.DF, 0.95)
	cB := regB.contrast(map[string]float64{"z(asinh measured AI gain)": 1})
	estB, seB, tB, _, _ := fitB.Contrast(cB, stats.TwoSided)
	pB, _ := stats.TOST(estB, seB, fitB.DF, o.EquivalenceMargin)
	eB := tInterval("beta gain on ARR growth (SD per SD)", estB, seB, fitB.DF, 0.90)
	r.Components = []Component{
		{Name: "A: beta_gain on SDR headcount change < 0", Test: test, Outcome: "sdr_hc_change_12m", Predictors: regA.names[1:], Years: regA.years,
			Alternative: "less", N: len(regA.y), Statistic: tA, StatisticName: "t", PValue: pA, Effect: &eA, Note: fmt.Sprintf("df = %g", fitA.DF)},
		{Name: fmt.Sprintf("B: beta_gain on ARR growth within +/-%.2f SD (TOST)", o.EquivalenceMargin), Test: "two one-sided t tests (TOST) on the standardized OLS slope, HC3 SE, n-p df",
			Outcome: "arr_growth_yoy_pct", Predictors: regB.names[1:], Years: regB.years, Alternative: "equivalence", N: len(regB.y),
			Statistic: tB, StatisticName: "t (slope / SE)", PValue: pB, Effect: &eB, Note: fmt.Sprintf("df = %g; 90%% CI for equivalence", fitB.DF)},
	}
	r.PValue = maxP(pA, pB)
	r.Effect = eA
	r.inDirection = estA < 0
	r.contradicted = eA.CILow > 0
	r.MDE = stats.MDESlope(r.N, o.Alpha, 0.8) * stats.SD(regA.y)
	r.MDEUnit = "scale points per SD of asinh measured gain (part A)"
	need := stats.MDEEquivalenceN(o.EquivalenceMargin, o.Alpha, 0.8)
	if len(regB.y) < need {
		r.Warnings = append(r.Warnings, fmt.Sprintf("part B has n = %d; showing equivalence within +/-%.2f SD with 80%% power needs about %d", len(regB.y), o.EquivalenceMargin, need))
	}
	// Secondary: pipeline growth in place of revenue; McNemar on how gains were captured.
	regP := buildRegression(d, withSDRs, numericTerm{"z(asinh pipeline growth)", numeric(d, "pipeline_growth_yoy_pct", math.Asinh), true}, gain, nil, true)
	if fitP, err := regP.fit(); err == nil {
		est, se, t, _, _ := fitP.Contrast(regP.contrast(map[string]float64{"z(asinh measured AI gain)": 1}), stats.TwoSided)
		p, _ := stats.TOST(est, se, fitP.DF, o.EquivalenceMargin)
		e := tInterval("beta gain on pipeline growth (SD per SD)", est, se, fitP.DF, 0.90)
		r.Secondary = append(r.Secondary, Component{Name: "pipeline growth within the margin (TOST)", Test: "TOST on the standardized OLS slope, HC3 SE",
			Outcome: "pipeline_growth_yoy_pct", Predictors: regP.names[1:], Years: regP.years, Alternative: "equivalence", N: len(regP.y),
			Statistic: t, StatisticName: "t", PValue: p, Effect: &e})
	}
	fewer, faster, n := 0, 0, 0
	for i := 0; i < d.Len(); i++ {
		if d.Year[i] != 2026 {
			continue
		}
		ch, ok := d.Chosen("ai_gain_captured_as", i)
		if !ok {
			continue
		}
		n++
		has := func(s string) bool {
			for _, c := range ch {
				if c == s {
					return true
				}
			}
			return false
		}
		switch {
		case has("Fewer hires") && !has("Faster revenue growth"):
			fewer++
		case has("Faster revenue growth") && !has("Fewer hires"):
			faster++
		}
	}
	if n > 0 {
		p, _ := stats.McNemarExact(fewer, faster)
		r.Secondary = append(r.Secondary, Component{Name: "gains captured as fewer hires vs faster revenue growth (2026)", Test: "McNemar exact (binomial on discordant pairs)",
			Outcome: "ai_gain_captured_as", Groups: []Group{{"fewer hires only", "chose Fewer hires, not Faster revenue growth", fewer}, {"faster revenue only", "chose Faster revenue growth, not Fewer hires", faster}},
			Years: []int{2026}, Alternative: "two-sided", N: n, Statistic: float64(fewer), StatisticName: "b (fewer hires only)", PValue: p})
	}
	r.describe = func(r *Result) string {
		b := r.Components[1]
		rev := fmt.Sprintf("revenue slope %s SD per SD, equivalence within +/-%.2f %s (p = %.3g)", fmtCI(*b.Effect, 3), o.EquivalenceMargin,
			map[bool]string{true: "shown", false: "not shown"}[b.PValue < o.Alpha], b.PValue)
		return fmt.Sprintf("One SD more measured AI gain goes with SDR hiring %s points lower on the -2..+3 scale (n = %d); %s; p = %.3g (Holm %.3g).",
			fmtCI(r.Effect, 2), r.N, rev, r.PValue, r.PAdjusted)
	}
	return r
}

func intersect(a, b []int) []int {
	var out []int
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
			}
		}
	}
	return out
}

var h4Years = []int{2025, 2026}
