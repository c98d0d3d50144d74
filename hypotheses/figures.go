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
		return figure.Figure{Name: figureNames[r.ID], Title: r.Title, Subtitle: whoWhen(r, "companies"),
			Kind: figure.Intervals, Empty: "insufficient data: " + why}
	}
	f := r.figure(r)
	f.Name = figureNames[r.ID]
	return f
}

// whoWhen is every figure's subtitle: who answered and when, "443
// companies with an SDR team, 2025–2026".
func whoWhen(r *Result, whom string) string {
	return fmt.Sprintf("%s %s, %s", figure.Thousands(r.N), whom, figure.YearSpan(r.Years))
}

// statsLine is every figure's "Stats:" footer: the test, p and the Holm
// adjustment, and the verdict.
func statsLine(r *Result, test string) string {
	return fmt.Sprintf("%s %s; p %s, Holm-adjusted across the five %s; verdict: %s", r.ID, test, pIs(r.PValue), pIs(r.PAdjusted), r.Verdict)
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
	short := map[string]string{sdrAugmented: "SDRs with AI tools", sdrAutonomous: "AI agents only", sdrHuman: "SDRs without AI"}
	f := figure.Figure{Kind: figure.Intervals, XLabel: "How the SDR team works",
		Title: byVerdict(r.Verdict, "Teams whose SDRs use AI tools report higher win rates and more new ARR per AE than teams with AI agents only or no AI",
			"Teams whose SDRs use AI tools report lower win rates or less new ARR per AE than an alternative",
			"Teams whose SDRs use AI tools are not clearly ahead of both alternatives"),
		Subtitle: whoWhen(r, "companies with an SDR team"),
		Stats:    statsLine(r, "one-sided van Elteren tests by year, weakest of four contrasts"),
		Focus:    []string{"median"},
		Notes:    []string{"Medians with 95% intervals, one answer per company (its latest)", "Teams answering \"Both\" or \"No SDR function\" are left out"}}
	for k, oc := range []struct {
		v, title, unit, yunit string
		seed                  uint64
	}{{"win_rate_pct", "Win rate", "Win rate", "%", seedH1Medians}, {"new_arr_per_ae_usd", "New ARR per AE", "New ARR per account executive", "$", seedH1FigureARR}} {
		s := figure.Series{Name: "median", Style: figure.StylePoints}
		var groups [][]float64
		for _, lv := range h1Groups {
			groups = append(groups, groupValuesIn(d, keep, years, "sdr_model", lv, oc.v))
		}
		for g, iv := range medianCIs(groups, o, o.Seed+oc.seed) {
			s.Points = append(s.Points, point(short[h1Groups[g]], iv, len(groups[g])))
		}
		f.Panels = append(f.Panels, figure.Panel{Title: oc.title, YLabel: oc.unit, YUnit: oc.yunit, Series: []figure.Series{s}})
		if k == 0 {
			f.YLabel = oc.unit
		}
	}
	return f
}

