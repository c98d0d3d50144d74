package deck

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/pptx"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
	"github.com/gtmsurvey/gtmsurvey/trends"
)

const talkTitle = "What go-to-market teams told us"

// talk is the slides before the Appendix divider.
func (b *builder) talk() []pptx.Slide {
	r := b.in.Results
	s := []pptx.Slide{b.titleSlide(), b.whoAnswered(), b.takeaways(), b.changed()}
	s = append(s, b.chart(verdictFigure(r), verdictNotes(r)))
	for _, h := range r.Hypotheses {
		notes := hypothesisNotes(h)
		for _, c := range b.in.Cuts {
			if c.ID == h.ID {
				notes += "\nBack pocket, " + c.Measure + " by stage and ARR band (also in the appendix):\n" + strings.Join(cutLines(c), "\n")
			}
		}
		s = append(s, b.chart(h.Figure, notes))
	}
	return append(s, b.newThisYear(), b.meansForYou(), questions())
}

func (b *builder) titleSlide() pptx.Slide {
	return pptx.Slide{Layout: pptx.TitleSlide, Title: talkTitle,
		Subtitle: "The annual go-to-market survey · Office Hours\n" + b.w.who(),
		Notes: talking(
			fmt.Sprintf("Five years of the survey: %s answered.", b.w.who()),
			"Today: five hypotheses we fixed before looking at the data, what changed since last year, and what is new.",
			"Everything here is an association in a self-selected sample, not proof of cause."),
	}
}

func (b *builder) whoAnswered() pptx.Slide {
	w := b.w
	return pptx.Slide{Title: "Who answered, and how", Subtitle: w.who(),
		Points: []string{
			fmt.Sprintf("%s companies answered over %d yearly waves, run in %d different survey tools.", thousands(w.kept), len(w.rows), w.tools()),
			w.perWave(),
			w.cleaned(),
			b.repeats(),
			"Founders and go-to-market leaders who chose to answer: the numbers describe them, not every startup.",
			"The five hypotheses and their tests were written down before the data were seen; the trends are exploratory.",
		},
		Notes: talking(
			"Who is in the numbers, and what we threw out.",
			"Every row is accounted for: rows read equal rows kept plus rows removed, per wave.",
			"Caveat: each wave used a different tool and reached a different crowd, so part of any change between years may be who answered."),
	}
}

// repeats says how many companies answered in two waves, per pair of
// consecutive waves, and what the tests do about it.
func (b *builder) repeats() string {
	var parts []string
	for _, p := range b.in.Results.RepeatCompanies {
		if p.Companies > 0 && p.To == p.From+1 {
			parts = append(parts, fmt.Sprintf("%d–%d: %s", p.From, p.To, thousands(p.Companies)))
		}
	}
	if len(parts) == 0 {
		return "No company answered in two consecutive waves."
	}
	return "Companies that answered again the next year: " + strings.Join(parts, ", ") + "; tests that pool years keep each company's latest answer."
}

// takeaway is one line of the takeaways slide: a question of the survey,
// answered by hypotheses' headlines and, where one changed, trend sentences.
type takeaway struct {
	question string
	vars     []string // trend variables whose first sentence may answer it
	hyps     []string // hypotheses whose headline answers it
}

// takeawayPlan answers the survey's three broader questions: the shift
// from growth to efficiency, AI's real impact on GTM teams, and AI-to-AI
// selling.
var takeawayPlan = []takeaway{
	{"From growth to efficiency", []string{"runway_band", "arr_growth_yoy_pct"}, []string{"H2"}},
	{"AI in sales teams", nil, []string{"H1"}},
	{"Where AI gains go", nil, []string{"H4"}},
	{"AI-to-AI selling", []string{"buyer_ai_observed"}, []string{"H3"}},
	{"Expectations", []string{"ai_expected_gain_pct"}, []string{"H5"}},
}

