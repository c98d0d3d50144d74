package charts

import (
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

// plotFunc adapts a drawing function to plot.Plotter; it draws in the data
// area with the plot's transforms.
type plotFunc func(c draw.Canvas, tx, ty func(float64) vg.Length)

func (f plotFunc) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	f(c, tx, ty)
}

// newPlot is an empty plot in the house style: sans-serif axis text, light
// horizontal grid, no legend.
func newPlot(xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	axis := textStyle(axisPx, false, muted).Font
	tick := textStyle(tickPx, false, muted).Font
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font, a.Label.TextStyle.Color = axis, muted
		a.Label.Padding = px(12)
		a.Tick.Label.Font, a.Tick.Label.Color = tick, muted
		a.LineStyle = draw.LineStyle{Color: muted, Width: px(2)}
		a.Tick.LineStyle = draw.LineStyle{Color: muted, Width: px(2)}
		a.Tick.Length = px(8)
		a.Padding = px(8)
	}
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	p.Y.Tick.Marker = majorTicks{}
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal = draw.LineStyle{Color: faint, Width: px(1.5)}
	p.Add(g)
	return p
}

// majorTicks are gonum's default ticks without the unlabelled minor ones,
// which only add noise at slide distance, labelled in unit.
type majorTicks struct{ unit string }

func (m majorTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for _, t := range (plot.DefaultTicks{}).Ticks(lo, hi) {
		if !t.IsMinor() {
			if m.unit != "" || math.Abs(t.Value) >= 1e4 {
				t.Label = tickText(t.Value, m.unit)
			}
			out = append(out, t)
		}
	}
	return out
}

// yTicker is the panel's own ticks (an answer scale) or major ticks in
// the figure's unit.
func yTicker(f figure.Figure, pn figure.Panel) plot.Ticker {
	if len(pn.YTicks) == 0 {
		return majorTicks{unit: yUnit(f, pn)}
	}
	t := make(plot.ConstantTicks, len(pn.YTicks))
	for i, k := range pn.YTicks {
		t[i] = plot.Tick{Value: k.Value, Label: k.Label}
	}
	return t
}

// panelYLabel is the panel's y label, or the figure's.
func panelYLabel(f figure.Figure, pn figure.Panel) string {
	if pn.YLabel != "" {
		return pn.YLabel
	}
	return f.YLabel
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// hasCI reports whether p carries an interval distinct from its estimate.
func hasCI(p figure.Point) bool {
	return finite(p.Low) && finite(p.High) && p.High > p.Low
}

// valueRange is the span of every value, interval, band and reference line
// of pn, padded so marks and labels do not touch the frame.
func valueRange(pn figure.Panel, bandsOnly bool) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	add := func(v float64) {
		if finite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	for _, s := range pn.Series {
		for _, p := range s.Points {
			if s.Style != figure.StyleBand || bandsOnly {
				add(p.Y)
			}
			add(p.Low)
			add(p.High)
		}
	}
	for _, b := range pn.Bands {
		add(b.Low)
		add(b.High)
	}
	for _, r := range pn.RefY {
		add(r)
	}
	if lo > hi {
		return 0, 1
	}
	if span := hi - lo; span > 0 {
		return lo - 0.08*span, hi + 0.14*span
	}
	// One value (a median of whole numbers that never moves): a range
	// around it whose nice ticks include it, not below zero for a
	// non-negative value.
	w := math.Max(math.Abs(lo)/2, 1)
	if lo >= 0 {
		return math.Max(lo-w, 0) - 0.1*w, hi + w
	}
	return lo - w, hi + w
}

// marker draws a point estimate: a filled circle with a white ring.
func marker(c draw.Canvas, col draw.GlyphStyle, pt vg.Point) {
	ring := draw.GlyphStyle{Color: color.White, Radius: col.Radius + px(3), Shape: draw.CircleGlyph{}}
	c.DrawGlyphNoClip(ring, pt)
	c.DrawGlyphNoClip(col, pt)
}

// ciBar draws a vertical interval with caps from lo to hi at x.
func ciBar(c draw.Canvas, sty draw.LineStyle, x, lo, hi vg.Length) {
	capw := px(12)
	c.StrokeLines(sty, []vg.Point{{X: x, Y: lo}, {X: x, Y: hi}},
		[]vg.Point{{X: x - capw, Y: lo}, {X: x + capw, Y: lo}},
		[]vg.Point{{X: x - capw, Y: hi}, {X: x + capw, Y: hi}})
}

// directLabel is one text placed beside the data, nudged to avoid overlap.
type directLabel struct {
	text  string
	y     vg.Length // wanted centre
	at    vg.Point  // the mark it labels
	style text.Style
}

// spread moves labels vertically so none overlap, keeping them within
// [lo, hi] where there is room, and returns them sorted top-down.
func spread(ls []directLabel, lo, hi vg.Length) []directLabel {
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].y > ls[j].y })
	n := len(ls)
	if n == 0 {
		return ls
	}
	ls[0].y = min(ls[0].y, hi)
	for i := 1; i < n; i++ {
		ls[i].y = min(ls[i].y, ls[i-1].y-lineHeight(ls[i].style))
	}
	if ls[n-1].y < lo {
		ls[n-1].y = lo
		for i := n - 2; i >= 0; i-- {
			ls[i].y = max(ls[i].y, ls[i+1].y+lineHeight(ls[i].style))
		}
	}
	return ls
}

