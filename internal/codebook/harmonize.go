package codebook

import (
	"fmt"
	"math"
	"slices"
	"strings"

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
	Value  string // bounded by BoundText
	Reason MissingReason
}

func (i Issue) String() string {
	return fmt.Sprintf("%s:%d:col %d (%s): %q: %s", i.File, i.Row, i.Col, i.Var, i.Value, i.Reason)
}

// VarStats counts what became of one variable's cells in one wave.
type VarStats struct {
	Parsed  int                   // cells that gave a value
	Flags   map[Flag]int          // parsed values with a flag
	Missing map[MissingReason]int // cells without a value, by reason
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
	// Unmapped answer labels (bounded by BoundText) per variable with their counts.
	Unmapped      map[string]map[string]int
	Vars          map[string]*VarStats
	Issues        []Issue
	IssuesDropped int
}

// NewDataset returns an empty dataset with one column per codebook variable.
func (cb *Codebook) NewDataset() *dataset.Dataset {
	cols := make([]*dataset.Column, len(cb.Variables))
	for i, v := range cb.Variables {
		c := &dataset.Column{Name: v.Name, Levels: v.Levels, Min: v.Min, Max: v.Max}
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
	m       ColumnMap
	v       *Variable
	idx     int // table column
	pos     int // position among the kept cells of a row
	option  int // level of a one-column-per-option multi-select; -1 otherwise
	col     *dataset.Column
	stats   *VarStats                // nil for text variables
	recent  *[64]memo                // the last texts parsed, by a hash of a few bytes
	cache   map[string]ParseResult   // raw cell → parsed, for up to maxCache texts
	hits    int                      // cache lookups that found the text, once it is full
	misses  int                      // and those that did not
	label   []labelEntry             // multi joined: labels to split against
	missing map[string]MissingReason // normalized label → reason, from the codebook
}

type labelEntry struct {
	text  string
	level int
}

// derivation is a variable a wave fills from others (Derive) because it
// does not map it.
type derivation struct {
	v        *Variable
	to, from *dataset.Column
	minus    *dataset.Column // DifferenceFrom; nil for a level map
}

// harmonizer carries one wave through Harmonize or HarmonizeFile: bind
// once the header is known, row for each data row, finish.
type harmonizer struct {
	cb        *Codebook
	w         *Wave
	t         *survey.Table
	ix        *columnIndex
	d         *dataset.Dataset
	l         *dataset.Ledger
	rep       *WaveReport
	bound     []*boundCol
	mapped    map[string]bool // variables the wave maps directly
	idPos     int             // kept position of response_id; -1 when unmapped
	statusPos int             // kept position of the tool's status column; -1 when none
	options   []*VarStats     // one-column-per-option multi-selects, each once
	optCols   []*dataset.Column
	derived   []derivation
}

// Harmonize maps one wave's table onto the canonical variables: it appends
// one dataset row per non-blank data row, records every row in the ledger,
// and returns the wave report. Contract errors (a codebook column the file
// lacks or names ambiguously, a column with content that is neither mapped
// nor ignored, a header layout other than the codebook's) are returned as
// *survey.ParseError.
func (cb *Codebook) Harmonize(w *Wave, t *survey.Table, d *dataset.Dataset, l *dataset.Ledger) (*WaveReport, error) {
	h := &harmonizer{cb: cb, w: w, d: d, l: l}
	keep, err := h.bind(t)
	if err != nil {
		return nil, err
	}
	if err := h.unmappedColumns(); err != nil {
		return nil, err
	}
	cells := make([]string, len(keep))
	for _, r := range t.Rows {
		for k, j := range keep {
			cells[k] = r.Cells[j]
		}
		h.row(survey.StreamRow{Line: r.Line, Cells: cells, Blank: r.Blank()})
	}
	return h.rep, nil
}

// Harmonized is one wave read and harmonized by HarmonizeFile.
type Harmonized struct {
	Table  *survey.Table // its columns and how it was read; no rows
	Data   *dataset.Dataset
	Ledger *dataset.Ledger
	Report *WaveReport
}

// HarmonizeFile reads a wave's export at path and harmonizes it as it is
// read, into a dataset and ledger of its own: only the cells of the
// columns the wave maps (and of the tool's status column) are ever held,
// one row at a time. The outcome, errors included, is Harmonize's on the
// whole table.
func (cb *Codebook) HarmonizeFile(w *Wave, path string, maxBytes int64) (*Harmonized, error) {
	var h *harmonizer
	bind := func(t *survey.Table) ([]int, error) {
		// Called again when merged header cells rename columns: start over.
		h = &harmonizer{cb: cb, w: w, d: cb.NewDataset(), l: &dataset.Ledger{}}
		return h.bind(t)
	}
	t, err := survey.ReadStream(path, survey.Layout{Tool: survey.Tool(w.Tool), HeaderRows: w.HeaderRows, MaxBytes: maxBytes},
		bind, func(r survey.StreamRow) { h.row(r) })
	if err != nil {
		return nil, err
	}
	h.rep.TrailingBlank = t.TrailingBlank // known at the end
	if err := h.unmappedColumns(); err != nil {
		return nil, err
	}
	return &Harmonized{Table: t, Data: h.d, Ledger: h.l, Report: h.rep}, nil
}

// bind matches the wave's column maps to the table's columns and returns
// the columns a row must hold: the mapped ones and the tool's status column.
func (h *harmonizer) bind(t *survey.Table) ([]int, error) {
	w := h.w
	if t.HeaderRows != w.HeaderRows {
		return nil, &survey.ParseError{File: t.File, Sheet: t.Sheet, Row: 1,
			Err: fmt.Errorf("export has %d header rows, codebook wave %d says %d", t.HeaderRows, w.Year, w.HeaderRows)}
	}
	h.t, h.idPos, h.statusPos = t, -1, -1
	h.rep = &WaveReport{Year: w.Year, File: t.File, HeaderRows: t.HeaderRows, TrailingBlank: t.TrailingBlank,
		Unmapped: map[string]map[string]int{}, Vars: map[string]*VarStats{}}
	h.ix = newColumnIndex(t)
	var err error
	if h.bound, err = h.cb.bindColumns(w, h.ix); err != nil {
		return nil, err
	}
	h.coverage()
	var keep []int
	for _, b := range h.bound {
		b.pos, b.col = len(keep), h.d.Cols[b.v.Name]
		keep = append(keep, b.idx)
		if b.v.Type != TypeText {
			b.stats = h.stats(b.v.Name)
		}
		if b.v.Name == "response_id" {
			h.idPos = b.pos
		}
		if b.option >= 0 && !slices.Contains(h.optCols, b.col) {
			h.options, h.optCols = append(h.options, b.stats), append(h.optCols, b.col)
		}
	}
	if j := statusColumn(w.Tool, h.ix); j >= 0 {
		if h.statusPos = slices.Index(keep, j); h.statusPos < 0 { // kept already when mapped
			h.statusPos = len(keep)
			keep = append(keep, j)
		}
	}
	h.derived = h.cb.derivations(h.d, h.mapped)
	return keep, nil
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
	ignore := newIgnoreMatcher(h.w.Ignore)
	hit := make([]bool, len(ignore))
	for j := range h.t.Columns {
		if used[j] {
			continue
		}
		name := ix.name(j)
		if k := ignore.covers(ix.tag[j], ix.key[j]); k >= 0 {
			hit[k] = true
			h.rep.Ignored = append(h.rep.Ignored, name)
			continue
		}
		if line := h.t.ContentLine(j); line > 0 {
			return &survey.ParseError{File: h.t.File, Sheet: h.t.Sheet, Row: line, Col: j + 1,
				Err: fmt.Errorf("column %q holds data but the codebook neither maps nor ignores it (it may hold personal data)", BoundText(name))}
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
		s = &VarStats{Flags: map[Flag]int{}, Missing: map[MissingReason]int{}}
		h.rep.Vars[name] = s
	}
	return s
}

// row records one data row in the ledger and, unless blank, in the dataset.
func (h *harmonizer) row(r survey.StreamRow) {
	h.rep.Rows++
	id := ""
	if h.idPos >= 0 {
		// Clone: a substring would pin the whole raw record in memory.
		id = strings.Clone(strings.TrimSpace(r.Cells[h.idPos]))
	}
	h.l.Add(h.w.Year, h.t.File, r.Line, id)
	if r.Blank {
		h.rep.BlankRows++
		h.l.Exclude(h.t.File, r.Line, ExcludedBlank)
		return
	}
	i := h.d.AddRow(h.w.Year, id, h.t.File, r.Line)
	if h.statusPos >= 0 {
		if s := ToolStatus(h.w.Tool, r.Cells[h.statusPos]); s != dataset.StatusResponse {
			h.d.SetStatus(i, s)
		}
	}
	for _, b := range h.bound {
		h.cell(b, r, i)
	}
	h.countOptions(i)
	derive(h.derived, i)
}

// cell stores one mapped cell of dataset row i.
func (h *harmonizer) cell(b *boundCol, r survey.StreamRow, i int) {
	raw := r.Cells[b.pos]
	col := b.col
	switch {
	case b.v.Type == TypeText:
		col.Text[i] = strings.Clone(strings.TrimSpace(raw)) // do not pin the raw record
		return
	case b.option >= 0:
		// One column per option: chosen when non-blank. All option
		// columns blank means unanswered (counted once per row).
		if strings.TrimSpace(raw) != "" {
			col.Choose(i, b.option)
		}
		return
	}
	res := b.parse(h, raw)
	h.record(b, r.Line, raw, res)
	if res.Missing == "" {
		col.Num[i] = res.Value
	}
}

// memo is a text and what it parses to.
type memo struct {
	raw string
	res ParseResult
	ok  bool
}

// parse returns what raw parses to in this column, from the column's
// recent texts, else its cache, else parseCell. Parsing depends on the
// text alone, so a remembered result is the result.
func (b *boundCol) parse(h *harmonizer, raw string) ParseResult {
	if b.recent == nil {
		b.recent = new([64]memo)
	}
	m := &b.recent[memoSlot(raw)]
	if m.ok && m.raw == raw {
		return m.res
	}
	res, ok := b.cache[raw]
	if !ok {
		res = h.parseCell(b, raw)
		b.remember(raw, res)
	} else if len(b.cache) == maxCache {
		b.hits++
	}
	if ok || b.cache != nil && len(b.cache) < maxCache { // a text seen again, or not yet known to be rare
		*m = memo{raw: raw, res: res, ok: true} // held only while the wave is read
	}
	return res
}

// memoSlot hashes a text's length and a few of its bytes into 0–63.
func memoSlot(s string) int {
	if s == "" {
		return 0
	}
	return (len(s)*31 + int(s[0])*7 + int(s[len(s)/2])*3 + int(s[len(s)-1])) & 63
}

// maxCache is how many distinct texts a column's parse cache holds.
const maxCache = 4096

// remember caches a parsed cell. A column whose texts keep differing once
// the cache is full (timestamps, freely typed amounts) drops its cache: a
// lookup that mostly fails costs more than it saves. Parsing is a function
// of the text alone, so the values are the same either way.
func (b *boundCol) remember(raw string, res ParseResult) {
	switch {
	case b.cache == nil:
	case len(b.cache) < maxCache:
		b.cache[strings.Clone(raw)] = res
	default:
		if b.misses++; b.misses > 1024 && b.misses > 4*b.hits {
			b.cache = nil
		}
	}
}

// record counts a parsed cell in the report: parsed with its flag, or
// missing with its reason; unmapped labels and unreadable values are listed.
func (h *harmonizer) record(b *boundCol, line int, raw string, res ParseResult) {
	s := b.stats
	if res.Missing == "" {
		s.Parsed++
		if res.Flag != FlagNone {
			s.Flags[res.Flag]++
		}
		return
	}
	s.Missing[res.Missing]++
	if res.Missing == MissingUnmapped {
		if h.rep.Unmapped[b.v.Name] == nil {
			h.rep.Unmapped[b.v.Name] = map[string]int{}
		}
		h.rep.Unmapped[b.v.Name][strings.Clone(BoundText(strings.TrimSpace(raw)))]++
	}
	if res.Missing.Given() {
		return
	}
	if len(h.rep.Issues) >= MaxIssues {
		h.rep.IssuesDropped++
		return
	}
	h.rep.Issues = append(h.rep.Issues, Issue{File: h.t.File, Row: line, Col: b.idx + 1,
		Header: h.t.Columns[b.idx].Key(), Var: b.v.Name, Value: strings.Clone(BoundText(raw)), Reason: res.Missing})
}

// countOptions counts the one-column-per-option multi-selects of row i
// once each: parsed when any option was chosen, blank otherwise.
func (h *harmonizer) countOptions(i int) {
	for k, s := range h.options {
		if math.IsNaN(h.optCols[k].Num[i]) {
			s.Missing[MissingBlank]++
		} else {
			s.Parsed++
		}
	}
}

// derivations lists the variables computed from others for a wave that
// does not map them, with their columns in d.
func (cb *Codebook) derivations(d *dataset.Dataset, mapped map[string]bool) []derivation {
	var out []derivation
	for _, v := range cb.Variables {
		dv := v.Derive
		if dv == nil || mapped[v.Name] || !mapped[dv.From] {
			continue
		}
		dr := derivation{v: v, to: d.Cols[v.Name], from: d.Cols[dv.From]}
		if dv.DifferenceFrom != "" {
			dr.minus = d.Cols[dv.DifferenceFrom]
		}
		out = append(out, dr)
	}
	return out
}

// derive fills the derived variables of row i.
func derive(ds []derivation, i int) {
	for _, dr := range ds {
		x := dr.from.Num[i]
		if math.IsNaN(x) {
			continue
		}
		switch dv := dr.v.Derive; {
		case dr.minus != nil:
			y := dr.minus.Num[i]
			if !math.IsNaN(y) {
				dr.to.Num[i] = x - y
			}
		case dv.Map != nil:
			if to, ok := dv.Map[dr.from.Levels[int(x)]]; ok {
				dr.to.Num[i] = float64(dr.v.LevelIndex(to))
			}
		}
	}
}

// parseCell turns one raw cell into a value by the variable's type, after
// the codebook's missing labels.
func (h *harmonizer) parseCell(b *boundCol, raw string) ParseResult {
	if r, ok := b.missingLabel(raw); ok {
		return missing(r)
	}
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
		r = ParseDateIn(raw, h.w.DateOrder, h.w.Location())
	default:
		panic("codebook: parseCell on type " + v.Type)
	}
	if r.Missing == "" && ((v.Min != nil && r.Value < *v.Min) || (v.Max != nil && r.Value > *v.Max)) {
		return missing(MissingOutOfRange)
	}
	return r
}

// missingLabel reports whether the codebook recodes this answer to missing.
func (b *boundCol) missingLabel(raw string) (MissingReason, bool) {
	if b.missing == nil || strings.TrimSpace(raw) == "" {
		return "", false
	}
	r, ok := b.missing[NormalizeLabel(raw)]
	return r, ok
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
	var set dataset.Choices
	other := v.LevelIndex("Other")
	for s != "" {
		matched := false
		for _, le := range b.label {
			if strings.HasPrefix(s, le.text) {
				rest := s[len(le.text):]
				if rest == "" || strings.HasPrefix(rest, ",") || strings.HasPrefix(rest, ";") {
					set = set.With(le.level)
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
		set = set.With(other)
		s = strings.TrimSpace(strings.TrimLeft(s[cut:], ",;"))
	}
	return ParseResult{Value: set.Float()}
}
