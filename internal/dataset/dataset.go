// Package dataset holds the canonical, typed survey responses of all waves in
// columns, and the Ledger that accounts for every input row.
package dataset

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Kind is how a column stores its values.
type Kind int

// Column kinds.
const (
	Numeric     Kind = iota // Num holds the value; NaN is missing
	Categorical             // Num holds the 0-based index into Levels; NaN is missing
	Multi                   // Num holds a bit set over Levels (bit i = Levels[i] chosen); NaN is missing
	Text                    // Text holds the string; "" is missing
)

// Column is one canonical variable over all responses.
type Column struct {
	Name   string
	Kind   Kind
	Levels []string // Categorical and Multi: the canonical levels, in order
	Time   bool     // Numeric holding Unix seconds: formatted as RFC 3339 UTC
	// Min and Max are the codebook's bounds of a Numeric column (nil: none);
	// the hypotheses warn when many answers sit at one (censoring).
	Min, Max *float64
	Num      []float64 // Numeric, Categorical, Multi
	Text     []string  // Text
}

// Dataset is the canonical responses of all waves, one row per response.
// Year, ID, File, Line and Status are per row; Cols holds the variables by name.
type Dataset struct {
	Names []string // variable names in codebook order
	Cols  map[string]*Column
	Year  []int
	ID    []string
	File  []string // source file of the row
	Line  []int    // source row (1-based) of the row
	// Status is the survey tool's own mark on the row (preview, test, spam),
	// whether or not the codebook maps the tool's status column. A dataset
	// built by hand may leave it nil: every row is then StatusResponse.
	Status []Status
	// Company is the private cross-wave company key of each row (package
	// clean sets it; "" unknown), never released. A dataset built by hand
	// may leave it nil: every row is then its own company.
	Company []string

	order []*Column // Cols in Names order (New), for AddRow
}

// Status is what the survey tool says a response is.
type Status uint8

// Tool statuses. Only StatusResponse rows are real respondents.
const (
	StatusResponse Status = iota // an ordinary response
	StatusPreview                // the author previewing the survey
	StatusTest                   // a generated or hand-entered test response
	StatusSpam                   // flagged as spam or a bot by the tool
)

var statusNames = [...]string{"response", "preview", "test", "spam"}

// String names the status ("preview").
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// StatusOf returns the tool status of row i (StatusResponse when unset).
func (d *Dataset) StatusOf(i int) Status {
	if i < len(d.Status) {
		return d.Status[i]
	}
	return StatusResponse
}

// SetStatus records the tool status of row i.
func (d *Dataset) SetStatus(i int, s Status) {
	for len(d.Status) < d.Len() {
		d.Status = append(d.Status, StatusResponse)
	}
	d.Status[i] = s
}

// Choices is a multi-select answer: the set of chosen level indexes. A Multi
// column stores it as a float64, exact for the at most 52 levels a codebook
// allows.
type Choices uint64

// MaxChoices is the most levels a multi-select column may have.
const MaxChoices = 52

// With returns the set with level added.
func (s Choices) With(level int) Choices { return s | 1<<uint(level) }

// Has reports whether level is chosen.
func (s Choices) Has(level int) bool { return s&(1<<uint(level)) != 0 }

// Float is the value a Multi column stores.
func (s Choices) Float() float64 { return float64(s) }

// ChoicesOf reads a stored Multi value (not NaN).
func ChoicesOf(x float64) Choices { return Choices(uint64(x)) }

// Choose marks level chosen in row i of a Multi column: a missing cell
// becomes the set holding only that level.
func (c *Column) Choose(i, level int) {
	var s Choices
	if !math.IsNaN(c.Num[i]) {
		s = ChoicesOf(c.Num[i])
	}
	c.Num[i] = s.With(level).Float()
}

// New returns an empty dataset with the given columns (names in order).
func New(cols []*Column) *Dataset {
	d := &Dataset{Cols: make(map[string]*Column, len(cols)), order: cols}
	for _, c := range cols {
		d.Names = append(d.Names, c.Name)
		d.Cols[c.Name] = c
	}
	return d
}

