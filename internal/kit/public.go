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

// Extract is one public CSV read back with its dictionary rows.
type Extract struct {
	Name    string
	Columns []Column   // in file order, the year first
	Rows    [][]string // cells in Columns order
	col     map[string]int
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
	for _, r := range x.Rows {
		if y, err := strconv.Atoi(r[0]); err == nil && !slices.Contains(ys, y) {
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

// readRows reads the extract's CSV and checks its header against the dictionary.
func (x *Extract) readRows(files map[string][]byte) error {
	name := anonymize.CSVName(x.Name)
	recs, err := readCSV(files, name)
	if err != nil {
		return err
	}
	for j, h := range recs[0] {
		if j >= len(x.Columns) || x.Columns[j].Name != h {
			return fmt.Errorf("%s: column %d %q is not the dictionary's", name, j+1, h)
		}
	}
	if len(recs[0]) != len(x.Columns) {
		return fmt.Errorf("%s: %d columns, the dictionary lists %d", name, len(recs[0]), len(x.Columns))
	}
	x.Rows = recs[1:]
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
