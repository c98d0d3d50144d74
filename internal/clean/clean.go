// Package clean applies the response-quality rules to a harmonized dataset:
// preview/test responses, incomplete responses, duplicates and speeders. Each
// rule has a stated default and can be switched off or tuned; every excluded
// row is recorded in the ledger with the rule's reason.
package clean

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// Ledger reasons, one per rule.
const (
	ReasonPreview    = "preview"    // a preview or test response (Qualtrics Status 1)
	ReasonIncomplete = "incomplete" // flagged unfinished, or too few questions answered
	ReasonDuplicate  = "duplicate"  // same email or company within a wave; the latest complete one is kept
	ReasonSpeeder    = "speeder"    // duration under a fraction of the wave median
)

// Options tunes the rules. The zero value switches every rule off; Defaults
// gives the pre-registered settings.
type Options struct {
	DropPreview bool    // exclude response_type = Preview
	DropPartial bool    // exclude finished = No
	MinAnswered float64 // exclude rows answering less than this share of the wave's analysed questions; 0 = off
	Dedupe      bool    // exclude all but the latest complete response per email or company within a wave
	// SpeederFraction excludes rows whose duration_s is under this fraction
	// of the wave median; 0 = off.
	SpeederFraction float64
}

// Defaults are the rules as the analysis plan states them.
func Defaults() Options {
	return Options{DropPreview: true, DropPartial: true, MinAnswered: 0.5, Dedupe: true, SpeederFraction: 1.0 / 3}
}

// Validate reports an option outside its range.
func (o Options) Validate() error {
	if o.MinAnswered < 0 || o.MinAnswered > 1 {
		return fmt.Errorf("min-answered must be in [0, 1], got %g", o.MinAnswered)
	}
	if o.SpeederFraction < 0 || o.SpeederFraction >= 1 {
		return fmt.Errorf("speeder-fraction must be in [0, 1), got %g", o.SpeederFraction)
	}
	return nil
}

// Report counts exclusions per year and rule, and notes rules that could not
// apply (e.g. no durations in a wave).
type Report struct {
	Excluded map[int]map[string]int
	Notes    []string
}

// Apply runs the rules in order (preview, incomplete, duplicate, speeder),
// records exclusions in the ledger (a row keeps its first reason) and returns
// the dataset of kept rows.
func Apply(d *dataset.Dataset, l *dataset.Ledger, cb *codebook.Codebook, o Options) (*dataset.Dataset, Report) {
	rep := Report{Excluded: map[int]map[string]int{}}
	out := make([]string, d.Len()) // reason per row; "" kept
	mark := func(i int, reason string) {
		if out[i] == "" {
			out[i] = reason
			if rep.Excluded[d.Year[i]] == nil {
				rep.Excluded[d.Year[i]] = map[string]int{}
			}
			rep.Excluded[d.Year[i]][reason]++
		}
	}
	for i := 0; i < d.Len(); i++ {
		if lv, ok := d.Level("response_type", i); ok && o.DropPreview && lv == "Preview" {
			mark(i, ReasonPreview)
		}
	}
	analysed := analysedByYear(cb)
	for i := 0; i < d.Len(); i++ {
		if lv, ok := d.Level("finished", i); ok && o.DropPartial && lv == "No" {
			mark(i, ReasonIncomplete)
			continue
		}
		if o.MinAnswered > 0 {
			vars := analysed[d.Year[i]]
			if len(vars) == 0 {
				continue
			}
			n := 0
			for _, v := range vars {
				if !math.IsNaN(d.Float(v, i)) {
					n++
				}
			}
			if float64(n) < o.MinAnswered*float64(len(vars)) {
				mark(i, ReasonIncomplete)
			}
		}
	}
	if o.Dedupe {
		dedupe(d, out, mark)
	}
	if o.SpeederFraction > 0 {
		for _, y := range d.Years() {
			var dur []float64
			for i := 0; i < d.Len(); i++ {
				if d.Year[i] == y && out[i] == "" {
					if v := d.Float("duration_s", i); !math.IsNaN(v) {
						dur = append(dur, v)
					}
				}
			}
			if len(dur) == 0 {
				rep.Notes = append(rep.Notes, fmt.Sprintf("%d: no durations, speeder rule not applied", y))
				continue
			}
			sort.Float64s(dur)
			med := dur[len(dur)/2]
			if len(dur)%2 == 0 {
				med = (dur[len(dur)/2-1] + dur[len(dur)/2]) / 2
			}
			cut := o.SpeederFraction * med
			for i := 0; i < d.Len(); i++ {
				if d.Year[i] == y && out[i] == "" {
					if v := d.Float("duration_s", i); !math.IsNaN(v) && v < cut {
						mark(i, ReasonSpeeder)
					}
				}
			}
		}
	}
	for i := 0; i < d.Len(); i++ {
		if out[i] != "" {
			l.Exclude(d.File[i], d.Line[i], out[i])
		}
	}
	return d.Subset(func(i int) bool { return out[i] == "" }), rep
}

// analysedByYear lists, per wave, the quasi-identifier and sensitive
// variables the wave asks directly (not derived ones).
func analysedByYear(cb *codebook.Codebook) map[int][]string {
	out := map[int][]string{}
	for _, w := range cb.Waves {
		seen := map[string]bool{}
		for _, c := range w.Columns {
			v := cb.Var(c.Var)
			if seen[v.Name] || (v.Role != codebook.RoleQuasi && v.Role != codebook.RoleSensitive) {
				continue
			}
			seen[v.Name] = true
			out[w.Year] = append(out[w.Year], v.Name)
		}
	}
	return out
}

// dedupe groups rows of one wave that share a normalized email or company
// (transitively) and keeps the latest submitted row of each group (ties: the
// later file row), among rows not already excluded.
func dedupe(d *dataset.Dataset, out []string, mark func(int, string)) {
	parent := make([]int, d.Len())
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, name := range []string{"email", "company"} {
		c := d.Col(name)
		if c == nil || c.Kind != dataset.Text {
			continue
		}
		first := map[string]int{}
		for i := 0; i < d.Len(); i++ {
			if out[i] != "" {
				continue
			}
			k := strings.ToLower(strings.TrimSpace(c.Text[i]))
			if k == "" {
				continue
			}
			k = fmt.Sprintf("%d\x00%s", d.Year[i], k)
			if j, ok := first[k]; ok {
				parent[find(i)] = find(j)
			} else {
				first[k] = i
			}
		}
	}
	best := map[int]int{}
	later := func(i, j int) bool { // is i later than j?
		ti, tj := d.Float("submitted_at", i), d.Float("submitted_at", j)
		switch {
		case !math.IsNaN(ti) && (math.IsNaN(tj) || ti > tj):
			return true
		case !math.IsNaN(tj) && (math.IsNaN(ti) || tj > ti):
			return false
		}
		return d.Line[i] > d.Line[j]
	}
	for i := 0; i < d.Len(); i++ {
		if out[i] != "" {
			continue
		}
		r := find(i)
		if b, ok := best[r]; !ok || later(i, b) {
			best[r] = i
		}
	}
	for i := 0; i < d.Len(); i++ {
		if out[i] == "" && best[find(i)] != i {
			mark(i, ReasonDuplicate)
		}
	}
}