// Len is the number of rows.
func (d *Dataset) Len() int { return len(d.Year) }

// Col returns the named column, or nil.
func (d *Dataset) Col(name string) *Column { return d.Cols[name] }

// AddRow appends a row of missing values and returns its index.
func (d *Dataset) AddRow(year int, id, file string, line int) int {
	if len(d.Year) == cap(d.Year) { // double every column at once, not by a quarter each
		d.Grow(max(len(d.Year), 64))
	}
	d.Year = append(d.Year, year)
	d.ID = append(d.ID, id)
	d.File = append(d.File, file)
	d.Line = append(d.Line, line)
	if d.Status != nil {
		d.Status = append(d.Status, StatusResponse)
	}
	cols := d.order
	if len(cols) != len(d.Names) { // built by hand
		cols = make([]*Column, len(d.Names))
		for k, n := range d.Names {
			cols[k] = d.Cols[n]
		}
	}
	for _, c := range cols {
		if c.Kind == Text {
			c.Text = append(c.Text, "")
		} else {
			c.Num = append(c.Num, math.NaN())
		}
	}
	return len(d.Year) - 1
}

// Float returns the numeric value (or level index, or bit set) of row i, NaN
// when missing or when the column does not exist.
func (d *Dataset) Float(name string, i int) float64 { return d.Cols[name].Float(i) }

// Float returns the numeric value (or level index, or bit set) of row i, NaN
// when missing, when the column holds text or is nil.
func (c *Column) Float(i int) float64 {
	if c == nil || c.Kind == Text {
		return math.NaN()
	}
	return c.Num[i]
}

// Level returns the categorical level of row i and whether it is present.
func (d *Dataset) Level(name string, i int) (string, bool) { return d.Cols[name].Level(i) }

// Level returns the categorical level of row i and whether it is present
// (never for a nil or non-categorical column).
func (c *Column) Level(i int) (string, bool) {
	if c == nil || c.Kind != Categorical || math.IsNaN(c.Num[i]) {
		return "", false
	}
	return c.Levels[int(c.Num[i])], true
}

// Chosen returns the levels chosen in a multi-select row, and false when the
// question was not answered.
func (d *Dataset) Chosen(name string, i int) ([]string, bool) {
	c := d.Cols[name]
	if c == nil || c.Kind != Multi || math.IsNaN(c.Num[i]) {
		return nil, false
	}
	s := ChoicesOf(c.Num[i])
	var out []string
	for j, l := range c.Levels {
		if s.Has(j) {
			out = append(out, l)
		}
	}
	return out, true
}

// Format renders the value of row i as text for CSV output: numbers in
// shortest round-trip form, levels by label, multi-select as labels joined by
// "; ", missing as "".
func (c *Column) Format(i int) string {
	switch c.Kind {
	case Text:
		return c.Text[i]
	case Numeric:
		if math.IsNaN(c.Num[i]) {
			return ""
		}
		if c.Time {
			return time.Unix(int64(c.Num[i]), 0).UTC().Format(time.RFC3339)
		}
		return strconv.FormatFloat(c.Num[i], 'f', -1, 64)
	case Categorical:
		if math.IsNaN(c.Num[i]) {
			return ""
		}
		return c.Levels[int(c.Num[i])]
	default:
		if math.IsNaN(c.Num[i]) {
			return ""
		}
		s := ChoicesOf(c.Num[i])
		var parts []string
		for j, l := range c.Levels {
			if s.Has(j) {
				parts = append(parts, l)
			}
		}
		return strings.Join(parts, "; ")
	}
}

