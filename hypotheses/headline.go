package hypotheses

import (
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// Headline is a hypothesis's headline comparison on one dataset: one simple
// statistic in the claimed direction, computable on coarsened data too (the
// public release checks that its file keeps each conclusion).
type Headline struct {
	ID, Comparison, Statistic string
	Estimate                  float64 // the statistic; NaN when it cannot be computed
	P                         float64 // one-sided p in the claimed direction (NaN when none)
	Want                      float64 // the claimed sign: +1 or −1
}

// Headlines computes every hypothesis's headline comparison on d, in the
// registry's order. Kept: the one call that runs every registered headline,
// which the hypotheses test checks for direction on planted data (the
// release calls each Hypothesis.Headline through its extracts instead).
func Headlines(d *dataset.Dataset) []Headline {
	out := make([]Headline, 0, len(All))
	for _, h := range All {
		hl := h.Headline(d)
		hl.ID = h.ID
		out = append(out, hl)
	}
	return out
}

// cliffP is Cliff's δ of a over b with the one-sided Mann–Whitney p (a greater).
func cliffP(a, b []float64) (float64, float64) {
	r, err := stats.MannWhitney(a, b, stats.Greater)
	if err != nil {
		return math.NaN(), math.NaN()
	}
	return stats.CliffsDelta(a, b), r.P
}

// tauP is Kendall's τ_b of x and y with its one-sided p.
func tauP(x, y []float64, alt stats.Alternative) (float64, float64) {
	if len(x) < 3 {
		return math.NaN(), math.NaN()
	}
	r, err := stats.KendallTauB(x, y, alt)
	if err != nil {
		return math.NaN(), math.NaN()
	}
	return r.Statistic, r.P
}

// pairs collects (x(i), y(i)) over the rows where keep holds and both are present.
func pairs(d *dataset.Dataset, keep func(i int) bool, x, y func(i int) float64) (xs, ys []float64) {
	for i := 0; i < d.Len(); i++ {
		if !keep(i) {
			continue
		}
		a, b := x(i), y(i)
		if !math.IsNaN(a) && !math.IsNaN(b) {
			xs, ys = append(xs, a), append(ys, b)
		}
	}
	return xs, ys
}

func yearFrom(d *dataset.Dataset, y int) func(i int) bool {
	return func(i int) bool { return d.Year[i] >= y }
}

// headlineH1: win rate, augmented vs autonomous SDRs, Cliff's δ.
func headlineH1(d *dataset.Dataset) Headline {
	h := Headline{Comparison: "win rate, augmented vs autonomous SDRs (2025-2026)", Statistic: "Cliff's delta", Want: 1}
	aug := groupValues(d, h1Years, "sdr_model", sdrAugmented, "win_rate_pct")
	auto := groupValues(d, h1Years, "sdr_model", sdrAutonomous, "win_rate_pct")
	h.Estimate, h.P = cliffP(aug, auto)
	return h
}

// headlineH2: the OLS slope of the yearly IQR of asinh ARR growth (no p).
func headlineH2(d *dataset.Dataset) Headline {
	h := Headline{Comparison: "yearly change of the interquartile gap in asinh ARR growth", Statistic: "OLS slope of IQR on year", Want: 1, Estimate: math.NaN(), P: math.NaN()}
	years, samples := byYear(d, "arr_growth_yoy_pct", d.Years(), math.Asinh, nil)
	if len(years) < 2 {
		return h
	}
	xs, gs := make([]float64, len(years)), make([]float64, len(years))
	for k, s := range samples {
		xs[k], gs[k] = float64(years[k]), iqr(s)
	}
	h.Estimate = stats.Slope(xs, gs)
	return h
}

// headlineH3: Kendall τ_b of the buyer-AI count and the sales cycle change (2026).
func headlineH3(d *dataset.Dataset) Headline {
	h := Headline{Comparison: "buyer-side AI count vs sales cycle change (2026)", Statistic: "Kendall tau_b", Want: 1}
	x, y := pairs(d, yearIs(d, h3Years...), count(d, "buyer_ai_observed", "None"), score(d, "sales_cycle_change_12m", cycleScore))
	h.Estimate, h.P = tauP(x, y, stats.Greater)
	return h
}

// headlineH4: Kendall τ_b of measured AI gain and SDR headcount change, companies with SDRs.
func headlineH4(d *dataset.Dataset) Headline {
	h := Headline{Comparison: "measured AI gain vs SDR headcount change, with SDRs (2025-2026)", Statistic: "Kendall tau_b", Want: -1}
	x, y := pairs(d, yearFrom(d, h4Years[0]), func(i int) float64 { return d.Float("ai_gain_measured_pct", i) }, score(d, "sdr_hc_change_12m", sdrScore))
	h.Estimate, h.P = tauP(x, y, stats.Less)
	return h
}

// headlineH5: Kendall τ_b of year and expected − measured gain.
func headlineH5(d *dataset.Dataset) Headline {
	h := Headline{Comparison: "expected minus measured AI gain vs year (2024-2026)", Statistic: "Kendall tau_b", Want: -1}
	gap := func(i int) float64 { return d.Float("ai_expected_gain_pct", i) - d.Float("ai_gain_measured_pct", i) }
	x, y := pairs(d, yearFrom(d, h5Years[0]), func(i int) float64 { return float64(d.Year[i]) }, gap)
	h.Estimate, h.P = tauP(x, y, stats.Less)
	return h
}
