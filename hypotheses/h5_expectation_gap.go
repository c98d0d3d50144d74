package hypotheses

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// H5: the gap between founders' expected and measured AI gains is smaller
// in later waves than in 2024.
var H5 = Hypothesis{
	ID:        "H5",
	Title:     "The gap between expected and measured AI gains is smaller than in 2024",
	Claim:     "The gap between expected and measured AI efficiency gains (percentage points) is smaller in later waves than in 2024, across respondents and within the companies that answered twice.",
	NotShown:  "It does not show why the gap is smaller: the waves differ in survey tool and in who answered, and the companies that answered twice are few and may not be typical.",
	Years:     h5Years,
	Variables: []string{"ai_expected_gain_pct", "ai_gain_measured_pct"},
	Run:       runH5,
	Headline:  headlineH5,
}

// h5Years are the waves of H5; the first is the baseline it needs.
var h5Years = []int{2024, 2025, 2026}

// h5Gaps returns, per wave of h5Years with both gains answered, the gaps
// expected − measured.
func h5Gaps(d *dataset.Dataset) (years []int, groups [][]float64) {
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
	return years, groups
}

// h5Missing says why the waves cannot answer "since 2024" (Amendment 1,
// item 3): the baseline wave and at least one later wave must have both
// gains, each from MinGroup respondents.
func h5Missing(years []int, groups [][]float64, o Options) string {
	base := h5Years[0]
	if len(years) == 0 || years[0] != base {
		return fmt.Sprintf("the %d wave (the baseline) has no respondent with both ai_expected_gain_pct and ai_gain_measured_pct", base)
	}
	if len(years) < 2 {
		var later []string
		for _, y := range h5Years[1:] {
			later = append(later, fmt.Sprint(y))
		}
		return fmt.Sprintf("no wave after %d (%s) has respondents with both gains", base, strings.Join(later, ", "))
	}
	for k, g := range groups {
		if len(g) < o.MinGroup {
			return fmt.Sprintf("%d has %d respondents with both gains (minimum %d)", years[k], len(g), o.MinGroup)
		}
	}
	return ""
}

func runH5(d *dataset.Dataset, o Options) Result {
	r := Result{}
	years, groups := h5Gaps(d)
	c := Component{Name: "decreasing trend of expected - measured gain over years", Test: "Jonckheere-Terpstra, tie-corrected normal approximation (as Kendall tau_b of year and gap)",
		Outcome: "ai_expected_gain_pct - ai_gain_measured_pct", Predictors: []string{"year"}, Years: years, Alternative: "less", StatisticName: "tau_b",
		Statistic: Float(math.NaN()), PValue: Float(math.NaN())}
	for k, g := range groups {
		c.N += len(g)
		c.Groups = append(c.Groups, Group{fmt.Sprint(years[k]), fmt.Sprintf("year = %d, both gains answered", years[k]), len(g)})
	}
	r.N = c.N
	r.Components = []Component{c}
	if why := h5Missing(years, groups, o); why != "" {
		r.insufficient = why
		return r
	}
	t, err := stats.KendallTauBGroups(groups, stats.Less)
	if err != nil {
		r.insufficient = err.Error()
		return r
	}
	pOpp := stats.ZPValue(t.Z, stats.Greater)
	c.Statistic, c.PValue, c.POpposite = Float(t.Statistic), Float(t.P), ptr(pOpp)
	c.Note = fmt.Sprintf("z = %.3f", t.Z)
	c.Values = map[string]Float{"z": Float(t.Z)}
	nan := math.NaN()
	iv := stats.Interval{Low: nan, High: nan, Level: 0.95}
	if !o.VerdictsOnly { // the interval feeds no verdict
		if iv, _, err = stats.PercentileKendallTauBGroups(groups, o.Resamples, o.Seed+seedH5Tau, 0.95); err != nil {
			r.insufficient = err.Error()
			return r
		}
	}
	iv.Estimate = t.Statistic
	e := effectCI("Kendall tau_b (year, gap)", iv)
	c.Effect, r.Effect = &e, e
	r.Components = []Component{c}
	b := h5Paired(d, o)
	r.Components = append(r.Components, b.comp)
	if b.why != "" {
		r.insufficient = b.why
		return r
	}
	r.PValue = Float(maxP(t.P, b.p))
	r.opposite = []float64{pOpp, b.pOpp}
	r.inDirection = t.Statistic < 0 && b.z < 0
	r.MDE = Float(stats.MDEKendallGroups(groups, o.mdeAlpha(), mdePower))
	r.MDEUnit = fmt.Sprintf("Kendall tau_b at alpha/5, null variance with ties for the %d year values and the gaps", len(years))
	if !o.VerdictsOnly { // descriptive
		var med []string
		for k, iv := range medianCIs(groups, o, o.Seed+seedH5GapMedians) {
			med = append(med, fmt.Sprintf("%d: %.0f (95%% CI %.0f to %.0f)", years[k], iv.Estimate, iv.Low, iv.High))
			c.PerYear = append(c.PerYear, YearValue{Year: years[k], N: len(groups[k]), Estimate: Float(iv.Estimate), SE: Float(math.NaN()), CILow: Float(iv.Low), CIHigh: Float(iv.High)})
		}
		r.Components[0] = c
		r.Warnings = append(r.Warnings, "median gap by year: "+fmt.Sprint(med))
	}
	first, last := 0, len(groups)-1
	hl := stats.HodgesLehmann(groups[last], groups[first])
	r.describe = func(r *Result) string {
		return fmt.Sprintf("The expected-minus-measured gain gap has Kendall tau_b %s with year (n = %d, %d-%d); from %d to %d it is %s (Hodges-Lehmann); among %d companies that answered in %d and later, their own gap is %s (median change, signed-rank p = %.3g); %s. %s",
			fmtCI(r.Effect, 3), r.N, years[first], years[last], years[first], years[last], directedGap(hl), b.pairs, h5Years[0], directedGap(b.median), b.p, fmtPs(r), h5WaveCaveat)
	}
	r.figure = func(r *Result) figure.Figure { return h5Figure(d, years, o, r) }
	return r
}