func (b *builder) takeaways() pptx.Slide {
	r := b.in.Results
	var points []string
	for _, t := range takeawayPlan {
		var parts []string
		if s := firstSentence(r.Trends, t.vars); s != "" {
			parts = append(parts, s)
		}
		for _, id := range t.hyps {
			if h, ok := hypothesis(r, id); ok {
				parts = append(parts, sentenceOf(h.Figure.Title))
			}
		}
		if len(parts) > 0 {
			points = append(points, t.question+": "+strings.Join(parts, " "))
		}
	}
	return pptx.Slide{Title: fmt.Sprintf("%s takeaways", countWord(len(points))), Subtitle: b.w.who(), Points: points,
		Notes: talking(
			"The survey set out three questions: is the shift from growth to efficiency still on, what is AI really doing to GTM teams, and is AI starting to sell to AI.",
			"These lines are the short answers; the next slides carry the evidence.",
			"Caveat: associations in a self-selected sample, not causes.")}
}

// changed is what changed between the last two waves: the significant
// changes that reach the latest wave, largest first, the 2-wave ones first.
func (b *builder) changed() pptx.Slide {
	prev, last := b.w.latest()
	tr := b.in.Results.Trends
	var ts []*trends.Test
	if tr != nil {
		for _, t := range tr.Significant() {
			if slices.Contains(t.Years, last) && slices.Contains(t.Years, prev) && t.Sentence != "" {
				ts = append(ts, t)
			}
		}
	}
	sort.SliceStable(ts, func(i, j int) bool { return len(ts[i].Years) == 2 && len(ts[j].Years) != 2 })
	var points []string
	seen := map[string]bool{}
	for _, t := range ts {
		if len(points) == 4 {
			break
		}
		if !seen[t.Variable] {
			seen[t.Variable] = true
			points = append(points, plainSentence(t.Sentence))
		}
	}
	tests := 0
	if tr != nil {
		tests = tr.Tests()
	}
	if len(points) == 0 {
		points = []string{fmt.Sprintf("No answer moved beyond chance between %d and %d among the questions asked in both years.", prev, last)}
	}
	return pptx.Slide{Title: fmt.Sprintf("What changed since %d", prev), Subtitle: fmt.Sprintf("Questions asked in %d and %d; changes that reach %d", prev, last, last),
		Points: points,
		Footer: fmt.Sprintf("Stats: exploratory trend tests; Benjamini–Hochberg false discovery rate %g across all %d trend tests.", b.in.Results.Options.Alpha, tests),
		Notes: talking(
			fmt.Sprintf("The largest changes that reach %d, out of every question we track.", last),
			"These are the numbers people will quote: each has its chart in the appendix.",
			"Caveat: exploratory. With this many questions a few changes are expected by chance; the false discovery rate keeps that near 5%.")}
}

// newThisYear lists the questions first asked in the latest wave with
// their most common answers.
func (b *builder) newThisYear() pptx.Slide {
	_, last := b.w.latest()
	var points []string
	if tr := b.in.Results.Trends; tr != nil {
		for _, v := range tr.Variables {
			if len(v.Years) == 1 && v.Years[0] == last && len(points) < 5 {
				points = append(points, topAnswers(v, last))
			}
		}
	}
	if len(points) == 0 {
		points = []string{fmt.Sprintf("No question was asked for the first time in %d.", last)}
	}
	return pptx.Slide{Title: fmt.Sprintf("New in %d", last), Subtitle: fmt.Sprintf("Questions asked for the first time in %d: one year, so no change to show yet", last),
		Points: points,
		Notes: talking(
			fmt.Sprintf("These questions were asked for the first time in %d.", last),
			"They set the baseline for next year's survey, and they are where the buyer-side AI story starts.",
			"Caveat: one wave only, so nothing here is a trend.")}
}

