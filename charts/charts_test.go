package charts

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"flag"
	"fmt"
	"html"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/cmpimg"

	"github.com/gtmsurvey/gtmsurvey/charts/sample"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata/")

// drawn renders the samples once per test binary.
var drawn map[string][]byte

func samplesDrawn(t *testing.T) map[string][]byte {
	t.Helper()
	if drawn == nil {
		d, err := DrawAll(sample.Figures())
		if err != nil {
			t.Fatal(err)
		}
		drawn = d.Files
	}
	return drawn
}

func TestEveryFigureRenders(t *testing.T) {
	files := samplesDrawn(t)
	figs := sample.Figures()
	if len(files) != 3*len(figs) {
		t.Errorf("%d files for %d figures, want 3 each", len(files), len(figs))
	}
	for _, f := range figs {
		img, err := png.Decode(bytes.NewReader(files[f.Name+".png"]))
		if err != nil {
			t.Fatalf("%s.png: %v", f.Name, err)
		}
		if b := img.Bounds(); b.Dx() != WidthPx || b.Dy() != HeightPx {
			t.Errorf("%s.png is %dx%d, want %dx%d", f.Name, b.Dx(), b.Dy(), WidthPx, HeightPx)
		}
		svg := string(files[f.Name+".svg"])
		if !strings.Contains(svg, "<title>"+html.EscapeString(f.Title)+"</title>") {
			t.Errorf("%s.svg lacks the <title> %q", f.Name, f.Title)
		}
		if !strings.Contains(svg, ">"+html.EscapeString(firstWords(f.Title))) {
			t.Errorf("%s.svg does not draw its title %q as text", f.Name, f.Title)
		}
		if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
			t.Errorf("%s.svg is not well-formed XML: %v", f.Name, err)
		}
		// Every face used is embedded, so the SVG needs no installed fonts.
		used := regexp.MustCompile(`font-family:Liberation Sans;font-variant:normal;font-weight:(\w+)`).FindAllStringSubmatch(svg, -1)
		for _, u := range used {
			face := "font-family:\"Liberation Sans\";\n\t\t\tfont-variant:normal;font-weight:" + u[1]
			if !strings.Contains(svg, face) {
				t.Errorf("%s.svg uses Liberation Sans %s without embedding it", f.Name, u[1])
			}
		}
		if len(used) == 0 || !strings.Contains(svg, "src: url(data:font/ttf;") {
			t.Errorf("%s.svg embeds no font", f.Name)
		}
	}
}

// firstWords is the title's opening words, which stay on its first line.
func firstWords(s string) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(3, len(w))], " ")
}

var (
	markRE = regexp.MustCompile(`<path d="M[^"]*A[^"]*Z" style="fill:#([0-9A-F]{6})"`)
	barRE  = regexp.MustCompile(`<path d="M[^"A]*Z" style="fill:#([0-9A-F]{6})"`)
)

// count counts matches of re whose colour is one of the series colours.
func count(re *regexp.Regexp, svg string) int {
	n := 0
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		for _, c := range palette {
			if m[1] == hex(c) {
				n++
				break
			}
		}
	}
	return n
}

func hex(c interface{ RGBA() (r, g, b, a uint32) }) string {
	r, g, b, _ := c.RGBA()
	return strings.ToUpper(strconv.FormatInt(int64(1<<24|(r>>8)<<16|(g>>8)<<8|b>>8), 16)[1:])
}

