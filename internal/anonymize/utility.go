package anonymize

import (
	"fmt"
	"math"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// Headline is one hypothesis's headline comparison computed on the private
// data and again on the public file at its resolution.
type Headline struct {
	ID, Comparison, Statistic string
	Private, Public           float64 // the statistic
	PrivateP, PublicP         float64 // one-sided p in the claimed direction (NaN when none)
	Want                      float64 // the claimed sign: +1 or −1
}

// SameDirection reports whether both estimates have the claimed sign, or both not.
func (h Headline) SameDirection() bool {
	return (h.Private*h.Want > 0) == (h.Public*h.Want > 0)
}

// SameSignificance reports whether both are, or both are not, significant at alpha.
func (h Headline) SameSignificance(alpha float64) bool {
	if math.IsNaN(h.PrivateP) || math.IsNaN(h.PublicP) {
		return math.IsNaN(h.PrivateP) == math.IsNaN(h.PublicP)
	}
	return (h.PrivateP < alpha) == (h.PublicP < alpha)
}

// Table is the released data as columns by name, for analyses of the file.
type Table struct {
	Header []string
	Rows   [][]string
	col    map[string]int
}

// NewTable indexes a header and rows (as read back from the public CSV).
func NewTable(header []string, rows [][]string) *Table {
	t := &Table{Header: header, Rows: rows, col: map[string]int{}}
	for j, h := range header {
		t.col[h] = j
	}
	return t
}

// Get returns the cell of row i in the named column ("" when absent).
func (t *Table) Get(i int, name string) string {
	j, ok := t.col[name]
	if !ok {
		return ""
	}
	return t.Rows[i][j]
}

// Headlines computes the five headline comparisons on the private dataset
// and on the public table, with the release configuration's bands.
func Headlines(d *dataset.Dataset, pub *Table, c *Config) []Headline {
	bandIndex := func(v, label string) float64 {
		b := c.SensitiveBands[v]
		if b == nil || label == "" || label == Suppressed {
			return math.NaN()
		}
		for i, l := range b.Labels {
			if l == label {
				return float64(i)
			}
		}
		return math.NaN()
	}
	mid := func(v, label string) float64 {
		b := c.SensitiveBands[v]
		i := bandIndex(v, label)
		if math.IsNaN(i) {
			return i
		}
		e := b.Edges
		k := int(i)
		switch {
		case k == 0:
			w := 1.0
			if len(e) > 1 {
				w = e[1] - e[0]
			}
			return e[0] - w/2
		case k == len(e):
			w := 1.0
			if len(e) > 1 {
				w = e[len(e)-1] - e[len(e)-2]
			}
			return e[len(e)-1] + w/2
		}
		return (e[k-1] + e[k]) / 2
	}
	level := func(v string, i int) string { l, _ := d.Level(v, i); return l }
	var out []Headline
	// H1: win rate, augmented vs autonomous (2025–2026).
	{
		h := Headline{ID: "H1", Comparison: "win rate, augmented vs autonomous SDRs (2025-2026)", Statistic: "Cliff's delta", Want: 1}
		var a, b, pa, pb []float64
		for i := 0; i < d.Len(); i++ {
			if d.Year[i] < 2025 || math.IsNaN(d.Float("win_rate_pct", i)) {
				continue
			}
			switch level("sdr_model", i) {
			case sdrAug:
				a = append(a, d.Float("win_rate_pct", i))
			case sdrAuto:
				b = append(b, d.Float("win_rate_pct", i))
			}
		}
		for i := range pub.Rows {
			if pub.Get(i, "year") < "2025" {
				continue
			}
			x := bandIndex("win_rate_pct", pub.Get(i, "win_rate_pct"))
			if math.IsNaN(x) {
				continue
			}
			switch pub.Get(i, "sdr_model") {
			case sdrAug:
				pa = append(pa, x)
			case sdrAuto:
				pb = append(pb, x)
			}
		}
		h.Private, h.PrivateP = deltaP(a, b)
		h.Public, h.PublicP = deltaP(pa, pb)
		out = append(out, h)
	}
	// H2: slope over years of the IQR of ARR growth (asinh privately; band midpoints, asinh, publicly).
	{
		h := Headline{ID: "H2", Comparison: "yearly change of the interquartile gap in asinh ARR growth", Statistic: "OLS slope of IQR on year", Want: 1,
			PrivateP: math.NaN(), PublicP: math.NaN()}
		priv, pubv := map[int][]float64{}, map[int][]float64{}
		for i := 0; i < d.Len(); i++ {
			if x := d.Float("arr_growth_yoy_pct", i); !math.IsNaN(x) {
				priv[d.Year[i]] = append(priv[d.Year[i]], math.Asinh(x))
			}
		}
		for i := range pub.Rows {
			var y int
			fmt.Sscan(pub.Get(i, "year"), &y)
			if x := mid("arr_growth_yoy_pct", pub.Get(i, "arr_growth_yoy_pct")); !math.IsNaN(x) {
				pubv[y] = append(pubv[y], math.Asinh(x))
			}
		}
		h.Private, h.Public = iqrSlope(priv), iqrSlope(pubv)
		out = append(out, h)
	}
	// H3: Kendall tau of buyer-AI count and cycle change (2026).
	{
		h := Headline{ID: "H3", Comparison: "buyer-side AI count vs sales cycle change (2026)", Statistic: "Kendall tau_b", Want: 1}
		var x, y, px, py []float64
		for i := 0; i < d.Len(); i++ {
			ch, ok := d.Chosen("buyer_ai_observed", i)
			s, ok2 := cycle[level("sales_cycle_change_12m", i)]
			if d.Year[i] == 2026 && ok && ok2 {
				x, y = append(x, countNotNone(ch)), append(y, s)
			}
		}
		for i := range pub.Rows {
			b := pub.Get(i, "buyer_ai_observed")
			s, ok := cycle[pub.Get(i, "sales_cycle_change_12m")]
			if pub.Get(i, "year") == "2026" && b != "" && b != Suppressed && ok {
				px, py = append(px, countNotNone(strings.Split(b, "; "))), append(py, s)
			}
		}
		h.Private, h.PrivateP = tauP(x, y, stats.Greater)
		h.Public, h.PublicP = tauP(px, py, stats.Greater)
		out = append(out, h)
	}
	// H4: Kendall tau of measured AI gain and SDR headcount change, companies with SDRs (2025–2026).
	{
		h := Headline{ID: "H4", Comparison: "measured AI gain vs SDR headcount change, with SDRs (2025-2026)", Statistic: "Kendall tau_b", Want: -1}
		var x, y, px, py []float64
		for i := 0; i < d.Len(); i++ {
			s, ok := sdr[level("sdr_hc_change_12m", i)]
			if g := d.Float("ai_gain_measured_pct", i); d.Year[i] >= 2025 && ok && !math.IsNaN(g) {
				x, y = append(x, g), append(y, s)
			}
		}
		for i := range pub.Rows {
			s, ok := sdr[pub.Get(i, "sdr_hc_change_12m")]
			if g := bandIndex("ai_gain_measured_pct", pub.Get(i, "ai_gain_measured_pct")); pub.Get(i, "year") >= "2025" && ok && !math.IsNaN(g) {
				px, py = append(px, g), append(py, s)
			}
		}
		h.Private, h.PrivateP = tauP(x, y, stats.Less)
		h.Public, h.PublicP = tauP(px, py, stats.Less)
		out = append(out, h)
	}
	// H5: Kendall tau of year and expected − measured gain (2024–2026).
	{
		h := Headline{ID: "H5", Comparison: "expected minus measured AI gain vs year (2024-2026)", Statistic: "Kendall tau_b", Want: -1}
		var x, y, px, py []float64
		for i := 0; i < d.Len(); i++ {
			e, m := d.Float("ai_expected_gain_pct", i), d.Float("ai_gain_measured_pct", i)
			if d.Year[i] >= 2024 && !math.IsNaN(e) && !math.IsNaN(m) {
				x, y = append(x, float64(d.Year[i])), append(y, e-m)
			}
		}
		for i := range pub.Rows {
			e, m := mid("ai_expected_gain_pct", pub.Get(i, "ai_expected_gain_pct")), mid("ai_gain_measured_pct", pub.Get(i, "ai_gain_measured_pct"))
			var yr float64
			fmt.Sscan(pub.Get(i, "year"), &yr)
			if yr >= 2024 && !math.IsNaN(e) && !math.IsNaN(m) {
				px, py = append(px, yr), append(py, e-m)
			}
		}
		h.Private, h.PrivateP = tauP(x, y, stats.Less)
		h.Public, h.PublicP = tauP(px, py, stats.Less)
		out = append(out, h)
	}
	return out
}

const (
	sdrAug  = "Human SDRs with AI tools (augmented)"
	sdrAuto = "Autonomous AI SDR agents"
)

var (
	cycle = map[string]float64{"Much shorter": -2, "Somewhat shorter": -1, "Same": 0, "Somewhat longer": 1, "Much longer": 2}
	sdr   = map[string]float64{"Decreased >25%": -2, "Decreased 1–25%": -1, "Flat": 0, "Increased 1–25%": 1, "Increased 26–50%": 2, "Increased >50%": 3}
)

func countNotNone(ch []string) float64 {
	n := 0.0
	for _, c := range ch {
		if c != "None" {
			n++
		}
	}
	return n
}

func deltaP(a, b []float64) (float64, float64) {
	r, err := stats.MannWhitney(a, b, stats.Greater)
	if err != nil {
		return math.NaN(), math.NaN()
	}
	return stats.CliffsDelta(a, b), r.P
}

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

func iqrSlope(by map[int][]float64) float64 {
	var xs, gs []float64
	for y := 2000; y <= 2100; y++ {
		if v := by[y]; len(v) > 0 {
			xs = append(xs, float64(y))
			gs = append(gs, stats.Quantile(v, 0.75)-stats.Quantile(v, 0.25))
		}
	}
	if len(xs) < 2 {
		return math.NaN()
	}
	return stats.Slope(xs, gs)
}
