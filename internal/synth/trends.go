package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Planted year-over-year trends (issue 12), applied after each wave's
// respondents are drawn, from a random stream of their own so that nothing
// else the sample carries changes. Index 0 is 2022.
var (
	// trendProfitable is the chance a respondent's runway becomes "Profitable"
	// (on top of the base 1/7): growth giving way to efficiency.
	trendProfitable = [5]float64{0, 0.04, 0.08, 0.12, 0.16}
	// trendDropFounderLed is the chance a founder-led motion is dropped.
	trendDropFounderLed = [5]float64{0, 0.1, 0.2, 0.3, 0.4}
	// trendCycleFactor multiplies the sales cycle in days (asked from 2023).
	trendCycleFactor = [5]float64{1, 1, 1.1, 1.25, 1.4}
)

// trendsStream is the seed offset of the trend-planting stream ("trends").
const trendsStream = 0x7472656e6473

// plantTrends applies the planted trends to one wave's respondents.
func plantTrends(people []*Respondent, year int, seed uint64) {
	k := year - 2022
	if k < 0 || k >= 5 {
		return
	}
	r := rand.New(rand.NewPCG(seed^trendsStream, uint64(year)))
	for _, p := range people {
		if r.Float64() < trendProfitable[k] {
			p.Runway = "Profitable"
		}
		if i := slices.Index(p.Motion, "Founder-led"); i >= 0 && len(p.Motion) > 1 && r.Float64() < trendDropFounderLed[k] {
			p.Motion = slices.Delete(slices.Clone(p.Motion), i, i+1)
		}
		if !math.IsNaN(p.CycleDays) {
			p.CycleDays = math.Round(p.CycleDays * trendCycleFactor[k])
		}
	}
}

// TrendTruth is one planted trend or known non-trend, as truth.json lists it.
type TrendTruth struct {
	Variable string `json:"variable"`
	Level    string `json:"level,omitempty"` // the level or option that moves
	Trend    bool   `json:"trend"`           // true: planted; false: stationary by construction
	Sign     int    `json:"sign,omitempty"`  // +1 rises, −1 falls over the waves
	Planted  string `json:"planted"`
	// Untestable, when set, says why the trend stage must not test the
	// planted trend across all its waves (the question's wording changed).
	Untestable string `json:"untestable,omitempty"`
}

// trendsTruth lists what the trend stage should find (planted) and not find
// (non-trends: drawn the same way every wave).
func trendsTruth(mode string) []TrendTruth {
	none := []TrendTruth{
		{Variable: "customer_segment", Planted: "none: uniform over five segments every wave"},
		{Variable: "acv_band", Planted: "none: follows the segment, same every wave"},
		{Variable: "ndr_pct", Planted: "none: normal(105, 15) every wave"},
		{Variable: "headcount_total", Planted: "none: follows ARR band, same every wave"},
		{Variable: "pipeline_growth_yoy_pct", Planted: "none: same distribution every wave"},
	}
	if mode != EffectsPlanted { // plantTrends runs in planted worlds only
		return none
	}
	return append([]TrendTruth{
		{Variable: "runway_band", Level: "Profitable", Trend: true, Sign: 1,
			Planted: fmt.Sprintf("chance of becoming Profitable %v for 2022–2026 (base 1/7)", trendProfitable)},
		{Variable: "gtm_motion", Level: "Founder-led", Trend: true, Sign: -1,
			Planted: fmt.Sprintf("chance a founder-led motion is dropped %v for 2022–2026", trendDropFounderLed)},
		{Variable: "sales_cycle_days", Trend: true, Sign: 1,
			Planted:    fmt.Sprintf("sales cycle multiplied by %v for 2022–2026", trendCycleFactor),
			Untestable: "the question's wording changed in 2024 and again in 2025: no test may span 2023–2025"},
	}, none...)
}
