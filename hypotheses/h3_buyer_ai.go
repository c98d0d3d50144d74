package hypotheses

import (
	"fmt"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// H3: buyer-side AI disrupts GTM more than seller-side AI.
var H3 = Hypothesis{
	ID:        "H3",
	Title:     "Buyer-side AI disrupts GTM more than seller-side AI",
	Claim:     "The more buyer-side AI a company observes, the more its sales cycle lengthened, and more so than for the same increase in its own (seller-side) AI use.",
	Years:     h3Years,
	Variables: []string{"sales_cycle_change_12m", "buyer_ai_observed", "ai_gtm_use_cases", "customer_segment", "acv_band"},
	Run:       runH3,
}

var cycleScore = map[string]float64{"Much shorter": -2, "Somewhat shorter": -1, "Same": 0, "Somewhat longer": 1, "Much longer": 2}

func runH3(d *dataset.Dataset, o Options) Result {
	r := Result{}
	years := yearsPresent(d, "buyer_ai_observed", h3Years)
	if len(years) == 0 {
		r.insufficient = "buyer_ai_observed was not asked (2026 only)"
		return r
	}
	terms := []numericTerm{
		{"z(buyer-AI index)", count(d, "buyer_ai_observed", "None"), true},
		{"z(seller-AI index)", count(d, "ai_gtm_use_cases", "None"), true},
	}
	controls := []string{"customer_segment", "acv_band"}
	reg := buildRegression(d, yearIs(d, years...), numericTerm{"sales_cycle_change_12m (-2..+2)", score(d, "sales_cycle_change_12m", cycleScore), false}, terms, controls, false)
	r.Warnings = append(r.Warnings, reg.warnings...)
	r.N = len(reg.y)
	test := "OLS with HC3 covariance, Wald t on n-p df"
	preds := reg.names[1:]
	if r.N < 5*o.MinGroup {
		r.insufficient = fmt.Sprintf("%d complete cases (minimum %d)", r.N, 5*o.MinGroup)
		return r
	}
	fit, err := reg.fit()
	if err != nil {
		r.insufficient = err.Error()
		return r
	}
	b := reg.contrast(map[string]float64{"z(buyer-AI index)": 1})
	diff := reg.contrast(map[string]float64{"z(buyer-AI index)": 1, "z(seller-AI index)": -1})
	est1, se1, t1, p1, _ := fit.Contrast(b, stats.Greater)
	est2, se2, t2, p2, _ := fit.Contrast(diff, stats.Greater)
	e1 := tInterval("beta buyer-AI (scale points per SD)", est1, se1, fit.DF, 0.95)
	e2 := tInterval("beta buyer - beta seller", est2, se2, fit.DF, 0.95)
	r.Components = []Component{
		{Name: "beta_buyer > 0", Test: test, Outcome: "sales_cycle_change_12m", Predictors: preds, Years: years, Alternative: "greater",
			N: r.N, Statistic: t1, StatisticName: "t", PValue: p1, Effect: &e1, Note: fmt.Sprintf("df = %g", fit.DF)},
		{Name: "beta_buyer - beta_seller > 0", Test: test + " of the contrast", Outcome: "sales_cycle_change_12m", Predictors: preds, Years: years, Alternative: "greater",
			N: r.N, Statistic: t2, StatisticName: "t", PValue: p2, Effect: &e2, Note: fmt.Sprintf("df = %g", fit.DF)},
	}
	r.PValue = maxP(p1, p2)
	r.Effect = e1
	r.inDirection = est1 > 0 && est2 > 0
	r.contradicted = e1.CIHigh < 0
	r.MDE = stats.MDESlope(r.N, o.Alpha, 0.8) * stats.SD(reg.y)
	r.MDEUnit = "scale points per SD of the buyer-AI index"
	// Secondary: new objections (Yes = 1, No = 0) as a linear probability model.
	reg2 := buildRegression(d, yearIs(d, years...), numericTerm{"new_objections (Yes=1)", score(d, "new_objections", map[string]float64{"Yes": 1, "No": 0}), false}, terms, controls, false)
	if fit2, err := reg2.fit(); err == nil {
		est, se, t, p, _ := fit2.Contrast(reg2.contrast(map[string]float64{"z(buyer-AI index)": 1}), stats.Greater)
		e := tInterval("beta buyer-AI (probability per SD)", est, se, fit2.DF, 0.95)
		r.Secondary = append(r.Secondary, Component{Name: "new objections: beta_buyer > 0 (linear probability model)", Test: test,
			Outcome: "new_objections", Predictors: reg2.names[1:], Years: years, Alternative: "greater", N: len(reg2.y),
			Statistic: t, StatisticName: "t", PValue: p, Effect: &e})
	} else {
		r.Warnings = append(r.Warnings, "new objections model not fitted: "+err.Error())
	}
	r.describe = func(r *Result) string {
		return fmt.Sprintf("One SD more buyer-side AI goes with sales cycles %s points longer on the -2..+2 change scale, %s more than one SD of seller-side AI (n = %d, 2026); p = %.3g (Holm %.3g).",
			fmtCI(r.Effect, 2), fmtCI(*r.Components[1].Effect, 2), r.N, r.PValue, r.PAdjusted)
	}
	return r
}

var h3Years = []int{2026}
