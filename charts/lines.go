package charts

import (
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

// runs splits a series' points, sorted by x, into runs not crossing a break
// and without missing values; lines and bands are never joined across one.
func runs(pts []figure.Point, breaks []float64, band bool) [][]figure.Point {
	ps := append([]figure.Point(nil), pts...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].X < ps[j].X })
	var out [][]figure.Point
	var cur []figure.Point
	for _, p := range ps {
		ok := finite(p.X) && finite(p.Y)
		if band {
			ok = finite(p.X) && hasCI(p)
		}
		if !ok || (len(cur) > 0 && crosses(cur[len(cur)-1].X, p.X, breaks)) {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
		}
		if ok {
			cur = append(cur, p)
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// crosses reports whether a break lies strictly between a and b.
func crosses(a, b float64, breaks []float64) bool {
	for _, x := range breaks {
		if a < x && x < b {
			return true
		}
	}
	return false
}

// xTicks puts a tick at every distinct x when they are few whole numbers
// (survey years), else leaves gonum's default ticks. Where four-digit
// years would run together in width w, they are written '22, '23, ….
func xTicks(pn figure.Panel, w vg.Length) plot.Ticker {
	seen := map[float64]bool{}
	var xs []float64
	for _, s := range pn.Series {
		for _, p := range s.Points {
			if !finite(p.X) || p.X != math.Trunc(p.X) {
				return plot.DefaultTicks{}
			}
			if !seen[p.X] {
				seen[p.X] = true
				xs = append(xs, p.X)
			}
		}
	}
	if len(xs) > 16 {
		return plot.DefaultTicks{}
	}
	sort.Float64s(xs)
	short := w/vg.Length(len(xs)+1) < px(100)
	ticks := make(plot.ConstantTicks, len(xs))
	for i, x := range xs {
		l := strconv.FormatFloat(x, 'f', 0, 64)
		if short && x >= 1000 && x < 10000 {
			l = "’" + l[2:]
		}
		ticks[i] = plot.Tick{Value: x, Label: l}
	}
	return ticks
}

// xSpan is the range of x over pn, padded by a quarter of the smallest step.
func xSpan(pn figure.Panel) (lo, hi float64) {
	var xs []float64
	for _, s := range pn.Series {
		for _, p := range s.Points {
			if finite(p.X) {
				xs = append(xs, p.X)
			}
		}
	}
	if len(xs) == 0 {
		return 0, 1
	}
	sort.Float64s(xs)
	step := 1.0
	for i := 1; i < len(xs); i++ {
		if d := xs[i] - xs[i-1]; d > 0 && d < step {
			step = d
		}
	}
	return xs[0] - 0.3*step, xs[len(xs)-1] + 0.3*step
}

// labelWidth is the widest series name in direct-label style, capped at a
// third of the panel.
func labelWidth(pn figure.Panel, panelW vg.Length) vg.Length {
	s := textStyle(labelPx, true, ink)
	var w vg.Length
	for _, se := range pn.Series {
		w = max(w, s.Width(se.Name))
	}
	for _, b := range pn.Bands {
		w = max(w, textStyle(notePx, false, muted).Width(b.Label))
	}
	return min(w+px(40), panelW/3)
}

// drawLinesKind draws each series over a numeric x: bands, CI bands, lines
// with markers, the shaded gap, breaks, and series names at the right end.
func drawLinesKind(c draw.Canvas, f figure.Figure, pn figure.Panel) {
	p := newPlot(f.XLabel, panelYLabel(f, pn))
	p.X.Min, p.X.Max = xSpan(pn)
	p.Y.Min, p.Y.Max = valueRange(pn, false)
	p.Y.Tick.Marker = yTicker(f, pn)
	p.X.Tick.Marker = xTicks(pn, c.Max.X-c.Min.X-labelWidth(pn, c.Max.X-c.Min.X))
	c.Max.X -= labelWidth(pn, c.Max.X-c.Min.X)
	var labels []directLabel
	cols := seriesColors(f, pn)
	p.Add(plotFunc(func(dc draw.Canvas, tx, ty func(float64) vg.Length) {
		refLines(dc, pn, ty)
		shadeGap(dc, pn, tx, ty)
		for si, s := range pn.Series {
			if l, ok := drawSeries(dc, s, cols[si], pn.Breaks, tx, ty); ok {
				labels = append(labels, l)
			}
		}
		for _, b := range pn.Breaks {
			breakLine(dc, tx(b))
		}
		drawDirectLabels(dc, append(labels, bandLabels(dc, pn, ty)...), dc.Max.Y)
	}))
	p.Draw(c)
}

// drawSeries draws one series in colour col and returns its direct label,
// anchored at its last point.
func drawSeries(c draw.Canvas, s figure.Series, col color.RGBA, breaks []float64, tx, ty func(float64) vg.Length) (directLabel, bool) {
	band := s.Style == figure.StyleBand
	rs := runs(s.Points, breaks, band)
	if len(rs) == 0 {
		return directLabel{}, false
	}
	for _, r := range rs {
		if band || s.Style == figure.StyleLine {
			fillBand(c, r, withAlpha(col, map[bool]float64{true: 0.30, false: 0.16}[band]), tx, ty)
		}
		if band {
			continue
		}
		pts := make([]vg.Point, len(r))
		for i, pt := range r {
			pts[i] = vg.Point{X: tx(pt.X), Y: ty(pt.Y)}
			if s.Style == figure.StylePoints && hasCI(pt) {
				ciBar(c, draw.LineStyle{Color: col, Width: px(4)}, pts[i].X, ty(pt.Low), ty(pt.High))
			}
		}
		if s.Style != figure.StylePoints && len(pts) > 1 {
			c.StrokeLines(draw.LineStyle{Color: col, Width: px(6)}, pts)
		}
		for i, pt := range r {
			marker(c, draw.GlyphStyle{Color: col, Radius: px(9), Shape: draw.CircleGlyph{}}, pts[i])
			if pt.Label != "" {
				ls := aligned(textStyle(notePx, true, textColor(col)), draw.XCenter, draw.YBottom)
				c.FillText(ls, vg.Point{X: pts[i].X, Y: pts[i].Y + px(18)}, pt.Label)
			}
		}
	}
	last := rs[len(rs)-1][len(rs[len(rs)-1])-1]
	y := last.Y
	if band {
		y = (last.Low + last.High) / 2
	}
	at := vg.Point{X: tx(last.X), Y: ty(y)}
	return directLabel{text: s.Name, y: at.Y, at: at,
		style: aligned(textStyle(labelPx, true, textColor(col)), draw.XLeft, draw.YCenter)}, true
}

// fillBand fills the area between Low and High along a run.
func fillBand(c draw.Canvas, r []figure.Point, fill color.Color, tx, ty func(float64) vg.Length) {
	var poly []vg.Point
	for _, p := range r {
		if hasCI(p) {
			poly = append(poly, vg.Point{X: tx(p.X), Y: ty(p.High)})
		}
	}
	for i := len(r) - 1; i >= 0; i-- {
		if hasCI(r[i]) {
			poly = append(poly, vg.Point{X: tx(r[i].X), Y: ty(r[i].Low)})
		}
	}
	if len(poly) >= 4 {
		c.FillPolygon(fill, poly)
	}
}

// shadeGap fills the area between the two series named by pn.Shade at the
// x values both have, and labels it at its widest point.
func shadeGap(c draw.Canvas, pn figure.Panel, tx, ty func(float64) vg.Length) {
	if pn.Shade == nil {
		return
	}
	lower, upper := seriesNamed(pn, pn.Shade.Lower), seriesNamed(pn, pn.Shade.Upper)
	if lower == nil || upper == nil {
		return
	}
	lo := map[float64]float64{}
	for _, p := range lower.Points {
		if finite(p.X) && finite(p.Y) {
			lo[p.X] = p.Y
		}
	}
	for _, r := range runs(upper.Points, pn.Breaks, false) {
		var top, bottom []vg.Point
		widest, at := -1.0, vg.Point{}
		for _, p := range r {
			l, ok := lo[p.X]
			if !ok {
				continue
			}
			top = append(top, vg.Point{X: tx(p.X), Y: ty(p.Y)})
			bottom = append([]vg.Point{{X: tx(p.X), Y: ty(l)}}, bottom...)
			if d := math.Abs(p.Y - l); d > widest {
				widest = d
			}
		}
		if len(top) < 2 {
			continue
		}
		mid := len(top) / 2
		at = vg.Point{X: (top[mid-1].X + top[mid].X) / 2, Y: (top[mid-1].Y + top[mid].Y + bottom[len(bottom)-mid].Y + bottom[len(bottom)-mid-1].Y) / 4}
		c.FillPolygon(withAlpha(palette[7], 0.08), append(top, bottom...))
		if pn.Shade.Label != "" {
			s := aligned(textStyle(labelPx, true, muted), draw.XCenter, draw.YCenter)
			c.FillText(s, at, pn.Shade.Label)
		}
	}
}

func seriesNamed(pn figure.Panel, name string) *figure.Series {
	for i := range pn.Series {
		if pn.Series[i].Name == name {
			return &pn.Series[i]
		}
	}
	return nil
}
