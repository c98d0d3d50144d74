package codebook

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// ExcludedBlank is the ledger reason for a data row with every cell empty.
const ExcludedBlank = "blank_row"

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
	Value  string
	Reason string
}

func (i Issue) String() string {
	return fmt.Sprintf("%s:%d:col %d (%s): %q: %s", i.File, i.Row, i.Col, i.Var, i.Value, i.Reason)
}

// VarStats counts what became of one variable's cells in one wave.
type VarStats struct {
	Parsed  int            // cells that gave a value
	Flags   map[Flag]int   // parsed values with a flag
	Missing map[string]int // cells without a value, by reason
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
	// Unmapped answer labels per variable with their counts.
	Unmapped      map[string]map[string]int
	Vars          map[string]*VarStats
	Issues        []Issue
	IssuesDropped int
}

// NewDataset returns an empty dataset with one column per codebook variable.
func (cb *Codebook) NewDataset() *dataset.Dataset {
	cols := make([]*dataset.Column, len(cb.Variables))
	for i, v := range cb.Variables {
		c := &dataset.Column{Name: v.Name, Levels: v.Levels}
		switch v.Type {
		case TypeText:
			c.Kind = dataset.Text
		case TypeSingle, TypeOrdinal:
			c.Kind = dataset.Categorical
		case TypeMulti:
			c.Kind = dataset.Multi
		default:
			c.Kind = dataset.Numeric
			c.Time = v.Type == TypeDatetime
		}
		cols[i] = c
	}
	return dataset.New(cols)
}

type boundCol struct {
	m     ColumnMap
	v     *Variable
	idx   int // table column
	cache map[string]ParseResult
	label []labelEntry // multi joined: labels to split against
}

type labelEntry struct {
	text  string
	level int
}

