// Package sample builds synthetic figure.Figure values, one for each chart
// the deck shows (the five hypotheses, trends of every kind, the verdict
// summary, respondents per wave and an insufficient-data figure), so charts,
// the deck and the report can be tested and benchmarked without running the
// analysis.
package sample

import (
	"fmt"
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

func pt(cat string, y, lo, hi float64, n int) figure.Point {
	return figure.Point{Category: cat, Y: y, Low: lo, High: hi, N: n}
}

func xy(x, y, lo, hi float64, n int) figure.Point {
	return figure.Point{X: x, Y: y, Low: lo, High: hi, N: n}
}

var nan = math.NaN()

func figH1() figure.Figure {
	groups := func(a, b, c [3]float64) []figure.Point {
		return []figure.Point{pt("Augmented", a[0], a[1], a[2], 142), pt("Human only", b[0], b[1], b[2], 388), pt("AI only", c[0], c[1], c[2], 57)}
	}
	return figure.Figure{
		Name: "h1_augmented_reps", Kind: figure.Intervals,
		Title:    "AI-augmented reps book 38% more meetings and win 4 points more deals",
		Subtitle: "Median per group with 95% bootstrap CI · n = 587 · Mann–Whitney U, Holm-adjusted p = 0.003",
		XLabel:   "Prospecting set-up",
		Panels: []figure.Panel{
			{Title: "Meetings booked per rep and month", YLabel: "Meetings per rep per month", Series: []figure.Series{{Name: "median", Style: figure.StylePoints, Points: groups([3]float64{18, 16.5, 19.5}, [3]float64{13, 12, 14}, [3]float64{11, 9, 13.5})}}},
			{Title: "Win rate", YLabel: "Win rate (%)", Series: []figure.Series{{Name: "median", Style: figure.StylePoints, Points: groups([3]float64{24, 22, 26}, [3]float64{20, 19, 21.5}, [3]float64{17, 14, 20})}}},
		},
		Notes: []string{"AI only: companies whose outbound is fully automated; small group, wide interval."},
	}
}

func figH2() figure.Figure {
	band := func(base, widen float64) []figure.Point {
		var ps []figure.Point
		for i, y := range []float64{2022, 2023, 2024, 2025, 2026} {
			w := 10 + widen*float64(i)
			ps = append(ps, figure.Point{X: y, Y: base, Low: base - w/2, High: base + w/2, N: 120 + 10*i})
		}
		return ps
	}
	trend := func(base, widen float64) []figure.Point {
		var ps []figure.Point
		for i, y := range []float64{2022, 2023, 2024, 2025, 2026} {
			ps = append(ps, figure.Point{X: y, Y: 10 + widen*float64(i) + base, Low: nan, High: nan, N: 120 + 10*i})
		}
		return ps
	}
	return figure.Figure{
		Name: "h2_quartile_gap", Kind: figure.Lines,
		Title:    "The spread of pipeline growth widens where AI budgets are high",
		Subtitle: "Yearly Q25–Q75 of pipeline growth and the trend of its width · n = 1,240 · Kendall τ, Holm-adjusted p = 0.021",
		XLabel:   "Survey year", YLabel: "Pipeline growth (% per year)",
		Panels: []figure.Panel{{Series: []figure.Series{
			{Name: "High AI budget: Q25–Q75", Style: figure.StyleBand, Group: "high", Points: band(30, 6)},
			{Name: "Low AI budget: Q25–Q75", Style: figure.StyleBand, Group: "low", Points: band(12, 1)},
			{Name: "High: median trend", Style: figure.StyleLine, Group: "high", Points: trend(20, 1)},
			{Name: "Low: median trend", Style: figure.StyleLine, Group: "low", Points: trend(2, 0)},
		}}},
	}
}

func figH3() figure.Figure {
	return figure.Figure{
		Name: "h3_buyer_ai", Kind: figure.Intervals,
		Title:    "Buyers who use AI shorten cycles; sellers' AI use does not",
		Subtitle: "OLS coefficients with HC3 95% CI, controls for size and year · n = 912 · Holm-adjusted p = 0.048",
		XLabel:   "Outcome", YLabel: "Effect on sales cycle (days)",
		Panels: []figure.Panel{{RefY: []float64{0}, Series: []figure.Series{
			{Name: "Buyer AI", Style: figure.StylePoints, Points: []figure.Point{pt("Sales cycle", -9.5, -15.2, -3.8, 912), pt("Deal size", 2.1, -4, 8.2, 912)}},
			{Name: "Seller AI", Style: figure.StylePoints, Points: []figure.Point{pt("Sales cycle", -1.2, -6.9, 4.5, 912), pt("Deal size", 0.8, -5.1, 6.7, 912)}},
		}}},
	}
}

func figH4() figure.Figure {
	bins := []string{"< 5%", "5–15%", "15–30%", "> 30%"}
	mk := func(ys []float64, w float64) []figure.Point {
		ps := make([]figure.Point, len(bins))
		for i, b := range bins {
			ps[i] = pt(b, ys[i], ys[i]-w, ys[i]+w, 60+20*i)
		}
		return ps
	}
	return figure.Figure{
		Name: "h4_headcount_not_revenue", Kind: figure.Intervals,
		Title:    "Measured AI gains cut SDR hiring but leave revenue growth unchanged",
		Subtitle: "Mean per AI-gain bin with 95% CI, standardised · n = 486 · TOST equivalence, Holm-adjusted p = 0.012",
		XLabel:   "Measured AI productivity gain",
		Panels: []figure.Panel{
			{Title: "SDR hiring change", YLabel: "Change in SDR headcount (SD)", RefY: []float64{0}, Bands: []figure.RefBand{{Low: -0.15, High: 0.15, Label: "equivalence ±0.15 SD"}},
				Series: []figure.Series{{Name: "SDR hiring", Style: figure.StylePoints, Points: mk([]float64{0.05, -0.12, -0.31, -0.52}, 0.14)}}},
			{Title: "Revenue growth", YLabel: "Revenue growth (SD)", RefY: []float64{0}, Bands: []figure.RefBand{{Low: -0.15, High: 0.15, Label: "equivalence ±0.15 SD"}},
				Series: []figure.Series{{Name: "Revenue", Style: figure.StylePoints, Points: mk([]float64{0.02, -0.03, 0.04, 0.01}, 0.09)}}},
		},
	}
}

func figH5() figure.Figure {
	years := []float64{2023, 2024, 2025, 2026}
	exp, meas := []float64{35, 38, 41, 40}, []float64{12, 15, 16, 19}
	var e, m []figure.Point
	for i, y := range years {
		e = append(e, xy(y, exp[i], exp[i]-3, exp[i]+3, 200+i*15))
		m = append(m, xy(y, meas[i], meas[i]-2.5, meas[i]+2.5, 180+i*15))
	}
	return figure.Figure{
		Name: "h5_expectation_gap", Kind: figure.Lines,
		Title:    "Expected AI gains run twice the measured ones, every year",
		Subtitle: "Median with 95% CI per year · n = 845 · Wilcoxon signed-rank, Holm-adjusted p < 0.001",
		XLabel:   "Survey year", YLabel: "Productivity gain (%)",
		Panels: []figure.Panel{{Shade: &figure.Shade{Lower: "Measured", Upper: "Expected", Label: "gap"},
			Series: []figure.Series{{Name: "Expected", Style: figure.StyleLine, Points: e}, {Name: "Measured", Style: figure.StyleLine, Points: m}}}},
	}
}

func figTrendShares() figure.Figure {
	opts := []string{"Email", "Phone", "LinkedIn", "Events", "Other"}
	shares := [][]float64{{0.42, 0.25, 0.18, 0.10, 0.05}, {0.40, 0.22, 0.22, 0.11, 0.05}, {0.35, 0.18, 0.30, 0.12, 0.05}, {0.30, 0.15, 0.36, 0.14, 0.05}}
	years := []string{"2023", "2024", "2025", "2026"}
	var ss []figure.Series
	for j, o := range opts {
		s := figure.Series{Name: o, Style: figure.StyleBars}
		for i, y := range years {
			s.Points = append(s.Points, figure.Point{Category: y, X: float64(2023 + i), Y: shares[i][j], Low: nan, High: nan, N: 300 + 20*i})
		}
		ss = append(ss, s)
	}
	return figure.Figure{
		Name: "trend_top_channel", Kind: figure.Shares,
		Title:    "LinkedIn doubled as the top outbound channel since 2023",
		Subtitle: "Share of respondents by top channel per wave · n = 1,260 · χ² trend, BH-adjusted p = 0.002",
		XLabel:   "Survey wave", YLabel: "Share of respondents (%)",
		Panels: []figure.Panel{{Series: ss, Breaks: []float64{2024.5}}},
		Notes:  []string{"2025 added LinkedIn voice notes to the LinkedIn option; waves before and after are not strictly comparable."},
	}
}

func figTrendMedian() figure.Figure {
	var ps []figure.Point
	for i, y := range []float64{2022, 2023, 2024, 2025, 2026} {
		v := 48 + 3*float64(i)
		ps = append(ps, xy(y, v, v-4, v+4.5, 210+25*i))
	}
	return figure.Figure{
		Name: "trend_sales_cycle", Kind: figure.Lines,
		Title:    "Sales cycles lengthened by two weeks over five waves",
		Subtitle: "Median with 95% bootstrap CI per wave · n = 1,300 · Kendall τ trend, BH-adjusted p = 0.004",
		XLabel:   "Survey wave", YLabel: "Sales cycle (days)",
		Panels: []figure.Panel{{Breaks: []float64{2023.5}, Series: []figure.Series{{Name: "Median sales cycle", Style: figure.StyleLine, Points: ps}}}},
	}
}

func figTrendMulti() figure.Figure {
	opts := []string{"Email writing", "Research", "Call notes", "Forecasting", "Lead scoring", "Coaching"}
	var ss []figure.Series
	for j, o := range opts {
		s := figure.Series{Name: o, Style: figure.StyleLine}
		for i, y := range []float64{2023, 2024, 2025, 2026} {
			v := 0.1 + 0.08*float64(j) + float64(i)*0.04*float64(6-j)/3
			s.Points = append(s.Points, xy(y, 100*v, nan, nan, 300))
		}
		ss = append(ss, s)
	}
	return figure.Figure{
		Name: "trend_ai_uses", Kind: figure.Lines,
		Title:    "Coaching stays the most common AI use; email writing grows fastest",
		Subtitle: "Share of respondents selecting each use per wave (multi-select) · n = 1,200 · BH-adjusted p < 0.01 for all rising uses",
		XLabel:   "Survey wave", YLabel: "Respondents selecting (%)",
		Panels: []figure.Panel{{Series: ss}},
	}
}

func figVerdicts() figure.Figure {
	rows := []figure.Point{
		{Category: "H1 Augmented reps", Y: 0.00002, Label: "supported"},
		{Category: "H2 Quartile gap", Y: 0.021, Label: "supported"},
		{Category: "H3 Buyer AI", Y: 0.048, Label: "supported"},
		{Category: "H4 Headcount not revenue", Y: 0.41, Label: "not supported"},
		{Category: "H5 Expectation gap", Y: nan, Label: "insufficient data"},
	}
	return figure.Figure{
		Name: "verdicts", Kind: figure.Verdicts,
		Title:    "Three of five hypotheses hold after Holm correction",
		Subtitle: "Holm-adjusted p per hypothesis; dashed line at α = 0.05",
		XLabel:   "Holm-adjusted p (log scale)",
		Panels:   []figure.Panel{{RefY: []float64{0.05}, Series: []figure.Series{{Name: "verdicts", Points: rows}}}},
	}
}

func figRespondents() figure.Figure {
	stages := []string{"Seed", "Series A", "Series B", "Growth", "Public"}
	counts := [][]int{{60, 80, 50, 40, 20}, {70, 90, 60, 45, 25}, {55, 95, 70, 50, 30}, {50, 100, 80, 60, 35}, {45, 98, 85, 70, 40}}
	var ss []figure.Series
	for j, st := range stages {
		s := figure.Series{Name: st, Style: figure.StyleBars}
		for i, row := range counts {
			tot := 0
			for _, c := range row {
				tot += c
			}
			s.Points = append(s.Points, figure.Point{Category: fmt.Sprint(2022 + i), X: float64(2022 + i), Y: float64(row[j]) / float64(tot), Low: nan, High: nan, N: tot})
		}
		ss = append(ss, s)
	}
	return figure.Figure{
		Name: "respondents_by_stage", Kind: figure.Shares,
		Title:    "Later-stage companies make up a growing share of respondents",
		Subtitle: "Respondents per wave by funding stage · n = 1,463 kept after quality rules",
		XLabel:   "Survey wave", YLabel: "Share of respondents (%)",
		Panels: []figure.Panel{{Series: ss}},
	}
}

func figEmpty() figure.Figure {
	return figure.Figure{
		Name: "trend_pricing_model", Kind: figure.Shares,
		Title:    "Too few answers to tell whether pricing models shifted",
		Subtitle: "Asked in 2026 only",
		Empty:    "insufficient data: asked in one wave only (n = 12 < 20)",
	}
}

// Figures returns all synthetic figures, verdict summary first.
func Figures() []figure.Figure {
	return []figure.Figure{figVerdicts(), figH1(), figH2(), figH3(), figH4(), figH5(), figTrendShares(), figTrendMedian(), figTrendMulti(), figRespondents(), figEmpty()}
}
