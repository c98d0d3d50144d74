package anonymize

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/parallel"
)

// Released values of a multi-select option column.
const (
	Chosen    = "yes"
	NotChosen = "no"
)

// NotAsked marks a cell of a variable its wave did not ask (an empty cell is
// a question asked and not answered). Spreadsheet readers that guess a
// column's type from its first rows see text, not an empty column.
const NotAsked = "not asked"

// Release is the set of anonymized extracts and what it took to make them.
type Release struct {
	Config   *Config
	Extracts []*Extract
}

// Column describes one released column after the year.
type Column struct {
	Name     string // header
	Variable string // codebook variable
	Option   string // multi-select option ("" otherwise)
	QI       bool   // quasi-identifier (else sensitive)

	bands  *Bands // sensitive number: its bands
	values int    // number of values it can show (0: unbounded)
}

// Extract is one released file.
type Extract struct {
	Spec    *ExtractSpec
	Header  []string   // "year", then Columns' names
	Columns []Column   // quasi-identifiers first, then sensitive columns
	Rows    [][]string // sorted by their values
	QICols  int        // number of quasi-identifier columns after year
	Levels  []int      // chosen generalization level per quasi-identifier (Height = "*")
	RowsIn  map[int]int
	RowsOut map[int]int
	// SuppressedCells counts sensitive cells set to "*", per variable.
	SuppressedCells map[string]int
	Classes         int
	MinClass        int
	NodesSearched   int

	qis      []*QI
	cfg      *Config
	asked    map[string][]int // variable → waves asking it
	released []int            // dataset rows in the file (never written)
}

// generalize returns the label of a level-0 label at the given level. For a
// multi-select the label is a "; "-joined set; each option is mapped and the
// mapped set, sorted, is the label.
func (q *QI) generalize(label string, level int) string {
	if level >= q.Height() {
		return Suppressed
	}
	if label == "" || level == 0 { // missing is its own value up to "*"
		return label
	}
	if !q.multi {
		for i := 0; i < level; i++ {
			label = q.Levels[i][label]
		}
		return label
	}
	parts := strings.Split(label, "; ")
	for i := 0; i < level; i++ {
		set := map[string]bool{}
		for _, p := range parts {
			set[q.Levels[i][p]] = true
		}
		parts = sortedKeys(set)
	}
	return strings.Join(parts, "; ")
}

// level0 is a respondent's quasi-identifier label before generalization.
func (q *QI) level0(d *dataset.Dataset, i int) string {
	switch {
	case q.Bands != nil:
		return q.Bands.Label(d.Float(q.Variable, i))
	case q.multi:
		ch, ok := d.Chosen(q.Variable, i)
		if !ok {
			return ""
		}
		return strings.Join(ch, "; ")
	}
	l, _ := d.Level(q.Variable, i)
	return l
}

