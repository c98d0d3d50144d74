// Package deck is the Office Hours talk: which slides, in which order, with
// which words and speaker notes, built from a run's results. It holds the
// slide logic only: the file format is internal/pptx, the pictures are the
// slide images charts/ draws of the figures Figures returns.
//
// The talk is at most 14 slides before a divider titled "Appendix": the
// title; who answered and how; the takeaways, which answer the survey's
// three broader questions (growth to efficiency, AI's impact on GTM teams,
// AI-to-AI selling); what changed since last year; the five verdicts; one
// slide per hypothesis; what is new this year; what it means for you;
// questions. Behind the divider: each hypothesis cut by stage and ARR band
// (the Q&A back pocket), then every trend chart grouped by theme, the ones
// with a significant change first, the others and those asked once last.
//
// Slide text is in plain words and states associations, not causes
// (Amendment 2 of the analysis plan); the test names and p-values are in
// the charts' grey "Stats:" footers and after the "Stats" line of the
// speaker notes, whose talking points above that line stay under
// MaxTalkWords words.
package deck

import (
	"fmt"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/pptx"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
)

// AppendixTitle is the title of the divider that ends the talk.
const AppendixTitle = "Appendix"

// MaxTalkSlides is the most slides before the Appendix divider.
const MaxTalkSlides = 14

// Input is what the deck is built from.
type Input struct {
	Results report.Results
	Cuts    []hypotheses.Cut  // the back pocket (hypotheses.Cuts)
	Images  map[string][]byte // figure name → its slide image (charts.DrawAll)
}

// Figures are every figure the deck shows, in the order charts/ draws
// them: the verdict summary, each hypothesis's, then the trends'.
func Figures(r report.Results) []figure.Figure {
	out := []figure.Figure{verdictFigure(r)}
	for _, h := range r.Hypotheses {
		out = append(out, h.Figure)
	}
	if r.Trends != nil {
		out = append(out, r.Trends.Figures...)
	}
	return out
}

// verdictFigure is the summary of the five verdicts.
func verdictFigure(r report.Results) figure.Figure {
	results := make([]hypotheses.Result, len(r.Hypotheses))
	for i, h := range r.Hypotheses {
		results[i] = h.Result
	}
	return hypotheses.VerdictFigure(results, r.Options.Alpha)
}

// PPTX builds the deck and writes it as a .pptx file.
func PPTX(in Input) ([]byte, error) {
	p, err := Build(in)
	if err != nil {
		return nil, err
	}
	return p.Write()
}

// Build lays out the talk and its appendix. A figure without its slide
// image in in.Images is an error naming it.
func Build(in Input) (pptx.Presentation, error) {
	b := builder{in: in, w: wavesOf(in.Results.Ledger)}
	slides := b.talk()
	if len(slides) > MaxTalkSlides {
		return pptx.Presentation{}, fmt.Errorf("deck: %d slides before the appendix, at most %d", len(slides), MaxTalkSlides)
	}
	slides = append(slides, pptx.Slide{Layout: pptx.Section, Title: AppendixTitle,
		Notes: "Back pocket for questions: each hypothesis by stage and ARR band, then every trend chart by theme."})
	slides = append(slides, b.appendix()...)
	if b.err != nil {
		return pptx.Presentation{}, b.err
	}
	return pptx.Presentation{Title: talkTitle, Slides: slides}, nil
}

// builder carries the input and the first missing image while the slides
// are laid out.
type builder struct {
	in  Input
	w   waves
	err error
}

// chart is a content slide showing figure f's slide image.
func (b *builder) chart(f figure.Figure, notes string) pptx.Slide {
	img, ok := b.in.Images[f.Name]
	if !ok && b.err == nil {
		b.err = fmt.Errorf("deck: no slide image for figure %q", f.Name)
	}
	return pptx.Slide{Title: f.Title, Image: img, Notes: notes}
}