// h2Figure: the yearly middle half of ARR growth, the gap between the top
// and bottom quartile, and the middle half by AI budget; back from the
// asinh scale the test uses to % growth (quantiles back-transform exactly).
func h2Figure(d *dataset.Dataset, a gapTrendResult, b budgetGap, r *Result) figure.Figure {
	f := figure.Figure{Kind: figure.Lines, XLabel: "Survey year", YLabel: "ARR growth, year over year", YUnit: "%",
		Title: byVerdict(r.Verdict, "The gap between top- and bottom-quartile ARR growth has widened over the years, more so among companies with high AI budgets",
			"The gap between top- and bottom-quartile ARR growth has narrowed over the years", "The gap between top- and bottom-quartile ARR growth has not clearly widened"),
		Subtitle: whoWhen(r, "companies"),
		Stats:    statsLine(r, "random-effects meta-regression of the yearly interquartile range of asinh growth on year (Knapp-Hartung) and its difference by AI budget"),
		Notes:    []string{"Bands: the middle half of companies (25th to 75th percentile of ARR growth); line: the median"}}
	pct := math.Sinh // growth is in %: sinh undoes asinh
	band := figure.Series{Name: "middle half", Style: figure.StyleBand, Group: "all"}
	med := figure.Series{Name: "median", Style: figure.StyleLine, Group: "all"}
	gap := figure.Series{Name: "gap", Style: figure.StyleLine}
	for k, y := range a.years {
		s, x := a.samples[k], float64(y)
		q1, q2, q3 := pct(stats.Quantile(s, 0.25)), pct(stats.Median(s)), pct(stats.Quantile(s, 0.75))
		band.Points = append(band.Points, figure.Point{X: x, Y: q2, Low: q1, High: q3, N: len(s)})
		med.Points = append(med.Points, figure.Point{X: x, Y: q2, Low: math.NaN(), High: math.NaN(), N: len(s)})
		gap.Points = append(gap.Points, figure.Point{X: x, Y: q3 - q1, Low: math.NaN(), High: math.NaN(), N: len(s)})
	}
	f.Panels = append(f.Panels, figure.Panel{Title: "All companies", Series: []figure.Series{band, med}},
		figure.Panel{Title: "Top minus bottom quartile", YLabel: "Percentage points", YUnit: "pts", Series: []figure.Series{gap}})
	hi := figure.Series{Name: "AI >10%", Style: figure.StyleBand}
	lo := figure.Series{Name: "AI ≤5%", Style: figure.StyleBand}
	for k, y := range b.comp.Years {
		for j, s := range []*figure.Series{&hi, &lo} {
			x := b.samples[2*k+j]
			s.Points = append(s.Points, figure.Point{X: float64(y), Y: pct(stats.Median(x)), Low: pct(stats.Quantile(x, 0.25)), High: pct(stats.Quantile(x, 0.75)), N: len(x)})
		}
	}
	f.Panels = append(f.Panels, figure.Panel{Title: "By AI share of GTM budget", Series: []figure.Series{hi, lo}})
	return f
}

// h3Figure: the buyer and seller coefficients and their difference, with CIs.
func h3Figure(buyer, seller, diff h3Coef, r *Result) figure.Figure {
	s := figure.Series{Name: "shift", Style: figure.StylePoints, Points: []figure.Point{
		effectPoint("buyers' AI", buyer.eff, r.N), effectPoint("sellers' AI", seller.eff, r.N), effectPoint("buyers' minus sellers'", diff.eff, r.N)}}
	return figure.Figure{Kind: figure.Intervals, XLabel: "A typical difference in how much AI each side uses",
		YLabel: "Longer sales cycle (answer steps)",
		Title: byVerdict(r.Verdict, "Companies whose buyers use more AI report longer sales cycles, more so than where sellers use AI",
			"Companies whose buyers use more AI report shorter sales cycles, or less change than where sellers use AI", "Buyers' AI does not clearly go with bigger changes in sales cycles than sellers' AI"),
		Subtitle: whoWhen(r, "companies"),
		Stats:    statsLine(r, "OLS of the sales-cycle answer (-2..+2) on standardized buyer and seller AI indexes, HC3 errors, controls for segment and ACV band"),
		Panels:   []figure.Panel{{Series: []figure.Series{s}, RefY: []float64{0}}},
		Notes:    []string{"Estimates with 95% intervals; a step is one answer on the scale from much shorter to much longer", "Asked only in 2026: the buyer-side questions are new"}}
}

// sdrScale labels H4's SDR hiring scale with its answers.
var sdrScale = []figure.Tick{{Value: -2, Label: "Cut >25%"}, {Value: -1, Label: "Cut 1–25%"}, {Value: 0, Label: "Flat"},
	{Value: 1, Label: "Grew 1–25%"}, {Value: 2, Label: "Grew 26–50%"}, {Value: 3, Label: "Grew >50%"}}