// topAnswers is a new question with its two most common answers, or its
// median for a number.
func topAnswers(v *trends.Variable, year int) string {
	var cells []trends.Cell
	for _, c := range v.Cells {
		if c.Year == year {
			cells = append(cells, c)
		}
	}
	for _, c := range cells {
		if c.Level == trends.StatMedian {
			return fmt.Sprintf("%s: median %s (%s answers)", v.Label, num(c.Estimate), thousands(c.NAnswered))
		}
	}
	sort.SliceStable(cells, func(i, j int) bool { return cells[i].Estimate > cells[j].Estimate })
	var parts []string
	n := 0
	for _, c := range cells {
		if len(parts) == 2 || math.IsNaN(c.Estimate) {
			break
		}
		parts = append(parts, fmt.Sprintf("“%s” %.0f%%", c.Level, 100*c.Estimate))
		n = c.NAnswered
	}
	return fmt.Sprintf("%s: %s (%s answers)", v.Label, strings.Join(parts, ", "), thousands(n))
}

// meansForYou turns each verdict into what a founder might do about it,
// in association words.
func (b *builder) meansForYou() pptx.Slide {
	var points []string
	for _, h := range b.in.Results.Hypotheses {
		if m, ok := meaning[h.ID]; ok {
			if h.Verdict == hypotheses.Supported {
				points = append(points, m[0])
			} else {
				points = append(points, m[1])
			}
		}
	}
	return pptx.Slide{Title: "What it means for you", Subtitle: b.w.who(), Points: points,
		Notes: talking(
			"What a founder or GTM leader might take from the five results.",
			"None of this proves that doing the same will give the same result: these are the patterns among the companies that answered.",
			"Caveat: compare with your own numbers before changing a plan.")}
}

// meaning per hypothesis: the line when supported, and otherwise.
var meaning = map[string][2]string{
	"H1": {"If you run SDRs, measure win rates by how reps use AI: teams whose SDRs use AI tools report the highest.",
		"Do not expect AI tools alone to lift win rates: teams with and without them report similar results."},
	"H2": {"Benchmarks against the average mislead more each year: compare yourself with companies of your stage and growth.",
		"The spread of growth is not clearly widening: last year's benchmarks still hold."},
	"H3": {"Plan for buyers who use AI: where buyers use it, sales cycles are reported longer, more than where sellers do.",
		"Buyers' AI is not yet clearly changing sales cycles more than sellers' AI."},
	"H4": {"Where AI gains are measured, teams report fewer SDR hires rather than faster revenue growth: budget for it.",
		"Measured AI gains do not clearly go with fewer SDR hires rather than faster growth."},
	"H5": {"Expectations have come down toward what teams measure: plan with measured gains, not promised ones.",
		"The gap between expected and measured AI gains has not clearly narrowed: discount promised gains."},
}

func questions() pptx.Slide {
	return pptx.Slide{Title: "Questions", Points: []string{
		"Does it hold for seed-stage companies? The appendix cuts every hypothesis by stage and ARR band.",
		"Every chart, with the numbers behind it, is in the report and the charts folder.",
		"Respondents get the anonymized data to run their own analyses.",
	}, Notes: talking("Open the floor.", "The appendix has each hypothesis by stage and ARR band and every trend chart, for follow-up questions.",
		"Caveat: cells with fewer than 5 companies show \"too few\".")}
}

// hypothesis finds a hypothesis's result by id.
func hypothesis(r report.Results, id string) (report.HypothesisOut, bool) {
	for _, h := range r.Hypotheses {
		if h.ID == id {
			return h, true
		}
	}
	return report.HypothesisOut{}, false
}

// firstSentence is the plain sentence of the first variable in names
// with a significant change: its strongest such test's.
func firstSentence(tr *trends.Result, names []string) string {
	if tr == nil {
		return ""
	}
	for _, name := range names {
		for _, t := range tr.Significant() {
			if t.Variable == name && t.Sentence != "" {
				return plainSentence(t.Sentence)
			}
		}
	}
	return ""
}

func countWord(n int) string {
	if n >= 0 && n < len(countWords) {
		return countWords[n]
	}
	return fmt.Sprint(n)
}

var countWords = []string{"No", "One", "Two", "Three", "Four", "Five", "Six"}
