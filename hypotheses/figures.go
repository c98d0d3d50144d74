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

// figureNames are the file stems of the hypotheses' figures.
var figureNames = map[string]string{"H1": "h1_augmented_reps", "H2": "h2_quartile_gap", "H3": "h3_buyer_ai", "H4": "h4_headcount_not_revenue", "H5": "h5_expectation_gap"}

// resultFigure builds r's figure once its verdict is known; insufficient
// data gives an empty figure with the reason.
func resultFigure(r *Result) figure.Figure {
	if r.Verdict == Insufficient || r.figure == nil {
		why := r.insufficient
		if why == "" {
			why = "no figure"
		}
		return figure.Figure{Name: figureNames[r.ID], Title: r.Title, Subtitle: fmt.Sprintf("%s: n = %d", r.ID, r.N),
			Kind: figure.Intervals, Empty: "insufficient data: " + why}
	}
	f := r.figure(r)
	f.Name = figureNames[r.ID]
	return f
}

// subtitle is every figure's second line: n, the test and the adjusted p.
func subtitle(r *Result, test string) string {
	return fmt.Sprintf("%s, n = %d; %s; p %s (Holm %s); verdict: %s", r.ID, r.N, test, pIs(r.PValue), pIs(r.PAdjusted), r.Verdict)
}

// byVerdict picks the title sentence for the verdict.
func byVerdict(v Verdict, supported, contradicted, otherwise string) string {
	switch v {
	case Supported:
		return supported
	case Contradicted:
		return contradicted
	}
	return otherwise
}

func point(cat string, iv stats.Interval, n int) figure.Point {
	return figure.Point{Category: cat, Y: iv.Estimate, Low: iv.Low, High: iv.High, N: n}
}

func effectPoint(cat string, e Effect, n int) figure.Point {
	return figure.Point{Category: cat, Y: float64(e.Estimate), Low: float64(e.CILow), High: float64(e.CIHigh), N: n}
}

// h1Figure: the three groups' medians with CIs over the rows H1 tests (keep), one panel per outcome.
func h1Figure(d *dataset.Dataset, keep []bool, years []int, o Options, r *Result) figure.Figure {
	short := map[string]string{sdrAugmented: "augmented", sdrAutonomous: "autonomous AI", sdrHuman: "human-only"}
	f := figure.Figure{Kind: figure.Intervals, XLabel: "SDR model",
		Title: byVerdict(r.Verdict, "Augmented SDR teams win more deals and more new ARR per AE than autonomous-AI and human-only teams",
			"Augmented SDR teams do worse than an alternative on win rate or new ARR per AE",
			"Augmented SDR teams are not clearly ahead of both alternatives on both outcomes"),
		Subtitle: subtitle(r, "one-sided van Elteren by year, weakest of four contrasts"),
		Notes:    []string{"medians with 95% percentile bootstrap CIs", "\"Both\" and \"No SDR function\" are excluded"}}
	for k, oc := range []struct {
		v, title, unit string
		seed           uint64
	}{{"win_rate_pct", "Win rate", "win rate (%)", seedH1Medians}, {"new_arr_per_ae_usd", "New ARR per AE", "new ARR per AE (USD)", seedH1FigureARR}} {
		s := figure.Series{Name: "median", Style: figure.StylePoints}
		var groups [][]float64
		for _, lv := range h1Groups {
			groups = append(groups, groupValuesIn(d, keep, years, "sdr_model", lv, oc.v))
		}
		for g, iv := range medianCIs(groups, o, o.Seed+oc.seed) {
			s.Points = append(s.Points, point(short[h1Groups[g]], iv, len(groups[g])))
		}
		f.Panels = append(f.Panels, figure.Panel{Title: oc.title, YLabel: oc.unit, Series: []figure.Series{s}})
		if k == 0 {
			f.YLabel = oc.unit
		}
	}
	return f
}

