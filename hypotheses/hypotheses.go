// Package hypotheses runs the five pre-registered hypotheses of
// ANALYSIS_PLAN.md on the canonical dataset: each declares its claim, the
// waves and variables it needs, and its components; the registry applies
// Holm across the five primary p-values and Benjamini–Hochberg across the
// secondary tests, and assigns the plan's verdicts.
package hypotheses

import (
	"fmt"
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// Verdicts, as the plan defines them.
const (
	Supported    = "supported"
	NotSupported = "not supported"
	Contradicted = "contradicted"
	Insufficient = "insufficient data"
)

// Options are the analysis settings; Defaults gives the pre-registered ones.
type Options struct {
	Alpha             float64 `json:"alpha"`              // family-wise α (Holm) and BH q; default 0.05
	Seed              uint64  `json:"seed"`               // bootstrap seed
	Resamples         int     `json:"resamples"`          // bootstrap replicates B; default 9999
	EquivalenceMargin float64 `json:"equivalence_margin"` // H4 TOST margin Δ in SD per SD; default 0.15
	MinGroup          int     `json:"min_group"`          // smallest group or sample a test may use; default 20
	// VerdictsOnly skips what feeds neither a verdict nor a primary p-value
	// (descriptive bootstraps, secondary trend tests), for the sensitivity
	// pass, which reports only those.
	VerdictsOnly bool `json:"-"`
}

// Defaults returns the pre-registered options.
func Defaults() Options {
	return Options{Alpha: 0.05, Seed: 20260512, Resamples: 9999, EquivalenceMargin: 0.15, MinGroup: 20}
}

// Validate names the flag of an option out of range.
func (o Options) Validate() error {
	switch {
	case !(o.Alpha > 0 && o.Alpha < 1):
		return fmt.Errorf("-alpha must be in (0, 1), got %g", o.Alpha)
	case o.Resamples < 99:
		return fmt.Errorf("-resamples must be at least 99, got %d", o.Resamples)
	case !(o.EquivalenceMargin > 0 && o.EquivalenceMargin < 5):
		return fmt.Errorf("-equivalence-margin must be in (0, 5), got %g", o.EquivalenceMargin)
	case o.MinGroup < 2:
		return fmt.Errorf("-min-group must be at least 2, got %d", o.MinGroup)
	}
	return nil
}

// Effect is an effect size with its confidence interval.
type Effect struct {
	Name     string  `json:"name"`
	Estimate float64 `json:"estimate"`
	CILow    float64 `json:"ci_low"`
	CIHigh   float64 `json:"ci_high"`
	CILevel  float64 `json:"ci_level"`
}

// Group is one group of a comparison: its name, how it is defined and its n.
type Group struct {
	Name       string `json:"name"`
	Definition string `json:"definition"`
	N          int    `json:"n"`
}

// Component is one test that feeds a verdict (or a secondary test), with
// enough detail to recompute it elsewhere.
type Component struct {
	Name        string   `json:"name"`
	Test        string   `json:"test"`
	Outcome     string   `json:"outcome"`
	Predictors  []string `json:"predictors,omitempty"`
	Groups      []Group  `json:"groups,omitempty"`
	Years       []int    `json:"years"`
	Alternative string   `json:"alternative"`
	N           int      `json:"n"`
	Statistic   float64  `json:"statistic"`
	// StatisticName says what Statistic is (U, t, τ_b, slope, …).
	StatisticName string  `json:"statistic_name"`
	PValue        float64 `json:"p_value"`
	// PAdjusted is set for secondary tests (Benjamini–Hochberg).
	PAdjusted *float64 `json:"p_adjusted,omitempty"`
	Effect    *Effect  `json:"effect,omitempty"`
	Note      string   `json:"note,omitempty"`
}

// Result is one hypothesis's outcome.
type Result struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Claim     string  `json:"claim"`
	Verdict   string  `json:"verdict"`
	Finding   string  `json:"finding"`
	PValue    float64 `json:"p_value"`    // p_H (max over the parts); NaN when insufficient
	PAdjusted float64 `json:"p_adjusted"` // Holm across the five
	Effect    Effect  `json:"effect"`     // the headline effect
	N         int     `json:"n"`
	// MDE is the minimum detectable effect at 80% power for the n used, in
	// the units MDEUnit names.
	MDE        float64     `json:"mde_80"`
	MDEUnit    string      `json:"mde_unit"`
	Warnings   []string    `json:"warnings"`
	Components []Component `json:"components"`
	Secondary  []Component `json:"secondary"`

	// set by the hypothesis, read by the registry
	inDirection  bool   // every effect in the claimed direction
	contradicted bool   // the headline CI lies wholly on the opposite side
	insufficient string // non-empty: why the data cannot answer
	describe     func(r *Result) string
}