// h4Figure: SDR hiring and revenue growth by fifth of measured AI gain, with
// the equivalence band on the revenue panel.
func h4Figure(m h4Models, o Options, r *Result) figure.Figure {
	f := figure.Figure{Kind: figure.Intervals, XLabel: "Measured AI gain, fifths from lowest to highest",
		Title: byVerdict(r.Verdict, "Companies measuring larger AI gains report flatter SDR hiring, and no faster revenue growth",
			"Companies measuring larger AI gains report more SDR hiring or faster revenue growth", "Larger measured AI gains do not clearly go with flatter SDR hiring without faster growth"),
		Subtitle: whoWhen(r, "companies with SDRs"),
		Stats:    statsLine(r, fmt.Sprintf("OLS with HC3 errors and year fixed effects; revenue: TOST equivalence within ±%.2f SD per SD of gain", o.EquivalenceMargin)),
		Notes:    []string{"Averages with 95% intervals per fifth of companies by measured AI gain"}}
	a := binnedMeans(m.regA, "average answer")
	b := binnedMeans(m.regB, "average growth")
	f.Panels = []figure.Panel{
		{Title: "SDR hiring, last 12 months", YLabel: "Average answer", Series: []figure.Series{a}, RefY: []float64{0}, YTicks: ticksAround(sdrScale, a)},
		{Title: "Revenue growth", YLabel: "ARR growth vs average (typical spreads)", Series: []figure.Series{b}, RefY: []float64{0},
			Bands: []figure.RefBand{{Low: -o.EquivalenceMargin, High: o.EquivalenceMargin, Label: "no-difference zone"}}},
	}
	f.YLabel = "Average answer"
	return f
}

// ticksAround keeps the scale's ticks from one below the lowest interval
// to one above the highest, so the answers frame the data.
func ticksAround(scale []figure.Tick, s figure.Series) []figure.Tick {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range s.Points {
		for _, v := range []float64{p.Low, p.Y, p.High} {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	var out []figure.Tick
	for _, t := range scale {
		if t.Value >= math.Floor(lo) && t.Value <= math.Ceil(hi) {
			out = append(out, t)
		}
	}
	return out
}

// fifths name the bins of binnedMeans.
var fifths = [5]string{"lowest", "2nd", "middle", "4th", "highest"}

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
		s.Points = append(s.Points, figure.Point{Category: fifths[k], X: stats.Mean(xs), Y: m, Low: m - h, High: m + h, N: len(ys)})
	}
	return s
}

// h5Figure: per-year median expected and measured gain with CIs, the gap shaded.
func h5Figure(d *dataset.Dataset, years []int, o Options, r *Result) figure.Figure {
	exp := figure.Series{Name: "expected gain", Style: figure.StyleLine}
	meas := figure.Series{Name: "measured gain", Style: figure.StyleLine}
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
	return figure.Figure{Kind: figure.Lines, XLabel: "Survey year", YLabel: "AI efficiency gain, median", YUnit: "%",
		Title: byVerdict(r.Verdict, "Founders' expected AI gains have come closer to the gains they measure since 2024",
			"The gap between expected and measured AI gains has widened since 2024", "The gap between expected and measured AI gains has not clearly narrowed since 2024"),
		Subtitle: whoWhen(r, "companies answering both gain questions"),
		Stats:    statsLine(r, "Jonckheere-Terpstra (Kendall tau_b of year and gap)"),
		Panels: []figure.Panel{{Series: []figure.Series{exp, meas},
			Shade: &figure.Shade{Lower: meas.Name, Upper: exp.Name, Label: "expected minus measured"}}},
		Notes: []string{"Medians with 95% intervals; shaded: expected minus measured"}}
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
		Subtitle: "Five hypotheses written down before the data were seen",
		Stats:    fmt.Sprintf("Holm-adjusted p across the five (dashed line at α = %g); contradicted needs the opposite direction at Holm-adjusted p < α", alpha),
		XLabel:   "How surprising without an association: adjusted p-value, log scale", YLabel: "Adjusted p-value",
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
