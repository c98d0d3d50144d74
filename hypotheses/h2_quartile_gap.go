package hypotheses

import (
	"fmt"
	"math"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// H2: the gap between top- and bottom-quartile GTM teams widened over the
// waves, and is wider among companies spending more on AI.
var H2 = Hypothesis{
	ID:        "H2",
	Title:     "The top- vs bottom-quartile gap in ARR growth grew over the waves and is wider where AI budgets are larger",
	Claim:     "The interquartile gap in asinh ARR growth is larger in later waves, and larger among companies spending more than 10% of GTM budget on AI than among those spending at most 5%.",
	NotShown:  "It does not show that AI spending spreads results apart: companies with big AI budgets may differ in stage and market, and the waves may differ in who answered.",
	Years:     h2Years,
	Variables: []string{"arr_growth_yoy_pct", "ai_gtm_budget_share"},
	Run:       runH2,
	Headline:  headlineH2,
}

var h2Years = []int{2022, 2023, 2024, 2025, 2026}

// h2BudgetYears are the waves of part b (AI budget share asked from 2025).
var h2BudgetYears = []int{2025, 2026}

var (
	highAI = map[string]bool{"11–20%": true, "21–30%": true, ">30%": true}
	lowAI  = map[string]bool{"0%": true, "1–5%": true}
)

func iqr(x []float64) float64 { return stats.Quantile(x, 0.75) - stats.Quantile(x, 0.25) }

// byYear collects transform(v) per year for the years with at least one value.
func byYear(d *dataset.Dataset, v string, years []int, f func(float64) float64, keep func(i int) bool) ([]int, [][]float64) {
	var ys []int
	var out [][]float64
	for _, y := range years {
		var xs []float64
		for i := 0; i < d.Len(); i++ {
			if d.Year[i] != y || (keep != nil && !keep(i)) {
				continue
			}
			if x := d.Float(v, i); !math.IsNaN(x) {
				xs = append(xs, f(x))
			}
		}
		if len(xs) > 0 {
			ys, out = append(ys, y), append(out, xs)
		}
	}
	return ys, out
}

// gapTrendResult is part a's (or a secondary metric's) trend test.
type gapTrendResult struct {
	comp    Component
	years   []int
	iqr, se []float64 // per year: the IQR and its bootstrap SE
	fit     *stats.MetaFit
	p, pOpp float64
	why     string // non-empty: not testable
	samples [][]float64
}

// gapSE is the bootstrap standard error of one year's IQR.
func gapSE(s []float64, o Options, seed uint64) (float64, error) {
	boot, err := stats.ResampleQuantiles([][]float64{s}, quartiles, func(q [][]float64) float64 { return q[0][1] - q[0][0] }, o.Resamples, seed, 0)
	if err != nil {
		return math.NaN(), err
	}
	return stats.SD(boot), nil
}

// gapTrend is part a: a random-effects meta-regression of the per-year IQR
// on year (SEs from a within-year bootstrap, τ² by REML, Knapp–Hartung t on
// k − 2 df), one-sided (Amendment 1, item 2).
func gapTrend(d *dataset.Dataset, v string, f func(float64) float64, o Options, name string, seed uint64) gapTrendResult {
	years, samples := byYear(d, v, h2Years, f, nil)
	g := gapTrendResult{years: years, samples: samples, p: math.NaN(), pOpp: math.NaN()}
	g.comp = Component{Name: name, Test: "random-effects meta-regression of the per-year interquartile range (type-7) on year: within-year bootstrap SEs, REML tau^2, Knapp-Hartung t on k-2 df",
		Outcome: v, Predictors: []string{"year"}, Years: years, Alternative: "greater", StatisticName: "t (Knapp-Hartung)",
		Statistic: Float(math.NaN()), PValue: Float(math.NaN())}
	for k, s := range samples {
		g.comp.N += len(s)
		g.comp.Groups = append(g.comp.Groups, Group{fmt.Sprint(years[k]), fmt.Sprintf("year = %d", years[k]), len(s)})
	}
	if len(years) < 3 {
		g.why = fmt.Sprintf("%s asked in %d waves (need at least 3 for a trend)", v, len(years))
		return g
	}
	xs := make([]float64, len(years))
	for k, s := range samples {
		if len(s) < o.MinGroup {
			g.why = fmt.Sprintf("%d has %d answers to %s (minimum %d)", years[k], len(s), v, o.MinGroup)
			return g
		}
		se, err := gapSE(s, o, seed+uint64(k))
		if err != nil {
			g.why = err.Error()
			return g
		}
		xs[k] = float64(years[k])
		g.iqr, g.se = append(g.iqr, iqr(s)), append(g.se, se)
	}
	fit, err := stats.MetaRegression(g.iqr, g.se, xs)
	if err != nil {
		g.why = fmt.Sprintf("%s: %v", name, err)
		return g
	}
	g.fit = fit
	g.p, g.pOpp = fit.PValue(1, stats.Greater), fit.PValue(1, stats.Less)
	lo, hi := fit.CI(1, 0.95)
	e := Effect{Name: "slope of the interquartile gap per year", Estimate: Float(fit.Beta[1]), CILow: Float(lo), CIHigh: Float(hi), CILevel: 0.95}
	g.comp.Statistic, g.comp.PValue, g.comp.POpposite, g.comp.Effect = Float(fit.T[1]), Float(g.p), ptr(g.pOpp), &e
	var per []string
	nan := Float(math.NaN())
	for k := range years {
		per = append(per, fmt.Sprintf("%d: %.3f (SE %.3f)", years[k], g.iqr[k], g.se[k]))
		g.comp.PerYear = append(g.comp.PerYear, YearValue{Year: years[k], N: len(samples[k]), Estimate: Float(g.iqr[k]), SE: Float(g.se[k]), CILow: nan, CIHigh: nan})
	}
	g.comp.Note = fmt.Sprintf("IQR by year %v; tau^2 = %.4g; df = %g", per, fit.Tau2, fit.DF)
	g.comp.Values = map[string]Float{"tau2": Float(fit.Tau2), "df": Float(fit.DF), "slope": Float(fit.Beta[1]), "slope_se": Float(fit.SE[1])}
	return g
}

// budgetGap is part b's data: per year from 2025 the high- and low-AI samples.
type budgetGap struct {
	comp    Component
	samples [][]float64 // high, low, high, low, … per year
	why     string
}

func budgetSamples(d *dataset.Dataset, o Options) budgetGap {
	b := budgetGap{comp: Component{Name: "b: interquartile gap, AI budget share > 10% minus <= 5%, averaged over years",
		Test:    "difference of type-7 IQRs of asinh ARR growth, averaged over years; bootstrap stratified by year x budget band, percentile CI, one-sided bootstrap p",
		Outcome: "arr_growth_yoy_pct", Predictors: []string{"ai_gtm_budget_share"}, Alternative: "greater", StatisticName: "mean IQR difference",
		Statistic: Float(math.NaN()), PValue: Float(math.NaN())}}
	var failing []string
	for _, y := range h2BudgetYears {
		hi, lo := budgetBands(d, y)
		if len(hi) == 0 && len(lo) == 0 {
			continue
		}
		b.comp.Years = append(b.comp.Years, y)
		b.comp.Groups = append(b.comp.Groups, Group{fmt.Sprintf("%d high AI", y), "ai_gtm_budget_share in {11–20%, 21–30%, >30%}", len(hi)},
			Group{fmt.Sprintf("%d low AI", y), "ai_gtm_budget_share in {0%, 1–5%}", len(lo)})
		b.comp.N += len(hi) + len(lo)
		if len(hi) < o.MinGroup || len(lo) < o.MinGroup {
			failing = append(failing, fmt.Sprintf("%d: %d high-AI and %d low-AI respondents (minimum %d)", y, len(hi), len(lo), o.MinGroup))
		}
		b.samples = append(b.samples, hi, lo)
	}
	b.why = strings.Join(failing, "; ")
	if len(b.samples) == 0 {
		b.why = "ai_gtm_budget_share was not asked from 2025 on"
	}
	return b
}

// budgetBands returns asinh ARR growth of the high- and low-AI-budget respondents of year y.
func budgetBands(d *dataset.Dataset, y int) (hi, lo []float64) {
	for i := 0; i < d.Len(); i++ {
		if d.Year[i] != y {
			continue
		}
		g := d.Float("arr_growth_yoy_pct", i)
		band, ok := d.Level("ai_gtm_budget_share", i)
		if math.IsNaN(g) || !ok {
			continue
		}
		if highAI[band] {
			hi = append(hi, math.Asinh(g))
		} else if lowAI[band] {
			lo = append(lo, math.Asinh(g))
		}
	}
	return hi, lo
}

// quartiles are the probabilities of an interquartile range, for the
// sort-free bootstraps (stats.ResampleQuantiles).
var quartiles = []float64{0.25, 0.75}

// meanIQRDifference is part b's statistic over (high, low) pairs of
// samples, from each sample's quartiles q[k] = {Q25, Q75}.
func meanIQRDifference(q [][]float64) float64 {
	t := 0.0
	for k := 0; k < len(q); k += 2 {
		t += (q[k][1] - q[k][0]) - (q[k+1][1] - q[k+1][0])
	}
	return t / float64(len(q)/2)
}

func runH2(d *dataset.Dataset, o Options) Result {
	r := Result{inDirection: true}
	a := gapTrend(d, "arr_growth_yoy_pct", math.Asinh, o, "a: trend of the interquartile gap in asinh ARR growth", o.Seed+seedH2GapSE)
	r.Components = append(r.Components, a.comp)
	r.N = a.comp.N
	if a.why != "" {
		r.insufficient = a.why
		return r
	}
	b := budgetSamples(d, o)
	if b.why != "" {
		r.Components = append(r.Components, b.comp)
		r.insufficient = b.why
		return r
	}
	iv, boot, err := stats.PercentileQuantiles(b.samples, quartiles, meanIQRDifference, o.Resamples, o.Seed+seedH2Budget, 0.95)
	if err != nil {
		r.insufficient = err.Error()
		return r
	}
	pb, pbOpp := stats.BootstrapP(boot, stats.Greater), stats.BootstrapP(boot, stats.Less)
	eb := effectCI("IQR difference, high minus low AI budget (asinh growth)", iv)
	b.comp.Statistic, b.comp.PValue, b.comp.POpposite, b.comp.Effect = Float(iv.Estimate), Float(pb), ptr(pbOpp), &eb
	r.Components = append(r.Components, b.comp)
	r.PValue = Float(maxP(a.p, pb))
	r.opposite = []float64{a.pOpp, pbOpp}
	r.Effect = *a.comp.Effect
	r.inDirection = a.fit.Beta[1] > 0 && iv.Estimate > 0
	r.MDE = Float(stats.MDEFromSE(a.fit.SE[1], a.fit.DF, o.mdeAlpha(), mdePower))
	r.MDEUnit = fmt.Sprintf("IQR (asinh ARR growth) per year, part a: Knapp-Hartung t on %g df at alpha/5 with the SE it had", a.fit.DF)
	r.Warnings = append(r.Warnings, fmt.Sprintf("part a has one point per wave (%d waves, %g df): the year-to-year variation of the spread beyond sampling error is estimated (tau^2 = %.3g), which makes the test honest but weak", len(a.years), a.fit.DF, a.fit.Tau2))
	if !o.VerdictsOnly { // secondary tests feed no verdict
		r.Secondary = append(r.Secondary, h2Secondary(d, o)...)
	}
	r.describe = func(r *Result) string {
		return fmt.Sprintf("The interquartile gap in asinh ARR growth is %s per year across the waves (n = %d over %d waves); from 2025 it is %s among companies with high AI budgets than among those with low ones; %s.",
			fmtDirected(r.Effect, 3, "", "wider", "narrower"), r.N, len(a.years), fmtDirected(eb, 3, "", "wider", "narrower"), fmtPs(r))
	}
	r.figure = func(r *Result) figure.Figure { return h2Figure(d, a, b, r) }
	return r
}

// h2Secondary runs the gap trend on the secondary metrics (BH family).
func h2Secondary(d *dataset.Dataset, o Options) []Component {
	var out []Component
	for k, sec := range []struct {
		v    string
		f    func(float64) float64
		name string
	}{{"win_rate_pct", func(x float64) float64 { return x }, "trend of the interquartile gap in win rate"},
		{"new_arr_per_ae_usd", math.Asinh, "trend of the interquartile gap in asinh new ARR per AE"}} {
		g := gapTrend(d, sec.v, sec.f, o, sec.name, o.Seed+seedH2Secondary+10*uint64(k))
		if g.why != "" {
			g.comp.Note, g.comp.PValue = "not run: "+g.why, Float(math.NaN())
		}
		g.comp.POpposite = nil
		out = append(out, g.comp)
	}
	return out
}
