package deck

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
	"github.com/gtmsurvey/gtmsurvey/trends"
)

// MaxTalkWords is the most words of talking points a slide's notes hold
// above their "Stats" line.
const MaxTalkWords = 120

// StatsLine separates a slide's talking points from its statistics.
const StatsLine = "Stats"

// talking joins talking points (what it shows, why it matters, the
// caveat) into notes, one paragraph each.
func talking(points ...string) string { return strings.Join(points, "\n") }

// withStats is talking points, then the Stats line and the statistics.
func withStats(talk, stats string) string {
	if stats == "" {
		return talk
	}
	return talk + "\n" + StatsLine + "\n" + stats
}

// why says what each hypothesis means for the survey's questions.
var why = map[string]string{
	"H1": "Putting AI tools in SDRs' hands, replacing SDRs with AI agents, or neither: the staffing choice most sales teams face.",
	"H2": "If the spread of growth widens, averages hide more each year: top and bottom quartiles live in different markets.",
	"H3": "If buyers' AI goes with changed sales cycles more than sellers' AI, AI-to-AI selling matters more than your own tools.",
	"H4": "Where AI productivity goes so far: into fewer hires or into more revenue.",
	"H5": "Expectations set budgets: a smaller gap means AI plans rest on measured gains.",
}

// hypothesisNotes are a hypothesis slide's notes: what it shows, why it
// matters and its caveat, then its statistics.
func hypothesisNotes(h report.HypothesisOut) string {
	caveat := h.NotShown
	if caveat == "" && len(h.Warnings) > 0 {
		caveat = h.Warnings[0]
	}
	talk := talking("What it shows: "+sentenceOf(h.Figure.Title), "Why it matters: "+why[h.ID], "Caveat: "+caveat)
	return withStats(talk, hypothesisStats(h))
}

// hypothesisStats are a hypothesis's statistics: verdict, tests, n,
// effect with CI, p and adjusted p, caveats and the cleaning check.
func hypothesisStats(h report.HypothesisOut) string {
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

// verdictNotes are the verdict summary's notes: one line per hypothesis in
// the Stats part.
func verdictNotes(r report.Results) string {
	var lines []string
	for _, h := range r.Hypotheses {
		lines = append(lines, fmt.Sprintf("%s %s: %s (%s, n = %d)", h.ID, h.Title, h.Verdict, pText("Holm-adjusted p", h.PAdjusted), h.N))
	}
	talk := talking(
		"What it shows: the five hypotheses fixed before the data were seen, and where each landed.",
		"Why it matters: these are the only confirmatory results in the talk; everything else is exploratory.",
		"Caveat: \"supported\" means an association beyond chance in this sample, not a proven cause.")
	return withStats(talk, r.Family+"\n"+r.ContraFamily+"\n"+strings.Join(lines, "\n"))
}

// themeWhy says why a theme's trends matter.
var themeWhy = map[string]string{
	"sales":            "How teams sell is where the shift from growth to efficiency shows first.",
	"marketing":        "Pipeline is the leading edge of next year's revenue.",
	"customer success": "Retention is the cheapest growth.",
	"cash":             "Runway and growth show how far the shift to efficiency has gone.",
	"AI":               "This is AI in go-to-market as teams measure it.",
	"company":          "Who answered shapes every other number in this deck.",
}

// trendNotes are a trend slide's notes: what it shows, why it matters and
// its caveat, then the variable's tests.
func trendNotes(v *trends.Variable, title string, q float64, tests int) string {
	caveat := fmt.Sprintf("Exploratory: one of %d trend tests, with a 5%% false discovery rate across them.", tests)
	if v.CompositionFlag {
		caveat += " This change is not robust to reweighting by stage and region: it may reflect who answered."
	}
	talk := talking("What it shows: "+sentenceOf(title), "Why it matters: "+themeWhy[v.Theme.Title()], "Caveat: "+caveat)
	var b strings.Builder
	fmt.Fprintf(&b, "%s (exploratory; Benjamini-Hochberg q = %g across all trends)", v.Label, q)
	for _, s := range v.Sentences {
		fmt.Fprintf(&b, "\n%s", s)
	}
	for _, t := range v.Tests {
		fmt.Fprintf(&b, "\n- %s %s%s: n = %d, %s = %.3g, p = %s, BH p = %s, weighted p = %s%s", t.Method, t.Scope,
			levelSuffix(t.Level), t.N, t.StatName, t.Statistic, stats.FormatP(t.P), stats.FormatP(t.PAdjusted),
			stats.FormatP(t.WeightedP), compositionSuffix(t.CompositionFlag))
	}
	for _, n := range v.NotTested {
		fmt.Fprintf(&b, "\n- not tested: %s", n)
	}
	return withStats(talk, b.String())
}

func levelSuffix(l string) string {
	if l == "" {
		return ""
	}
	return " (" + l + ")"
}

func compositionSuffix(flag bool) string {
	if flag {
		return "; composition flag: changes under reweighting"
	}
	return ""
}

// pText is "name = 0.0123", or "name < 0.0001" where FormatP gives a bound.
func pText(name string, p hypotheses.Float) string {
	f := stats.FormatP(float64(p))
	if strings.HasPrefix(f, "<") {
		return name + " < " + strings.TrimPrefix(f, "<")
	}
	return name + " = " + f
}

// statParen matches a parenthesis that holds statistics: a CI, a p-value
// or a test name.
var statParen = regexp.MustCompile(`\s*\((?:[^()]*(?:CI|p =|p <|p=|p<|test|tau|Mann|chi|Kendall|Cochran|–)[^()]*)\)`)

// plainSentence drops the statistics in parentheses from a sentence, for
// a slide: "rose from 19% (95% CI 15–22%) in 2022 to 28% (24–32%) in 2026
// (Kendall …)" → "rose from 19% in 2022 to 28% in 2026".
func plainSentence(s string) string {
	s = statParen.ReplaceAllString(s, "")
	return sentenceOf(strings.TrimSpace(s))
}

// sentenceOf ends s with a full stop.
func sentenceOf(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

// num writes a number as people do: whole from 100 on, else 3 digits.
func num(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "-"
	case math.Abs(x) >= 100:
		return thousands(int(math.Round(x)))
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}