// tickText writes a tick in its unit, as short as the value allows: "60%",
// "$600k", "30 pts".
func tickText(v float64, unit string) string {
	n := strconv.FormatFloat(v, 'f', -1, 64)
	if math.Abs(v) >= 1e4 {
		n = fmtNum(v)
	}
	switch unit {
	case "%":
		return n + "%"
	case "$":
		if v < 0 {
			return "-$" + strings.TrimPrefix(n, "-")
		}
		return "$" + n
	case "pts":
		return n + " pts"
	}
	return n
}

// valueText writes a plotted value in its unit: "42%", "$640k", "1.2".
func valueText(v float64, unit string) string {
	switch unit {
	case "%":
		if s := fmtNum(v); s != "" {
			return s + "%"
		}
		return ""
	case "$":
		if !finite(v) {
			return ""
		}
		if v < 0 {
			return "-" + valueText(-v, unit)
		}
		return "$" + fmtNum(v)
	case "pts":
		if s := fmtNum(v); s != "" {
			return s + " pts"
		}
		return ""
	}
	return fmtNum(v)
}

// fmtNum formats a plotted value with about three significant digits,
// thousands as "k" and millions as "M" (640k, not 639500).
func fmtNum(v float64) string {
	if !finite(v) {
		return ""
	}
	a := math.Abs(v)
	switch {
	case a >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', map[bool]int{true: 0, false: 1}[a >= 1e7], 64) + "M"
	case a >= 1e4:
		return strconv.FormatFloat(v/1e3, 'f', 0, 64) + "k"
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 0.01 || a == 0:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 2, 64)
}

// refLines draws the panel's reference bands and lines across the data area.
func refLines(c draw.Canvas, pn figure.Panel, ty func(float64) vg.Length) {
	for _, b := range pn.Bands {
		y0, y1 := ty(b.Low), ty(b.High)
		c.FillPolygon(withAlpha(palette[5], 0.22), []vg.Point{{X: c.Min.X, Y: y0}, {X: c.Max.X, Y: y0}, {X: c.Max.X, Y: y1}, {X: c.Min.X, Y: y1}})
	}
	for _, r := range pn.RefY {
		y := ty(r)
		c.StrokeLine2(draw.LineStyle{Color: muted, Width: px(2.5), Dashes: []vg.Length{px(10), px(7)}}, c.Min.X, y, c.Max.X, y)
	}
}

// bandLabels are the direct labels of the panel's reference bands, at the
// right edge of the data area, just above the band's upper edge (its middle
// is where a value near the reference sits and is labelled).
func bandLabels(c draw.Canvas, pn figure.Panel, ty func(float64) vg.Length) []directLabel {
	var ls []directLabel
	for _, b := range pn.Bands {
		if b.Label == "" {
			continue
		}
		at := vg.Point{X: c.Max.X - px(14), Y: ty(b.High) + px(notePx)}
		ls = append(ls, directLabel{text: b.Label, y: at.Y, at: at, style: aligned(textStyle(notePx, false, muted), draw.XLeft, draw.YCenter)})
	}
	return ls
}

// drawDirectLabels spreads labels so none overlap and writes them right of
// the data area, each joined to its mark by a thin leader.
func drawDirectLabels(c draw.Canvas, ls []directLabel, top vg.Length) {
	for _, l := range spread(ls, c.Min.Y, top) {
		x := c.Max.X + px(14)
		c.StrokeLine2(draw.LineStyle{Color: faint, Width: px(2)}, l.at.X+px(14), l.at.Y, x, l.y)
		c.FillText(l.style, vg.Point{X: x + px(6), Y: l.y}, l.text)
	}
}

// breakLine marks a change of question at canvas x: a dashed vertical line
// labelled at the top of the data area on a white ground.
func breakLine(c draw.Canvas, x vg.Length) {
	c.StrokeLine2(draw.LineStyle{Color: ink, Width: px(3), Dashes: []vg.Length{px(6), px(6)}}, x, c.Min.Y, x, c.Max.Y)
	s := aligned(textStyle(notePx, true, ink), draw.XCenter, draw.YTop)
	const label = "question changed"
	w, h := s.Width(label)/2+px(8), lineHeight(s)
	top := c.Max.Y
	c.FillPolygon(color.White, []vg.Point{{X: x - w, Y: top}, {X: x + w, Y: top}, {X: x + w, Y: top - h}, {X: x - w, Y: top - h}})
	c.FillText(s, vg.Point{X: x, Y: top - px(2)}, label)
}

// fmtFixed formats v with the given number of decimals.
func fmtFixed(v float64, digits int) string { return strconv.FormatFloat(v, 'f', digits, 64) }

// tickRange widens lo..hi to the panel's own ticks, so that an answer
// scale shows its ends.
func tickRange(pn figure.Panel, lo, hi float64) (float64, float64) {
	for _, t := range pn.YTicks {
		lo, hi = min(lo, t.Value), max(hi, t.Value)
	}
	return lo, hi
}

// yUnit is the panel's unit, or the figure's.
func yUnit(f figure.Figure, pn figure.Panel) string {
	if pn.YUnit != "" {
		return pn.YUnit
	}
	return f.YUnit
}
