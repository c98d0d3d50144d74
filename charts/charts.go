// Package charts draws figure.Figure values as slide-ready charts: 1920×1080
// PNG and SVG (fonts embedded, so the SVG looks the same where the fonts are
// not installed) and, beside each, a CSV of the numbers it plots.
//
// Charts never compute statistics: every number drawn comes from the
// Figure. Text is Liberation Sans (titles 46 px, labels at least 24 px,
// the grey "Stats:" footer 20 px), values are written in the figure's unit
// (42%, $640k, 30 pts), series are labelled directly instead of through a
// legend, intervals are bars or bands, and a figure with nothing to draw
// becomes a labelled empty panel. Colours are the Okabe–Ito palette, each
// used at most once in a panel: the series a figure's Focus names keep
// theirs and the others are grey, an ordered answer scale is one blue
// ramp, and muted series and those past the palette are grey.
//
// A chart is its slide image (the figure without its title, 1920×920)
// below a band that holds the title, so the two PNGs share one drawing
// and one compression of everything under the title.
package charts

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"regexp"
	"strings"
	"sync"

	"git.sr.ht/~sbinet/gg"
	xdraw "golang.org/x/image/draw"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/parallel"
	"github.com/gtmsurvey/gtmsurvey/internal/pngenc"
)

var validName = regexp.MustCompile(`^[a-z0-9_]+$`)

// Drawn is every figure drawn: the files of charts/ and, per figure in
// order, its slide image (a 1920×SlideHeightPx PNG without the title, for a
// slide whose own title states the finding) and its page image. A chart is
// its slide image with a band on top that holds the title, so both are
// drawn and compressed once.
type Drawn struct {
	Files  map[string][]byte // NAME.png, NAME.svg and NAME.csv
	Slides [][]byte          // 1920×SlideHeightPx PNG without the title, for a slide
	Pages  [][]byte          // the chart at PageWidthPx wide in few colours, for a web page
}

// DrawAll renders every figure: NAME.png, NAME.svg and NAME.csv for each
// figure's Name, and its slide and page images. Names must be lower case
// [a-z0-9_] and unique; the same figures always give the same bytes.
func DrawAll(figs []figure.Figure) (Drawn, error) {
	seen := make(map[string]bool, len(figs))
	for i, f := range figs {
		if !validName.MatchString(f.Name) {
			return Drawn{}, fmt.Errorf("figure %d: name %q is not lower case [a-z0-9_]", i+1, f.Name)
		}
		if seen[f.Name] {
			return Drawn{}, fmt.Errorf("figure %d: name %q used twice", i+1, f.Name)
		}
		seen[f.Name] = true
	}
	res := make([]rendered, len(figs))
	err := parallel.Each(len(figs), func(i int) error {
		r, err := render(figs[i])
		if err == nil {
			r.csv, err = CSV(figs[i])
		}
		res[i] = r
		return err
	})
	if err != nil {
		return Drawn{}, err
	}
	d := Drawn{Files: make(map[string][]byte, 3*len(figs)), Slides: make([][]byte, len(figs)), Pages: make([][]byte, len(figs))}
	for i, f := range figs {
		d.Files[f.Name+".png"], d.Files[f.Name+".svg"], d.Files[f.Name+".csv"] = res[i].png, res[i].svg, res[i].csv
		d.Slides[i], d.Pages[i] = res[i].slide, res[i].page
	}
	return d, nil
}

// SlideHeightPx is the height of a slide image: 1920 wide, it fills the
// slide's width below a one-inch title.
const SlideHeightPx = 920

// Page layout in pixels. A chart is the slide's layout below a band of
// HeightPx−SlideHeightPx that holds the title.
const (
	marginPx    = 56
	topMarginPx = 42 // above the subtitle; also the bottom margin
	bandPx      = HeightPx - SlideHeightPx
	panelGapPx  = 72
)

// rendered is one figure's files, slide image and page image.
type rendered struct{ png, svg, csv, slide, page []byte }