// Hypothesis is one pre-registered hypothesis.
type Hypothesis struct {
	ID, Title, Claim string
	Years            []int    // waves it needs
	Variables        []string // canonical variables it needs
	Run              func(d *dataset.Dataset, o Options) Result
}

// All is the ordered registry.
var All = []Hypothesis{H1, H2, H3, H4, H5}

// Report is the outcome of RunAll.
type Report struct {
	Options  Options  `json:"options"`
	Results  []Result `json:"results"`
	Warnings []string `json:"warnings"`
}

// RunAll runs every hypothesis, applies Holm to the primary p-values and BH
// to the secondary ones, and assigns verdicts and findings.
func RunAll(d *dataset.Dataset, o Options) Report {
	rep := Report{Options: o}
	ps := make([]float64, len(All))
	for i, h := range All {
		r := h.Run(d, o)
		r.ID, r.Title, r.Claim = h.ID, h.Title, h.Claim
		if r.insufficient != "" {
			r.PValue = math.NaN()
		}
		ps[i] = r.PValue
		rep.Results = append(rep.Results, r)
	}
	adj := stats.Holm(ps)
	var sec []float64
	for _, r := range rep.Results {
		for _, c := range r.Secondary {
			sec = append(sec, c.PValue)
		}
	}
	bh := stats.BenjaminiHochberg(sec)
	k := 0
	for i := range rep.Results {
		r := &rep.Results[i]
		r.PAdjusted = adj[i]
		for j := range r.Secondary {
			v := bh[k]
			r.Secondary[j].PAdjusted = &v
			k++
		}
		switch {
		case r.insufficient != "":
			r.Verdict = Insufficient
			r.Finding = "Insufficient data: " + r.insufficient + "."
			continue
		case r.contradicted:
			r.Verdict = Contradicted
		case r.PAdjusted < o.Alpha && r.inDirection:
			r.Verdict = Supported
		default:
			r.Verdict = NotSupported
		}
		if r.describe != nil {
			r.Finding = r.describe(r)
		}
	}
	return rep
}

// --- helpers shared by the hypotheses ---

func inYears(d *dataset.Dataset, i int, years []int) bool {
	for _, y := range years {
		if d.Year[i] == y {
			return true
		}
	}
	return false
}

func yearsPresent(d *dataset.Dataset, v string, years []int) []int {
	var out []int
	for _, y := range years {
		for i := 0; i < d.Len(); i++ {
			if d.Year[i] == y && !math.IsNaN(d.Float(v, i)) {
				out = append(out, y)
				break
			}
		}
	}
	return out
}

func effectCI(name string, iv stats.Interval) Effect {
	return Effect{Name: name, Estimate: iv.Estimate, CILow: iv.Low, CIHigh: iv.High, CILevel: iv.Level}
}

// tInterval is est ± t_{1−(1−level)/2, df}·se.
func tInterval(name string, est, se, df, level float64) Effect {
	q := tQuantile(1-(1-level)/2, df)
	return Effect{Name: name, Estimate: est, CILow: est - q*se, CIHigh: est + q*se, CILevel: level}
}

func fmtCI(e Effect, digits int) string {
	f := "%." + fmt.Sprint(digits) + "f"
	return fmt.Sprintf(f+" (%.0f%% CI "+f+" to "+f+")", e.Estimate, e.CILevel*100, e.CILow, e.CIHigh)
}

func maxP(ps ...float64) float64 {
	m := 0.0
	for _, p := range ps {
		if math.IsNaN(p) {
			return math.NaN()
		}
		m = math.Max(m, p)
	}
	return m
}