// h2Figure: the yearly Q25–Q75 band, the IQR with its trend, and high vs low AI budget.
func h2Figure(d *dataset.Dataset, a gapTrendResult, b budgetGap, r *Result) figure.Figure {
	f := figure.Figure{Kind: figure.Lines, XLabel: "survey year", YLabel: "asinh ARR growth (YoY %)",
		Title: byVerdict(r.Verdict, "The gap between top- and bottom-quartile ARR growth widens over the years, and more so with high AI budgets",
			"The gap between top- and bottom-quartile ARR growth narrows", "No clear widening of the gap between top- and bottom-quartile ARR growth"),
		Subtitle: subtitle(r, "random-effects meta-regression of the yearly IQR (Knapp-Hartung) and IQR difference by AI budget"),
		Notes:    []string{"asinh(ARR growth %): the spread is compared on a scale where widening is not a scale artefact", "IQR points with +/-1.96 bootstrap SE; trend: fitted meta-regression line"}}
	band := figure.Series{Name: "Q25-Q75", Style: figure.StyleBand}
	med := figure.Series{Name: "median", Style: figure.StyleLine}
	gap := figure.Series{Name: "IQR", Style: figure.StylePoints}
	trend := figure.Series{Name: "trend", Style: figure.StyleLine}
	for k, y := range a.years {
		s, x := a.samples[k], float64(y)
		band.Points = append(band.Points, figure.Point{X: x, Y: stats.Median(s), Low: stats.Quantile(s, 0.25), High: stats.Quantile(s, 0.75), N: len(s)})
		med.Points = append(med.Points, figure.Point{X: x, Y: stats.Median(s), Low: math.NaN(), High: math.NaN(), N: len(s)})
		gap.Points = append(gap.Points, figure.Point{X: x, Y: a.iqr[k], Low: a.iqr[k] - 1.96*a.se[k], High: a.iqr[k] + 1.96*a.se[k], N: len(s)})
		fit := a.fit.Beta[0] + a.fit.Beta[1]*x
		trend.Points = append(trend.Points, figure.Point{X: x, Y: fit, Low: math.NaN(), High: math.NaN(), N: len(s)})
	}
	f.Panels = append(f.Panels, figure.Panel{Title: "All respondents: Q25-Q75 by year", Series: []figure.Series{band, med}},
		figure.Panel{Title: "Interquartile range and its trend", YLabel: "IQR of asinh ARR growth", Series: []figure.Series{gap, trend}})
	hi := figure.Series{Name: ">10% AI", Style: figure.StyleBand}
	lo := figure.Series{Name: "≤5% AI", Style: figure.StyleBand}
	for k, y := range b.comp.Years {
		for j, s := range []*figure.Series{&hi, &lo} {
			x := b.samples[2*k+j]
			s.Points = append(s.Points, figure.Point{X: float64(y), Y: stats.Median(x), Low: stats.Quantile(x, 0.25), High: stats.Quantile(x, 0.75), N: len(x)})
		}
	}
	f.Panels = append(f.Panels, figure.Panel{Title: "Q25-Q75 by AI budget share", Series: []figure.Series{hi, lo}})
	return f
}

// h3Figure: the buyer and seller coefficients and their difference, with CIs.
func h3Figure(buyer, seller, diff h3Coef, r *Result) figure.Figure {
	s := figure.Series{Name: "coefficient", Style: figure.StylePoints, Points: []figure.Point{
		effectPoint("buyer-side AI", buyer.eff, r.N), effectPoint("seller-side AI", seller.eff, r.N), effectPoint("buyer minus seller", diff.eff, r.N)}}
	return figure.Figure{Kind: figure.Intervals, XLabel: "AI index (per SD)", YLabel: "sales cycle change (-2..+2 points per SD)",
		Title: byVerdict(r.Verdict, "Buyer-side AI goes with longer sales cycles, more than seller-side AI does",
			"Buyer-side AI goes with shorter sales cycles, or less disruption than seller-side AI", "Buyer-side AI is not clearly more disruptive than seller-side AI"),
		Subtitle: subtitle(r, "OLS with HC3, controls for segment and ACV band"),
		Panels:   []figure.Panel{{Series: []figure.Series{s}, RefY: []float64{0}}},
		Notes:    []string{"95% CIs (HC3)", "2026 wave only: buyer-side items were first asked then"}}
}

// h4Figure: SDR hiring and revenue growth by fifth of measured AI gain, with
// the equivalence band on the revenue panel.
func h4Figure(m h4Models, o Options, r *Result) figure.Figure {
	f := figure.Figure{Kind: figure.Intervals, XLabel: "measured AI gain (fifths, low to high)",
		Title: byVerdict(r.Verdict, "Higher measured AI gains go with flatter SDR hiring, not faster revenue growth",
			"Higher measured AI gains go with more SDR hiring or faster revenue growth", "No clear link from measured AI gains to flatter SDR hiring without revenue growth"),
		Subtitle: subtitle(r, "OLS with HC3 and year fixed effects; TOST for revenue"),
		Notes:    []string{"means with 95% t CIs per fifth of z(asinh measured gain); the CSV gives each fifth's mean z(gain) as x", fmt.Sprintf("equivalence margin +/-%.2f SD per SD of gain (TOST on the slope)", o.EquivalenceMargin)}}
	a := binnedMeans(m.regA, "mean SDR headcount change")
	b := binnedMeans(m.regB, "mean z(asinh ARR growth)")
	f.Panels = []figure.Panel{
		{Title: "SDR headcount change", YLabel: "SDR headcount change (-2..+3)", Series: []figure.Series{a}, RefY: []float64{0}},
		{Title: "Revenue growth", YLabel: "z(asinh ARR growth), SD", Series: []figure.Series{b}, RefY: []float64{0},
			Bands: []figure.RefBand{{Low: -o.EquivalenceMargin, High: o.EquivalenceMargin, Label: fmt.Sprintf("±%.2f SD", o.EquivalenceMargin)}}},
	}
	f.YLabel = "SDR headcount change (-2..+3)"
	return f
}