// Harmonize maps one wave's table onto the canonical variables: it appends
// one dataset row per non-blank data row, records every row in the ledger,
// and returns the wave report. Contract errors (a codebook column the file
// lacks, a column with content that is neither mapped nor ignored, a header
// layout other than the codebook's) are returned as *survey.ParseError.
func (cb *Codebook) Harmonize(w *Wave, t *survey.Table, d *dataset.Dataset, l *dataset.Ledger) (*WaveReport, error) {
	if t.HeaderRows != w.HeaderRows {
		return nil, &survey.ParseError{File: t.File, Sheet: t.Sheet, Row: 1,
			Err: fmt.Errorf("export has %d header rows, codebook wave %d says %d", t.HeaderRows, w.Year, w.HeaderRows)}
	}
	rep := &WaveReport{Year: w.Year, File: t.File, HeaderRows: t.HeaderRows, TrailingBlank: t.TrailingBlank,
		Unmapped: map[string]map[string]int{}, Vars: map[string]*VarStats{}}
	used := make([]bool, len(t.Columns))
	var bound []*boundCol
	for _, m := range w.Columns {
		idx := -1
		for j, c := range t.Columns {
			if (m.Header != "" && c.Key() == m.Header) || (m.Tag != "" && c.Tag == m.Tag) || (m.QID != "" && c.ImportID == m.QID) {
				idx = j
				break
			}
		}
		if idx < 0 {
			return nil, &survey.ParseError{File: t.File, Sheet: t.Sheet, Row: 1,
				Err: fmt.Errorf("codebook column %s (%s) is not in the file", m, m.Var)}
		}
		used[idx] = true
		b := &boundCol{m: m, v: cb.byName[m.Var], idx: idx, cache: map[string]ParseResult{}}
		if b.v.Type == TypeMulti && m.Option == "" {
			for from, to := range m.Recode {
				b.label = append(b.label, labelEntry{from, b.v.LevelIndex(to)})
			}
			for i, lv := range b.v.Levels {
				b.label = append(b.label, labelEntry{lv, i})
			}
			sort.Slice(b.label, func(i, j int) bool {
				if len(b.label[i].text) != len(b.label[j].text) {
					return len(b.label[i].text) > len(b.label[j].text)
				}
				return b.label[i].text < b.label[j].text
			})
		}
		bound = append(bound, b)
	}
	ignored := map[string]bool{}
	for _, s := range w.Ignore {
		ignored[s] = true
	}
	for j, c := range t.Columns {
		if used[j] {
			continue
		}
		name := c.Key()
		if c.Tag != "" {
			name = c.Tag
		}
		if ignored[c.Key()] || (c.Tag != "" && ignored[c.Tag]) {
			rep.Ignored = append(rep.Ignored, name)
			continue
		}
		for _, r := range t.Rows {
			if strings.TrimSpace(r.Cells[j]) != "" {
				return nil, &survey.ParseError{File: t.File, Sheet: t.Sheet, Row: r.Line, Col: j + 1,
					Err: fmt.Errorf("column %q holds data but the codebook neither maps nor ignores it (it may hold personal data)", name)}
			}
		}
		rep.UnmappedEmpty = append(rep.UnmappedEmpty, name)
	}
	mapped := map[string]bool{}
	for _, b := range bound {
		mapped[b.v.Name] = true
	}
	for _, v := range cb.Variables {
		switch {
		case mapped[v.Name]:
			rep.Found = append(rep.Found, v.Name)
		case v.Derive != nil && mapped[v.Derive.From] && (v.Derive.DifferenceFrom == "" || mapped[v.Derive.DifferenceFrom]):
			rep.Found = append(rep.Found, v.Name)
		default:
			rep.NotAsked = append(rep.NotAsked, v.Name)
		}
	}
	stats := func(name string) *VarStats {
		s := rep.Vars[name]
		if s == nil {
			s = &VarStats{Flags: map[Flag]int{}, Missing: map[string]int{}}
			rep.Vars[name] = s
		}
		return s
	}
	var idCol *boundCol
	for _, b := range bound {
		if b.v.Name == "response_id" {
			idCol = b
		}
	}
	multiSeen := map[string]bool{}
	for _, r := range t.Rows {
		rep.Rows++
		id := ""
		if idCol != nil {
			// Clone: a substring would pin the whole raw record in memory.
			id = strings.Clone(strings.TrimSpace(r.Cells[idCol.idx]))
		}
		l.Add(w.Year, t.File, r.Line, id)
		if r.Blank() {
			rep.BlankRows++
			l.Exclude(t.File, r.Line, ExcludedBlank)
			continue
		}
		i := d.AddRow(w.Year, id, t.File, r.Line)
		clear(multiSeen)
		for _, b := range bound {
			raw := r.Cells[b.idx]
			col := d.Cols[b.v.Name]
			if b.v.Type == TypeText {
				col.Text[i] = strings.Clone(strings.TrimSpace(raw)) // do not pin the raw record
				continue
			}
			if b.v.Type == TypeMulti && b.m.Option != "" {
				// One column per option: chosen when non-blank. All option
				// columns blank means unanswered (counted once per row).
				if strings.TrimSpace(raw) != "" {
					bit := float64(uint64(1) << b.v.LevelIndex(b.m.Option))
					if math.IsNaN(col.Num[i]) {
						col.Num[i] = bit
					} else {
						col.Num[i] = float64(uint64(col.Num[i]) | uint64(bit))
					}
				}
				multiSeen[b.v.Name] = true
				continue
			}
			res, ok := b.cache[raw]
			if !ok {
				res = cb.parseCell(b, raw, rep)
				if len(b.cache) < 4096 {
					b.cache[raw] = res
				}
			}
			s := stats(b.v.Name)
			if res.Missing != "" {
				s.Missing[res.Missing]++
				if res.Missing == MissingUnmapped {
					if rep.Unmapped[b.v.Name] == nil {
						rep.Unmapped[b.v.Name] = map[string]int{}
					}
					rep.Unmapped[b.v.Name][strings.TrimSpace(raw)]++
				}
				if res.Missing != MissingBlank && res.Missing != MissingNA && res.Missing != MissingDontKnow {
					if len(rep.Issues) < MaxIssues {
						rep.Issues = append(rep.Issues, Issue{File: t.File, Row: r.Line, Col: b.idx + 1,
							Header: t.Columns[b.idx].Key(), Var: b.v.Name, Value: raw, Reason: res.Missing})
					} else {
						rep.IssuesDropped++
					}
				}
				continue
			}
			s.Parsed++
			if res.Flag != FlagNone {
				s.Flags[res.Flag]++
			}
			col.Num[i] = res.Value
		}
		for name := range multiSeen {
			s := stats(name)
			if math.IsNaN(d.Cols[name].Num[i]) {
				s.Missing[MissingBlank]++
			} else {
				s.Parsed++
			}
		}
		cb.derive(d, i, mapped)
	}
	for _, b := range bound {
		if b.v.Type != TypeText {
			stats(b.v.Name)
		}
	}
	return rep, nil
}

