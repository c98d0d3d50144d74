package hypotheses

import (
	"fmt"
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// H2: AI widens the gap between top- and bottom-quartile GTM teams.
var H2 = Hypothesis{
	ID:        "H2",
	Title:     "AI is widening the top- vs bottom-quartile gap",
	Claim:     "The interquartile gap in asinh ARR growth widens year over year, and is wider among companies spending more than 10% of GTM budget on AI than among those spending at most 5%.",
	Years:     h2Years,
	Variables: []string{"arr_growth_yoy_pct", "ai_gtm_budget_share"},
	Run:       runH2,
}

var (
	highAI = map[string]bool{"11–20%": true, "21–30%": true, ">30%": true}
	lowAI  = map[string]bool{"0%": true, "1–5%": true}
)

func iqr(x []float64) float64 { return stats.Quantile(x, 0.75) - stats.Quantile(x, 0.25) }

// quartiles are the probabilities of the bootstrapped quantiles; q[1] −
// q[0] is iqr.
var quartiles = []float64{0.25, 0.75}

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

// gapTrend is part a: the OLS slope of the per-year IQR on year, with a
// year-stratified percentile bootstrap and one-sided bootstrap p.
func gapTrend(d *dataset.Dataset, v string, f func(float64) float64, o Options, name string, seed uint64) (Component, []int, string) {
	years, samples := byYear(d, v, h2Years, f, nil)
	c := Component{Name: name, Test: "OLS slope of the per-year interquartile range (type-7) on year; year-stratified bootstrap, percentile CI, one-sided bootstrap p",
		Outcome: v, Predictors: []string{"year"}, Years: years, Alternative: "greater", StatisticName: "slope (IQR units per year)"}
	for k, s := range samples {
		c.N += len(s)
		c.Groups = append(c.Groups, Group{fmt.Sprint(years[k]), fmt.Sprintf("year = %d", years[k]), len(s)})
	}
	if len(years) < 3 {
		return c, years, fmt.Sprintf("%s asked in %d waves (need at least 3 for a trend)", v, len(years))
	}
	for k, s := range samples {
		if len(s) < o.MinGroup {
			return c, years, fmt.Sprintf("%d has %d answers to %s (minimum %d)", years[k], len(s), v, o.MinGroup)
		}
	}
	xs := make([]float64, len(years))
	for k, y := range years {
		xs[k] = float64(y)
	}
	stat := func(q [][]float64) float64 {
		g := make([]float64, len(q))
		for k := range q {
			g[k] = q[k][1] - q[k][0]
		}
		return stats.Slope(xs, g)
	}
	iv, boot, err := stats.PercentileQuantiles(samples, quartiles, stat, o.Resamples, seed, 0.95)
	if err != nil {
		return c, years, err.Error()
	}
	c.Statistic = iv.Estimate
	c.PValue = stats.BootstrapP(boot, stats.Greater)
	e := effectCI("slope of the interquartile gap per year", iv)
	c.Effect = &e
	var per []string
	for k, s := range samples {
		per = append(per, fmt.Sprintf("%d: %.3f", years[k], iqr(s)))
	}
	c.Note = "IQR by year " + fmt.Sprint(per)
	return c, years, ""
}

func runH2(d *dataset.Dataset, o Options) Result {
	r := Result{inDirection: true}
	a, _, why := gapTrend(d, "arr_growth_yoy_pct", math.Asinh, o, "a: trend of the interquartile gap in asinh ARR growth", o.Seed+10)
	r.Components = append(r.Components, a)
	if why != "" {
		r.insufficient = why
		return r
	}
	// Part b: IQR(high AI) − IQR(low AI), averaged over years from 2025.
	b := Component{Name: "b: interquartile gap, AI budget share > 10% minus <= 5%, averaged over years",
		Test:    "difference of type-7 IQRs of asinh ARR growth, averaged over years; bootstrap stratified by year x budget band, percentile CI, one-sided bootstrap p",
		Outcome: "arr_growth_yoy_pct", Predictors: []string{"ai_gtm_budget_share"}, Alternative: "greater", StatisticName: "mean IQR difference"}
	var samples [][]float64
	for _, y := range []int{2025, 2026} {
		var hi, lo []float64
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
		if len(hi) == 0 && len(lo) == 0 {
			continue
		}
		b.Years = append(b.Years, y)
		b.Groups = append(b.Groups, Group{fmt.Sprintf("%d high AI", y), "ai_gtm_budget_share in {11–20%, 21–30%, >30%}", len(hi)},
			Group{fmt.Sprintf("%d low AI", y), "ai_gtm_budget_share in {0%, 1–5%}", len(lo)})
		b.N += len(hi) + len(lo)
		if len(hi) < o.MinGroup || len(lo) < o.MinGroup {
			r.insufficient = fmt.Sprintf("%d: %d high-AI and %d low-AI respondents (minimum %d)", y, len(hi), len(lo), o.MinGroup)
		}
		samples = append(samples, hi, lo)
	}
	if len(samples) == 0 {
		r.insufficient = "ai_gtm_budget_share was not asked from 2025 on"
	}
	if r.insufficient != "" {
		r.Components = append(r.Components, b)
		return r
	}
	stat := func(q [][]float64) float64 {
		t := 0.0
		for k := 0; k < len(q); k += 2 {
			t += (q[k][1] - q[k][0]) - (q[k+1][1] - q[k+1][0])
		}
		return t / float64(len(q)/2)
	}
	iv, boot, err := stats.PercentileQuantiles(samples, quartiles, stat, o.Resamples, o.Seed+11, 0.95)
	if err != nil {
		r.insufficient = err.Error()
		return r
	}
	b.Statistic, b.PValue = iv.Estimate, stats.BootstrapP(boot, stats.Greater)
	eb := effectCI("IQR difference, high minus low AI budget (asinh growth)", iv)
	b.Effect = &eb
	r.Components = append(r.Components, b)
	r.PValue = maxP(a.PValue, b.PValue)
	r.Effect = *a.Effect
	r.N = a.N
	r.inDirection = a.Effect.Estimate > 0 && eb.Estimate > 0
	r.contradicted = a.Effect.CIHigh < 0
	r.MDEUnit = "not computed (bootstrap test; see the CIs)"
	r.MDE = math.NaN()
	r.Warnings = append(r.Warnings, "part a has as many points as waves (5): the bootstrap CI reflects sampling within years, not year-to-year shocks")
	for _, sec := range []struct {
		v    string
		f    func(float64) float64
		name string
	}{{"win_rate_pct", func(x float64) float64 { return x }, "trend of the interquartile gap in win rate"},
		{"new_arr_per_ae_usd", math.Asinh, "trend of the interquartile gap in asinh new ARR per AE"}} {
		if o.VerdictsOnly { // secondary tests feed no verdict
			break
		}
		c, _, why := gapTrend(d, sec.v, sec.f, o, sec.name, o.Seed+12)
		if why != "" {
			c.Note, c.PValue = "not run: "+why, math.NaN()
		}
		r.Secondary = append(r.Secondary, c)
	}
	r.describe = func(r *Result) string {
		return fmt.Sprintf("The interquartile gap in asinh ARR growth changes by %s per year (n = %d over %d waves); from 2025 it is %s wider among high-AI-budget companies; p = %.3g (Holm %.3g).",
			fmtCI(r.Effect, 3), r.N, len(r.Components[0].Years), fmtCI(*r.Components[1].Effect, 3), r.PValue, r.PAdjusted)
	}
	return r
}

var h2Years = []int{2022, 2023, 2024, 2025, 2026}
