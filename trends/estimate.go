package trends

import (
	"math"
	"math/bits"
	"slices"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// Variable is one analysed variable's trend: estimates per wave,
// comparability, tests and sentences.
type Variable struct {
	Name      string                 `json:"variable"`
	Label     string                 `json:"label"`
	Theme     codebook.Theme         `json:"theme"`
	Type      string                 `json:"type"`
	Years     []int                  `json:"years_asked"`
	Waves     []WaveCount            `json:"waves"`
	Missing   map[int]map[string]int `json:"missing_by_reason_before_cleaning,omitempty"`
	Pairs     []Pair                 `json:"comparability"`
	Span      []int                  `json:"comparable_span"` // consecutive comparable waves ending at the last asked
	NotTested []string               `json:"not_tested,omitempty"`
	// NotTestedWhy is set when no test was run at all: the reason, in words.
	NotTestedWhy Untested `json:"not_tested_why,omitempty"`
	// Headline is the variable's finding in plain words, the title of its
	// figure: its headline test's change, "No significant change in …, <the
	// waves tested>", or "…: not tested (<why>)".
	Headline string  `json:"headline"`
	Tests    []*Test `json:"tests"`
	// CompositionFlag is set when any test's direction or significance
	// changes under the raking weights.
	CompositionFlag bool     `json:"composition_flag"`
	Sentences       []string `json:"sentences,omitempty"`
	Cells           []Cell   `json:"-"` // the tidy estimates (trends.csv)

	v       *codebook.Variable
	asked   []Pair            // grades between consecutive waves that asked it (spanning waves that did not)
	values  map[int][]float64 // per year, the answerers' values (level index, bit set or number)
	weights map[int][]float64 // per year, their raking weights
}

// WaveCount is how many answered in one wave.
type WaveCount struct {
	Year     int     `json:"year"`
	Answered int     `json:"n_answered"`
	Missing  int     `json:"n_missing"` // kept respondents without an answer
	KishN    float64 `json:"kish_effective_n"`
}

// Cell is one estimate: a level's share, an option's share among those who
// answered, or a number's median, quartile or share at a bound.
type Cell struct {
	Year          int
	Level         string  // level, option, or median / q1 / q3 / at_min / at_max
	N             int     // respondents in the cell (answering, for median and quartiles)
	NAnswered     int     // respondents answering the question in the wave
	NEffective    float64 // Kish effective n of the answerers' weights
	Estimate      float64 // share in [0, 1] or the number
	Low, High     float64 // CI (Wilson, or order statistics for the median); NaN where none
	WEstimate     float64 // the same under the raking weights
	WLow, WHigh   float64 // Wilson on the effective n, or Woodruff for the median
	Comparability string  // this wave against the previous survey wave
}

// Share kinds of cells.
const (
	StatMedian = "median"
	StatQ1     = "q1"
	StatQ3     = "q3"
	StatAtMin  = "at_min"
	StatAtMax  = "at_max"
)

// estimateVariable collects a variable's answers and weights per wave
// (rows holds each year's rows) and estimates each wave.
func estimateVariable(d *dataset.Dataset, cb *codebook.Codebook, v *codebook.Variable, w []float64, rows map[int][]int, years []int, o Options) *Variable {
	tv := &Variable{Name: v.Name, Label: v.Label, Theme: v.Theme, Type: v.Type, v: v,
		values: map[int][]float64{}, weights: map[int][]float64{}}
	asked := cb.WavesAsking(v.Name)
	col := d.Col(v.Name)
	for _, y := range years {
		if !contains(asked, y) {
			continue
		}
		tv.Years = append(tv.Years, y)
		answered := 0
		for _, i := range rows[y] {
			if !math.IsNaN(col.Num[i]) {
				answered++
			}
		}
		var xs, ws []float64
		if answered > 0 {
			xs, ws = make([]float64, 0, answered), make([]float64, 0, answered)
		}
		for _, i := range rows[y] {
			if x := col.Num[i]; !math.IsNaN(x) {
				xs, ws = append(xs, x), append(ws, w[i])
			}
		}
		if xs != nil {
			tv.values[y], tv.weights[y] = xs, ws
		}
		tv.Waves = append(tv.Waves, WaveCount{Year: y, Answered: len(xs), Missing: len(rows[y]) - len(xs), KishN: stats.KishN(ws)})
	}
	tv.Pairs = gradeAll(cb, tv, years)
	tv.asked = gradeAll(cb, tv, tv.Years)
	for _, y := range tv.Years {
		cells := waveCells(tv, y, o.Level)
		for k := range cells {
			cells[k].Comparability = pairInto(tv.Pairs, y)
		}
		tv.Cells = append(tv.Cells, cells...)
	}
	return tv
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// gradeAll grades every pair of consecutive survey waves.
func gradeAll(cb *codebook.Codebook, tv *Variable, years []int) []Pair {
	byYear := map[int]*codebook.Wave{}
	for _, w := range cb.Waves {
		byYear[w.Year] = w
	}
	var counts map[int][]float64
	if tv.v.Type == codebook.TypeSingle || tv.v.Type == codebook.TypeOrdinal {
		counts = map[int][]float64{}
		for _, y := range tv.Years {
			c := make([]float64, len(tv.v.Levels))
			for _, x := range tv.values[y] {
				c[int(x)]++
			}
			counts[y] = c
		}
	}
	var out []Pair
	for k := 1; k < len(years); k++ {
		out = append(out, gradePair(cb, tv.v, byYear[years[k-1]], byYear[years[k]], counts))
	}
	return out
}

func pairInto(ps []Pair, y int) string {
	for _, p := range ps {
		if p.To == y {
			if p.How != "" {
				return string(p.Grade) + ": " + p.How
			}
			return string(p.Grade)
		}
	}
	return "first wave"
}

func waveCells(tv *Variable, y int, level float64) []Cell {
	xs, ws := tv.values[y], tv.weights[y]
	base := Cell{Year: y, NAnswered: len(xs), NEffective: stats.KishN(ws)}
	switch tv.v.Type {
	case codebook.TypeSingle, codebook.TypeOrdinal, codebook.TypeMulti:
		n, xw, tw := levelSums(tv.v.Type, len(tv.v.Levels), xs, ws)
		var out []Cell
		for l, name := range tv.v.Levels {
			out = append(out, shareCellOf(base, name, int(n[l]), xw[l], tw, level))
		}
		return out
	}
	return numberCells(base, tv.v, xs, ws, level)
}

// levelSums counts, per level, the answers that are (or, for a
// multi-select, include) it, n, and sums their weights, xw, each in the
// answers' order, in one pass; tw is the total weight.
func levelSums(typ string, k int, xs, ws []float64) (n, xw []float64, tw float64) {
	n, xw = make([]float64, k), make([]float64, k)
	var mask uint64 = math.MaxUint64
	if k < 64 {
		mask = 1<<k - 1
	}
	for i, x := range xs {
		tw += ws[i]
		if math.IsNaN(x) {
			continue // missing: in no level (int(NaN) differs between processors)
		}
		if typ != codebook.TypeMulti {
			if l := int(x); l >= 0 && l < k {
				n[l]++
				xw[l] += ws[i]
			}
			continue
		}
		for b := uint64(x) & mask; b != 0; b &= b - 1 {
			l := bits.TrailingZeros64(b)
			n[l]++
			xw[l] += ws[i]
		}
	}
	return n, xw, tw
}

// shareCell is the share of the answers for which in holds.
func shareCell(c Cell, level string, xs, ws []float64, in func(float64) bool, cl float64) Cell {
	n, xw, tw := 0, 0.0, 0.0
	for i, x := range xs {
		tw += ws[i]
		if in(x) {
			n++
			xw += ws[i]
		}
	}
	return shareCellOf(c, level, n, xw, tw, cl)
}

// shareCellOf is the cell of a share: n of the answers, with weight xw of tw,
// and its Wilson intervals (on the Kish effective n when weighted).
func shareCellOf(c Cell, level string, n int, xw, tw, cl float64) Cell {
	c.Level, c.N = level, n
	c.Estimate, c.WEstimate = math.NaN(), math.NaN()
	c.Low, c.High, c.WLow, c.WHigh = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if c.NAnswered > 0 {
		c.Estimate = float64(c.N) / float64(c.NAnswered)
		c.Low, c.High = stats.Wilson(float64(c.N), float64(c.NAnswered), cl)
	}
	if tw > 0 {
		c.WEstimate = xw / tw
		c.WLow, c.WHigh = stats.Wilson(c.WEstimate*c.NEffective, c.NEffective, cl)
	}
	return c
}

func numberCells(base Cell, v *codebook.Variable, xs, ws []float64, cl float64) []Cell {
	if len(xs) == 0 {
		return nil
	}
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	wo := stats.OrderWeighted(xs, ws)
	med := base
	med.Level, med.N = StatMedian, len(xs)
	med.Estimate, med.Low, med.High, _ = stats.MedianCISorted(sorted, cl)
	med.WEstimate, med.WLow, med.WHigh = wo.MedianCI(cl)
	out := []Cell{med}
	for _, q := range []struct {
		name string
		p    float64
	}{{StatQ1, 0.25}, {StatQ3, 0.75}} {
		c := base
		c.Level, c.N = q.name, len(xs)
		c.Estimate, c.WEstimate = stats.QuantileSorted(sorted, q.p), wo.Quantile(q.p)
		c.Low, c.High, c.WLow, c.WHigh = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		out = append(out, c)
	}
	if v.Min != nil {
		lo := *v.Min
		out = append(out, shareCell(base, StatAtMin, xs, ws, func(x float64) bool { return x <= lo }, cl))
	}
	if v.Max != nil {
		hi := *v.Max
		out = append(out, shareCell(base, StatAtMax, xs, ws, func(x float64) bool { return x >= hi }, cl))
	}
	return out
}
