package deck

import (
	"bytes"
	"github.com/gtmsurvey/gtmsurvey/internal/pptx/pptxtest"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/pptx"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
	"github.com/gtmsurvey/gtmsurvey/trends"
)

func tinyPNG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 192, 92))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(5, 5, color.Black)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fixture is a run's results in small: five hypotheses, five waves, a
// trend that changed, one that did not, one asked once.
func fixture(t testing.TB) Input {
	r := report.Results{Options: hypotheses.Defaults(), Family: "Holm across the five", ContraFamily: "Bonferroni then Holm"}
	for i, id := range []string{"H1", "H2", "H3", "H4", "H5"} {
		v := hypotheses.Supported
		if i == 2 {
			v = hypotheses.NotSupported
		}
		r.Hypotheses = append(r.Hypotheses, report.HypothesisOut{Result: hypotheses.Result{ID: id, Title: "title " + id, Verdict: v,
			Finding: "finding of " + id, NotShown: "It does not show that " + id + " causes anything.", PValue: 0.001, PAdjusted: 0.004, N: 400, Years: []int{2025, 2026},
			Effect:     hypotheses.Effect{Name: "Cliff's delta", Estimate: 0.3, CILow: 0.2, CIHigh: 0.4, CILevel: 0.95},
			Components: []hypotheses.Component{{Name: "part a", Test: "Mann-Whitney U", N: 400, PValue: 0.001}},
			Figure:     figure.Figure{Name: strings.ToLower(id) + "_fig", Title: "Teams in " + id + " report more", Subtitle: "400 companies, 2025–2026"}}})
	}
	for y := 2022; y <= 2026; y++ {
		r.Ledger = append(r.Ledger, report.LedgerRow{Year: y, File: strconv.Itoa(y) + "_typeform.csv", Read: 110, Kept: 100,
			Excluded: map[dataset.Reason]int{"duplicate": 6, "speeder": 4}})
	}
	r.RepeatCompanies = []dataset.RepeatPair{{From: 2024, To: 2025, Companies: 109}, {From: 2024, To: 2026, Companies: 40}, {From: 2025, To: 2026, Companies: 120}}
	changed := &trends.Variable{Name: "runway_band", Label: "Cash runway", Theme: codebook.ThemeCash, Years: []int{2022, 2023, 2024, 2025, 2026},
		Sentences: []string{`The share answering "Profitable" rose from 19% (95% CI 15–22%) in 2022 to 28% (24–32%) in 2026 (Kendall tau-b with year, BH-adjusted p = 0.023).`},
		Tests:     []*trends.Test{{Variable: "runway_band", Method: trends.KendallYear, Scope: "2022-2026", Years: []int{2022, 2023, 2024, 2025, 2026}, Significant: true, P: 0.001, PAdjusted: 0.023, Sentence: `The share answering "Profitable" rose from 19% (95% CI 15–22%) in 2022 to 28% (24–32%) in 2026 (Kendall tau-b with year, BH-adjusted p = 0.023).`}}}
	flat := &trends.Variable{Name: "win_rate_pct", Label: "Win rate (%)", Theme: codebook.ThemeSales, Years: []int{2022, 2026},
		Tests: []*trends.Test{{Variable: "win_rate_pct", Method: trends.MannWhitney, Scope: "2022 vs 2026", Years: []int{2022, 2026}, P: 0.4, PAdjusted: 0.8}}}
	once := &trends.Variable{Name: "buyer_ai_observed", Label: "Buyer-side AI observed", Theme: codebook.ThemeAI, Years: []int{2026},
		NotTested: []string{"asked only in 2026: no change to test"},
		Cells:     []trends.Cell{{Year: 2026, Level: "AI-assisted evaluation", Estimate: 0.31, NAnswered: 400}, {Year: 2026, Level: "None", Estimate: 0.2, NAnswered: 400}}}
	r.Trends = &trends.Result{Options: trends.Defaults(), Variables: []*trends.Variable{flat, changed, once}}
	for _, v := range r.Trends.Variables {
		r.Trends.Figures = append(r.Trends.Figures, figure.Figure{Name: "trend_" + v.Name, Title: "Trend of " + v.Label})
	}
	r.Trends.Figures = append(r.Trends.Figures, figure.Figure{Name: "trend_respondents_by_stage", Title: "Who answered: companies per wave by stage"})
	in := Input{Results: r, Images: map[string][]byte{}}
	for _, f := range Figures(r) {
		in.Images[f.Name] = tinyPNG(t)
	}
	in.Cuts = []hypotheses.Cut{{ID: "H1", Measure: "median win rate", Unit: "%", Groups: []string{"with AI", "without"},
		Rows: []hypotheses.CutRow{{By: "All", Values: []float64{28, 23}, N: []int{249, 194}}, {By: "stage", Level: "Seed", Values: []float64{29, math.NaN()}, N: []int{56, 3}}}}}
	return in
}

// appendixAt is the index of the Appendix divider, or -1.
func appendixAt(slides []pptx.Slide) int {
	for i, s := range slides {
		if s.Layout == pptx.Section && s.Title == AppendixTitle {
			return i
		}
	}
	return -1
}

