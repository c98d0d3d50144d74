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
	Header  []string // "year", then Columns' names
	Columns []Column // quasi-identifiers first, then sensitive columns
	QICols  int      // number of quasi-identifier columns after year
	Levels  []int    // chosen generalization level per quasi-identifier (Height = "*")
	RowsIn  map[int]int
	RowsOut map[int]int
	// SuppressedCells counts sensitive cells set to "*", per variable.
	SuppressedCells map[string]int
	Classes         int
	MinClass        int
	NodesSearched   int

	qis      []*QI
	cfg      *Config
	floor    map[string]int   // levels new waves may not go below, besides pinned:
	history  *waveHistory     // published waves re-emitted (nil: none)
	asked    map[string][]int // variable → waves asking it
	released []int            // dataset rows in the file, row by row (never written)
	rows     *table           // the released rows, sorted by their values
	truth    *table           // the same respondents' rows before cell suppression
}

// Len is the number of released rows.
func (x *Extract) Len() int { return x.rows.rows() }

// Rows returns the released rows, sorted by their values.
func (x *Extract) Rows() [][]string { return x.rows.strings() }

// Build makes every extract of the release of d under configuration c.
// Extracts are independent: they are built on every core, and the first
// failing extract in config order is reported.
func Build(d *dataset.Dataset, cb *codebook.Codebook, c *Config) (*Release, error) {
	return buildEach(d, c, func(spec *ExtractSpec) (*Extract, error) { return buildExtract(d, cb, c, spec) })
}

