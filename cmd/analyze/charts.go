package main

import (
	"github.com/gtmsurvey/gtmsurvey/charts"
	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/deck"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
)

// addCharts stages charts/ (every figure the deck shows, as PNG, SVG and
// CSV) and slides.pptx for a run, and returns each chart's page image by
// figure name, for the report; d is the kept responses, for the deck's
// cuts by stage and ARR band.
func addCharts(files map[string][]byte, r report.Results, d *dataset.Dataset) (map[string][]byte, error) {
	figs := deck.Figures(r)
	drawn, err := charts.DrawAll(figs)
	if err != nil {
		return nil, err
	}
	for n, b := range drawn.Files {
		files["charts/"+n] = b
	}
	in := deck.Input{Results: r, Cuts: hypotheses.Cuts(d), Images: make(map[string][]byte, len(figs))}
	pages := make(map[string][]byte, len(figs))
	for i, f := range figs {
		in.Images[f.Name], pages[f.Name] = drawn.Slides[i], drawn.Pages[i]
	}
	files["slides.pptx"], err = deck.PPTX(in)
	return pages, err
}