func TestTalkStructure(t *testing.T) {
	p, err := Build(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	a := appendixAt(p.Slides)
	if a < 0 || a > MaxTalkSlides {
		t.Fatalf("Appendix divider at slide %d, want after at most %d slides", a+1, MaxTalkSlides)
	}
	var titles []string
	for _, s := range p.Slides[:a] {
		titles = append(titles, s.Title)
	}
	talk := strings.Join(titles, " | ")
	if who := strings.Join(p.Slides[1].Points, " "); !strings.Contains(who, "2024–2025: 109, 2025–2026: 120") || strings.Contains(who, "2024–2026") {
		t.Errorf("who answered lacks the repeat companies of consecutive waves: %q", who)
	}
	for _, s := range p.Slides[:a] {
		if strings.HasPrefix(s.Title, "Teams in H") && !strings.Contains(s.Notes, "Caveat: It does not show that H") {
			t.Errorf("%q: notes' caveat is not the result's not-shown line: %q", s.Title, s.Notes)
		}
	}
	for _, want := range []string{"Who answered, and how", "takeaways", "What changed since 2025", "Teams in H1 report more", "Teams in H5 report more", "New in 2026", "What it means for you", "Questions"} {
		if !strings.Contains(talk, want) {
			t.Errorf("talk lacks %q: %s", want, talk)
		}
	}
	if p.Slides[0].Layout != pptx.TitleSlide || p.Slides[a-1].Title != "Questions" {
		t.Errorf("talk runs %q … %q, want the title slide first and Questions last", p.Slides[0].Title, p.Slides[a-1].Title)
	}
	rest := p.Slides[a+1:]
	order := map[string]int{}
	for i, s := range rest {
		order[s.Title] = i + 1
	}
	// back pocket, then the changed trend, then no change, then asked once.
	seq := []string{"H1 by stage and ARR band: median win rate", "Trend of Cash runway", "Trend of Win rate (%)", "Trend of Buyer-side AI observed"}
	for i := 1; i < len(seq); i++ {
		if order[seq[i-1]] == 0 || order[seq[i]] == 0 || order[seq[i-1]] > order[seq[i]] {
			t.Errorf("appendix order: %q at %d, %q at %d", seq[i-1], order[seq[i-1]], seq[i], order[seq[i]])
		}
	}
}

func TestNotesAreTalkingPointsThenStats(t *testing.T) {
	p, err := Build(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range p.Slides {
		talk, stats, _ := strings.Cut(s.Notes, "\n"+StatsLine+"\n")
		if n := len(strings.Fields(talk)); n > MaxTalkWords {
			t.Errorf("slide %d (%q): %d words of talking points, at most %d", i+1, s.Title, n, MaxTalkWords)
		}
		if s.Layout == pptx.Content && s.Image != nil && stats == "" {
			t.Errorf("slide %d (%q): chart notes without a Stats part", i+1, s.Title)
		}
		if strings.Contains(talk, "p =") || strings.Contains(talk, "CI") {
			t.Errorf("slide %d (%q): statistics above the Stats line: %q", i+1, s.Title, talk)
		}
	}
}

func TestBackPocketSaysTooFew(t *testing.T) {
	s := cutSlide(fixture(t).Cuts[0], "who")
	got := map[string]bool{}
	for _, r := range s.Table {
		for _, c := range r {
			got[c] = true
		}
	}
	for _, want := range []string{"28% (n 249)", "29% (n 56)", "too few (n 3)", "By stage"} {
		if !got[want] {
			t.Errorf("back-pocket table lacks %q: %q", want, s.Table)
		}
	}
	if !strings.Contains(s.Notes, "too few (n 3)") {
		t.Errorf("notes lack the table: %q", s.Notes)
	}
	p, err := Build(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, sl := range p.Slides {
		if sl.Title == "Teams in H1 report more" && !strings.Contains(sl.Notes, "Seed | 29% (n 56) | too few (n 3)") {
			t.Errorf("H1's slide notes lack its back pocket: %q", sl.Notes)
		}
	}
}

func TestPlainSentenceDropsStatistics(t *testing.T) {
	in := `The share answering "Profitable" rose from 19% (95% CI 15–22%) in 2022 to 28% (24–32%) in 2026 (Kendall tau-b with year, BH-adjusted p = 0.023).`
	if got, want := plainSentence(in), `The share answering "Profitable" rose from 19% in 2022 to 28% in 2026.`; got != want {
		t.Errorf("plainSentence = %q, want %q", got, want)
	}
}

func TestMissingImageIsAnError(t *testing.T) {
	in := fixture(t)
	delete(in.Images, "h3_fig")
	if _, err := Build(in); err == nil || !strings.Contains(err.Error(), `"h3_fig"`) {
		t.Errorf("err = %v, want one naming h3_fig", err)
	}
}

// TestLibreOfficeAppendixRule converts the deck with LibreOffice: one page
// per slide, and the page titled Appendix is at most the 15th.
func TestLibreOfficeAppendixRule(t *testing.T) {
	pptxtest.NeedTools(t)
	p, err := Build(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Write()
	if err != nil {
		t.Fatal(err)
	}
	pdf := pptxtest.ToPDF(t, b)
	pages := pptxtest.Pages(t, pdf)
	if pages != len(p.Slides) {
		t.Errorf("%d pages, want %d", pages, len(p.Slides))
	}
	at := 0
	for i := 1; i <= pages && at == 0; i++ {
		if strings.TrimSpace(pptxtest.Text(t, pdf, i)) == AppendixTitle {
			at = i
		}
	}
	if at == 0 || at > MaxTalkSlides+1 {
		t.Errorf("the Appendix page is page %d, want one of pages 2..%d", at, MaxTalkSlides+1)
	}
}