// buildEach builds every extract of c with build, on every core, the
// largest first; the first failing extract in config order is reported.
func buildEach(d *dataset.Dataset, c *Config, build func(*ExtractSpec) (*Extract, error)) (*Release, error) {
	r := &Release{Config: c, Extracts: make([]*Extract, len(c.Extracts))}
	perYear := map[int]int{}
	for _, y := range d.Year {
		perYear[y]++
	}
	size := func(i int) int {
		spec, n := c.Extracts[i], 0
		for y, m := range perYear {
			if len(spec.Years) == 0 || slices.Contains(spec.Years, y) {
				n += m
			}
		}
		return n * (len(spec.QuasiIdentifiers) + len(spec.Sensitive))
	}
	err := parallel.EachLargestFirst(len(c.Extracts), size, func(i int) error {
		x, err := build(c.Extracts[i])
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
	key := CompanyKey(d)
	companies := make([]string, d.Len())
	for i := range companies {
		companies[i] = key(i)
	}
	company := func(i int) string { return companies[i] }
	out := make([]Attacks, len(r.Extracts))
	size := func(i int) int { x := r.Extracts[i]; return x.Len() * len(x.Header) * len(x.Header) }
	_ = parallel.EachLargestFirst(len(r.Extracts), size, func(i int) error {
		out[i] = r.Extracts[i].Attack(d, cb, company)
		return nil
	})
	return out
}

// rowsOf returns the respondents of d in the extract's waves.
func rowsOf(d *dataset.Dataset, spec *ExtractSpec) []int {
	in := func(i int) bool { return len(spec.Years) == 0 || slices.Contains(spec.Years, d.Year[i]) }
	n := 0
	for i := 0; i < d.Len(); i++ {
		if in(i) {
			n++
		}
	}
	out := make([]int, 0, n)
	for i := 0; i < d.Len(); i++ {
		if in(i) {
			out = append(out, i)
		}
	}
	return out
}

func buildExtract(d *dataset.Dataset, cb *codebook.Codebook, c *Config, spec *ExtractSpec) (*Extract, error) {
	return buildPart(d, cb, c, spec, part{idx: rowsOf(d, spec)})
}

// part is the rows of an extract one build anonymizes, with the levels it
// may use: at least floor (besides pinned:), or exactly fixed when set (a
// published wave rebuilt at its published levels).
type part struct {
	idx   []int
	floor map[string]int
	fixed []int
}

func buildPart(d *dataset.Dataset, cb *codebook.Codebook, c *Config, spec *ExtractSpec, p part) (*Extract, error) {
	x := &Extract{Spec: spec, RowsIn: map[int]int{}, RowsOut: map[int]int{}, SuppressedCells: map[string]int{}, cfg: c, floor: p.floor}
	x.columns(cb, c)
	x.asked = map[string][]int{}
	for _, col := range x.Columns {
		x.asked[col.Variable] = cb.WavesAsking(col.Variable)
	}
	idx := p.idx
	years := yearCoder(d)
	s := x.lattice(d, c, idx, years)
	var best *node
	if p.fixed != nil {
		best = s.evaluate(p.fixed)
	} else {
		best = s.search()
	}
	x.NodesSearched = s.nodes
	if best == nil {
		return nil, fmt.Errorf("no generalization reaches k=%d with at most %.0f%% of rows suppressed", c.K, 100*c.MaxSuppression)
	}
	x.Levels = best.levels
	for _, i := range idx {
		x.RowsIn[d.Year[i]]++
	}
	all, err := x.codeRows(d, idx, years, s)
	if err != nil {
		return nil, err
	}
	sup := x.classes(d, idx, all)
	sup.run()
	x.finish(sup)
	return x, nil
}

// codeRows codes every row of idx at the chosen levels before cell
// suppression: the year, the generalized quasi-identifiers and the
// sensitive values.
func (x *Extract) codeRows(d *dataset.Dataset, idx []int, years *coder, s *lattice) (*table, error) {
	t := &table{}
	add := func(labels []string, codes []int32) error {
		dict, cells, err := finish(labels, codes)
		t.labels, t.cells = append(t.labels, dict), append(t.cells, cells)
		return err
	}
	if err := add(years.labels, s.year); err != nil {
		return nil, err
	}
	for j, q := range x.qis {
		index := map[string]int32{}
		var gen []string
		remap := make([]int32, len(s.labels[j]))
		for b, l := range s.labels[j] {
			g := q.generalize(l, x.Levels[j])
			if _, ok := index[g]; !ok {
				index[g] = int32(len(gen))
				gen = append(gen, g)
			}
			remap[b] = index[g]
		}
		codes := make([]int32, len(idx))
		for r, b := range s.base[j] {
			codes[r] = remap[b]
		}
		if err := add(gen, codes); err != nil {
			return nil, fmt.Errorf("%s: %w", q.Variable, err)
		}
	}
	for _, col := range x.Columns[x.QICols:] {
		cd := newCoder(rawKey(d, col.Variable, col.bands), func(i int) string { return sensitiveValue(d, col, i) })
		codes := cd.codes(idx)
		if err := add(cd.labels, codes); err != nil {
			return nil, fmt.Errorf("%s: %w", col.Name, err)
		}
	}
	return t, nil
}

// finish keeps the suppressor's rows and their truth, marks the cells of
// variables a wave did not ask, and sorts both by the released values.
func (x *Extract) finish(sup *suppressor) {
	x.rows = sup.t
	x.truth = &table{labels: sup.t.labels, cells: slices.Clone(sup.t.cells)}
	for j := 1 + x.QICols; j < len(sup.t.cells); j++ {
		x.truth.cells[j] = sup.truth[j]
	}
	x.markNotAsked(x.rows, 0)
	x.markNotAsked(x.truth, 1+x.QICols)
	for j, col := range x.Columns {
		if n := sup.count[j+1]; n > 0 {
			x.SuppressedCells[col.Variable] += n
		}
	}
	perm := stableOrder(x.rows)
	x.rows.permute(perm)
	x.truth.permute(perm)
	released := make([]int, len(perm))
	for r, p := range perm {
		released[r] = x.released[p]
	}
	x.released = released
}

// markNotAsked writes NotAsked into the empty cells, from column from on,
// of variables the row's wave did not ask.
func (x *Extract) markNotAsked(t *table, from int) {
	asked := x.askedTable(t)
	for j := max(1, from); j < len(t.cells); j++ {
		na, _ := t.code(j, NotAsked)
		col := t.cells[j]
		for r, c := range col {
			if c == 0 && !asked[j][t.cells[0][r]] { // code 0 is ""
				col[r] = na
			}
		}
	}
}

// askedTable is, per column and year code of t, whether the wave asked
// the column's variable.
func (x *Extract) askedTable(t *table) [][]bool {
	asked := make([][]bool, len(t.cells))
	for j := 1; j < len(t.cells); j++ {
		asked[j] = make([]bool, len(t.labels[0]))
		for c, y := range t.labels[0] {
			n, _ := strconv.Atoi(y)
			asked[j][c] = slices.Contains(x.asked[x.Columns[j-1].Variable], n)
		}
	}
	return asked
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
// kept: a step of Intersect (see its reason).
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
