package charts

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

// pFloor is the smallest adjusted p drawn; smaller ones sit on it.
const pFloor = 1e-4

// fmtP formats an adjusted p for a label.
func fmtP(p float64) string {
	switch {
	case !finite(p):
		return "no test"
	case p < pFloor:
		return "p < 0.0001"
	case p < 0.001:
		return "p = " + fmtFixed(p, 4)
	}
	return "p = " + fmtFixed(p, 3)
}

// drawVerdicts draws one row per hypothesis: its name at the left, its
// adjusted p as a dot on a log axis with the reference lines (α) dashed,
// and its verdict written at the right.
func drawVerdicts(c draw.Canvas, f figure.Figure, pn figure.Panel) {
	var rows []figure.Point
	for _, s := range pn.Series {
		rows = append(rows, s.Points...)
	}
	p := newPlot(f.XLabel, "")
	p.X.Scale = plot.LogScale{}
	p.X.Min, p.X.Max = pFloor/2, 1.5
	p.X.Tick.Marker = plot.ConstantTicks{{Value: 1e-4, Label: "0.0001"}, {Value: 1e-3, Label: "0.001"}, {Value: 0.01, Label: "0.01"}, {Value: 0.05, Label: "0.05"}, {Value: 1, Label: "1"}}
	p.Y.Min, p.Y.Max = -0.6, float64(len(rows))-0.4
	yt := make(plot.ConstantTicks, len(rows))
	rowStyle := textStyle(axisPx, true, ink)
	for i, r := range rows {
		label := strings.Join(wrap(r.Category, rowStyle, (c.Max.X-c.Min.X)*0.36, 2), "\n")
		yt[i] = plot.Tick{Value: float64(len(rows) - 1 - i), Label: label}
	}
	p.Y.Tick.Marker = yt
	p.Y.Tick.Label.Font = textStyle(axisPx, true, ink).Font
	p.Y.Tick.Label.Color = ink
	p.Y.Tick.Length = 0
	vs := aligned(textStyle(axisPx, true, ink), draw.XLeft, draw.YCenter)
	var vw vg.Length
	for _, r := range rows {
		vw = max(vw, vs.Width(r.Label))
	}
	c.Max.X -= vw + px(40)
	p.Add(plotFunc(func(dc draw.Canvas, tx, ty func(float64) vg.Length) {
		for _, r := range pn.RefY {
			x := tx(r)
			dc.StrokeLine2(draw.LineStyle{Color: muted, Width: px(2.5), Dashes: []vg.Length{px(10), px(7)}}, x, dc.Min.Y, x, dc.Max.Y)
			as := aligned(textStyle(labelPx, true, muted), draw.XLeft, draw.YTop)
			dc.FillText(as, vg.Point{X: x + px(10), Y: dc.Max.Y}, "α = "+strconv.FormatFloat(r, 'g', -1, 64))
		}
		for i, r := range rows {
			y := ty(float64(len(rows) - 1 - i))
			dc.StrokeLine2(draw.LineStyle{Color: faint, Width: px(1.5)}, dc.Min.X, y, dc.Max.X, y)
			ls := aligned(textStyle(labelPx, false, muted), draw.XLeft, draw.YCenter)
			if finite(r.Y) {
				x := tx(math.Max(r.Y, pFloor))
				marker(dc, draw.GlyphStyle{Color: palette[0], Radius: px(13), Shape: draw.CircleGlyph{}}, vg.Point{X: x, Y: y})
				dc.FillText(ls, vg.Point{X: x + px(24), Y: y}, fmtP(r.Y))
			}
			col := ink
			if !finite(r.Y) {
				col = muted
			}
			dc.FillText(aligned(textStyle(axisPx, true, col), draw.XLeft, draw.YCenter), vg.Point{X: dc.Max.X + px(40), Y: y}, r.Label)
		}
	}))
	p.Draw(c)
}