// render draws f's slide image, the title band above it and the SVG of the
// whole chart, and compresses the two PNGs.
func render(f figure.Figure) (r rendered, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("figure %s: draw: %v", f.Name, p)
		}
	}()
	body, c := newRaster(SlideHeightPx)
	defer putRaster(body)
	if err := drawBody(c, f); err != nil {
		return r, fmt.Errorf("figure %s: %w", f.Name, err)
	}
	// The band also covers the slide's empty top margin, so that the title
	// may reach below the band; the slide's rows there are copied in first.
	band, c := newRaster(bandPx + topMarginPx)
	defer putRaster(band)
	copy(band.Pix[bandPx*band.Stride:], body.Pix[:topMarginPx*body.Stride])
	drawTitle(c, f)
	r.png, r.slide = pngenc.EncodePair(band, body, topMarginPx)
	if r.page, err = pageImage(band, body, topMarginPx); err != nil {
		return r, fmt.Errorf("figure %s: page image: %w", f.Name, err)
	}
	w, h := px(WidthPx), px(HeightPx)
	sv := newSVG(w, h)
	sv.SetColor(color.White) // as the PNG's background
	sv.Fill(vg.Rectangle{Max: vg.Point{X: w, Y: h}}.Path())
	if err := drawFigure(draw.NewCanvas(sv, w, h), f); err != nil {
		return r, fmt.Errorf("figure %s: %w", f.Name, err)
	}
	var sb bytes.Buffer
	if _, err := sv.WriteTo(&sb); err != nil {
		return r, fmt.Errorf("figure %s: encode svg: %w", f.Name, err)
	}
	r.svg = withSVGTitle(sb.Bytes(), f)
	return r, nil
}

// rasters keeps the pixels of images for reuse (the canvas paints them
// white first), so that each figure does not allocate and zero them anew.
var rasters sync.Pool // *[]byte, room for WidthPx×SlideHeightPx

// newRaster is a white WidthPx×heightPx image (heightPx at most
// SlideHeightPx) and a canvas drawing on it. Hand the image to putRaster
// once it is no longer needed.
func newRaster(heightPx int) (*image.RGBA, draw.Canvas) {
	pix, ok := rasters.Get().(*[]byte)
	if !ok {
		b := make([]byte, 4*WidthPx*SlideHeightPx)
		pix = &b
	}
	rgba := &image.RGBA{Pix: (*pix)[:4*WidthPx*heightPx], Stride: 4 * WidthPx, Rect: image.Rect(0, 0, WidthPx, heightPx)}
	ctx := gg.NewContextForRGBA(rgba)
	ctx.SetLineCapButt()
	ctx.InvertY()
	// Glyph masks land on whole pixels (text is level or a quarter turn), so
	// nearest-neighbour placement draws them exactly, and much faster than
	// the default bilinear resampling.
	ctx.SetInterpolator(xdraw.NearestNeighbor)
	img := vgimg.NewWith(vgimg.UseImageWithContext(rgba, ctx), vgimg.UseDPI(dpi))
	return rgba, draw.NewCanvas(img, px(WidthPx), px(float64(heightPx)))
}

// putRaster keeps img's pixels for another newRaster.
func putRaster(img *image.RGBA) {
	pix := img.Pix[:cap(img.Pix)]
	rasters.Put(&pix)
}

// drawFigure draws the whole chart on c: the title in the top band, the
// slide's layout below it.
func drawFigure(c draw.Canvas, f figure.Figure) error {
	drawTitle(c, f)
	c.Max.Y -= px(bandPx)
	return drawBody(c, f)
}

// drawTitle writes f's title, up to two lines, at the top of c, centred
// in the band between the top edge and the subtitle.
func drawTitle(c draw.Canvas, f figure.Figure) {
	if f.Title == "" {
		return
	}
	sty := textStyle(titlePx, true, ink)
	m := px(marginPx)
	lines := wrap(f.Title, sty, c.Max.X-c.Min.X-2*m, 2)
	h := vg.Length(len(lines)) * lineHeight(sty)
	drawLines(c, sty, c.Min.X+m, c.Max.Y-(px(bandPx+topMarginPx)-h)/2, lines)
}

// drawBody lays out subtitle, panels and notes on c, the slide's layout.
func drawBody(c draw.Canvas, f figure.Figure) error {
	m := px(marginPx)
	body := draw.Crop(c, m, -m, px(topMarginPx), -px(topMarginPx))
	width := body.Max.X - body.Min.X
	top := body.Max.Y
	if f.Subtitle != "" {
		top = drawLines(c, textStyle(subtitlePx, false, muted), body.Min.X, top, wrap(f.Subtitle, textStyle(subtitlePx, false, muted), width, 2))
	}
	body.Max.Y = top - px(24)
	body.Min.Y = drawStats(c, body, f.Stats)
	body.Min.Y = drawNotes(c, body, f.Notes)
	switch {
	case f.Empty != "":
		drawEmpty(body, "Insufficient data", trimPrefixFold(f.Empty, "insufficient data"))
		return nil
	case len(f.Panels) == 0:
		drawEmpty(body, "Nothing to draw", "the figure has no panels")
		return nil
	}
	n := vg.Length(len(f.Panels))
	gap := px(panelGapPx)
	pw := (width - gap*(n-1)) / n
	for i, pn := range f.Panels {
		pc := body
		pc.Min.X = body.Min.X + vg.Length(i)*(pw+gap)
		pc.Max.X = pc.Min.X + pw
		if err := drawPanel(pc, f, pn); err != nil {
			return fmt.Errorf("panel %d: %w", i+1, err)
		}
	}
	return nil
}

