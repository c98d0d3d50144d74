package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gtmsurvey/gtmsurvey/charts/sample"
	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
)

// sampleSlides are the synthetic figures as a run would hand them over:
// summary and hypotheses without a section, trends under their themes
// (interleaved, to check grouping).
func sampleSlides(copies int) []chartSlide {
	var out []chartSlide
	for c := range copies {
		for _, f := range sample.Figures() {
			sec := ""
			switch {
			case strings.HasPrefix(f.Name, "trend_top"), strings.HasPrefix(f.Name, "trend_ai"):
				sec = "Channels and tools"
			case strings.HasPrefix(f.Name, "trend_"), strings.HasPrefix(f.Name, "respondents"):
				sec = "Sales motion"
			}
			if c > 0 {
				f.Name = fmt.Sprintf("%s_%d", f.Name, c)
			}
			out = append(out, chartSlide{Figure: f, Section: sec, Notes: "test: synthetic\nn = 100; p = 0.01"})
		}
	}
	return out
}

func TestGroupBySection(t *testing.T) {
	in := []chartSlide{{Section: "b"}, {}, {Section: "a"}, {Section: "b"}, {}}
	for i := range in {
		in[i].Notes = fmt.Sprint(i)
	}
	var got []string
	for _, s := range groupBySection(in) {
		got = append(got, s.Section+s.Notes)
	}
	if want := "1 4 b0 b3 a2"; strings.Join(got, " ") != want {
		t.Errorf("order %v, want %s", got, want)
	}
}

func TestChartOutputs(t *testing.T) {
	slides := sampleSlides(1)
	a, err := chartOutputs("Survey results", "Office Hours", slides)
	if err != nil {
		t.Fatal(err)
	}
	b, err := chartOutputs("Survey results", "Office Hours", slides)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 3*len(slides)+1 || a["slides.pptx"] == nil || a["charts/h1_augmented_reps.svg"] == nil {
		t.Fatalf("%d files, want %d including slides.pptx", len(a), 3*len(slides)+1)
	}
	for n := range a {
		if !bytes.Equal(a[n], b[n]) {
			t.Errorf("%s differs between two runs", n)
		}
	}
	for _, tool := range []string{"soffice", "pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("LibreOffice check skipped: %s not installed (apt-get install libreoffice-impress poppler-utils)", tool)
		}
	}
	dir := t.TempDir()
	if d := os.Getenv("DECK_LOOK"); d != "" {
		dir = d
	}
	pptx := filepath.Join(dir, "slides.pptx")
	if err := os.WriteFile(pptx, a["slides.pptx"], 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("soffice", "-env:UserInstallation=file://"+filepath.Join(t.TempDir(), "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir, pptx).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "slides.pdf")
	info, _ := exec.Command("pdfinfo", pdf).Output()
	// title + every chart + one section slide per theme (2).
	if want := fmt.Sprintf("Pages:           %d\n", 1+len(slides)+2); !strings.Contains(string(info), want) {
		t.Errorf("pdfinfo says\n%s\nwant %q", info, want)
	}
	txt, _ := exec.Command("pdftotext", pdf, "-").Output()
	flat := strings.Join(strings.Fields(string(txt)), " ")
	for _, s := range slides {
		if !strings.Contains(flat, s.Figure.Title) {
			t.Errorf("PDF text lacks the slide title %q", s.Figure.Title)
		}
	}
	if i, j := strings.Index(flat, "Channels and tools"), strings.Index(flat, "LinkedIn doubled"); i < 0 || j < i {
		t.Errorf("the Channels and tools section slide does not come before its trend slide (%d, %d)", i, j)
	}
}

func TestVerdictSlide(t *testing.T) {
	r := report.Results{Options: hypotheses.Defaults()}
	r.Hypotheses = []report.HypothesisOut{
		{Result: hypotheses.Result{ID: "H1", Title: "Reps win", Verdict: hypotheses.Supported, Finding: "they win more", PValue: 0.001, PAdjusted: 0.004, N: 450,
			Effect:     hypotheses.Effect{Name: "Cliff's delta", Estimate: 0.38, CILow: 0.28, CIHigh: 0.48, CILevel: 0.95},
			Components: []hypotheses.Component{{Name: "win rate", Test: "Mann-Whitney U", N: 450, PValue: 0.001}},
			Warnings:   []string{"small AI-only group"}}},
		{Result: hypotheses.Result{ID: "H2", Title: "Gap widens", Verdict: hypotheses.Insufficient, PValue: hypotheses.Float(math.NaN()), PAdjusted: hypotheses.Float(math.NaN())},
			Sensitivity: report.Sensitivity{Verdict: hypotheses.NotSupported, Changed: true}},
	}
	s := verdictSlide(r)
	if s.Figure.Title != "Of 2 pre-registered hypotheses: 1 supported, 1 insufficient data" {
		t.Errorf("title %q", s.Figure.Title)
	}
	rows := s.Figure.Panels[0].Series[0].Points
	if len(rows) != 2 || rows[0].Y != 0.004 || rows[0].Label != string(hypotheses.Supported) || !math.IsNaN(rows[1].Y) {
		t.Errorf("rows %+v", rows)
	}
	if got := s.Figure.Panels[0].RefY; len(got) != 1 || got[0] != 0.05 {
		t.Errorf("reference line at %v, want alpha 0.05", got)
	}
	for _, want := range []string{"H1 Reps win: supported", "Mann-Whitney U, n = 450", "Cliff's delta = 0.38 (95% CI 0.28 to 0.48)",
		"Holm-adjusted p = 0.0040", "Caveat: small AI-only group", "Without the quality rules: not supported (VERDICT CHANGES"} {
		if !strings.Contains(s.Notes, want) {
			t.Errorf("notes lack %q:\n%s", want, s.Notes)
		}
	}
}

// BenchmarkChartsAndDeck draws ~40 finished figures and the deck from them;
// the target is under 3 s of CPU (reported as cpu-s/op).
func BenchmarkChartsAndDeck(b *testing.B) {
	slides := sampleSlides(4)
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	for b.Loop() {
		if _, err := chartOutputs("Survey results", "Office Hours", slides); err != nil {
			b.Fatal(err)
		}
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano()+ru1.Stime.Nano()-ru0.Utime.Nano()-ru0.Stime.Nano()) / time.Duration(b.N)
	b.ReportMetric(cpu.Seconds(), "cpu-s/op")
	b.ReportMetric(float64(len(slides)), "figures")
}