// Subset returns a new dataset holding the rows for which keep is true, in order.
func (d *Dataset) Subset(keep func(i int) bool) *Dataset {
	var idx []int
	for i := 0; i < d.Len(); i++ {
		if keep(i) {
			idx = append(idx, i)
		}
	}
	out := &Dataset{Names: d.Names, Cols: make(map[string]*Column, len(d.Cols))}
	for _, n := range d.Names {
		c := d.Cols[n]
		nc := &Column{Name: c.Name, Kind: c.Kind, Levels: c.Levels, Time: c.Time, Min: c.Min, Max: c.Max}
		if c.Kind == Text {
			nc.Text = make([]string, len(idx))
			for k, i := range idx {
				nc.Text[k] = c.Text[i]
			}
		} else {
			nc.Num = make([]float64, len(idx))
			for k, i := range idx {
				nc.Num[k] = c.Num[i]
			}
		}
		out.Cols[n] = nc
	}
	if len(idx) > 0 {
		out.Year, out.ID, out.File, out.Line = make([]int, 0, len(idx)), make([]string, 0, len(idx)), make([]string, 0, len(idx)), make([]int, 0, len(idx))
	}
	for _, i := range idx {
		if len(d.Status) > 0 {
			out.Status = append(out.Status, d.StatusOf(i))
		}
		if len(d.Company) > 0 {
			out.Company = append(out.Company, d.Company[i])
		}
		out.Year = append(out.Year, d.Year[i])
		out.ID = append(out.ID, d.ID[i])
		out.File = append(out.File, d.File[i])
		out.Line = append(out.Line, d.Line[i])
	}
	return out
}

// Years returns the distinct years present, ascending.
func (d *Dataset) Years() []int {
	seen := map[int]bool{}
	var ys []int
	for _, y := range d.Year {
		if !seen[y] {
			seen[y] = true
			ys = append(ys, y)
		}
	}
	sort.Ints(ys)
	return ys
}

// Grow makes room for n more rows without reallocation.
func (d *Dataset) Grow(n int) {
	for _, name := range d.Names {
		c := d.Cols[name]
		if c.Kind == Text {
			c.Text = slices.Grow(c.Text, n)
		} else {
			c.Num = slices.Grow(c.Num, n)
		}
	}
	d.Year, d.ID, d.File, d.Line = slices.Grow(d.Year, n), slices.Grow(d.ID, n), slices.Grow(d.File, n), slices.Grow(d.Line, n)
}

// Concat joins datasets with the same columns, in order, column by column:
// each part's column is released as soon as it has been copied, so the peak
// memory is about one copy of the data, not two. The parts are emptied.
func Concat(parts []*Dataset) *Dataset {
	if len(parts) == 0 {
		return nil
	}
	total := 0
	for _, p := range parts {
		total += p.Len()
	}
	out := &Dataset{Names: parts[0].Names, Cols: make(map[string]*Column, len(parts[0].Cols))}
	for _, n := range out.Names {
		c0 := parts[0].Cols[n]
		c := &Column{Name: c0.Name, Kind: c0.Kind, Levels: c0.Levels, Time: c0.Time, Min: c0.Min, Max: c0.Max}
		if c.Kind == Text {
			c.Text = make([]string, 0, total)
		} else {
			c.Num = make([]float64, 0, total)
		}
		for _, p := range parts {
			pc := p.Cols[n]
			c.Text = append(c.Text, pc.Text...)
			c.Num = append(c.Num, pc.Num...)
			pc.Text, pc.Num = nil, nil
		}
		out.Cols[n] = c
	}
	out.Year, out.ID, out.File, out.Line = make([]int, 0, total), make([]string, 0, total), make([]string, 0, total), make([]int, 0, total)
	for _, p := range parts {
		if len(p.Status) > 0 && out.Status == nil {
			out.Status = make([]Status, out.Len(), total)
		}
		if out.Status != nil {
			for i := 0; i < p.Len(); i++ {
				out.Status = append(out.Status, p.StatusOf(i))
			}
		}
		out.Year, out.ID, out.File, out.Line = append(out.Year, p.Year...), append(out.ID, p.ID...), append(out.File, p.File...), append(out.Line, p.Line...)
		p.Year, p.ID, p.File, p.Line, p.Status = nil, nil, nil, nil, nil
	}
	return out
}
