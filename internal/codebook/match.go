package codebook

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// ColumnIndex holds the names an export's columns are matched by, each
// normalized once (NormalizeHeader).
type ColumnIndex struct {
	t      *survey.Table
	key    []string // Key(): question text, or "text | sub-label"
	joined []string // Joined(): every header row, "tag | text | sub-label"
	tag    []string
	qid    []string
	text   []string
	sub    []string
}

// NewColumnIndex indexes the columns of t (header rows only are read).
func NewColumnIndex(t *survey.Table) *ColumnIndex {
	ix := &ColumnIndex{t: t}
	for _, c := range t.Columns {
		ix.key = append(ix.key, NormalizeHeader(c.Key()))
		ix.joined = append(ix.joined, NormalizeHeader(c.Joined()))
		ix.sub = append(ix.sub, NormalizeHeader(c.Sub))
		ix.tag = append(ix.tag, NormalizeHeader(c.Tag))
		ix.qid = append(ix.qid, survey.NormalizeID(NormalizeHeader(c.ImportID)))
		ix.text = append(ix.text, NormalizeHeader(c.Text))
	}
	return ix
}

// Name is how messages and the report name column j: its tag, else its key.
func (ix *ColumnIndex) Name(j int) string {
	if c := ix.t.Columns[j]; c.Tag != "" {
		return c.Tag
	}
	return ix.t.Columns[j].Key()
}

// named returns the columns whose header, tag or ImportId (as m gives one)
// equals m's after normalization; with none of them, every column. A
// header matches a column's key or all its header rows joined ("V1 |
// ResponseID"); with an option, it also matches a question text over a
// block of sub-labels (SurveyMonkey), and when several columns carry the
// header, the one whose sub-label is the option is meant.
func (ix *ColumnIndex) named(m ColumnMap) []int {
	var out []int
	switch {
	case m.Header != "":
		want, opt := NormalizeHeader(m.Header), NormalizeHeader(m.Option)
		for j := range ix.t.Columns {
			if ix.key[j] == want || ix.joined[j] == want || opt != "" && ix.text[j] == want && ix.sub[j] == opt {
				out = append(out, j)
			}
		}
		if len(out) > 1 && opt != "" {
			if pin := ix.withSub(out, opt); len(pin) == 1 {
				return pin
			}
		}
		return out
	case m.Tag != "":
		return ix.equal(ix.tag, NormalizeHeader(m.Tag))
	case m.QID != "":
		return ix.equal(ix.qid, survey.NormalizeID(NormalizeHeader(m.QID))) // QID2-1 (2016 Insights) = QID2_1
	}
	for j := range ix.t.Columns {
		out = append(out, j)
	}
	return out
}

// equal returns the columns whose name in have is want.
func (ix *ColumnIndex) equal(have []string, want string) []int {
	var out []int
	for j, h := range have {
		if h == want {
			out = append(out, j)
		}
	}
	return out
}

// withSub returns the columns of cols whose sub-label is sub.
func (ix *ColumnIndex) withSub(cols []int, sub string) []int {
	var out []int
	for _, j := range cols {
		if ix.sub[j] == sub {
			out = append(out, j)
		}
	}
	return out
}

// find returns the one column m names. A name several columns share needs
// a position; a position must hold a column carrying the name.
func (ix *ColumnIndex) find(m ColumnMap) (int, error) {
	cand := ix.named(m)
	if m.Position > 0 {
		j := m.Position - 1
		if j >= len(ix.t.Columns) {
			return -1, ix.errorf(0, "codebook column %s (%s): the file has only %d columns", m, m.Var, len(ix.t.Columns))
		}
		for _, k := range cand {
			if k == j {
				return j, nil
			}
		}
		return -1, ix.errorf(m.Position, "codebook column %s (%s): column %d is %q", m, m.Var, m.Position, ix.Name(j))
	}
	switch len(cand) {
	case 0:
		return -1, ix.errorf(0, "codebook column %s (%s) is not in the file", m, m.Var)
	case 1:
		return cand[0], nil
	}
	pos := make([]string, len(cand))
	for i, j := range cand {
		pos[i] = strconv.Itoa(j + 1)
	}
	return -1, ix.errorf(0, "codebook column %s (%s) is ambiguous: the header is on columns %s; add position: (one of %s) to say which",
		m, m.Var, strings.Join(pos, ", "), strings.Join(pos, ", "))
}

func (ix *ColumnIndex) errorf(col int, format string, args ...any) error {
	return &survey.ParseError{File: ix.t.File, Sheet: ix.t.Sheet, Row: 1, Col: col, Err: fmt.Errorf(format, args...)}
}

// Match finds the column each of the wave's column maps names, in the
// order of w.Columns. Two maps naming one column is an error.
func (ix *ColumnIndex) Match(w *Wave) ([]int, error) {
	cols := make([]int, len(w.Columns))
	errs := make([]error, len(w.Columns))
	for k, m := range w.Columns {
		cols[k], errs[k] = ix.find(m)
	}
	resolveByNeighbours(w.Columns, ix, cols)
	byCol := map[int]ColumnMap{}
	for k, m := range w.Columns {
		j := cols[k]
		if j < 0 {
			return nil, errs[k]
		}
		if prev, dup := byCol[j]; dup {
			return nil, ix.errorf(j+1, "codebook columns %s (%s) and %s (%s) both name column %d", prev, prev.Var, m, m.Var, j+1)
		}
		byCol[j] = m
	}
	return cols, nil
}

// resolveByNeighbours settles a multi-select option whose header the file
// repeats (Typeform heads each choice column with its label, so "Other" may
// stand under three questions): of the columns carrying the header, the one
// next to another column of the same variable is meant, when exactly one
// is. Anything else stays ambiguous and needs a position.
func resolveByNeighbours(maps []ColumnMap, ix *ColumnIndex, cols []int) {
	for progress := true; progress; {
		progress = false
		varAt := map[int]string{}
		for k, j := range cols {
			if j >= 0 {
				varAt[j] = maps[k].Var
			}
		}
		for k, m := range maps {
			if cols[k] >= 0 || m.Option == "" || m.Position > 0 {
				continue
			}
			var pick []int
			for _, j := range ix.named(m) {
				if varAt[j] == "" && (varAt[j-1] == m.Var || varAt[j+1] == m.Var) {
					pick = append(pick, j)
				}
			}
			if len(pick) == 1 {
				cols[k], varAt[pick[0]], progress = pick[0], m.Var, true
			}
		}
	}
}

// Ignored returns, for each column, the index of the first of the wave's
// ignore entries that covers it by tag or key; -1 when none does.
func (ix *ColumnIndex) Ignored(entries []string) []int {
	ignore := newIgnoreMatcher(entries)
	out := make([]int, len(ix.t.Columns))
	for j := range out {
		out[j] = ignore.covers(ix.tag[j], ix.key[j])
	}
	return out
}

// ignoreMatcher tells whether a wave's ignore list covers a column.
type ignoreMatcher []string

func newIgnoreMatcher(entries []string) ignoreMatcher {
	m := make(ignoreMatcher, len(entries))
	for i, e := range entries {
		m[i] = NormalizeHeader(e)
	}
	return m
}

// covers returns the index of the first entry that equals one of the
// names, or matches one as a path.Match pattern (a malformed pattern only
// matches literally); -1 when none does.
func (m ignoreMatcher) covers(names ...string) int {
	for k, p := range m {
		for _, n := range names {
			if n == "" {
				continue
			}
			if p == n {
				return k
			}
			if ok, err := path.Match(p, n); ok && err == nil {
				return k
			}
		}
	}
	return -1
}
