package charts

import (
	"fmt"
	"image/color"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

// shareScale is 1 when the panel's shares are fractions and 100 when they
// are percentages (a category's stack sums to more than 1.5).
func shareScale(pn figure.Panel) float64 {
	sums := map[string]float64{}
	for _, s := range pn.Series {
		for _, p := range s.Points {
			if finite(p.Y) {
				sums[p.Category] += p.Y
			}
		}
	}
	for _, v := range sums {
		if v > 1.5 {
			return 100
		}
	}
	return 1
}

// categoryGaps gives, for each break, the canvas-free x position between the
// two categories it separates: categories are ordered, and a break b falls
// between i and i+1 when their x (Point.X, else the category read as a
// number) straddle b.
func categoryGaps(pn figure.Panel, cats []string) []float64 {
	xs := make([]float64, len(cats))
	for i, c := range cats {
		xs[i] = categoryX(pn, c)
	}
	var gaps []float64
	for _, b := range pn.Breaks {
		for i := 0; i+1 < len(xs); i++ {
			if xs[i] < b && b < xs[i+1] {
				gaps = append(gaps, float64(i)+0.5)
			}
		}
	}
	return gaps
}

// categoryX is the numeric position of a category: a point's X when set,
// else the category read as a number.
func categoryX(pn figure.Panel, cat string) float64 {
	for _, s := range pn.Series {
		for _, p := range s.Points {
			if p.Category == cat && p.X != 0 && finite(p.X) {
				return p.X
			}
		}
	}
	v, err := strconv.ParseFloat(cat, 64)
	if err != nil {
		return 0
	}
	return v
}

// drawShares draws one 100% stacked bar per category, the share printed in
// each segment tall enough, n above each bar and series names beside the
// last bar.
func drawShares(c draw.Canvas, f figure.Figure, pn figure.Panel) {
	cats := categories(pn)
	p := newPlot(f.XLabel, panelYLabel(f, pn))
	p.X.Min, p.X.Max = -0.5, float64(len(cats))-0.5
	p.Y.Min, p.Y.Max = 0, 1.09
	p.X.Padding = 0 // bars stand on the axis
	p.X.Tick.Marker = nominalTicks(figure.Panel{}, cats, c.Max.X-c.Min.X)
	p.X.Tick.Length = 0
	p.Y.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 0.25, Label: "25%"}, {Value: 0.5, Label: "50%"}, {Value: 0.75, Label: "75%"}, {Value: 1, Label: "100%"}}
	c.Max.X -= labelWidth(pn, c.Max.X-c.Min.X)
	p.Add(plotFunc(func(dc draw.Canvas, tx, ty func(float64) vg.Length) {
		tops, labels := stackBars(dc, f, pn, cats, tx, ty)
		for i, cat := range cats {
			if n := categoryN(pn, cat); n > 0 {
				ns := aligned(textStyle(notePx, false, muted), draw.XCenter, draw.YBottom)
				dc.FillText(ns, vg.Point{X: tx(float64(i)), Y: ty(tops[i]) + px(8)}, fmt.Sprintf("n = %d", n))
			}
		}
		for _, g := range categoryGaps(pn, cats) {
			breakLine(dc, tx(g))
		}
		drawDirectLabels(dc, labels, ty(1))
	}))
	p.Draw(c)
}

// stackBars draws the stacked segments and returns each bar's top (as a
// share) and, per series, a direct label at its segment in the last bar
// where it appears.
func stackBars(dc draw.Canvas, f figure.Figure, pn figure.Panel, cats []string, tx, ty func(float64) vg.Length) ([]float64, []directLabel) {
	idx := map[string]int{}
	for i, cat := range cats {
		idx[cat] = i
	}
	scale, cols := shareScale(pn), seriesColors(f, pn)
	half := (tx(1) - tx(0)) * 0.32
	base := make([]float64, len(cats))
	var labels []directLabel
	for si, s := range pn.Series {
		col := cols[si]
		lastI := -1
		var last directLabel
		for _, pt := range s.Points {
			v := pt.Y / scale
			if !finite(v) || v <= 0 {
				continue
			}
			i := idx[pt.Category]
			x := tx(float64(i))
			y0, y1 := ty(base[i]), ty(base[i]+v)
			base[i] += v
			dc.FillPolygon(col, []vg.Point{{X: x - half, Y: y0}, {X: x + half, Y: y0}, {X: x + half, Y: y1}, {X: x - half, Y: y1}})
			dc.StrokeLine2(draw.LineStyle{Color: color.White, Width: px(2)}, x-half, y1, x+half, y1)
			if y1-y0 >= px(labelPx*1.3) {
				ls := aligned(textStyle(labelPx, true, onColor(col)), draw.XCenter, draw.YCenter)
				dc.FillText(ls, vg.Point{X: x, Y: (y0 + y1) / 2}, fmt.Sprintf("%.0f%%", 100*v))
			}
			if i >= lastI {
				lastI = i
				last = directLabel{text: s.Name, y: (y0 + y1) / 2, at: vg.Point{X: x + half - px(10), Y: (y0 + y1) / 2},
					style: aligned(textStyle(labelPx, true, textColor(col)), draw.XLeft, draw.YCenter)}
			}
		}
		if lastI >= 0 {
			labels = append(labels, last)
		}
	}
	return base, labels
}
