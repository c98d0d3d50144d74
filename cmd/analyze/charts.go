package main

import (
	"fmt"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/charts"
	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/deck"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// chartSlide is one chart of the run: its figure, the theme its slide is
// grouped under ("" for the verdict summary and the hypotheses) and the
// statistics for the speaker notes.
type chartSlide struct {
	Figure  figure.Figure
	Section string
	Notes   string
}

// chartOutputs draws every figure into charts/ (PNG, SVG and CSV each) and
// builds slides.pptx: a title slide, the slides without a section in the
// order given, then the sectioned ones grouped by section in order of first
// appearance, each group opened by a section slide.
func chartOutputs(title, subtitle string, slides []chartSlide) (map[string][]byte, error) {
	slides = groupBySection(slides)
	figs := make([]figure.Figure, len(slides))
	for i, s := range slides {
		figs[i] = s.Figure
	}
	drawn, images, err := charts.DrawWithSlides(figs)
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte, len(drawn)+1)
	for n, b := range drawn {
		files["charts/"+n] = b
	}
	d := deck.Deck{Title: title, Subtitle: subtitle, Slides: make([]deck.Slide, len(slides))}
	for i, s := range slides {
		d.Slides[i] = deck.Slide{Section: s.Section, Title: s.Figure.Title, Image: images[i], Notes: s.Notes}
	}
	if files["slides.pptx"], err = d.PPTX(); err != nil {
		return nil, err
	}
	return files, nil
}

// groupBySection keeps unsectioned slides first, in order, then each
// section's slides together, sections in order of first appearance.
func groupBySection(slides []chartSlide) []chartSlide {
	var out []chartSlide
	var order []string
	bySection := map[string][]chartSlide{}
	for _, s := range slides {
		if s.Section == "" {
			out = append(out, s)
			continue
		}
		if _, ok := bySection[s.Section]; !ok {
			order = append(order, s.Section)
		}
		bySection[s.Section] = append(bySection[s.Section], s)
	}
	for _, sec := range order {
		out = append(out, bySection[sec]...)
	}
	return out
}

// addCharts stages charts/ and slides.pptx for a run. Until the hypotheses
// and the trends hand over their own figures, the deck holds the verdict
// summary, with each hypothesis's statistics in its notes. Once they do,
// append chartSlide{Figure: <hypothesis figure>, Notes: hypothesisNotes(h)}
// per hypothesis, then the trend figures with Section set to their theme.
func addCharts(files map[string][]byte, r report.Results) error {
	slides := append([]chartSlide{verdictSlide(r)}, hypothesisSlides(r)...)
	slides = append(slides, trendSlides(r.Trends)...)
	out, err := chartOutputs("What the go-to-market survey says", "Office Hours · five pre-registered hypotheses and the trends across waves", slides)
	if err != nil {
		return err
	}
	for n, b := range out {
		files[n] = b
	}
	return nil
}

// verdictSlide is the summary of the five verdicts, with every
// hypothesis's statistics in the notes.
func verdictSlide(r report.Results) chartSlide {
	results := make([]hypotheses.Result, len(r.Hypotheses))
	notes := make([]string, len(r.Hypotheses))
	for i, h := range r.Hypotheses {
		results[i], notes[i] = h.Result, hypothesisNotes(h)
	}
	return chartSlide{Figure: hypotheses.VerdictFigure(results, r.Options.Alpha), Notes: strings.Join(notes, "\n\n")}
}

// hypothesisSlides are one slide per hypothesis: the figure its verdict
// rests on, its statistics in the notes.
func hypothesisSlides(r report.Results) []chartSlide {
	var out []chartSlide
	for _, h := range r.Hypotheses {
		out = append(out, chartSlide{Figure: h.Figure, Notes: hypothesisNotes(h)})
	}
	return out
}

// hypothesisNotes are the speaker notes of one hypothesis: verdict, tests,
// n, effect with CI, p and adjusted p, caveats and the cleaning check.
func hypothesisNotes(h report.HypothesisOut) string {
	lines := []string{
		fmt.Sprintf("%s %s: %s", h.ID, h.Title, h.Verdict),
		"Finding: " + h.Finding,
	}
	var tests []string
	for _, c := range h.Components {
		opp := ""
		if c.POpposite != nil {
			opp = ", opposite direction " + pText("p", *c.POpposite)
		}
		tests = append(tests, fmt.Sprintf("%s (%s, n = %d, %s%s)", c.Name, c.Test, c.N, pText("p", c.PValue), opp))
	}
	if len(tests) > 0 {
		lines = append(lines, "Tests: "+strings.Join(tests, "; "))
	}
	e := h.Effect
	lines = append(lines,
		fmt.Sprintf("n = %d; effect %s = %.3g (%.0f%% CI %.3g to %.3g)", h.N, e.Name, e.Estimate, 100*e.CILevel, e.CILow, e.CIHigh),
		fmt.Sprintf("%s, %s; MDE at 80%% power %.3g %s", pText("p", h.PValue), pText("Holm-adjusted p", h.PAdjusted), h.MDE, h.MDEUnit),
		fmt.Sprintf("Contradicted family: %s, %s", pText("p", h.PContra), pText("Holm-adjusted p", h.PContraAdjusted)))
	for _, w := range h.Warnings {
		lines = append(lines, "Caveat: "+w)
	}
	change := "same verdict"
	if h.Sensitivity.Changed {
		change = "VERDICT CHANGES"
	}
	lines = append(lines, fmt.Sprintf("Without the quality rules: %s (%s, n = %d)", h.Sensitivity.Verdict, change, h.Sensitivity.N))
	return strings.Join(lines, "\n")
}

// pText is "name = 0.0123", or "name < 0.0001" where FormatP gives a bound.
func pText(name string, p hypotheses.Float) string {
	f := stats.FormatP(float64(p))
	if strings.HasPrefix(f, "<") {
		return name + " < " + strings.TrimPrefix(f, "<")
	}
	return name + " = " + f
}
