package report

import (
	"fmt"
	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// view is Input arranged for the templates: every number already
// formatted, so report.html and report.md say exactly the same things.
type view struct {
	InShort         []shortLine // the plain-language summary at the top
	Options         []Fact
	Family          string
	SecondaryFamily string
	Hypotheses      []hypothesisView
	TrendsComputed  bool
	Themes          []themeView
	Waves           []WaveSummary
	WaveTotal       WaveSummary
	Repeats         string // repeat companies per wave pair that has any, or "none"
	Disclosure      *DisclosureSummary
	DisclosureFacts []Fact
	Plan            string
	ChartsAvailable bool
	Unmapped        bool // some wave has unmapped labels
}

// Fact is one labelled value in a list of figures.
type Fact struct{ Label, Value string }

// shortLine is one line of the plain-language summary: a finding in plain
// words and, for a hypothesis, its verdict.
type shortLine struct{ Text, Verdict, Class string }

type hypothesisView struct {
	ID, Title, Claim, Verdict, Class, Finding string
	NotShown                                  string // what the result does not show, in one plain line
	Alt                                       string // the chart's finding
	HolmP                                     string
	N                                         int
	Facts                                     []Fact
	Warnings                                  []string
	Charts                                    []string // figure names
	Sensitivity                               string
	SensitivityChanged                        bool
	Secondary                                 []secondaryView
}

type secondaryView struct{ Name, Test, Outcome, P, PAdjusted, Effect string }

type themeView struct {
	Name   string
	Trends []trendView
}

type trendView struct {
	Variable, Sentence, P, PAdjusted, Flag, Chart, Alt string
}

// repeats lists the wave pairs with repeat companies ("2024–2025 109"), or "none".
func repeats(ps []dataset.RepeatPair) string {
	var parts []string
	for _, p := range ps {
		if p.Companies > 0 {
			parts = append(parts, fmt.Sprintf("%d–%d %d", p.From, p.To, p.Companies))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func newView(in Input) view {
	r := in.Results
	v := view{Family: r.Family, SecondaryFamily: r.SecondaryFamily, Plan: planBody(in.Plan),
		TrendsComputed: in.Trends != nil, Themes: themes(in.Trends), Waves: in.Waves,
		WaveTotal: waveTotal(in.Waves), Repeats: repeats(r.RepeatCompanies), Disclosure: in.Disclosure, ChartsAvailable: in.Charts != nil}
	o := r.Options
	v.Options = []Fact{
		{"alpha (Holm, BH q)", num(o.Alpha)},
		{"bootstrap seed", strconv.FormatUint(o.Seed, 10)},
		{"bootstrap replicates", strconv.Itoa(o.Resamples)},
		{"H4 equivalence margin", num(o.EquivalenceMargin) + " SD per SD"},
		{"smallest group", strconv.Itoa(o.MinGroup)},
	}
	for _, w := range in.Waves {
		v.Unmapped = v.Unmapped || len(w.Unmapped) > 0
	}
	for _, h := range r.Hypotheses {
		v.Hypotheses = append(v.Hypotheses, hypothesis(h, chartsFor(h.ID, in.Charts)))
	}
	v.InShort = inShort(r, in.Trends)
	if in.Disclosure != nil {
		v.DisclosureFacts = disclosureFacts(in.Disclosure)
	}
	return v
}

func hypothesis(h HypothesisOut, charts []string) hypothesisView {
	verdict := string(h.Verdict)
	hv := hypothesisView{ID: h.ID, Title: h.Title, Claim: h.Claim, Verdict: verdict,
		Class: strings.ReplaceAll(verdict, " ", "-"), Finding: h.Finding, HolmP: fp(h.PAdjusted), N: h.N, Facts: hypothesisFacts(h),
		Warnings: h.Warnings, Charts: charts, SensitivityChanged: h.Sensitivity.Changed, Alt: altText(h.Figure.Title, h.Title), NotShown: h.NotShown}
	s := h.Sensitivity
	same := "same verdict"
	if s.Changed {
		same = "the quality rules CHANGED the verdict"
	}
	hv.Sensitivity = fmt.Sprintf("Without the quality rules: %s (p %s, Holm p %s, n = %d); %s.",
		s.Verdict, pIs(float64(s.PValue)), pIs(float64(s.PAdjusted)), s.N, same)
	for _, c := range h.Secondary {
		sv := secondaryView{Name: c.Name, Test: c.Test, Outcome: c.Outcome, P: fp(c.PValue), PAdjusted: "-"}
		if c.PAdjusted != nil {
			sv.PAdjusted = fp(*c.PAdjusted)
		}
		if c.Effect != nil {
			sv.Effect = effectOf(*c.Effect)
		}
		hv.Secondary = append(hv.Secondary, sv)
	}
	return hv
}

// hypothesisFacts are the figures printed beside each verdict, one line
// each; a new field of the results is one more line here.
func hypothesisFacts(h HypothesisOut) []Fact {
	e := h.Effect
	return []Fact{
		{"effect", effectOf(e)},
		{"p (supported family)", fp(h.PValue)},
		{"Holm-adjusted p (supported family)", fp(h.PAdjusted)},
		{"p (contradicted family: opposite direction, Bonferroni over parts)", fp(h.PContra)},
		{"Holm-adjusted p (contradicted family)", fp(h.PContraAdjusted)},
		{"n", strconv.Itoa(h.N)},
		{"minimum detectable effect (80% power at α/5)", strings.TrimSpace(num(float64(h.MDE)) + " " + h.MDEUnit)},
	}
}

// fp formats a p-value of the results.
func fp(p hypotheses.Float) string { return stats.FormatP(float64(p)) }

// effectOf is effectText of a result's effect.
func effectOf(e hypotheses.Effect) string {
	return effectText(e.Name, float64(e.Estimate), float64(e.CILow), float64(e.CIHigh), float64(e.CILevel))
}

func effectText(name string, est, lo, hi, level float64) string {
	if math.IsNaN(est) {
		return "-"
	}
	s := name + " " + num(est)
	if !math.IsNaN(lo) && !math.IsNaN(hi) && level > 0 {
		s += fmt.Sprintf(" (%s%% CI %s to %s)", num(100*level), num(lo), num(hi))
	}
	return s
}

// planBody drops the plan's own title (the report has a heading for it).
func planBody(plan string) string {
	if strings.HasPrefix(plan, "# ") {
		_, rest, _ := strings.Cut(plan, "\n")
		return strings.TrimLeft(rest, "\n")
	}
	return plan
}

// pIs writes "= 0.0123" or "< 0.0001" after a p.
func pIs(p float64) string {
	s := stats.FormatP(p)
	if strings.HasPrefix(s, "<") {
		return "< " + s[1:]
	}
	return "= " + s
}

// num formats a figure as people write it: three significant digits, and
// whole numbers from 100 on (1925, not 1.92e+03).
func num(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "-"
	case math.Abs(x) >= 100:
		return strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

func disclosureFacts(d *DisclosureSummary) []Fact {
	facts := []Fact{
		{"respondents offered to the release", strconv.Itoa(d.Respondents)},
		{"k, l", fmt.Sprintf("%d, %d", d.K, d.L)},
	}
	for _, x := range d.Extracts {
		facts = append(facts, Fact{"extract " + x.Name, fmt.Sprintf(
			"%d of %d rows; smallest class %d; singled out %d; largest linkage %.3f (1/k = %.3f); %d cells suppressed",
			x.Released, x.Offered, x.SmallestClass, x.SingledOut, x.MaxLinkage, 1/float64(max(d.K, 1)), x.SuppressedCells)})
	}
	return append(facts, Fact{"release configuration sha256", d.ConfigSHA256})
}

// chartsFor returns the names of a hypothesis's charts: the one named by
// its lower-case id, then those starting with it and "_", in name order.
func chartsFor(id string, charts map[string][]byte) []string {
	id = strings.ToLower(id)
	var out []string
	for name := range charts {
		if name == id || strings.HasPrefix(name, id+"_") {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func themes(ts []TrendSummary) []themeView {
	var out []themeView
	index := map[string]int{}
	for _, t := range ts {
		i, ok := index[t.Theme]
		if !ok {
			i = len(out)
			index[t.Theme] = i
			out = append(out, themeView{Name: t.Theme})
		}
		out[i].Trends = append(out[i].Trends, trendView{Variable: t.Variable, Sentence: t.Sentence,
			P: stats.FormatP(t.P), PAdjusted: stats.FormatP(t.PAdjusted), Flag: t.Flag, Chart: t.Chart, Alt: altText(t.Alt, t.Variable)})
	}
	return out
}

func waveTotal(ws []WaveSummary) WaveSummary {
	t := WaveSummary{File: "all waves"}
	ex := map[string]int{}
	for _, w := range ws {
		t.Read += w.Read
		t.Kept += w.Kept
		for _, c := range w.Excluded {
			ex[c.Reason] += c.N
		}
	}
	t.Excluded = counts(ex)
	return t
}

// altText is a chart's alt text: its finding, else what it is about.
func altText(finding, about string) string {
	if finding != "" {
		return "Chart: " + strings.TrimSuffix(finding, ".") + "."
	}
	return "Chart of " + about + "."
}

// inShort is the plain-language summary: each hypothesis's finding in
// plain words with its verdict, then the largest trend changes.
func inShort(r Results, ts []TrendSummary) []shortLine {
	var out []shortLine
	for _, h := range r.Hypotheses {
		text := h.Figure.Title
		if text == "" {
			text = h.Title
		}
		v := string(h.Verdict)
		out = append(out, shortLine{Text: strings.TrimSuffix(text, ".") + ".", Verdict: v, Class: strings.ReplaceAll(v, " ", "-")})
	}
	type changed struct {
		text string
		p    float64
	}
	var cs []changed
	for _, t := range ts {
		if t.Alt != "" && !math.IsNaN(t.PAdjusted) && t.PAdjusted < r.Options.Alpha {
			cs = append(cs, changed{t.Alt, t.PAdjusted})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].p < cs[j].p })
	for i, c := range cs {
		if i == 4 {
			break
		}
		out = append(out, shortLine{Text: strings.TrimSuffix(c.text, ".") + "."})
	}
	return out
}
