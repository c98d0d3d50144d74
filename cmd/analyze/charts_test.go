package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/deck"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
)

// bannedWords are statistics words and raw numbers that must not reach a
// chart's or slide's title, subtitle or axis label (issue 22): they belong
// in the "Stats:" footer and the notes.
var bannedWords = []*regexp.Regexp{
	regexp.MustCompile(`(?i)asinh`), regexp.MustCompile(`z\(`), regexp.MustCompile(`\bSD\b`), regexp.MustCompile(`(?i)per SD`),
	regexp.MustCompile(`HC3`), regexp.MustCompile(`TOST`), regexp.MustCompile(`Knapp`), regexp.MustCompile(`Jonckheere`),
	regexp.MustCompile(`-2\.\.\+[23]`), regexp.MustCompile(`\b\d{5,}\b`), regexp.MustCompile(`95% CI`),
}

// runResults runs the pipeline's stages on the bundled data with few
// resamples and returns the results and the kept responses.
func runResults(t *testing.T) (report.Results, *loaded) {
	t.Helper()
	o, err := parseRunFlags([]string{"-resamples", "199"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ld, err := loadAll("../../data", o.quality, o.limits)
	if err != nil {
		t.Fatal(err)
	}
	r, err := testHypotheses(context.Background(), newStages(io.Discard, true), ld, o.analysis)
	if err != nil {
		t.Fatal(err)
	}
	if r.Trends, err = runTrends(ld, o.analysis.Seed, o.analysis.Alpha, map[string][]byte{}); err != nil {
		t.Fatal(err)
	}
	return r, ld
}

// labels are a figure's words a reader sees outside the Stats footer.
func labels(f figure.Figure) []string {
	out := []string{f.Title, f.Subtitle, f.XLabel, f.YLabel}
	out = append(out, f.Notes...)
	for _, p := range f.Panels {
		out = append(out, p.Title, p.YLabel)
		for _, tk := range p.YTicks {
			out = append(out, tk.Label)
		}
		for _, s := range p.Series {
			out = append(out, s.Name)
			for _, pt := range s.Points {
				out = append(out, pt.Category, pt.Label)
			}
		}
	}
	return out
}

// TestDeckInPlainWords checks every chart's labels and every slide's
// title, subtitle and text against the banned words.
func TestDeckInPlainWords(t *testing.T) {
	r, ld := runResults(t)
	footerHasStats := false
	for _, f := range deck.Figures(r) {
		for _, re := range bannedWords {
			footerHasStats = footerHasStats || re.MatchString(f.Stats)
		}
		for _, l := range labels(f) {
			for _, re := range bannedWords {
				if re.MatchString(l) {
					t.Errorf("figure %s: %q uses %s", f.Name, l, re)
				}
			}
		}
	}
	if !footerHasStats {
		t.Error("no Stats footer names a test the titles may not: the footers are missing or the check cannot fail")
	}
	files := map[string][]byte{}
	if _, err := addCharts(files, r, ld.kept); err != nil {
		t.Fatal(err)
	}
	for name, text := range slideTexts(t, files["slides.pptx"]) {
		for _, re := range bannedWords {
			if re.MatchString(text) {
				t.Errorf("%s: %q uses %s", name, text, re)
			}
		}
	}
}

// slideTexts are the texts of every slide's shapes but its footer, by
// slide part name.
func slideTexts(t *testing.T, b []byte) map[string]string {
	shape := regexp.MustCompile(`(?s)<p:sp>.*?</p:sp>|<p:graphicFrame>.*?</p:graphicFrame>`)
	return partTexts(t, b, "ppt/slides/slide", func(x string) []string {
		var keep []string
		for _, sp := range shape.FindAllString(x, -1) {
			if !strings.Contains(sp, `name="Footer"`) {
				keep = append(keep, sp)
			}
		}
		return keep
	})
}

// notesTexts are the speaker notes' paragraphs joined by spaces, by part name.
func notesTexts(t *testing.T, b []byte) map[string]string {
	return partTexts(t, b, "ppt/notesSlides/notesSlide", func(x string) []string { return []string{x} })
}

var runText = regexp.MustCompile(`<a:t>([^<]*)</a:t>`)

// partTexts reads the .pptx parts named with prefix and joins the text
// runs of the pieces of XML that pieces keeps, by part name.
func partTexts(t *testing.T, b []byte, prefix string, pieces func(xml string) []string) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, prefix) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, p := range pieces(string(x)) {
			for _, m := range runText.FindAllStringSubmatch(p, -1) {
				parts = append(parts, m[1])
			}
		}
		out[f.Name] = strings.Join(parts, " ")
	}
	return out
}

// TestTalkOutputs runs the pipeline and checks what the talk and the
// report promise: at most 14 slides before the Appendix divider, talking
// points of at most 120 words above each slide's Stats line, and a
// report.html under 2 MB.
func TestTalkOutputs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if _, err := runOut(t, "-q", "-resamples", "199", "-data", "../../data", "-out", out); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(html) >= reportLimit {
		t.Errorf("report.html is %d bytes, want under %d", len(html), reportLimit)
	}
	b, err := os.ReadFile(filepath.Join(out, "slides.pptx"))
	if err != nil {
		t.Fatal(err)
	}
	texts, notes := slideTexts(t, b), notesTexts(t, b)
	at := 0
	for i := 1; i <= len(texts) && at == 0; i++ {
		if texts[fmt.Sprintf("ppt/slides/slide%d.xml", i)] == deck.AppendixTitle {
			at = i
		}
	}
	if at == 0 || at > deck.MaxTalkSlides+1 {
		t.Errorf("the Appendix divider is slide %d, want one of slides 2..%d", at, deck.MaxTalkSlides+1)
	}
	for name, n := range notes {
		talk, _, _ := strings.Cut(n, " "+deck.StatsLine+" ")
		if w := len(strings.Fields(talk)); w > deck.MaxTalkWords {
			t.Errorf("%s: %d words of talking points, at most %d", name, w, deck.MaxTalkWords)
		}
	}
}

// reportLimit is the most bytes report.html may have, to be mailed on.
const reportLimit = 2 << 20