// derive fills variables computed from others, for a wave that does not map them.
func (cb *Codebook) derive(d *dataset.Dataset, i int, mapped map[string]bool) {
	for _, v := range cb.Variables {
		dv := v.Derive
		if dv == nil || mapped[v.Name] || !mapped[dv.From] {
			continue
		}
		src := d.Cols[dv.From]
		x := src.Num[i]
		if math.IsNaN(x) {
			continue
		}
		switch {
		case dv.DifferenceFrom != "":
			y := d.Cols[dv.DifferenceFrom].Num[i]
			if !math.IsNaN(y) {
				d.Cols[v.Name].Num[i] = x - y
			}
		case dv.Map != nil:
			if to, ok := dv.Map[src.Levels[int(x)]]; ok {
				d.Cols[v.Name].Num[i] = float64(v.LevelIndex(to))
			}
		}
	}
}

// parseCell turns one raw cell into a value by the variable's type.
func (cb *Codebook) parseCell(b *boundCol, raw string, rep *WaveReport) ParseResult {
	v := b.v
	var r ParseResult
	switch v.Type {
	case TypeSingle, TypeOrdinal:
		return resolveLabel(v, b.m.Recode, raw)
	case TypeMulti:
		return splitJoined(v, b, raw)
	case TypeInteger, TypeNumber:
		r = ParseNumber(raw)
	case TypePercent:
		r = ParsePercent(raw)
	case TypeCurrency:
		r = ParseCurrency(raw)
	case TypeDatetime:
		order := "mdy"
		for _, w := range cb.Waves {
			if w.Year == rep.Year && w.DateOrder != "" {
				order = w.DateOrder
			}
		}
		r = ParseDate(raw, order)
	default:
		panic("codebook: parseCell on type " + v.Type)
	}
	if r.Missing == "" && ((v.Min != nil && r.Value < *v.Min) || (v.Max != nil && r.Value > *v.Max)) {
		return missing(MissingOutOfRange)
	}
	return r
}

// resolveLabel maps an answer label to a level index: the wave's recode (as
// written, then normalized), then the canonical levels (as written, then
// normalized), then the missing-value tokens; anything else is unmapped.
func resolveLabel(v *Variable, recode map[string]string, raw string) ParseResult {
	s := strings.TrimSpace(raw)
	if to, ok := recode[s]; ok {
		return ParseResult{Value: float64(v.LevelIndex(to))}
	}
	if k := v.LevelIndex(s); k >= 0 {
		return ParseResult{Value: float64(k)}
	}
	n := NormalizeLabel(s)
	for from, to := range recode {
		if NormalizeLabel(from) == n {
			return ParseResult{Value: float64(v.LevelIndex(to))}
		}
	}
	if k, ok := v.norm[n]; ok {
		return ParseResult{Value: float64(k)}
	}
	if r, ok := MissingToken(s); ok {
		return missing(r)
	}
	return missing(MissingUnmapped)
}

// splitJoined reads a multi-select cell whose chosen labels are joined by
// ", " (Google Forms). Labels may themselves contain commas, so the cell is
// split against the known labels (longest first), not on commas. Text that
// matches no label is the respondent's "Other" answer: it selects the Other
// level when the variable has one (the text itself is dropped as free text),
// and is unmapped otherwise.
func splitJoined(v *Variable, b *boundCol, raw string) ParseResult {
	s := strings.TrimSpace(raw)
	if s == "" {
		return missing(MissingBlank)
	}
	if r, ok := MissingToken(s); ok {
		return missing(r)
	}
	var bits uint64
	other := v.LevelIndex("Other")
	for s != "" {
		matched := false
		for _, le := range b.label {
			if strings.HasPrefix(s, le.text) {
				rest := s[len(le.text):]
				if rest == "" || strings.HasPrefix(rest, ",") || strings.HasPrefix(rest, ";") {
					bits |= 1 << le.level
					s = strings.TrimSpace(strings.TrimLeft(rest, ",;"))
					matched = true
					break
				}
			}
		}
		if matched {
			continue
		}
		// Unknown text up to the next separator that starts a known label.
		cut := len(s)
		for k := 0; k < len(s); k++ {
			if s[k] != ',' && s[k] != ';' {
				continue
			}
			rest := strings.TrimSpace(s[k+1:])
			for _, le := range b.label {
				if strings.HasPrefix(rest, le.text) {
					cut = k
					break
				}
			}
			if cut != len(s) {
				break
			}
		}
		if other < 0 {
			return missing(MissingUnmapped)
		}
		bits |= 1 << other
		s = strings.TrimSpace(strings.TrimLeft(s[cut:], ",;"))
	}
	return ParseResult{Value: float64(bits)}
}
