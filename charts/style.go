package charts

import (
	"image/color"
	"slices"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

// Canvas size in pixels; the PNG is rendered at 96 dpi, so one pixel is
// 0.75 pt and the SVG's user units match the PNG's pixels times 0.75.
const (
	WidthPx  = 1920
	HeightPx = 1080
	dpi      = 96
)

// Text sizes in pixels at 1920×1080.
const (
	titlePx    = 46
	subtitlePx = 30
	panelPx    = 32
	axisPx     = 28
	tickPx     = 26
	labelPx    = 26
	notePx     = 24
	emptyPx    = 44
)

// px converts pixels at 96 dpi to vg lengths (points).
func px(v float64) vg.Length { return vg.Length(v * 72 / dpi) }

// Okabe–Ito, the colour-blind-safe palette, in the order series take them.
// Yellow comes late: it is the weakest on white.
var palette = []color.RGBA{
	{0x00, 0x72, 0xB2, 0xff}, // blue
	{0xE6, 0x9F, 0x00, 0xff}, // orange
	{0x00, 0x9E, 0x73, 0xff}, // bluish green
	{0xD5, 0x5E, 0x00, 0xff}, // vermillion
	{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	{0xF0, 0xE4, 0x42, 0xff}, // yellow
	{0x00, 0x00, 0x00, 0xff}, // black
}

// grey is the colour of the series a title is not about.
var grey = color.RGBA{0xa6, 0xa6, 0xa6, 0xff}

// seriesColors gives each series of pn its colour. With f.Focus set, the
// series it names keep palette colours (in order) and the others are grey;
// an ordered scale is one blue ramp; otherwise each series (or Group) takes
// the next palette colour. A palette colour is never used twice in a panel:
// series beyond the palette are grey.
func seriesColors(f figure.Figure, pn figure.Panel) []color.RGBA {
	cols := make([]color.RGBA, len(pn.Series))
	if pn.Ordered && len(f.Focus) == 0 {
		steps := 0
		for _, s := range pn.Series {
			if !s.Muted {
				steps++
			}
		}
		k := 0
		for i, s := range pn.Series {
			cols[i] = grey
			if !s.Muted {
				cols[i] = ramp(k, steps)
				k++
			}
		}
		return cols
	}
	keys := map[string]int{}
	for i, s := range pn.Series {
		if s.Muted || (len(f.Focus) > 0 && !slices.Contains(f.Focus, s.Name)) {
			cols[i] = grey
			continue
		}
		k := "series:" + s.Name
		if s.Group != "" {
			k = "group:" + s.Group
		}
		if _, ok := keys[k]; !ok {
			keys[k] = len(keys)
		}
		cols[i] = grey
		if keys[k] < len(palette) {
			cols[i] = palette[keys[k]]
		}
	}
	return cols
}

// ramp is step i of n of one blue ramp, light to dark: distinct colours
// for the ordered answers of a scale.
func ramp(i, n int) color.RGBA {
	light, dark := color.RGBA{0xc6, 0xdb, 0xef, 0xff}, color.RGBA{0x08, 0x30, 0x6b, 0xff}
	t := 0.0
	if n > 1 {
		t = float64(i) / float64(n-1)
	}
	mix := func(a, b uint8) uint8 { return uint8(float64(a) + t*(float64(b)-float64(a)) + 0.5) }
	return color.RGBA{mix(light.R, dark.R), mix(light.G, dark.G), mix(light.B, dark.B), 0xff}
}

// textColor is the colour of a direct label for a series of colour c: the
// colour itself unless it is too light to read on white (yellow), then
// near-black.
func textColor(c color.RGBA) color.Color {
	if luminance(c) > 0.75 {
		return ink
	}
	return c
}

// onColor is black or white, whichever reads better on a fill of colour c.
func onColor(c color.RGBA) color.Color {
	if luminance(c) > 0.45 {
		return ink
	}
	return color.White
}

func luminance(c color.RGBA) float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}

// withAlpha is c at opacity a (0..1), premultiplied as image/color wants.
func withAlpha(c color.RGBA, a float64) color.Color {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: uint8(a*255 + 0.5)}
}

var (
	ink   = color.RGBA{0x1a, 0x1a, 0x1a, 0xff} // body text
	muted = color.RGBA{0x55, 0x55, 0x55, 0xff} // subtitles, notes, axes
	faint = color.RGBA{0xdd, 0xdd, 0xdd, 0xff} // grid lines
	paper = color.RGBA{0xf4, 0xf4, 0xf4, 0xff} // empty panels
)

// textStyle is sans-serif text of size sizePx, bold or regular.
func textStyle(sizePx float64, bold bool, c color.Color) text.Style {
	f := font.Font{Typeface: "Liberation", Variant: "Sans"}
	if bold {
		f.Weight = xfont.WeightBold
	}
	f.Size = px(sizePx)
	return text.Style{Color: c, Font: f, Handler: plot.DefaultTextHandler, XAlign: draw.XLeft, YAlign: draw.YBottom}
}

// aligned returns s with the given alignment.
func aligned(s text.Style, x text.XAlignment, y text.YAlignment) text.Style {
	s.XAlign, s.YAlign = x, y
	return s
}

// wrap breaks s into lines no wider than w, at most maxLines; the last
// line ends in "…" when text was cut.
func wrap(s string, sty text.Style, w vg.Length, maxLines int) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if cur != "" && sty.Width(try) > w {
			lines = append(lines, cur)
			cur = word
			continue
		}
		cur = try
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		words := strings.Fields(lines[maxLines-1])
		for len(words) > 1 && sty.Width(strings.Join(words, " ")+" …") > w {
			words = words[:len(words)-1]
		}
		lines[maxLines-1] = strings.Join(words, " ") + " …"
	}
	return lines
}

// lineHeight is the distance between two lines of text in style s.
func lineHeight(s text.Style) vg.Length {
	e := s.FontExtents()
	return (e.Ascent + e.Descent) * 1.15
}

// drawLines draws lines top-down from top, left-aligned at x, and returns
// the y below the last line.
func drawLines(c draw.Canvas, s text.Style, x, top vg.Length, lines []string) vg.Length {
	s = aligned(s, draw.XLeft, draw.YTop)
	for _, l := range lines {
		c.FillText(s, vg.Point{X: x, Y: top}, l)
		top -= lineHeight(s)
	}
	return top
}
