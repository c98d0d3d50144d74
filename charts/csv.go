package charts

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html"
	"math"
	"strconv"

	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

// csvHeader names the columns of a chart's CSV.
var csvHeader = []string{"figure", "panel", "element", "series", "style", "category", "x", "y", "low", "high", "n", "label"}

// CSV returns the numbers f plots, one row per point, band, reference line,
// break and shaded gap, so the chart can be redrawn in another tool. Missing
// numbers are empty cells.
func CSV(f figure.Figure) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	rows := [][]string{csvHeader}
	row := func(panel, element, series, style, cat string, x, y, lo, hi float64, n int, label string) {
		ns := ""
		if n > 0 {
			ns = strconv.Itoa(n)
		}
		rows = append(rows, []string{f.Name, panel, element, series, style, cat, num(x), num(y), num(lo), num(hi), ns, label})
	}
	nan := math.NaN
	if f.Empty != "" {
		row("", "empty", "", "", "", nan(), nan(), nan(), nan(), 0, f.Empty)
	}
	for _, pn := range f.Panels {
		for _, s := range pn.Series {
			for _, p := range s.Points {
				x := p.X
				if p.Category != "" && x == 0 {
					x = nan()
				}
				row(pn.Title, "point", s.Name, string(s.Style), p.Category, x, p.Y, p.Low, p.High, p.N, p.Label)
			}
		}
		for _, bd := range pn.Bands {
			row(pn.Title, "band", "", "", "", nan(), nan(), bd.Low, bd.High, 0, bd.Label)
		}
		for _, r := range pn.RefY {
			row(pn.Title, "reference", "", "", "", nan(), r, nan(), nan(), 0, "")
		}
		for _, br := range pn.Breaks {
			row(pn.Title, "break", "", "", "", br, nan(), nan(), nan(), 0, "question changed")
		}
		if sh := pn.Shade; sh != nil {
			row(pn.Title, "shade", sh.Lower+" | "+sh.Upper, "", "", nan(), nan(), nan(), nan(), 0, sh.Label)
		}
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("figure %s: write csv: %w", f.Name, err)
	}
	return b.Bytes(), nil
}

// num formats a number exactly (shortest round-trip form), "" when missing.
func num(v float64) string {
	if !finite(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// withSVGTitle puts the figure's title and subtitle into the SVG as its
// <title> and <desc>, so the file is searchable and has an accessible name.
func withSVGTitle(svg []byte, f figure.Figure) []byte {
	i := bytes.Index(svg, []byte("<svg"))
	if i < 0 {
		return svg
	}
	j := bytes.IndexByte(svg[i:], '>')
	if j < 0 {
		return svg
	}
	at := i + j + 1
	meta := "\n<title>" + html.EscapeString(f.Title) + "</title>\n<desc>" + html.EscapeString(f.Subtitle) + "</desc>"
	out := make([]byte, 0, len(svg)+len(meta))
	out = append(out, svg[:at]...)
	out = append(out, meta...)
	return append(out, svg[at:]...)
}
