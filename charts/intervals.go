package charts

import (
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

// categories lists the panel's categories in order of first appearance.
func categories(pn figure.Panel) []string {
	var cats []string
	seen := map[string]bool{}
	for _, s := range pn.Series {
		for _, p := range s.Points {
			if !seen[p.Category] {
				seen[p.Category] = true
				cats = append(cats, p.Category)
			}
		}
	}
	return cats
}

// categoryN is the n shown under a category: the points' common n, or their
// sum when they differ (counts per option); 0 when none is known.
func categoryN(pn figure.Panel, cat string) int {
	n, sum, same := -1, 0, true
	for _, s := range pn.Series {
		for _, p := range s.Points {
			if p.Category != cat || p.N <= 0 {
				continue
			}
			if n >= 0 && p.N != n {
				same = false
			}
			n = p.N
			sum += p.N
		}
	}
	switch {
	case n < 0:
		return 0
	case same:
		return n
	}
	return sum
}

// nominalTicks labels categories 0..len-1, each wrapped to its share of
// width w (two lines at most), with its n on the next line.
func nominalTicks(pn figure.Panel, cats []string, w vg.Length) plot.ConstantTicks {
	ticks := make(plot.ConstantTicks, len(cats))
	sty := textStyle(tickPx, false, muted)
	slot := w / vg.Length(max(len(cats), 1)) * 0.9
	for i, c := range cats {
		label := strings.Join(wrap(c, sty, slot, 2), "\n")
		if n := categoryN(pn, c); n > 0 {
			label += fmt.Sprintf("\nn = %d", n)
		}
		ticks[i] = plot.Tick{Value: float64(i), Label: label}
	}
	return ticks
}

// drawIntervals draws point estimates with CI bars per category, series
// side by side, each point labelled with its value and each series named
// above its first point.
func drawIntervals(c draw.Canvas, f figure.Figure, pn figure.Panel) {
	cats := categories(pn)
	idx := map[string]int{}
	for i, cat := range cats {
		idx[cat] = i
	}
	p := newPlot(f.XLabel, panelYLabel(f, pn))
	p.X.Min, p.X.Max = -0.5, float64(len(cats))-0.5
	p.Y.Min, p.Y.Max = valueRange(pn, true)
	p.Y.Tick.Marker = yTicker(f, pn)
	p.Y.Min, p.Y.Max = tickRange(pn, p.Y.Min, p.Y.Max)
	p.X.Tick.Marker = nominalTicks(pn, cats, c.Max.X-c.Min.X)
	p.X.Tick.Length = 0
	if len(pn.Bands) > 0 {
		c.Max.X -= labelWidth(figure.Panel{Bands: pn.Bands}, c.Max.X-c.Min.X)
	}
	ns := len(pn.Series)
	step := min(0.28, 0.7/float64(ns))
	cols := seriesColors(f, pn)
	p.Add(plotFunc(func(dc draw.Canvas, tx, ty func(float64) vg.Length) {
		refLines(dc, pn, ty)
		drawDirectLabels(dc, bandLabels(dc, pn, ty), dc.Max.Y)
		for si, s := range pn.Series {
			col := cols[si]
			off := (float64(si) - float64(ns-1)/2) * step
			named := ns < 2
			for _, pt := range s.Points {
				if !finite(pt.Y) {
					continue
				}
				x := tx(float64(idx[pt.Category]) + off)
				top := ty(pt.Y)
				if hasCI(pt) {
					ciBar(dc, draw.LineStyle{Color: col, Width: px(5)}, x, ty(pt.Low), ty(pt.High))
					top = ty(pt.High)
				}
				marker(dc, draw.GlyphStyle{Color: col, Radius: px(11), Shape: draw.CircleGlyph{}}, vg.Point{X: x, Y: ty(pt.Y)})
				label := pt.Label
				if label == "" {
					label = valueText(pt.Y, yUnit(f, pn))
				}
				ls := aligned(textStyle(labelPx, true, textColor(col)), draw.XLeft, draw.YCenter)
				dc.FillText(ls, vg.Point{X: x + px(22), Y: ty(pt.Y)}, label)
				if !named {
					nameStyle := aligned(textStyle(labelPx, true, textColor(col)), draw.XCenter, draw.YBottom)
					dc.FillText(nameStyle, vg.Point{X: x, Y: top + px(12)}, s.Name)
					named = true
				}
			}
		}
	}))
	p.Draw(c)
}