// binnedMeans groups a regression's rows into fifths of its gain term and
// gives the outcome's mean with a 95% t interval per fifth.
func binnedMeans(reg *regression, name string) figure.Series {
	j := reg.index(h4Gain)
	idx := make([]int, len(reg.y))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return reg.x[idx[a]][j] < reg.x[idx[b]][j] })
	s := figure.Series{Name: name, Style: figure.StylePoints}
	const bins = 5
	for k := 0; k < bins; k++ {
		part := idx[k*len(idx)/bins : (k+1)*len(idx)/bins]
		var ys, xs []float64
		for _, i := range part {
			ys, xs = append(ys, reg.y[i]), append(xs, reg.x[i][j])
		}
		m, sd := stats.Mean(ys), stats.SD(ys)
		h := math.NaN()
		if len(ys) > 1 {
			h = stats.TQuantile(0.975, float64(len(ys)-1)) * sd / math.Sqrt(float64(len(ys)))
		}
		s.Points = append(s.Points, figure.Point{Category: fmt.Sprintf("Q%d", k+1), X: stats.Mean(xs), Y: m, Low: m - h, High: m + h, N: len(ys)})
	}
	return s
}

// h5Figure: per-year median expected and measured gain with CIs, the gap shaded.
func h5Figure(d *dataset.Dataset, years []int, o Options, r *Result) figure.Figure {
	exp := figure.Series{Name: "expected gain (median)", Style: figure.StyleLine}
	meas := figure.Series{Name: "measured gain (median)", Style: figure.StyleLine}
	for k, y := range years {
		var e, m []float64
		for i := 0; i < d.Len(); i++ {
			ev, mv := d.Float("ai_expected_gain_pct", i), d.Float("ai_gain_measured_pct", i)
			if d.Year[i] == y && !math.IsNaN(ev) && !math.IsNaN(mv) {
				e, m = append(e, ev), append(m, mv)
			}
		}
		ivs := medianCIs([][]float64{e, m}, o, o.Seed+seedH5Medians+2*uint64(k))
		exp.Points = append(exp.Points, figure.Point{X: float64(y), Y: ivs[0].Estimate, Low: ivs[0].Low, High: ivs[0].High, N: len(e)})
		meas.Points = append(meas.Points, figure.Point{X: float64(y), Y: ivs[1].Estimate, Low: ivs[1].Low, High: ivs[1].High, N: len(m)})
	}
	return figure.Figure{Kind: figure.Lines, XLabel: "survey year", YLabel: "AI efficiency gain (%)",
		Title: byVerdict(r.Verdict, "Founders' expected AI gains have come closer to the gains they measure since 2024",
			"The gap between expected and measured AI gains has widened since 2024", "No clear narrowing of the gap between expected and measured AI gains since 2024"),
		Subtitle: subtitle(r, "Jonckheere-Terpstra (Kendall tau_b of year and gap)"),
		Panels: []figure.Panel{{Series: []figure.Series{exp, meas},
			Shade: &figure.Shade{Lower: meas.Name, Upper: exp.Name, Label: "expected minus measured"}}},
		Notes: []string{"respondents who answered both gain questions; medians with 95% percentile bootstrap CIs"}}
}

// VerdictFigure is the verdict summary: one row per hypothesis with its
// verdict and Holm-adjusted p, and a reference line at alpha.
func VerdictFigure(results []Result, alpha float64) figure.Figure {
	s := figure.Series{Name: "verdict", Style: figure.StylePoints}
	var counts []string
	tally := map[Verdict]int{}
	for _, r := range results {
		s.Points = append(s.Points, figure.Point{Category: r.ID + " " + r.Title, Y: float64(r.PAdjusted), Low: math.NaN(), High: math.NaN(), N: r.N, Label: string(r.Verdict)})
		tally[r.Verdict]++
	}
	for _, v := range []Verdict{Supported, NotSupported, Contradicted, Insufficient} {
		if tally[v] > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", tally[v], v))
		}
	}
	return figure.Figure{Name: "verdicts", Kind: figure.Verdicts, Title: fmt.Sprintf("Of %d pre-registered hypotheses: %s", len(results), strings.Join(counts, ", ")),
		Subtitle: fmt.Sprintf("Holm-adjusted p across the five (dashed line at α = %g); contradicted needs the opposite direction at Holm-adjusted p ≤ α", alpha),
		XLabel:   "Holm-adjusted p (log scale)", YLabel: "Holm-adjusted p",
		Panels: []figure.Panel{{RefY: []float64{alpha}, Series: []figure.Series{s}}}}
}

// pIs is a p-value as a sentence writes it: "= 0.0238" or "< 0.0001".
func pIs(p Float) string {
	f := stats.FormatP(float64(p))
	if strings.HasPrefix(f, "<") {
		return "< " + f[1:]
	}
	return "= " + f
}
