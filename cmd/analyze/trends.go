package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
	"github.com/gtmsurvey/gtmsurvey/trends"
)

// runTrends computes the trends stage on the kept responses and adds
// private/trends.csv and, through the anonymizer, public/trends.csv.
func runTrends(ld *loaded, seed uint64, q float64, files map[string][]byte) (*trends.Result, error) {
	o := trends.Defaults()
	o.Seed, o.Q = seed, q
	missing := map[int]map[string]map[string]int{}
	for _, r := range ld.in.Reports {
		m := map[string]map[string]int{}
		for name, s := range r.Vars {
			if len(s.Missing) > 0 {
				m[name] = map[string]int{}
				for reason, n := range s.Missing {
					m[name][string(reason)] = n
				}
			}
		}
		missing[r.Year] = m
	}
	res, err := trends.Run(trends.Input{Data: ld.kept, Codebook: ld.cb, Missing: missing}, o)
	if err != nil {
		return nil, err
	}
	if files["private/trends.csv"], err = res.CSV(); err != nil {
		return nil, err
	}
	if files["public/"+anonymize.TrendsCSV], err = anonymize.PublicTrends(files["private/trends.csv"]); err != nil {
		return nil, err
	}
	return res, nil
}

// printTrends prints the ten largest significant changes.
func printTrends(w io.Writer, r *trends.Result) {
	sig := r.Significant()
	fmt.Fprintf(w, "\ntrends: %d of %d tests significant (BH q = %g); largest changes:\n", len(sig), r.Tests(), r.Options.Q)
	for i, t := range sig {
		if i == 10 {
			break
		}
		flag := ""
		if t.CompositionFlag {
			flag = " [composition]"
		}
		fmt.Fprintf(w, "%2d. %s%s\n", i+1, t.Sentence, flag)
	}
}

// trendSummaries is the trends stage for the report: per variable, its
// headline sentence (or why it has none), its strongest test and its chart.
func trendSummaries(r *trends.Result) []report.TrendSummary {
	if r == nil {
		return nil
	}
	var out []report.TrendSummary
	for _, v := range r.Variables {
		s := report.TrendSummary{Theme: v.Theme.Title(), Variable: v.Label, P: math.NaN(), PAdjusted: math.NaN(),
			Chart: "trend_" + v.Name}
		if t := strongest(v); t != nil {
			s.P, s.PAdjusted = t.P, t.PAdjusted
		}
		s.Sentence = strings.Join(v.Sentences, " ")
		if s.Sentence == "" {
			s.Sentence = v.Headline + "." // no significant change over what was tested, or why nothing was
		}
		if v.CompositionFlag {
			s.Flag = "direction or significance changes under reweighting to the pooled stage and region mix"
		}
		out = append(out, s)
	}
	return out
}

// strongest is a variable's test with the smallest BH-adjusted p; nil when
// none was run.
func strongest(v *trends.Variable) *trends.Test {
	var best *trends.Test
	for _, t := range v.Tests {
		if best == nil || t.PAdjusted < best.PAdjusted {
			best = t
		}
	}
	return best
}

// trendSlides are the trend charts for the deck, grouped by theme, each
// with its tests in the speaker notes.
func trendSlides(r *trends.Result) []chartSlide {
	if r == nil {
		return nil
	}
	byName := map[string]*trends.Variable{}
	for _, v := range r.Variables {
		byName["trend_"+v.Name] = v
	}
	var out []chartSlide
	for _, f := range r.Figures {
		v := byName[f.Name]
		section, notes := "Who answered", "Respondents per wave by company stage."
		if v != nil {
			section, notes = strings.ToUpper(v.Theme.Title()[:1])+v.Theme.Title()[1:], trendNotes(v, r.Options.Q)
		}
		out = append(out, chartSlide{Figure: f, Section: section, Notes: notes})
	}
	return out
}

// trendNotes lists a variable's tests for the speaker notes.
func trendNotes(v *trends.Variable, q float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (exploratory; Benjamini-Hochberg q = %g across all trends)\n", v.Label, q)
	for _, s := range v.Sentences {
		fmt.Fprintf(&b, "%s\n", s)
	}
	for _, t := range v.Tests {
		fmt.Fprintf(&b, "- %s %s%s: n = %d, %s = %.3g, p = %s, BH p = %s, weighted p = %s%s\n", t.Method, t.Scope,
			levelSuffix(t.Level), t.N, t.StatName, t.Statistic, stats.FormatP(t.P), stats.FormatP(t.PAdjusted),
			stats.FormatP(t.WeightedP), compositionSuffix(t.CompositionFlag))
	}
	for _, n := range v.NotTested {
		fmt.Fprintf(&b, "- not tested: %s\n", n)
	}
	return b.String()
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
