package ingest

import (
	"fmt"
	"math"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// ExcludedBlank is the ledger reason for a data row with every cell empty.
const ExcludedBlank dataset.Reason = "blank_row"

// MaxIssues is how many individual value problems a wave report keeps; the
// counts per variable and reason are always complete.
const MaxIssues = 5000

// Issue is one cell whose value became missing for a reason other than being
// blank or a missing-value token: the report names file, row, column, value.
type Issue struct {
	File   string
	Row    int
	Col    int // 1-based
	Header string
	Var    string
	Value  string // bounded by codebook.BoundText
	Reason codebook.MissingReason
}

func (i Issue) String() string {
	return fmt.Sprintf("%s:%d:col %d (%s): %q: %s", i.File, i.Row, i.Col, i.Var, i.Value, i.Reason)
}

// VarStats counts what became of one variable's cells in one wave.
type VarStats struct {
	Parsed  int                            // cells that gave a value
	Flags   map[codebook.Flag]int          // parsed values with a flag
	Missing map[codebook.MissingReason]int // cells without a value, by reason
}

// WaveReport is the harmonization report of one wave.
type WaveReport struct {
	Year          int
	File          string
	HeaderRows    int
	Rows          int // data rows read (the ledger's "in")
	BlankRows     int // of which wholly blank (excluded)
	TrailingBlank int // padding rows after the data, not counted in Rows
	Found         []string
	NotAsked      []string
	Ignored       []string // columns ignored by the codebook
	UnmappedEmpty []string // columns neither mapped nor ignored, but empty
	IgnoreUnused  []string // ignore entries that matched no column (a typo, or a column gone)
	// Unmapped answer labels (bounded by codebook.BoundText) per variable with their counts.
	Unmapped      map[string]map[string]int
	Vars          map[string]*VarStats
	Issues        []Issue
	IssuesDropped int
}

// unmappedColumns sorts the columns no map names into ignored (by the
// wave's ignore list) and empty; one with content is an error, since it may
// hold personal data nobody reviewed. The report's statistics follow.
func (h *harmonizer) unmappedColumns() error {
	ix := h.ix
	used := make([]bool, len(h.t.Columns))
	for _, b := range h.bound {
		used[b.idx] = true
	}
	ignoredBy := ix.Ignored(h.w.Ignore)
	hit := make([]bool, len(h.w.Ignore))
	for j := range h.t.Columns {
		if used[j] {
			continue
		}
		name := ix.Name(j)
		if k := ignoredBy[j]; k >= 0 {
			hit[k] = true
			h.rep.Ignored = append(h.rep.Ignored, name)
			continue
		}
		if line := h.t.ContentLine(j); line > 0 {
			return &survey.ParseError{File: h.t.File, Sheet: h.t.Sheet, Row: line, Col: j + 1,
				Err: fmt.Errorf("column %q holds data but the codebook neither maps nor ignores it (it may hold personal data)", codebook.BoundText(name))}
		}
		h.rep.UnmappedEmpty = append(h.rep.UnmappedEmpty, name)
	}
	for k, e := range h.w.Ignore {
		if !hit[k] {
			h.rep.IgnoreUnused = append(h.rep.IgnoreUnused, e)
		}
	}
	return nil
}

// coverage lists the variables the wave asks (directly or by derivation)
// and those it does not.
func (h *harmonizer) coverage() {
	h.mapped = map[string]bool{}
	for _, b := range h.bound {
		h.mapped[b.v.Name] = true
	}
	for _, v := range h.cb.Variables {
		dv := v.Derive
		switch {
		case h.mapped[v.Name]:
			h.rep.Found = append(h.rep.Found, v.Name)
		case dv != nil && h.mapped[dv.From] && (dv.DifferenceFrom == "" || h.mapped[dv.DifferenceFrom]):
			h.rep.Found = append(h.rep.Found, v.Name)
		default:
			h.rep.NotAsked = append(h.rep.NotAsked, v.Name)
		}
	}
}

func (h *harmonizer) stats(name string) *VarStats {
	s := h.rep.Vars[name]
	if s == nil {
		s = &VarStats{Flags: map[codebook.Flag]int{}, Missing: map[codebook.MissingReason]int{}}
		h.rep.Vars[name] = s
	}
	return s
}

// record counts a parsed cell in the report: parsed with its flag, or
// missing with its reason; unmapped labels and unreadable values are listed.
func (h *harmonizer) record(b *boundCol, line int, raw string, res codebook.ParseResult) {
	s := b.stats
	if res.Missing == "" {
		s.Parsed++
		if res.Flag != codebook.FlagNone {
			s.Flags[res.Flag]++
		}
		return
	}
	s.Missing[res.Missing]++
	if res.Missing == codebook.MissingUnmapped {
		if h.rep.Unmapped[b.v.Name] == nil {
			h.rep.Unmapped[b.v.Name] = map[string]int{}
		}
		h.rep.Unmapped[b.v.Name][strings.Clone(codebook.BoundText(strings.TrimSpace(raw)))]++
	}
	if res.Missing.Given() {
		return
	}
	if len(h.rep.Issues) >= MaxIssues {
		h.rep.IssuesDropped++
		return
	}
	h.rep.Issues = append(h.rep.Issues, Issue{File: h.t.File, Row: line, Col: b.idx + 1,
		Header: h.t.Columns[b.idx].Key(), Var: b.v.Name, Value: strings.Clone(codebook.BoundText(raw)), Reason: res.Missing})
}

// countOptions counts the one-column-per-option multi-selects of row i
// once each: parsed when any option was chosen, blank otherwise.
func (h *harmonizer) countOptions(i int) {
	for k, s := range h.options {
		if math.IsNaN(h.optCols[k].Num[i]) {
			s.Missing[codebook.MissingBlank]++
		} else {
			s.Parsed++
		}
	}
}
