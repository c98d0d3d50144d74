package trends

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// Grade is how comparable a variable is between two consecutive waves.
type Grade string

// Grades, from the codebook (and, for an answer that a wave evidently did
// not offer, from its counts).
const (
	GradeSame     Grade = "same"               // same mapping, no recoding: comparable
	GradeRecoded  Grade = "recoded"            // answers mapped onto the canonical set: comparable
	GradeChanged  Grade = "answer set changed" // not comparable
	GradeWording  Grade = "wording changed"    // the question's stem changed: not comparable
	GradeNotAsked Grade = "not asked"          // not comparable
)

// Comparable reports whether a trend may span the pair.
func (g Grade) Comparable() bool { return g == GradeSame || g == GradeRecoded }

// Pair grades one variable between two consecutive survey waves.
type Pair struct {
	From  int    `json:"from"`
	To    int    `json:"to"`
	Grade Grade  `json:"grade"`
	How   string `json:"how,omitempty"` // what was recoded or changed, or which wave did not ask
	// Equivalent is the codebook's reason for treating the two waves'
	// different wordings as one question (the report prints it).
	Equivalent string `json:"equivalent_wording,omitempty"`
}

// mapping is how one wave fills one variable.
type mapping struct {
	asked   bool
	derived string            // non-empty: derived from this variable
	recode  map[string]string // wave label → canonical level
	options []string          // multi-select option columns (nil: one joined column)
	wording string            // the question as asked (of the source variable when derived)
	stems   []string          // its folded stems; nil when not known
}

func waveMapping(cb *codebook.Codebook, w *codebook.Wave, v *codebook.Variable) mapping {
	m := mapping{recode: map[string]string{}}
	for _, c := range w.Columns {
		if c.Var != v.Name {
			continue
		}
		m.asked = true
		maps.Copy(m.recode, c.Recode)
		if c.Option != "" {
			m.options = append(m.options, c.Option)
		}
	}
	if !m.asked && v.Derive != nil && slices.Contains(cb.WavesAsking(v.Name), w.Year) {
		m.asked, m.derived = true, v.Derive.From
	}
	slices.Sort(m.options)
	asked := v.Name
	if m.derived != "" {
		asked = m.derived
	}
	m.wording, m.stems = w.Wording(asked), w.Stems(asked)
	return m
}

// gradePair grades the variable between waves a and b (a earlier); counts,
// per year, are the answers per level of a single-choice or ordinal variable
// (nil otherwise), used to find a level that a wave evidently did not offer.
func gradePair(cb *codebook.Codebook, v *codebook.Variable, a, b *codebook.Wave, counts map[int][]float64) Pair {
	p := Pair{From: a.Year, To: b.Year}
	ma, mb := waveMapping(cb, a, v), waveMapping(cb, b, v)
	switch {
	case !ma.asked || !mb.asked:
		p.Grade, p.How = GradeNotAsked, notAskedHow(ma, mb, a.Year, b.Year)
		return p
	case v.Type == codebook.TypeMulti && ma.options != nil && mb.options != nil && !slices.Equal(ma.options, mb.options):
		p.Grade, p.How = GradeChanged, optionChange(ma.options, mb.options)
		return p
	}
	var changed []string
	unoffered := unofferedLevels(v.Levels, counts, []int{a.Year, b.Year})
	for _, y := range []int{a.Year, b.Year} {
		for _, l := range unoffered[y] {
			changed = append(changed, fmt.Sprintf("%d has no answer %q where the other wave's share predicts at least 10", y, l))
		}
	}
	wording, eq := wordingChange(v, a.Year, b.Year, ma, mb)
	if len(changed) > 0 {
		if wording != "" {
			changed = append(changed, "wording changed too: "+wording)
		}
		p.Grade, p.How = GradeChanged, strings.Join(changed, "; ")
		return p
	}
	if wording != "" && eq == "" {
		p.Grade, p.How = GradeWording, wording
		return p
	}
	var how []string
	for _, x := range []struct {
		y int
		m mapping
	}{{a.Year, ma}, {b.Year, mb}} {
		if s := recodeHow(cb, v, x.m); s != "" {
			how = append(how, fmt.Sprintf("%d: %s", x.y, s))
		}
	}
	p.Grade = GradeSame
	if len(how) > 0 && !sameMapping(ma, mb) {
		p.Grade, p.How = GradeRecoded, strings.Join(how, "; ")
	}
	if eq != "" {
		p.Equivalent = eq
		p.How = strings.TrimPrefix(p.How+"; wording differs ("+wording+"), marked equivalent", "; ")
	}
	return p
}

