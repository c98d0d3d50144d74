package charts

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"

	"github.com/gocarina/gocsv"

	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

// csvRow is one line of a chart's CSV.
type csvRow struct {
	Figure   string `csv:"figure"`
	Panel    string `csv:"panel"`
	Element  string `csv:"element"`
	Series   string `csv:"series"`
	Style    string `csv:"style"`
	Category string `csv:"category"`
	X        csvNum `csv:"x"`
	Y        csvNum `csv:"y"`
	Low      csvNum `csv:"low"`
	High     csvNum `csv:"high"`
	N        csvN   `csv:"n"`
	Label    string `csv:"label"`
}

// csvNum is a plotted number, exact (shortest round-trip form), "" when missing.
type csvNum float64

// MarshalCSV implements gocsv.TypeMarshaller.
func (v csvNum) MarshalCSV() (string, error) { return num(float64(v)), nil }

// csvN is a count, "" when there is none.
type csvN int

// MarshalCSV implements gocsv.TypeMarshaller.
func (n csvN) MarshalCSV() (string, error) {
	if n <= 0 {
		return "", nil
	}
	return strconv.Itoa(int(n)), nil
}

// CSV returns the numbers f plots, one row per point, band, reference line,
// break and shaded gap, so the chart can be redrawn in another tool. Missing
// numbers are empty cells.
func CSV(f figure.Figure) ([]byte, error) {
	rows := []csvRow{}
	row := func(panel, element, series, style, cat string, x, y, lo, hi float64, n int, label string) {
		rows = append(rows, csvRow{f.Name, panel, element, series, style, cat, csvNum(x), csvNum(y), csvNum(lo), csvNum(hi), csvN(n), label})
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
	b, err := gocsv.MarshalBytes(&rows)
	if err != nil {
		return nil, fmt.Errorf("figure %s: write csv: %w", f.Name, err)
	}
	return b, nil
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