// Build makes every extract of the release of d under configuration c.
// Extracts are independent: they are built on every core, and the first
// failing extract in config order is reported.
func Build(d *dataset.Dataset, cb *codebook.Codebook, c *Config) (*Release, error) {
	r := &Release{Config: c, Extracts: make([]*Extract, len(c.Extracts))}
	err := parallel.Each(len(c.Extracts), func(i int) error {
		x, err := buildExtract(d, cb, c, c.Extracts[i])
		if err != nil {
			return fmt.Errorf("anonymize: extract %s: %w", c.Extracts[i].Name, err)
		}
		r.Extracts[i] = x
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// AttackAll runs every attacker model on every extract (on every core),
// with the company of a respondent taken from the private data
// (CompanyKey); the result is in extract order.
func AttackAll(r *Release, d *dataset.Dataset, cb *codebook.Codebook) []Attacks {
	company := CompanyKey(d)
	out := make([]Attacks, len(r.Extracts))
	_ = parallel.Each(len(r.Extracts), func(i int) error {
		out[i] = r.Extracts[i].Attack(d, cb, company)
		return nil
	})
	return out
}

// Extract returns the named extract, or nil.
func (r *Release) Extract(name string) *Extract {
	for _, x := range r.Extracts {
		if x.Spec.Name == name {
			return x
		}
	}
	return nil
}

// rowsOf returns the respondents of d in the extract's waves.
func rowsOf(d *dataset.Dataset, spec *ExtractSpec) []int {
	var out []int
	for i := 0; i < d.Len(); i++ {
		if len(spec.Years) == 0 || slices.Contains(spec.Years, d.Year[i]) {
			out = append(out, i)
		}
	}
	return out
}

func buildExtract(d *dataset.Dataset, cb *codebook.Codebook, c *Config, spec *ExtractSpec) (*Extract, error) {
	x := &Extract{Spec: spec, RowsIn: map[int]int{}, RowsOut: map[int]int{}, SuppressedCells: map[string]int{}, cfg: c}
	x.columns(cb, c)
	x.asked = map[string][]int{}
	for _, col := range x.Columns {
		x.asked[col.Variable] = cb.WavesAsking(col.Variable)
	}
	idx := rowsOf(d, spec)
	s := x.lattice(d, c, idx)
	best := s.search()
	x.NodesSearched = s.nodes
	if best == nil {
		return nil, fmt.Errorf("no generalization reaches k=%d with at most %.0f%% of rows suppressed", c.K, 100*c.MaxSuppression)
	}
	x.Levels = best.levels
	keys := make([]string, len(idx))
	for t, i := range idx {
		keys[t] = s.key(t, best.levels)
		x.RowsIn[d.Year[i]]++
	}
	sup := &suppressor{cfg: c, cols: x.Columns, count: x.SuppressedCells, asked: x.asked}
	for _, members := range groupBy(keys) {
		if len(members) >= c.K { // smaller classes are suppressed rows
			x.addClass(d, idx, members, sup)
		}
	}
	sup.run()
	for _, row := range sup.rows {
		x.markNotAsked(row)
	}
	sort.Slice(sup.rows, func(a, b int) bool { return slices.Compare(sup.rows[a], sup.rows[b]) < 0 })
	x.Rows = sup.rows
	return x, nil
}

// addClass appends one equivalence class's rows to the suppressor, in
// canonical order (by value), so that suppression does not depend on the
// input order.
func (x *Extract) addClass(d *dataset.Dataset, idx, members []int, sup *suppressor) {
	type member struct {
		row []string
		i   int
	}
	ms := make([]member, len(members))
	for m, t := range members {
		ms[m] = member{x.trueRow(d, idx[t]), idx[t]}
	}
	sort.SliceStable(ms, func(a, b int) bool { return slices.Compare(ms[a].row, ms[b].row) < 0 })
	cl := make([]int, len(ms))
	for m, mb := range ms {
		cl[m] = len(sup.rows)
		sup.rows = append(sup.rows, mb.row)
		sup.year = append(sup.year, d.Year[mb.i])
		x.released = append(x.released, mb.i)
		x.RowsOut[d.Year[mb.i]]++
	}
	sup.classes = append(sup.classes, cl)
	x.Classes++
	if x.MinClass == 0 || len(cl) < x.MinClass {
		x.MinClass = len(cl)
	}
}

// columns lays out the extract's header.
func (x *Extract) columns(cb *codebook.Codebook, c *Config) {
	x.Header = []string{"year"}
	for _, name := range x.Spec.QuasiIdentifiers {
		x.qis = append(x.qis, c.Hierarchy(name))
		x.Columns = append(x.Columns, Column{Name: name, Variable: name, QI: true})
	}
	x.QICols = len(x.qis)
	for _, name := range x.Spec.Sensitive {
		v := cb.Var(name)
		if v.Type != codebook.TypeMulti {
			x.Columns = append(x.Columns, Column{Name: name, Variable: name, bands: c.SensitiveBands[name], values: len(v.Levels)})
			if b := c.SensitiveBands[name]; b != nil {
				x.Columns[len(x.Columns)-1].values = len(b.Labels)
			}
			continue
		}
		for _, o := range v.Levels {
			x.Columns = append(x.Columns, Column{Name: OptionColumn(name, o), Variable: name, Option: o, values: 2})
		}
	}
	for _, col := range x.Columns {
		x.Header = append(x.Header, col.Name)
	}
}

// OptionColumn is the header of a multi-select option's column:
// variable__option, the option lower-cased with runs of other characters
// as one underscore.
func OptionColumn(variable, option string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(option) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	return variable + "__" + strings.TrimSuffix(b.String(), "_")
}

// lattice prepares the generalization search over the extract's rows.
func (x *Extract) lattice(d *dataset.Dataset, c *Config, idx []int) *lattice {
	s := &lattice{qis: x.qis, k: c.K, maxSup: c.MaxSuppression}
	s.year = make([]int, len(idx))
	for t, i := range idx {
		s.year[t] = d.Year[i]
	}
	for j, q := range x.qis {
		col := make([]string, len(idx))
		for t, i := range idx {
			col[t] = q.level0(d, i)
		}
		s.base = append(s.base, col)
		s.floor = append(s.floor, c.Pinned[x.Spec.Name][q.Variable])
		for j2 := j + 1; j2 < len(x.qis); j2++ {
			if slices.Contains(c.RelatedTo(q.Variable), x.qis[j2].Variable) {
				s.related = append(s.related, [2]int{j, j2})
			}
		}
	}
	return s
}

// TrueRow is respondent i's row at the chosen generalization before any
// cell suppression: what an attacker who knows the respondent's answers
// expects to find.
func (x *Extract) TrueRow(d *dataset.Dataset, i int) []string {
	row := x.trueRow(d, i)
	x.markNotAsked(row)
	return row
}

// Released returns the dataset rows whose responses are in the file.
func (x *Extract) Released() []int { return x.released }

// markNotAsked writes NotAsked into the empty cells of variables the row's
// wave did not ask.
func (x *Extract) markNotAsked(row []string) {
	y, _ := strconv.Atoi(row[0])
	for j, col := range x.Columns {
		if row[j+1] == "" && !slices.Contains(x.asked[col.Variable], y) {
			row[j+1] = NotAsked
		}
	}
}

func (x *Extract) trueRow(d *dataset.Dataset, i int) []string {
	row := []string{itoa(d.Year[i])}
	for j, q := range x.qis {
		row = append(row, q.generalize(q.level0(d, i), x.Levels[j]))
	}
	for _, col := range x.Columns[x.QICols:] {
		row = append(row, sensitiveValue(d, col, i))
	}
	return row
}

func sensitiveValue(d *dataset.Dataset, col Column, i int) string {
	switch {
	case col.Option != "":
		ch, ok := d.Chosen(col.Variable, i)
		switch {
		case !ok:
			return ""
		case slices.Contains(ch, col.Option):
			return Chosen
		}
		return NotChosen
	case col.bands != nil:
		return col.bands.Label(d.Float(col.Variable, i))
	}
	l, _ := d.Level(col.Variable, i)
	return l
}

// groupBy returns the indexes of equal keys, groups in key order.
func groupBy(keys []string) [][]int {
	m := map[string][]int{}
	for i, k := range keys {
		m[k] = append(m[k], i)
	}
	order := make([]string, 0, len(m))
	for k := range m {
		order = append(order, k)
	}
	sort.Strings(order)
	out := make([][]int, len(order))
	for j, k := range order {
		out[j] = m[k]
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