// wordingChange describes how the question's wording changed between two
// waves ("" when the stems agree or either is not known), and gives the
// codebook's reason when it marks the two wordings equivalent.
func wordingChange(v *codebook.Variable, ya, yb int, ma, mb mapping) (how, equivalent string) {
	if ma.stems == nil || mb.stems == nil || slices.Equal(ma.stems, mb.stems) {
		return "", ""
	}
	how = fmt.Sprintf("%d %q, %d %q", ya, ma.wording, yb, mb.wording)
	if r, ok := v.EquivalentWording(ya, yb); ok {
		return how, r
	}
	return how, ""
}

func sameMapping(a, b mapping) bool {
	return a.derived == b.derived && maps.Equal(a.recode, b.recode) && slices.Equal(a.options, b.options)
}

func notAskedHow(ma, mb mapping, ya, yb int) string {
	var ys []string
	if !ma.asked {
		ys = append(ys, fmt.Sprint(ya))
	}
	if !mb.asked {
		ys = append(ys, fmt.Sprint(yb))
	}
	return "not asked in " + strings.Join(ys, " and ")
}

func optionChange(a, b []string) string {
	var added, removed []string
	for _, o := range b {
		if !slices.Contains(a, o) {
			added = append(added, o)
		}
	}
	for _, o := range a {
		if !slices.Contains(b, o) {
			removed = append(removed, o)
		}
	}
	var parts []string
	if len(added) > 0 {
		parts = append(parts, "options added: "+strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		parts = append(parts, "options removed: "+strings.Join(removed, ", "))
	}
	return strings.Join(parts, "; ")
}

// recodeHow says how a wave's answers were mapped onto the canonical set,
// or "" when they were taken as they are.
func recodeHow(cb *codebook.Codebook, v *codebook.Variable, m mapping) string {
	if m.derived != "" {
		src := cb.Var(m.derived)
		if src != nil && len(v.Derive.Map) > 0 {
			return fmt.Sprintf("derived from %s (%d levels mapped onto %d)", m.derived, len(src.Levels), len(v.Levels))
		}
		return "derived from " + m.derived
	}
	if len(m.recode) == 0 {
		return ""
	}
	keys := slices.Sorted(maps.Keys(m.recode))
	var ex []string
	for _, k := range keys[:min(3, len(keys))] {
		ex = append(ex, fmt.Sprintf("%q → %q", k, m.recode[k]))
	}
	more := ""
	if len(keys) > 3 {
		more = fmt.Sprintf(", and %d more", len(keys)-3)
	}
	return fmt.Sprintf("%d labels recoded (%s%s)", len(keys), strings.Join(ex, ", "), more)
}

// unofferedLevels finds, for consecutive asked waves, a level with no answer
// in one wave although the other wave's share of it predicts at least 10
// answers: the wave evidently did not offer it (P < 5·10⁻⁵ by chance).
func unofferedLevels(levels []string, counts map[int][]float64, years []int) map[int][]string {
	out := map[int][]string{}
	for k := 1; k < len(years); k++ {
		a, b := counts[years[k-1]], counts[years[k]]
		if a == nil || b == nil {
			continue
		}
		na, nb := sum(a), sum(b)
		for l := range levels {
			if a[l] == 0 && nb > 0 && b[l]/nb*na >= 10 && !slices.Contains(out[years[k-1]], levels[l]) {
				out[years[k-1]] = append(out[years[k-1]], levels[l])
			}
			if b[l] == 0 && na > 0 && a[l]/na*nb >= 10 && !slices.Contains(out[years[k]], levels[l]) {
				out[years[k]] = append(out[years[k]], levels[l])
			}
		}
	}
	return out
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}
