package anonymize

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// Headline is one hypothesis's headline comparison computed on the private
// data and again on the public file at its resolution.
type Headline struct {
	ID, Comparison, Statistic string
	Private, Public           float64 // the statistic
	PrivateP, PublicP         float64 // one-sided p in the claimed direction (NaN when none)
	Want                      float64 // the claimed sign: +1 or −1
}

// SameDirection reports whether both estimates have the claimed sign, or both not.
func (h Headline) SameDirection() bool {
	return (h.Private*h.Want > 0) == (h.Public*h.Want > 0)
}

// SameSignificance reports whether both are, or both are not, significant at alpha.
func (h Headline) SameSignificance(alpha float64) bool {
	if math.IsNaN(h.PrivateP) || math.IsNaN(h.PublicP) {
		return math.IsNaN(h.PrivateP) == math.IsNaN(h.PublicP)
	}
	return (h.PrivateP < alpha) == (h.PublicP < alpha)
}

// Table is the released data as columns by name, for analyses of the file.
type Table struct {
	Header []string
	Rows   [][]string // nil when the cells come from an extract's codes
	col    map[string]int
	cell   func(i, j int) string // the cell of row i in column j, when Rows is nil
	n      int
}

// NewTable indexes a header and rows (as read back from the public CSV).
func NewTable(header []string, rows [][]string) *Table {
	t := &Table{Header: header, Rows: rows, col: map[string]int{}, n: len(rows)}
	for j, h := range header {
		t.col[h] = j
	}
	return t
}

// Len is the number of rows.
func (t *Table) Len() int { return t.n }

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

// Headlines computes the five headline comparisons on the private dataset
// and on the public table, with the release configuration's bands: each
// hypothesis's own headline (hypotheses.Headlines) runs on both, the public
// table read back as a dataset at its resolution.
func Headlines(d *dataset.Dataset, pub *Table, c *Config) []Headline {
	priv := hypotheses.Headlines(d)
	public := hypotheses.Headlines(publicDataset(d, pub, c))
	out := make([]Headline, len(priv))
	for i, h := range priv {
		out[i] = Headline{ID: h.ID, Comparison: h.Comparison, Statistic: h.Statistic, Private: h.Estimate, Public: public[i].Estimate,
			PrivateP: h.P, PublicP: public[i].P, Want: h.Want}
	}
	return out
}

// publicDataset reads the public table back into a dataset with the private
// dataset's columns: banded numbers become their band midpoints (open bands
// extend by the neighbouring band's width), levels and multi-select labels
// map onto the private levels, and suppressed or generalized values that
// are no private level become missing.
func publicDataset(d *dataset.Dataset, pub *Table, c *Config) *dataset.Dataset {
	var cols []*dataset.Column
	for _, h := range pub.Header {
		if pc := d.Col(h); pc != nil && pc.Kind != dataset.Text {
			cols = append(cols, &dataset.Column{Name: h, Kind: pc.Kind, Levels: pc.Levels})
		}
	}
	out := dataset.New(cols)
	for i := range pub.Len() {
		var y int
		fmt.Sscan(pub.Get(i, "year"), &y)
		row := out.AddRow(y, "", "", i+1)
		for _, col := range cols {
			col.Num[row] = publicValue(col, pub.Get(i, col.Name), c)
		}
	}
	return out
}

// publicValue is one released cell as the column's number (NaN when missing).
func publicValue(col *dataset.Column, cell string, c *Config) float64 {
	if cell == "" || cell == Suppressed {
		return math.NaN()
	}
	switch col.Kind {
	case dataset.Numeric:
		if c.SensitiveBands[col.Name] != nil {
			return bandMidpoint(c.SensitiveBands[col.Name], cell)
		}
		x, err := strconv.ParseFloat(cell, 64)
		if err != nil {
			return math.NaN()
		}
		return x
	case dataset.Categorical:
		if k := slices.Index(col.Levels, cell); k >= 0 {
			return float64(k)
		}
		return math.NaN()
	}
	bits := uint64(0)
	for _, l := range strings.Split(cell, "; ") {
		k := slices.Index(col.Levels, l)
		if k < 0 {
			return math.NaN()
		}
		bits |= 1 << k
	}
	return float64(bits)
}

// bandMidpoint is the midpoint of the band labelled label; NaN for an unknown label.
func bandMidpoint(b *Bands, label string) float64 {
	k := slices.Index(b.Labels, label)
	if k < 0 {
		return math.NaN()
	}
	e := b.Edges
	width := func(i, j int) float64 {
		if len(e) > 1 {
			return e[j] - e[i]
		}
		return 1
	}
	switch {
	case k == 0:
		return e[0] - width(0, 1)/2
	case k == len(e):
		return e[len(e)-1] + width(len(e)-2, len(e)-1)/2
	}
	return (e[k-1] + e[k]) / 2
}