// TestSVGMarks counts the marks drawn: one point marker per finite estimate,
// one bar segment per positive share.
func TestSVGMarks(t *testing.T) {
	files := samplesDrawn(t)
	tests := []struct {
		name         string
		marks, bars  int
		mustContain  []string
		mustNotExist []string
	}{
		{"h1_augmented_reps", 6, 0, []string{"Augmented", "n = 142", "18.0"}, nil},
		{"h3_buyer_ai", 4, 0, []string{"Buyer AI", "Seller AI"}, nil},
		{"h4_headcount_not_revenue", 8, 0, []string{"equivalence ±0.15 SD"}, nil},
		{"h5_expectation_gap", 8, 0, []string{"Expected", "Measured", "gap"}, nil},
		{"h2_quartile_gap", 10, 0, []string{"High AI budget: Q25–Q75"}, nil},
		{"trend_sales_cycle", 5, 0, []string{"question changed", "Median sales cycle"}, nil},
		{"trend_ai_uses", 24, 0, []string{"Email writing", "Coaching"}, nil},
		{"trend_top_channel", 0, 20, []string{"question changed", "LinkedIn", "n = 300", "42%"}, nil},
		{"respondents_by_stage", 0, 25, []string{"Series A", "2026"}, nil},
		{"verdicts", 4, 0, []string{"not supported", "insufficient data", "p &lt; 0.0001", "α = 0.05"}, nil},
		{"trend_pricing_model", 0, 0, []string{"Insufficient data", "asked in one wave only"}, []string{"Survey wave", "0%"}},
	}
	for _, tc := range tests {
		svg := string(files[tc.name+".svg"])
		if got := count(markRE, svg); got != tc.marks {
			t.Errorf("%s: %d point marks, want %d", tc.name, got, tc.marks)
		}
		if got := count(barRE, svg); got != tc.bars {
			t.Errorf("%s: %d bar segments, want %d", tc.name, got, tc.bars)
		}
		for _, s := range tc.mustContain {
			if !strings.Contains(svg, ">"+s) {
				t.Errorf("%s: no text %q", tc.name, s)
			}
		}
		for _, s := range tc.mustNotExist {
			if strings.Contains(svg, ">"+s+"<") {
				t.Errorf("%s: has text %q, want an empty panel without axes", tc.name, s)
			}
		}
	}
}

