package trends

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

// figures returns one figure per trend variable, then respondents per wave
// by stage.
func figures(r *Result, d *dataset.Dataset) []figure.Figure {
	var out []figure.Figure
	for _, tv := range r.Variables {
		out = append(out, variableFigure(tv))
	}
	return append(out, stageFigure(d))
}

// headline is the test a variable's figure is titled by: the smallest
// adjusted p, preferring the trend over all comparable waves on ties.
func headline(tv *Variable) *Test {
	var best *Test
	for _, t := range tv.Tests {
		if math.IsNaN(t.PAdjusted) {
			continue
		}
		if best == nil || t.PAdjusted < best.PAdjusted || (t.PAdjusted == best.PAdjusted && len(t.Years) > len(best.Years)) {
			best = t
		}
	}
	return best
}

func variableFigure(tv *Variable) figure.Figure {
	f := figure.Figure{Name: "trend_" + tv.Name, XLabel: "Survey year"}
	h := headline(tv)
	f.Title, f.Subtitle = figureTitle(tv, h), figureSubtitle(tv, h)
	panel := figure.Panel{Breaks: breaks(tv)}
	switch tv.v.Type {
	case codebook.TypeSingle, codebook.TypeOrdinal:
		f.Kind, f.YLabel = figure.Shares, "Share of respondents answering (%)"
		panel.Series = shareSeries(tv, figure.StyleBars, true)
	case codebook.TypeMulti:
		f.Kind, f.YLabel = figure.Lines, "Share choosing the option among those answering (%)"
		panel.Series = shareSeries(tv, figure.StyleLine, false)
		if bandsOnlyWhereSignificant(tv, panel.Series) {
			f.Notes = append(f.Notes, "95% CI bands drawn for the options whose trend is significant; every interval is in trends.csv")
		}
	default:
		f.Kind, f.YLabel = figure.Lines, "Median "+lowerFirst(tv.Label)+" with 95% CI"
		panel.Series = []figure.Series{medianSeries(tv)}
	}
	f.Panels = []figure.Panel{panel}
	if len(tv.Years) == 0 {
		f.Empty = "insufficient data: no wave asked this question"
	}
	f.Notes = append(f.Notes, tv.NotTested...)
	if tv.CompositionFlag {
		f.Notes = append(f.Notes, "A change here is not robust to reweighting by stage and region: it may reflect who answered.")
	}
	return f
}

func figureTitle(tv *Variable, _ *Test) string { return tv.Headline }

func figureSubtitle(tv *Variable, h *Test) string {
	n := 0
	for _, w := range tv.Waves {
		n += w.Answered
	}
	s := fmt.Sprintf("n = %s answers, %s", thousands(n), yearsText(tv.Years))
	if h == nil {
		if len(tv.NotTested) > 0 {
			return s + "; not tested: " + tv.NotTested[0]
		}
		return s + "; not tested"
	}
	return fmt.Sprintf("%s; %s, %s; BH-adjusted p %s", s, h.Method, h.Scope, pText(h.PAdjusted))
}

func yearsText(ys []int) string {
	switch len(ys) {
	case 0:
		return "no wave"
	case 1:
		return strconv.Itoa(ys[0])
	}
	return fmt.Sprintf("%d–%d", ys[0], ys[len(ys)-1])
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// breaks are the x positions (midway between two waves that asked the
// question) where it changed so that the waves are not comparable.
func breaks(tv *Variable) []float64 {
	var out []float64
	if len(tv.Years) == 0 {
		return nil
	}
	for _, p := range tv.asked {
		if !p.Grade.Comparable() {
			out = append(out, float64(p.From+p.To)/2)
		}
	}
	return out
}

func shareSeries(tv *Variable, style figure.Style, categorical bool) []figure.Series {
	var out []figure.Series
	for _, l := range tv.v.Levels {
		s := figure.Series{Name: l, Style: style}
		for _, y := range tv.Years {
			c := cellOf(tv, y, l)
			p := figure.Point{X: float64(y), Y: 100 * c.Estimate, Low: 100 * c.Low, High: 100 * c.High, N: c.N}
			if categorical {
				p.Category = strconv.Itoa(y)
			}
			s.Points = append(s.Points, p)
		}
		out = append(out, s)
	}
	return out
}

// bandsOnlyWhereSignificant keeps the CI bands of a multi-select chart
// readable: with more than three options, only the options with a
// significant test keep their band (the others' intervals stay in
// trends.csv). It reports whether any band was dropped.
func bandsOnlyWhereSignificant(tv *Variable, series []figure.Series) bool {
	if len(series) <= 3 {
		return false
	}
	sig := map[string]bool{}
	for _, t := range tv.Tests {
		if t.Significant {
			sig[t.Level] = true
		}
	}
	dropped := false
	for i := range series {
		if sig[series[i].Name] {
			continue
		}
		for j := range series[i].Points {
			p := &series[i].Points[j]
			p.Low, p.High = math.NaN(), math.NaN()
		}
		dropped = true
	}
	return dropped
}

func medianSeries(tv *Variable) figure.Series {
	s := figure.Series{Name: "median", Style: figure.StyleLine}
	for _, y := range tv.Years {
		c := cellOf(tv, y, StatMedian)
		if c.NAnswered == 0 {
			continue
		}
		s.Points = append(s.Points, figure.Point{X: float64(y), Y: c.Estimate, Low: c.Low, High: c.High, N: c.NAnswered})
	}
	return s
}

// stageFigure is respondents per wave by company stage, as shares.
func stageFigure(d *dataset.Dataset) figure.Figure {
	f := figure.Figure{Name: "trend_respondents_by_stage", Kind: figure.Shares, XLabel: "Survey year",
		YLabel: "Share of respondents (%)", Title: "Who answered: respondents per wave by company stage"}
	c := d.Col("company_stage")
	years := d.Years()
	if c == nil || c.Kind != dataset.Categorical || len(years) == 0 {
		f.Empty = "insufficient data: no company stage"
		return f
	}
	counts := map[int][]int{}
	totals := map[int]int{}
	for i, y := range d.Year {
		if counts[y] == nil {
			counts[y] = make([]int, len(c.Levels)+1)
		}
		l := len(c.Levels)
		if !math.IsNaN(c.Num[i]) {
			l = int(c.Num[i])
		}
		counts[y][l]++
		totals[y]++
	}
	var parts []string
	for _, y := range years {
		parts = append(parts, fmt.Sprintf("%d: %d", y, totals[y]))
	}
	f.Subtitle = "n per wave " + strings.Join(parts, ", ") + "; composition only, no test"
	var series []figure.Series
	for l, name := range append(append([]string(nil), c.Levels...), "not answered") {
		s := figure.Series{Name: name, Style: figure.StyleBars}
		for _, y := range years {
			s.Points = append(s.Points, figure.Point{X: float64(y), Category: strconv.Itoa(y),
				Y: 100 * float64(counts[y][l]) / float64(totals[y]), Low: math.NaN(), High: math.NaN(), N: counts[y][l]})
		}
		series = append(series, s)
	}
	f.Panels = []figure.Panel{{Series: series}}
	return f
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