// statsPx is the size of the "Stats:" footer: small, grey, below the notes.
const statsPx = 20

// drawStats writes "Stats: …" in up to two small grey lines at the bottom
// of body and returns the y above them.
func drawStats(c draw.Canvas, body draw.Canvas, stats string) vg.Length {
	if stats == "" {
		return body.Min.Y
	}
	sty := textStyle(statsPx, false, muted)
	lines := wrap("Stats: "+stats, sty, body.Max.X-body.Min.X, 2)
	top := body.Min.Y + vg.Length(len(lines))*lineHeight(sty)
	drawLines(c, sty, body.Min.X, top, lines)
	return top + px(10)
}

// drawNotes writes the caveats bottom-up and returns the y above them.
func drawNotes(c draw.Canvas, body draw.Canvas, notes []string) vg.Length {
	sty := textStyle(notePx, false, muted)
	var lines []string
	for _, n := range notes {
		lines = append(lines, wrap(n, sty, body.Max.X-body.Min.X, 2)...)
	}
	if len(lines) > 4 {
		lines = lines[:4]
	}
	if len(lines) == 0 {
		return body.Min.Y
	}
	top := body.Min.Y + vg.Length(len(lines))*lineHeight(sty)
	drawLines(c, sty, body.Min.X, top, lines)
	return top + px(16)
}

// drawPanel draws one panel's heading and its chart of f's kind.
func drawPanel(c draw.Canvas, f figure.Figure, pn figure.Panel) error {
	if pn.Title != "" {
		sty := textStyle(panelPx, true, ink)
		c.Max.Y = drawLines(c, sty, c.Min.X, c.Max.Y, wrap(pn.Title, sty, c.Max.X-c.Min.X, 1)) - px(8)
	}
	if !hasData(pn, f.Kind) {
		drawEmpty(c, "No data", "nothing was measured for this panel")
		return nil
	}
	switch f.Kind {
	case figure.Intervals:
		drawIntervals(c, f, pn)
	case figure.Lines:
		drawLinesKind(c, f, pn)
	case figure.Shares:
		drawShares(c, f, pn)
	case figure.Verdicts:
		drawVerdicts(c, f, pn)
	default:
		return fmt.Errorf("unknown kind %q", f.Kind)
	}
	return nil
}

// hasData reports whether any point of pn has a finite value to draw (and,
// on the numeric x axis of Lines, a finite x).
func hasData(pn figure.Panel, k figure.Kind) bool {
	for _, s := range pn.Series {
		for _, p := range s.Points {
			if k == figure.Lines && !finite(p.X) {
				continue
			}
			if finite(p.Y) || (finite(p.Low) && finite(p.High)) {
				return true
			}
		}
	}
	return false
}

// drawEmpty draws a labelled empty panel: a grey field with a heading and
// the reason, never an empty axis.
func drawEmpty(c draw.Canvas, heading, reason string) {
	c.SetColor(paper)
	c.Fill(c.Rectangle.Path())
	c.StrokeLines(draw.LineStyle{Color: faint, Width: px(3), Dashes: []vg.Length{px(12), px(8)}},
		[]vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}, c.Min})
	hs := aligned(textStyle(emptyPx, true, muted), draw.XCenter, draw.YBottom)
	mid := c.Center()
	c.FillText(hs, vg.Point{X: mid.X, Y: mid.Y + px(8)}, heading)
	rs := aligned(textStyle(subtitlePx, false, muted), draw.XCenter, draw.YTop)
	y := mid.Y - px(8)
	for _, l := range wrap(reason, rs, (c.Max.X-c.Min.X)*0.8, 3) {
		c.FillText(rs, vg.Point{X: mid.X, Y: y}, l)
		y -= lineHeight(rs)
	}
}

// trimPrefixFold drops prefix (any case) and a following ": " from s, so a
// reason does not repeat the heading above it.
func trimPrefixFold(s, prefix string) string {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return strings.TrimLeft(s[len(prefix):], ": ")
	}
	return s
}
