// Package clean applies the response-quality rules to a harmonized dataset:
// preview/test/spam responses, incomplete responses, duplicates and
// speeders. Each rule has a stated default and can be switched off or tuned;
// every excluded row is recorded in the ledger with the rule's reason.
package clean

import (
	"fmt"
	"math"
	"sort"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// Ledger reasons, one per rule.
const (
	ReasonPreview    dataset.Reason = "preview"    // a preview or test response (Qualtrics Status 1 or 2)
	ReasonSpam       dataset.Reason = "spam"       // flagged as spam by the tool (Qualtrics Status 8, 9, 12)
	ReasonIncomplete dataset.Reason = "incomplete" // flagged unfinished, or too few questions answered
	ReasonDuplicate  dataset.Reason = "duplicate"  // same email or company within a wave; the latest complete one is kept
	ReasonSpeeder    dataset.Reason = "speeder"    // duration under a fraction of the wave median
)

// Options tunes the rules. The zero value switches every rule off; Defaults
// gives the pre-registered settings.
type Options struct {
	// DropPreview excludes response_type = Preview and the rows the tool
	// marks preview, test or spam.
	DropPreview bool
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

// Report counts exclusions per year and rule, notes rules that could not
// apply (e.g. no durations in a wave), and tells what each dedupe key did.
type Report struct {
	Excluded map[int]map[dataset.Reason]int
	Notes    []string
	// Dedupe counts, per year and key (email, company), the rows removed
	// as duplicates through that key and the placeholder answers skipped.
	Dedupe map[int]map[string]*KeyStats
}

// KeyStats is what one dedupe key did in one wave.
type KeyStats struct {
	Removed     int // duplicate rows that share this key with a kept row of their group
	Placeholder int // rows whose answer was a placeholder ("N/A", "stealth"), never a key
}

// rules is the state of one Apply.
type rules struct {
	d   *dataset.Dataset
	out []dataset.Reason // reason per row; "" kept
	rep *Report
}

func (r *rules) mark(i int, reason dataset.Reason) {
	if r.out[i] != "" {
		return
	}
	r.out[i] = reason
	if r.rep.Excluded[r.d.Year[i]] == nil {
		r.rep.Excluded[r.d.Year[i]] = map[dataset.Reason]int{}
	}
	r.rep.Excluded[r.d.Year[i]][reason]++
}

// Apply runs the rules in order (preview, incomplete, duplicate, speeder),
// records exclusions in the ledger (a row keeps its first reason) and returns
// the dataset of kept rows. It also sets d.Company, the private cross-wave
// company key of every row (CompanyKey), which the kept rows carry.
func Apply(d *dataset.Dataset, l *dataset.Ledger, cb *codebook.Codebook, o Options) (*dataset.Dataset, Report) {
	d.SetCompanies(CompanyKey(d, cb.Placeholders()))
	rep := Report{Excluded: map[int]map[dataset.Reason]int{}, Dedupe: map[int]map[string]*KeyStats{}}
	r := &rules{d: d, out: make([]dataset.Reason, d.Len()), rep: &rep}
	if o.DropPreview {
		r.preview()
	}
	r.incomplete(cb, o)
	if o.Dedupe {
		r.dedupe(newPlaceholders(cb.Placeholders()))
	}
	if o.SpeederFraction > 0 {
		r.speeders(o.SpeederFraction)
	}
	for i := 0; i < d.Len(); i++ {
		if r.out[i] != "" {
			l.Exclude(d.File[i], d.Line[i], r.out[i])
		}
	}
	return d.Subset(func(i int) bool { return r.out[i] == "" }), rep
}

// preview excludes rows the tool marks preview, test or spam, and rows the
// codebook maps to response_type Preview.
func (r *rules) preview() {
	typ := r.d.Col("response_type")
	for i := 0; i < r.d.Len(); i++ {
		switch r.d.StatusOf(i) {
		case dataset.StatusPreview, dataset.StatusTest:
			r.mark(i, ReasonPreview)
		case dataset.StatusSpam:
			r.mark(i, ReasonSpam)
		}
		if lv, ok := typ.Level(i); ok && lv == "Preview" {
			r.mark(i, ReasonPreview)
		}
	}
}

// incomplete excludes rows the tool marks unfinished and rows answering
// too few of the wave's analysed questions.
func (r *rules) incomplete(cb *codebook.Codebook, o Options) {
	analysed := analysedByYear(cb, r.d)
	finished := r.d.Col("finished")
	for i := 0; i < r.d.Len(); i++ {
		if lv, ok := finished.Level(i); ok && o.DropPartial && lv == "No" {
			r.mark(i, ReasonIncomplete)
			continue
		}
		vars := analysed[r.d.Year[i]]
		if o.MinAnswered <= 0 || len(vars) == 0 {
			continue
		}
		n := 0
		for _, c := range vars {
			if !math.IsNaN(c.Float(i)) {
				n++
			}
		}
		if float64(n) < o.MinAnswered*float64(len(vars)) {
			r.mark(i, ReasonIncomplete)
		}
	}
}

// speeders excludes, per wave, kept rows faster than frac of the median duration.
func (r *rules) speeders(frac float64) {
	d := r.d
	dur := d.Col("duration_s")
	rows := map[int][]int{} // year → its kept rows with a duration
	for i := 0; i < d.Len(); i++ {
		if r.out[i] == "" && !math.IsNaN(dur.Float(i)) {
			rows[d.Year[i]] = append(rows[d.Year[i]], i)
		}
	}
	for _, y := range d.Years() {
		if len(rows[y]) == 0 {
			r.rep.Notes = append(r.rep.Notes, fmt.Sprintf("%d: no durations, speeder rule not applied", y))
			continue
		}
		v := make([]float64, len(rows[y]))
		for k, i := range rows[y] {
			v[k] = dur.Num[i]
		}
		sort.Float64s(v)
		med := v[len(v)/2]
		if len(v)%2 == 0 {
			med = (v[len(v)/2-1] + v[len(v)/2]) / 2
		}
		for _, i := range rows[y] {
			if dur.Num[i] < frac*med {
				r.mark(i, ReasonSpeeder)
			}
		}
	}
}

// analysedByYear lists, per wave, the columns of d of the quasi-identifier
// and sensitive variables the wave asks directly (not derived ones).
func analysedByYear(cb *codebook.Codebook, d *dataset.Dataset) map[int][]*dataset.Column {
	out := map[int][]*dataset.Column{}
	for _, w := range cb.Waves {
		seen := map[string]bool{}
		for _, c := range w.Columns {
			v := cb.Var(c.Var)
			if seen[v.Name] || (v.Role != codebook.RoleQuasi && v.Role != codebook.RoleSensitive) {
				continue
			}
			seen[v.Name] = true
			out[w.Year] = append(out[w.Year], d.Col(v.Name))
		}
	}
	return out
}
