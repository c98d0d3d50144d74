package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
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
	titles := map[string]string{}
	for _, f := range r.Figures {
		titles[f.Name] = f.Title
	}
	var out []report.TrendSummary
	for _, v := range r.Variables {
		s := report.TrendSummary{Theme: v.Theme.Title(), Variable: v.Label, P: math.NaN(), PAdjusted: math.NaN(),
			Chart: "trend_" + v.Name, Alt: titles["trend_"+v.Name]}
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