// directedGap states a shift of the gap in points with its sign in words.
func directedGap(x float64) string {
	if x < 0 {
		return fmt.Sprintf("%.0f points narrower", -x)
	}
	return fmt.Sprintf("%.0f points wider", x)
}

// medianCIs are the per-group medians with percentile bootstrap CIs.
func medianCIs(groups [][]float64, o Options, seed uint64) []stats.Interval {
	out := make([]stats.Interval, len(groups))
	for k, g := range groups {
		iv, _, err := stats.PercentileQuantiles([][]float64{g}, []float64{0.5}, func(q [][]float64) float64 { return q[0][0] }, o.Resamples, seed+uint64(k), 0.95)
		if err != nil {
			iv = stats.Interval{Estimate: stats.Median(g), Low: math.NaN(), High: math.NaN(), Level: 0.95}
		}
		out[k] = iv
	}
	return out
}

// h5WaveCaveat is said in every H5 finding (Amendment 2, item 4).
const h5WaveCaveat = "The respondent-level trend (part a) cannot tell a change in founders from differences between waves in survey tool or sample; part b follows the same companies, but few of them."

// h5Pair is part b: the within-company change of the gap among repeat
// companies (Amendment 2, item 4).
type h5Pair struct {
	comp       Component
	p, pOpp, z float64
	median     float64 // median change d(later) − d(2024)
	pairs      int
	why        string // non-empty: not testable
}

// h5Paired pairs each company's 2024 gap with its gap in its latest later
// wave (the last row of a wave where a company answered twice) and tests
// d(later) − d(2024) < 0 by the one-sided Wilcoxon signed-rank test.
func h5Paired(d *dataset.Dataset, o Options) h5Pair {
	base, later := map[string]int{}, map[string]int{}
	for i := 0; i < d.Len(); i++ {
		c := d.CompanyOf(i)
		if c == "" || math.IsNaN(h5Gap(d, i)) || !inYears(d, i, h5Years) {
			continue
		}
		if d.Year[i] == h5Years[0] {
			base[c] = i
		} else if j, ok := later[c]; !ok || d.Year[i] >= d.Year[j] {
			later[c] = i
		}
	}
	var diffs []float64
	for c, i := range base { // order does not matter: the test sorts
		if j, ok := later[c]; ok {
			diffs = append(diffs, h5Gap(d, j)-h5Gap(d, i))
		}
	}
	sort.Float64s(diffs)
	b := h5Pair{pairs: len(diffs), p: math.NaN(), pOpp: math.NaN(), z: math.NaN(), median: math.NaN()}
	b.comp = Component{Name: "b: within-company change of the gap, repeat companies (later wave minus 2024)",
		Test:    "Wilcoxon signed-rank on d(latest later wave) - d(2024) per company, zeros dropped, tie-corrected normal approximation",
		Outcome: "ai_expected_gain_pct - ai_gain_measured_pct", Years: h5Years, Alternative: "less", N: len(diffs),
		StatisticName: "R+ (sum of ranks of positive changes)", Statistic: Float(math.NaN()), PValue: Float(math.NaN())}
	if len(diffs) < o.MinGroup {
		b.why = fmt.Sprintf("part b: %d companies answered both gains in %d and in a later wave (minimum %d)", len(diffs), h5Years[0], o.MinGroup)
		return b
	}
	t, err := stats.WilcoxonSignedRank(diffs, stats.Less)
	if err != nil {
		b.why = "part b: " + err.Error()
		return b
	}
	b.p, b.z, b.pOpp = t.P, t.Z, stats.ZPValue(t.Z, stats.Greater)
	b.median = stats.Median(diffs)
	b.comp.Statistic, b.comp.PValue, b.comp.POpposite = Float(t.Statistic), Float(t.P), ptr(b.pOpp)
	b.comp.Note = fmt.Sprintf("z = %.3f; median change %.4g points over %d companies", t.Z, b.median, len(diffs))
	b.comp.Values = map[string]Float{"z": Float(t.Z), "median_change": Float(b.median), "nonzero_changes": Float(t.N[0])}
	return b
}

// h5Gap is row i's expected − measured gain, NaN when either is missing.
func h5Gap(d *dataset.Dataset, i int) float64 {
	return d.Float("ai_expected_gain_pct", i) - d.Float("ai_gain_measured_pct", i)
}
