package deck

import (
	"fmt"
	"math"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/pptx"
	"github.com/gtmsurvey/gtmsurvey/trends"
)

// appendix is everything behind the divider: the back pocket, then the
// trend charts.
func (b *builder) appendix() []pptx.Slide {
	var s []pptx.Slide
	if len(b.in.Cuts) > 0 {
		s = append(s, pptx.Slide{Layout: pptx.Section, Title: "By stage and ARR band"})
		for _, c := range b.in.Cuts {
			who := b.w.who()
			if h, ok := hypothesis(b.in.Results, c.ID); ok && h.Figure.Subtitle != "" {
				who = h.Figure.Subtitle
			}
			s = append(s, cutSlide(c, who))
		}
	}
	return append(s, b.trendSlides()...)
}

// cutSlide is one hypothesis's headline by stage and by ARR band, as a
// table, with the same table in the notes.
func cutSlide(c hypotheses.Cut, who string) pptx.Slide {
	rows := cutTable(c)
	lines := cutLines(c)
	title := fmt.Sprintf("%s by stage and ARR band: %s", c.ID, c.Measure)
	talk := talking(
		fmt.Sprintf("What it shows: the %s for each group, within each stage and ARR band.", c.Measure),
		"Why it matters: it answers \"does it hold for companies like mine?\"",
		fmt.Sprintf("Caveat: descriptive, no test within a cell; cells with fewer than %d companies show \"too few\".", hypotheses.CutMinCell))
	return pptx.Slide{Title: title, Subtitle: who + "; ARR bands comparable across all waves", Table: rows,
		Footer: fmt.Sprintf("Stats: descriptive only; a cell with fewer than %d companies in a group shows \"too few\".", hypotheses.CutMinCell),
		Notes:  withStats(talk, strings.Join(lines, "\n"))}
}

// cutTable is a cut as a table: a header of its groups, the whole, then
// a row per stage and per ARR band under a heading row each.
func cutTable(c hypotheses.Cut) [][]string {
	rows := [][]string{append([]string{""}, c.Groups...)}
	by := ""
	for _, r := range c.Rows {
		label := r.Level
		if r.By == "All" {
			label = "All companies"
		} else if r.By != by {
			rows = append(rows, []string{"By " + r.By})
		}
		by = r.By
		row := []string{label}
		for g := range c.Groups {
			row = append(row, cutCell(r.Values[g], r.N[g], c.Unit))
		}
		rows = append(rows, row)
	}
	return rows
}

// cutLines are a cut's rows as lines for the notes: "Seed | 29% (n 56) | …".
func cutLines(c hypotheses.Cut) []string {
	lines := []string{strings.Join(append([]string{"groups"}, c.Groups...), " | ")}
	for _, row := range cutTable(c)[1:] {
		lines = append(lines, strings.Join(row, " | "))
	}
	return lines
}

// cutCell is "31% (n 40)" or "too few (n 3)".
func cutCell(v float64, n int, unit string) string {
	if n < hypotheses.CutMinCell || math.IsNaN(v) {
		return fmt.Sprintf("too few (n %d)", n)
	}
	return fmt.Sprintf("%.0f%s (n %s)", v, unit, thousands(n))
}

// trendRank orders trend charts in the appendix: a significant change over
// several waves first, then tested without a clear change, then asked once
// or not tested.
type trendRank int

const (
	rankChanged trendRank = iota
	rankNoChange
	rankNotTested
)

func rankOf(v *trends.Variable) trendRank {
	if len(v.Tests) == 0 || len(v.Years) < 2 {
		return rankNotTested
	}
	for _, t := range v.Tests {
		if t.Significant {
			return rankChanged
		}
	}
	return rankNoChange
}

// rankSection is the divider opening each rank after the first.
var rankSection = map[trendRank]string{rankNoChange: "Tested: no clear change", rankNotTested: "Not tested: asked once, or the question changed"}

// trendSlides are the trend charts: who answered first, then the changed
// ones by theme behind a divider per theme, then the others by rank.
func (b *builder) trendSlides() []pptx.Slide {
	tr := b.in.Results.Trends
	if tr == nil {
		return nil
	}
	byName := map[string]*trends.Variable{}
	for _, v := range tr.Variables {
		byName["trend_"+v.Name] = v
	}
	var s []pptx.Slide
	ranked := map[trendRank][]figure.Figure{}
	for _, f := range tr.Figures {
		v := byName[f.Name]
		if v == nil {
			s = append(s, pptx.Slide{Layout: pptx.Section, Title: "Who answered"},
				b.chart(f, withStats(talking("What it shows: "+sentenceOf(f.Title), "Why it matters: who answered shapes every other number.",
					"Caveat: the mix of companies differs between waves, so part of any change may be who answered."), f.Subtitle+"\n"+f.Stats)))
			continue
		}
		ranked[rankOf(v)] = append(ranked[rankOf(v)], f)
	}
	section := ""
	for _, rk := range []trendRank{rankChanged, rankNoChange, rankNotTested} {
		if t, ok := rankSection[rk]; ok && len(ranked[rk]) > 0 {
			s = append(s, pptx.Slide{Layout: pptx.Section, Title: t})
		}
		for _, f := range ranked[rk] {
			v := byName[f.Name]
			if theme := upperFirst(v.Theme.Title()); rk == rankChanged && theme != section {
				s = append(s, pptx.Slide{Layout: pptx.Section, Title: theme})
				section = theme
			}
			s = append(s, b.chart(f, trendNotes(v, f.Title, tr.Options.Q, tr.Tests())))
		}
	}
	return s
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
