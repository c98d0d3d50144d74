package trends

import (
	"fmt"
	"math"
	"regexp"
	"slices"
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
	f.Title, f.Subtitle, f.Stats = figureTitle(tv, h), figureSubtitle(tv), figureStats(tv, h)
	if h != nil && h.Significant && h.Level != "" {
		f.Focus = []string{h.Level}
	}
	panel := figure.Panel{Breaks: breaks(tv)}
	switch tv.v.Type {
	case codebook.TypeSingle, codebook.TypeOrdinal:
		f.Kind, f.YLabel, f.YUnit = figure.Shares, "Share of companies answering", "%"
		panel.Series = foldTail(shareSeries(tv, figure.StyleBars, true), f.Focus)
		panel.Ordered = tv.v.Type == codebook.TypeOrdinal
		muteOffScale(panel.Series)
	case codebook.TypeMulti:
		f.Kind, f.YLabel, f.YUnit = figure.Lines, "Share choosing the option among those answering", "%"
		panel.Series = shareSeries(tv, figure.StyleLine, false)
		if bandsOnlyWhereSignificant(tv, panel.Series) && len(f.Focus) > 0 {
			f.Notes = append(f.Notes, "95% intervals shown for the options that changed")
		}
	default:
		f.Kind, f.YLabel, f.YUnit = figure.Lines, "Median "+lowerFirst(tv.Label), unitOfLabel(tv.Label)
		panel.Series = []figure.Series{medianSeries(tv)}
		f.Notes = append(f.Notes, "Medians with 95% intervals")
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

// figureSubtitle is who answered and when: "1,930 companies, 2022–2026".
func figureSubtitle(tv *Variable) string {
	n := 0
	for _, w := range tv.Waves {
		n += w.Answered
	}
	return fmt.Sprintf("%s companies answering, %s", figure.Thousands(n), figure.YearSpan(tv.Years))
}

// figureStats is the chart's "Stats:" footer: the headline test and its
// BH-adjusted p, or why nothing was tested.
func figureStats(tv *Variable, h *Test) string {
	if h == nil {
		if len(tv.NotTested) > 0 {
			return "not tested: " + tv.NotTested[0]
		}
		return "not tested"
	}
	return fmt.Sprintf("%s, %s; Benjamini-Hochberg-adjusted p %s (exploratory, all trend tests)", h.Name(), h.Scope, pText(h.PAdjusted))
}

// unitOfLabel is a number's unit from its label: "%" or "$" (USD).
func unitOfLabel(label string) string {
	l := strings.ToLower(label)
	switch {
	case strings.Contains(l, "%") || strings.Contains(l, "pct") || strings.Contains(l, "percent") || strings.Contains(l, "growth") || strings.Contains(l, "gain"):
		return "%"
	case strings.Contains(l, "usd") || strings.Contains(l, "$") || strings.Contains(l, "arr per"):
		return "$"
	}
	return ""
}

// offScale matches answers outside an ordered scale ("No SDRs", "Don't
// know"): they are drawn grey, not as a step of the ramp.
var offScale = regexp.MustCompile(`^(No |Don't know|Not sure|Prefer not|N/A)`)

func muteOffScale(series []figure.Series) {
	for i := range series {
		if offScale.MatchString(series[i].Name) {
			series[i].Muted = true
		}
	}
}

// maxStacked is the most answers a stacked bar shows; the rest fold into
// "Other (n)".
const maxStacked = 7

// foldTail keeps the first maxStacked−1 answers (and any in focus) of a
// stacked bar and sums the rest into one "Other (n)" series, so that no
// two answers share a colour.
func foldTail(series []figure.Series, focus []string) []figure.Series {
	if len(series) <= maxStacked {
		return series
	}
	var keep, rest []figure.Series
	for i, s := range series {
		if i < maxStacked-1 || slices.Contains(focus, s.Name) {
			keep = append(keep, s)
		} else {
			rest = append(rest, s)
		}
	}
	other := figure.Series{Name: fmt.Sprintf("Other (%d)", len(rest)), Style: rest[0].Style, Muted: true}
	for j, p := range rest[0].Points {
		q := figure.Point{X: p.X, Category: p.Category, Low: math.NaN(), High: math.NaN()}
		for _, s := range rest {
			q.Y += s.Points[j].Y
			q.N += s.Points[j].N
		}
		other.Points = append(other.Points, q)
	}
	return append(keep, other)
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
		YLabel: "Share of companies", YUnit: "%", Title: "Who answered: companies per wave by stage"}
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
		parts = append(parts, fmt.Sprintf("%d: %s", y, figure.Thousands(totals[y])))
	}
	f.Subtitle = "Companies per wave: " + strings.Join(parts, ", ")
	f.Stats = "composition only, no test"
	var series []figure.Series
	for l, name := range append(append([]string(nil), c.Levels...), "not answered") {
		s := figure.Series{Name: name, Style: figure.StyleBars}
		for _, y := range years {
			s.Points = append(s.Points, figure.Point{X: float64(y), Category: strconv.Itoa(y),
				Y: 100 * float64(counts[y][l]) / float64(totals[y]), Low: math.NaN(), High: math.NaN(), N: counts[y][l]})
		}
		series = append(series, s)
	}
	f.Panels = []figure.Panel{{Series: foldTail(series, nil)}}
	return f
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