// TestSlideReadability checks text sizes and colours in every SVG: titles
// at least 36 px, every other text at least 24 px at 1920×1080, and every
// colour from Okabe–Ito or the greys.
func TestSlideReadability(t *testing.T) {
	allowed := map[string]bool{}
	for _, c := range palette {
		allowed[hex(c)] = true
	}
	for _, c := range []interface{ RGBA() (r, g, b, a uint32) }{ink, muted, faint, paper} {
		allowed[hex(c)] = true
	}
	allowed["FFFFFF"], allowed["000000"] = true, true
	sizeRE := regexp.MustCompile(`font-size:([0-9.]+)px`)
	colorRE := regexp.MustCompile(`(?:fill|stroke):#([0-9A-Fa-f]{6})`)
	for name, b := range samplesDrawn(t) {
		if !strings.HasSuffix(name, ".svg") {
			continue
		}
		svg := string(b)
		biggest := 0.0
		for _, m := range sizeRE.FindAllStringSubmatch(svg, -1) {
			pt, _ := strconv.ParseFloat(m[1], 64)
			if px := pt * dpi / 72; px < 24 {
				t.Errorf("%s: text of %.1f px, want at least 24", name, px)
			}
			biggest = max(biggest, pt*dpi/72)
		}
		if biggest < 36 {
			t.Errorf("%s: title %.1f px, want at least 36", name, biggest)
		}
		for _, m := range colorRE.FindAllStringSubmatch(svg, -1) {
			if !nearAllowed(strings.ToUpper(m[1]), allowed) {
				t.Errorf("%s: colour #%s is neither Okabe–Ito nor a grey", name, m[1])
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := samplesDrawn(t)
	d, err := DrawAll(sample.Figures())
	if err != nil {
		t.Fatal(err)
	}
	b := d.Files
	for n := range a {
		if !bytes.Equal(a[n], b[n]) {
			t.Errorf("%s differs between two runs", n)
		}
	}
}

// TestGolden compares one chart per kind with its golden PNG, allowing for
// small rasterisation differences; -update rewrites them.
func TestGolden(t *testing.T) {
	files := samplesDrawn(t)
	for _, name := range []string{"h1_augmented_reps", "h5_expectation_gap", "trend_top_channel", "verdicts", "trend_pricing_model"} {
		got := files[name+".png"]
		p := filepath.Join("testdata", name+".golden.png")
		if *update {
			if err := os.WriteFile(p, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (run go test ./charts -update)", err)
		}
		ok, err := cmpimg.EqualApprox("png", got, want, 0.05)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			os.WriteFile(filepath.Join(t.TempDir(), name+".png"), got, 0o644)
			t.Errorf("%s.png differs from %s (run go test ./charts -update if intended)", name, p)
		}
	}
}

func TestCSVHoldsThePlottedNumbers(t *testing.T) {
	f := sample.Figures()[1] // H1: two panels of three groups
	rows, err := csv.NewReader(bytes.NewReader(samplesDrawn(t)[f.Name+".csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+6 {
		t.Fatalf("%d rows, want a header and 6 points", len(rows))
	}
	if strings.Join(rows[0], ",") != "figure,panel,element,series,style,category,x,y,low,high,n,label" {
		t.Errorf("header %v", rows[0])
	}
	p := f.Panels[1].Series[0].Points[2]
	want := []string{f.Name, f.Panels[1].Title, "point", "median", "points", p.Category, "", num(p.Y), num(p.Low), num(p.High), strconv.Itoa(p.N), ""}
	if got := rows[6]; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("last row %q, want %q", got, want)
	}
	e := sample.Figures()[len(sample.Figures())-1]
	c, _ := CSV(e)
	if !strings.Contains(string(c), "empty") || !strings.Contains(string(c), e.Empty) {
		t.Errorf("empty figure's CSV does not say why:\n%s", c)
	}
}

func TestBadFigures(t *testing.T) {
	ok := sample.Figures()[1]
	tests := []struct {
		figs []figure.Figure
		want string
	}{
		{[]figure.Figure{{Name: "Bad Name"}}, `figure 1: name "Bad Name"`},
		{[]figure.Figure{ok, ok}, `figure 2: name "h1_augmented_reps" used twice`},
		{[]figure.Figure{{Name: "odd", Kind: "pie", Panels: ok.Panels}}, `figure odd: panel 1: unknown kind "pie"`},
	}
	for _, tc := range tests {
		_, err := DrawAll(tc.figs)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("err = %v, want %q", err, tc.want)
		}
	}
}

// TestOddFiguresDraw feeds every kind degenerate values: all missing, one
// point, no points, missing x. Each must draw (a labelled empty panel where
// nothing is left) rather than fail or panic.
func TestOddFiguresDraw(t *testing.T) {
	nan := math.NaN()
	odd := []figure.Panel{
		{Series: []figure.Series{{Name: "all missing", Style: figure.StyleLine, Points: []figure.Point{{X: 2024, Y: nan, Low: nan, High: nan}}}}},
		{Series: []figure.Series{{Name: "one", Style: figure.StyleLine, Points: []figure.Point{{X: 2024, Category: "2024", Y: 0.5, Low: 0.4, High: 0.6, N: 3}}}}},
		{Series: []figure.Series{{Name: "none"}}},
		{Series: []figure.Series{{Name: "no x", Style: figure.StylePoints, Points: []figure.Point{{X: nan, Category: "a", Y: 1, Low: nan, High: nan}}}}},
		{Series: []figure.Series{{Name: "flat", Style: figure.StyleBand, Points: []figure.Point{{X: 1, Category: "a", Y: 0, Low: 0, High: 0}, {X: 2, Category: "b", Y: 0, Low: 0, High: 0}}}}, Breaks: []float64{1.5}},
	}
	var figs []figure.Figure
	for _, k := range []figure.Kind{figure.Intervals, figure.Lines, figure.Shares, figure.Verdicts} {
		for i, pn := range odd {
			figs = append(figs, figure.Figure{Name: fmt.Sprintf("%s_%d", k, i), Kind: k, Title: "odd", Panels: []figure.Panel{pn}})
		}
	}
	d, err := DrawAll(figs)
	files := d.Files
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"lines_0", "lines_2", "lines_3", "intervals_2", "shares_0", "verdicts_2"} {
		if svg := string(files[n+".svg"]); !strings.Contains(svg, ">No data<") {
			t.Errorf("%s: a panel with nothing to draw is not labelled as empty", n)
		}
	}
}

// TestLook writes every sample chart to $CHARTS_LOOK for a person to view.
func TestLook(t *testing.T) {
	dir := os.Getenv("CHARTS_LOOK")
	if dir == "" {
		t.Skip("set CHARTS_LOOK=DIR to write the sample charts there")
	}
	for n, b := range samplesDrawn(t) {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func BenchmarkDraw(b *testing.B) {
	figs := sample.Figures()
	for b.Loop() {
		if _, err := DrawAll(figs); err != nil {
			b.Fatal(err)
		}
	}
}

// nearAllowed reports whether colour h is within rounding (±2 per channel,
// from translucent fills) of an allowed colour.
func nearAllowed(h string, allowed map[string]bool) bool {
	v, _ := strconv.ParseUint(h, 16, 32)
	for a := range allowed {
		w, _ := strconv.ParseUint(a, 16, 32)
		ok := true
		for shift := 0; shift < 24; shift += 8 {
			d := int(v>>shift&0xff) - int(w>>shift&0xff)
			if d < -2 || d > 2 {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}
