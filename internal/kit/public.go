// Package kit writes the respondents' kit beside the public release: a
// README with the question wording, a licence and citation file, rerun
// scripts for each hypothesis, peer benchmarks, an offline explorer and,
// privately, one "where you stand" card per respondent of the latest wave.
//
// Everything public is computed from the public files as the anonymizer
// wrote them (the extracts and the data dictionary), never from the
// responses, so the kit inherits every release rule: a published wave's
// rows are re-emitted from the previous release, and so are its
// benchmarks. Only the cards read a respondent's own answers.
package kit

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// Column is one released column as the data dictionary describes it.
type Column struct {
	Name, Variable, Label, Type string
	Levels                      []string // released values in order (bands low to high)
	YearsAsked                  []int
	Role, How                   string
	numericQI                   bool // a numeric company attribute, released in bands (MarkNumeric)
}

// Banded reports whether the column is an answer released as fixed bands.
func (c Column) Banded() bool { return c.Type == "band" }

// Numeric reports whether the column is a number question released in
// ordered bands: a banded answer, or a numeric company attribute (headcount,
// team sizes) banded and generalized (after MarkNumeric).
func (c Column) Numeric() bool { return c.Banded() || c.numericQI }

// MarkNumeric marks the quasi-identifier columns whose codebook variable
// is a number (released as ordered bands).
func (p *Public) MarkNumeric(cb *codebook.Codebook) {
	for _, x := range p.Extracts {
		for j, c := range x.Columns {
			v := cb.Var(c.Variable)
			if j > 0 && v != nil && c.Role == string(codebook.RoleQuasi) && numericTypes[v.Type] {
				x.Columns[j].numericQI = true
			}
		}
	}
}

var numericTypes = map[string]bool{codebook.TypeInteger: true, codebook.TypeNumber: true, codebook.TypePercent: true, codebook.TypeCurrency: true}

// Extract is one public CSV read back with its dictionary rows. Its cells
// are held column-coded (each column's distinct strings once, every row as
// small codes into them), so a million-row release costs a few bytes a cell;
// Len, Cell and Row read them back.
type Extract struct {
	Name    string
	Columns []Column   // in file order, the year first
	values  [][]string // per column, its distinct cells in first-seen order
	codes   []uint32   // row-major: row i's cell j is values[j][codes[i*len(Columns)+j]]
	col     map[string]int
}

// Len is the number of rows (the header excluded).
func (x *Extract) Len() int {
	if len(x.Columns) == 0 {
		return 0
	}
	return len(x.codes) / len(x.Columns)
}

// Cell is row i's cell in column j.
func (x *Extract) Cell(i, j int) string {
	return x.values[j][x.codes[i*len(x.Columns)+j]]
}

// Row is row i's cells in Columns order, written into buf (grown when too
// short) and valid until buf is reused.
func (x *Extract) Row(i int, buf []string) []string {
	n := len(x.Columns)
	buf = slices.Grow(buf[:0], n)[:n]
	for j, c := range x.codes[i*n : (i+1)*n] {
		buf[j] = x.values[j][c]
	}
	return buf
}

// Col returns the index of the named column, or -1.
func (x *Extract) Col(name string) int {
	if j, ok := x.col[name]; ok {
		return j
	}
	return -1
}

// Years lists the waves with rows, ascending.
func (x *Extract) Years() []int {
	var ys []int
	for _, v := range x.values[0] {
		if y, err := strconv.Atoi(v); err == nil && !slices.Contains(ys, y) {
			ys = append(ys, y)
		}
	}
	slices.Sort(ys)
	return ys
}

// Public is the public release as written: its extracts in dictionary
// order and the k it was built with.
type Public struct {
	Extracts []*Extract
	K        int
}

// Known reports whether a released cell holds a value (not suppressed,
// unanswered or not asked).
func Known(cell string) bool {
	return cell != "" && cell != anonymize.Suppressed && cell != anonymize.NotAsked
}

// Read parses the public files (names relative to public/): the data
// dictionary, every extract it names and the generalization's k.
func Read(files map[string][]byte) (*Public, error) {
	dict, err := readCSV(files, anonymize.Dictionary)
	if err != nil {
		return nil, err
	}
	gen, err := anonymize.ParseGeneralization(files[anonymize.GeneralizationFile])
	if err != nil {
		return nil, err
	}
	p := &Public{K: gen.K}
	byName := map[string]*Extract{}
	for i, r := range dict[1:] {
		if len(r) != 9 {
			return nil, fmt.Errorf("%s: row %d: %d fields, want 9", anonymize.Dictionary, i+2, len(r))
		}
		x := byName[r[0]]
		if x == nil {
			x = &Extract{Name: r[0], col: map[string]int{}}
			byName[r[0]] = x
			p.Extracts = append(p.Extracts, x)
		}
		c := Column{Name: r[1], Variable: r[2], Label: r[3], Type: r[4], Role: r[7], How: r[8]}
		if r[5] != "" {
			c.Levels = strings.Split(r[5], " | ")
		}
		for _, f := range strings.Fields(r[6]) {
			y, _ := strconv.Atoi(f)
			c.YearsAsked = append(c.YearsAsked, y)
		}
		x.col[c.Name] = len(x.Columns)
		x.Columns = append(x.Columns, c)
	}
	for _, x := range p.Extracts {
		if err := x.readRows(files); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// readRows reads the extract's CSV record by record, checks its header
// against the dictionary and codes its cells.
func (x *Extract) readRows(files map[string][]byte) error {
	name := anonymize.CSVName(x.Name)
	b, ok := files[name]
	if !ok {
		return fmt.Errorf("public release: no %s", name)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.ReuseRecord = true
	head, err := r.Read()
	if err == io.EOF {
		return fmt.Errorf("%s: empty", name)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := x.checkHeader(name, head); err != nil {
		return err
	}
	x.values = make([][]string, len(x.Columns))
	x.codes = make([]uint32, 0, bytes.Count(b, []byte{'\n'})*len(x.Columns)) // at least the rows
	index := make([]map[string]uint32, len(x.Columns))
	for j := range index {
		index[j] = map[string]uint32{}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for j, cell := range rec {
			c, ok := index[j][cell]
			if !ok {
				c = uint32(len(x.values[j]))
				cell = strings.Clone(cell) // not the whole record's string
				index[j][cell] = c
				x.values[j] = append(x.values[j], cell)
			}
			x.codes = append(x.codes, c)
		}
	}
}

// checkHeader checks the CSV's header against the dictionary's columns.
func (x *Extract) checkHeader(name string, head []string) error {
	for j, h := range head {
		if j >= len(x.Columns) || x.Columns[j].Name != h {
			return fmt.Errorf("%s: column %d %q is not the dictionary's", name, j+1, h)
		}
	}
	if len(head) != len(x.Columns) {
		return fmt.Errorf("%s: %d columns, the dictionary lists %d", name, len(head), len(x.Columns))
	}
	return nil
}

func readCSV(files map[string][]byte, name string) ([][]string, error) {
	b, ok := files[name]
	if !ok {
		return nil, fmt.Errorf("public release: no %s", name)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty", name)
	}
	return recs, nil
}
