package hypotheses

import (
	"fmt"
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// H3: buyer-side AI goes with longer sales cycles more than seller-side AI.
var H3 = Hypothesis{
	ID:        "H3",
	Title:     "Buyer-side AI goes with longer sales cycles, more than seller-side AI does",
	Claim:     "Companies that observe more buyer-side AI report sales cycles that lengthened more, and the link is larger in size than that of the same increase in their own (seller-side) AI use.",
	NotShown:  "It does not show that buyer-side AI lengthens cycles: companies in slow, complex sales may notice more of their buyers' AI, and both answers are the founder's own view from one wave.",
	Years:     h3Years,
	Variables: []string{"sales_cycle_change_12m", "buyer_ai_observed", "ai_gtm_use_cases", "customer_segment", "acv_band", "new_objections"},
	Run:       runH3,
	Headline:  headlineH3,
}

var h3Years = []int{2026}

var cycleScore = map[string]float64{"Much shorter": -2, "Somewhat shorter": -1, "Same": 0, "Somewhat longer": 1, "Much longer": 2}

// Terms of H3's model.
const (
	h3Buyer  = "z(buyer-AI index)"
	h3Seller = "z(seller-AI index)"
)

// h3Objection is the buyer-side item left out of the buyer-AI index in the
// model whose outcome is new_objections: it would count the outcome itself
// (Amendment 2, item 7).
const h3Objection = "New AI-driven objections"

// h3Terms are the two standardized indexes; the buyer-AI index leaves out
// the items named in without.
func h3Terms(d *dataset.Dataset, without ...string) []numericTerm {
	return []numericTerm{
		{h3Buyer, count(d, "buyer_ai_observed", append([]string{"None"}, without...)...), true},
		{h3Seller, count(d, "ai_gtm_use_cases", "None"), true},
	}
}

var h3Controls = []string{"customer_segment", "acv_band"}

// h3Coef is one tested linear combination of H3's coefficients.
type h3Coef struct {
	est, se, t, p, pOpp float64
	eff                 Effect
}

func h3Test(fit *stats.OLSFit, reg *regression, weights map[string]float64, name string) h3Coef {
	est, se, t, p, _ := fit.Contrast(reg.contrast(weights), stats.Greater)
	return h3Coef{est: est, se: se, t: t, p: p, pOpp: stats.TPValue(t, fit.DF, stats.Less), eff: tInterval(name, est, se, fit.DF, 0.95)}
}

func runH3(d *dataset.Dataset, o Options) Result {
	r := Result{}
	years := yearsPresent(d, "buyer_ai_observed", h3Years)
	if len(years) == 0 {
		r.insufficient = "buyer_ai_observed was not asked (2026 only)"
		return r
	}
	reg := buildRegression(d, yearIs(d, years...), numericTerm{"sales_cycle_change_12m (-2..+2)", score(d, "sales_cycle_change_12m", cycleScore), false}, h3Terms(d), h3Controls, false)
	r.Warnings = append(r.Warnings, reg.warnings...)
	r.N = len(reg.y)
	if r.N < 5*o.MinGroup {
		r.insufficient = fmt.Sprintf("%d complete cases (minimum %d)", r.N, 5*o.MinGroup)
		return r
	}
	fit, err := reg.fit()
	if err != nil {
		r.insufficient = err.Error()
		return r
	}
	buyer := h3Test(fit, reg, map[string]float64{h3Buyer: 1}, "beta buyer-AI (scale points per SD)")
	diff := h3Test(fit, reg, map[string]float64{h3Buyer: 1, h3Seller: -1}, "beta buyer - beta seller")
	sum := h3Test(fit, reg, map[string]float64{h3Buyer: 1, h3Seller: 1}, "beta buyer + beta seller")
	seller := h3Test(fit, reg, map[string]float64{h3Seller: 1}, "beta seller-AI (scale points per SD)")
	test := "OLS with HC3 covariance, Wald t on n-p df"
	preds := reg.names[1:]
	comp := func(name, suffix string, c h3Coef) Component {
		e := c.eff
		return Component{Name: name, Test: test + suffix, Outcome: "sales_cycle_change_12m", Predictors: preds, Years: years, Alternative: "greater",
			N: r.N, Statistic: Float(c.t), StatisticName: "t", PValue: Float(c.p), POpposite: ptr(c.pOpp), Effect: &e, Note: fmt.Sprintf("df = %g", fit.DF), Values: map[string]Float{"df": Float(fit.DF)}}
	}
	// "Bigger" is larger in size: beta_b - |beta_s| > 0, tested as the larger
	// p of beta_b - beta_s > 0 and beta_b + beta_s > 0 (Amendment 2, item 7).
	r.Components = []Component{comp("beta_buyer > 0", "", buyer), comp("beta_buyer - beta_seller > 0", " of the contrast", diff),
		comp("beta_buyer + beta_seller > 0", " of the contrast", sum)}
	r.PValue = Float(maxP(buyer.p, diff.p, sum.p))
	r.opposite = []float64{buyer.pOpp, diff.pOpp, sum.pOpp}
	r.Effect = buyer.eff
	r.inDirection = buyer.est > 0 && buyer.est-math.Abs(seller.est) > 0
	bind := diff
	if sum.se > diff.se {
		bind = sum
	}
	r.MDE = Float(stats.MDEFromSE(bind.se, fit.DF, o.mdeAlpha(), mdePower))
	r.MDEUnit = "scale points per SD, beta_buyer - |beta_seller| (the larger HC3 SE of beta_b - beta_s and beta_b + beta_s, t at alpha/5)"
	if !o.VerdictsOnly { // secondary tests feed no verdict
		if sec, err := h3Objections(d, years); err == nil {
			r.Secondary = append(r.Secondary, sec)
		} else {
			r.Warnings = append(r.Warnings, "new objections model not fitted: "+err.Error())
		}
	}
	r.describe = func(r *Result) string {
		return fmt.Sprintf("Companies observing one SD more buyer-side AI report sales cycles %s on the -2..+2 change scale, %s than per SD of their own seller-side AI (n = %d, 2026); %s.",
			fmtDirected(r.Effect, 2, "points", "longer", "shorter"), fmtDirected(diff.eff, 2, "points", "more", "less"), r.N, fmtPs(r))
	}
	r.figure = func(r *Result) figure.Figure { return h3Figure(buyer, seller, diff, r) }
	return r
}

// h3Objections is the secondary model: new objections (Yes = 1) as a linear probability model.
func h3Objections(d *dataset.Dataset, years []int) (Component, error) {
	reg := buildRegression(d, yearIs(d, years...), numericTerm{"new_objections (Yes=1)", score(d, "new_objections", map[string]float64{"Yes": 1, "No": 0}), false}, h3Terms(d, h3Objection), h3Controls, false)
	fit, err := reg.fit()
	if err != nil {
		return Component{}, err
	}
	c := h3Test(fit, reg, map[string]float64{h3Buyer: 1}, "beta buyer-AI (probability per SD)")
	return Component{Name: "new objections: beta_buyer > 0 (linear probability model; the buyer-AI index without \"" + h3Objection + "\")", Test: "OLS with HC3 covariance, Wald t on n-p df",
		Outcome: "new_objections", Predictors: reg.names[1:], Years: years, Alternative: "greater", N: len(reg.y),
		Statistic: Float(c.t), StatisticName: "t", PValue: Float(c.p), Effect: &c.eff}, nil
}
