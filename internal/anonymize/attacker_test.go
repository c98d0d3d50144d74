package anonymize

// The attacker's view of an extract, for the attacks the test suite runs on
// the written files (PRIVACY.md): a respondent's true row at the chosen
// generalization, the released rows, a cell by column name. The pipeline
// never needs them, so they live with the tests.

import (
	"slices"
	"strconv"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// Extract returns the named extract, or nil.
func (r *Release) Extract(name string) *Extract {
	for _, x := range r.Extracts {
		if x.Spec.Name == name {
			return x
		}
	}
	return nil
}

// TrueRow is respondent i's row at the chosen generalization before any
// cell suppression: what an attacker who knows the respondent's answers
// expects to find.
func (x *Extract) TrueRow(d *dataset.Dataset, i int) []string {
	row := x.trueRow(d, i)
	y, _ := strconv.Atoi(row[0])
	for j, col := range x.Columns {
		if row[j+1] == "" && !slices.Contains(x.asked[col.Variable], y) {
			row[j+1] = NotAsked
		}
	}
	return row
}

// Released returns the dataset rows whose responses are in the file.
func (x *Extract) Released() []int { return x.released }

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

// Get returns the cell of row i in the named column ("" when absent).
func (t *Table) Get(i int, name string) string {
	j, ok := t.col[name]
	switch {
	case !ok:
		return ""
	case t.Rows == nil:
		return t.cell(i, j)
	}
	return t.Rows[i][j]
}
