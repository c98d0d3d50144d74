package hypotheses

import (
	"fmt"
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// H4: higher AI efficiency gains go with flatter SDR hiring, not with
// faster revenue growth.
var H4 = Hypothesis{
	ID:        "H4",
	Title:     "Higher AI gains go with flatter SDR hiring, not with faster revenue growth",
	Claim:     "Among companies with SDRs, higher measured AI gains go with lower SDR headcount growth, and not with higher ARR growth (equivalence within the pre-registered margin).",
	NotShown:  "It does not show that AI gains cause the slower hiring: companies that were already hiring less may report larger gains, and other differences between companies are not ruled out.",
	Years:     h4Years,
	Variables: []string{"ai_gain_measured_pct", "sdr_hc_change_12m", "arr_growth_yoy_pct", "pipeline_growth_yoy_pct", "ai_gain_captured_as"},
	Run:       runH4,
	Headline:  headlineH4,
}

var h4Years = []int{2025, 2026}

var sdrScore = map[string]float64{"Decreased >25%": -2, "Decreased 1–25%": -1, "Flat": 0, "Increased 1–25%": 1, "Increased 26–50%": 2, "Increased >50%": 3}

// h4Gain is H4's predictor term.
const h4Gain = "z(asinh measured AI gain)"

// h4Models are H4's two fitted parts.
type h4Models struct {
	regA, regB *regression
	fitA, fitB *stats.OLSFit
	withSDRs   func(i int) bool
	gain       []numericTerm
	dropped    int // earlier responses of repeat companies left out
}

// latestWithSDRs marks the responses H4 uses: its waves, companies with
// SDRs, one response per company, the latest (H4 pools two waves;
// Amendment 2, item 2). dropped counts the earlier ones left out.
func latestWithSDRs(d *dataset.Dataset, years []int) (keep func(i int) bool, dropped int) {
	var rows []int
	for i := 0; i < d.Len(); i++ {
		if l, ok := d.Level("sdr_hc_change_12m", i); inYears(d, i, years) && ok && l != "No SDRs" {
			rows = append(rows, i)
		}
	}
	kept, dropped := dataset.LatestPerCompany(d, rows)
	in := make([]bool, d.Len())
	for _, i := range kept {
		in[i] = true
	}
	return func(i int) bool { return in[i] }, dropped
}

func h4Fit(d *dataset.Dataset, years []int, o Options) (h4Models, string) {
	m := h4Models{gain: []numericTerm{{h4Gain, numeric(d, "ai_gain_measured_pct", math.Asinh), true}}}
	m.withSDRs, m.dropped = latestWithSDRs(d, years)
	m.regA = buildRegression(d, m.withSDRs, numericTerm{"sdr_hc_change_12m (-2..+3)", score(d, "sdr_hc_change_12m", sdrScore), false}, m.gain, nil, true)
	m.regB = buildRegression(d, m.withSDRs, numericTerm{"z(asinh ARR growth)", numeric(d, "arr_growth_yoy_pct", math.Asinh), true}, m.gain, nil, true)
	if len(m.regA.y) < 5*o.MinGroup || len(m.regB.y) < 5*o.MinGroup {
		return m, fmt.Sprintf("%d and %d complete cases with SDRs (minimum %d)", len(m.regA.y), len(m.regB.y), 5*o.MinGroup)
	}
	var err error
	if m.fitA, err = m.regA.fit(); err != nil {
		return m, err.Error()
	}
	if m.fitB, err = m.regB.fit(); err != nil {
		return m, err.Error()
	}
	return m, ""
}

func runH4(d *dataset.Dataset, o Options) Result {
	r := Result{}
	years := intersect(yearsPresent(d, "sdr_hc_change_12m", h4Years), yearsPresent(d, "ai_gain_measured_pct", h4Years))
	if len(years) == 0 {
		r.insufficient = "sdr_hc_change_12m and ai_gain_measured_pct were not both asked in 2025–2026"
		return r
	}
	m, why := h4Fit(d, years, o)
	r.N = len(m.regA.y)
	r.Warnings = append(r.Warnings, fmt.Sprintf("%d earlier responses of repeat companies are left out: H4 pools two waves and keeps each company's latest response", m.dropped))
	if why != "" {
		r.insufficient = why
		return r
	}
	estA, seA, tA, pA, _ := m.fitA.Contrast(m.regA.contrast(map[string]float64{h4Gain: 1}), stats.Less)
	pAOpp := stats.TPValue(tA, m.fitA.DF, stats.Greater)
	eA := tInterval("beta gain on SDR hiring (scale points per SD)", estA, seA, m.fitA.DF, 0.95)
	estB, seB, tB, _, _ := m.fitB.Contrast(m.regB.contrast(map[string]float64{h4Gain: 1}), stats.TwoSided)
	pB, _ := stats.TOST(estB, seB, m.fitB.DF, o.EquivalenceMargin)
	// The opposite of equivalence (Amendment 1): a revenue slope above +Δ.
	pBOpp := stats.TPValue((estB-o.EquivalenceMargin)/seB, m.fitB.DF, stats.Greater)
	eB := tInterval("beta gain on ARR growth (SD per SD)", estB, seB, m.fitB.DF, 0.90)
	r.Components = []Component{
		{Name: "A: beta_gain on SDR headcount change < 0", Test: "OLS with HC3 covariance and year fixed effects, Wald t on n-p df", Outcome: "sdr_hc_change_12m", Predictors: m.regA.names[1:], Years: m.regA.years,
			Alternative: "less", N: len(m.regA.y), Statistic: Float(tA), StatisticName: "t", PValue: Float(pA), POpposite: ptr(pAOpp), Effect: &eA, Note: fmt.Sprintf("df = %g", m.fitA.DF), Values: map[string]Float{"df": Float(m.fitA.DF)}},
		{Name: fmt.Sprintf("B: beta_gain on ARR growth within +/-%.2f SD (TOST)", o.EquivalenceMargin), Test: "two one-sided t tests (TOST) on the standardized OLS slope, HC3 SE, n-p df",
			Outcome: "arr_growth_yoy_pct", Predictors: m.regB.names[1:], Years: m.regB.years, Alternative: "equivalence", N: len(m.regB.y),
			Statistic: Float(tB), StatisticName: "t (slope / SE)", PValue: Float(pB), POpposite: ptr(pBOpp), Effect: &eB,
			Note:   fmt.Sprintf("df = %g; 90%% CI for equivalence; opposite direction: slope > +%.2f, one-sided t", m.fitB.DF, o.EquivalenceMargin),
			Values: map[string]Float{"df": Float(m.fitB.DF), "margin": Float(o.EquivalenceMargin)}},
	}
	r.PValue = Float(maxP(pA, pB))
	r.opposite = []float64{pAOpp, pBOpp}
	r.Effect = eA
	r.inDirection = estA < 0
	r.MDE = Float(stats.MDEFromSE(seA, m.fitA.DF, o.mdeAlpha(), mdePower))
	r.MDEUnit = "scale points per SD of asinh measured gain (part A, HC3 SE, t at alpha/5)"
	if need := stats.MDEEquivalenceN(o.EquivalenceMargin, o.Alpha, 0.8); len(m.regB.y) < need {
		r.Warnings = append(r.Warnings, fmt.Sprintf("part B has n = %d; showing equivalence within +/-%.2f SD with 80%% power needs about %d", len(m.regB.y), o.EquivalenceMargin, need))
	}
	if !o.VerdictsOnly { // secondary tests feed no verdict
		r.Secondary = append(r.Secondary, h4Secondary(d, m, o)...)
	}
	r.describe = func(r *Result) string {
		b := r.Components[1]
		shown := map[bool]string{true: "shown", false: "not shown"}[float64(b.PValue) < o.Alpha]
		return fmt.Sprintf("Per SD of measured AI gain, SDR hiring is %s on the -2..+3 scale (n = %d) and revenue growth %s, equivalence within +/-%.2f SD %s (p = %.3g); %s.",
			fmtDirected(r.Effect, 2, "points", "higher", "lower"), r.N, fmtDirected(*b.Effect, 3, "SD", "higher", "lower"), o.EquivalenceMargin, shown, b.PValue, fmtPs(r))
	}
	r.figure = func(r *Result) figure.Figure { return h4Figure(m, o, r) }
	return r
}

// h4Secondary: pipeline growth in place of revenue; McNemar on how gains were captured.
func h4Secondary(d *dataset.Dataset, m h4Models, o Options) []Component {
	var out []Component
	regP := buildRegression(d, m.withSDRs, numericTerm{"z(asinh pipeline growth)", numeric(d, "pipeline_growth_yoy_pct", math.Asinh), true}, m.gain, nil, true)
	if fitP, err := regP.fit(); err == nil {
		est, se, t, _, _ := fitP.Contrast(regP.contrast(map[string]float64{h4Gain: 1}), stats.TwoSided)
		p, _ := stats.TOST(est, se, fitP.DF, o.EquivalenceMargin)
		e := tInterval("beta gain on pipeline growth (SD per SD)", est, se, fitP.DF, 0.90)
		out = append(out, Component{Name: "pipeline growth within the margin (TOST)", Test: "TOST on the standardized OLS slope, HC3 SE",
			Outcome: "pipeline_growth_yoy_pct", Predictors: regP.names[1:], Years: regP.years, Alternative: "equivalence", N: len(regP.y),
			Statistic: Float(t), StatisticName: "t", PValue: Float(p), Effect: &e})
	}
	if c, ok := h4Captured(d); ok {
		out = append(out, c)
	}
	return out
}

// h4Captured is McNemar's exact test of "fewer hires" against "faster revenue growth" (2026).
func h4Captured(d *dataset.Dataset) (Component, bool) {
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
		f, r := contains(ch, "Fewer hires"), contains(ch, "Faster revenue growth")
		switch {
		case f && !r:
			fewer++
		case r && !f:
			faster++
		}
	}
	if n == 0 {
		return Component{}, false
	}
	p, _ := stats.McNemarExact(fewer, faster)
	return Component{Name: "gains captured as fewer hires vs faster revenue growth (2026)", Test: "McNemar exact (binomial on discordant pairs)",
		Outcome: "ai_gain_captured_as", Groups: []Group{{"fewer hires only", "chose Fewer hires, not Faster revenue growth", fewer}, {"faster revenue only", "chose Faster revenue growth, not Fewer hires", faster}},
		Years: []int{2026}, Alternative: "two-sided", N: n, Statistic: Float(fewer), StatisticName: "b (fewer hires only)", PValue: Float(p)}, true
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
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
