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

// cellAt returns the cell of row i in column j.
func (t *Table) cellAt(i, j int) string {
	if t.Rows == nil {
		return t.cell(i, j)
	}
	return t.Rows[i][j]
}

// HeadlineFor computes hypothesis id's headline comparison on the private
// dataset and on the public table, with the release configuration's bands:
// the hypothesis's own headline (hypotheses.Headlines) runs on both, the
// public table read back as a dataset at its resolution; false when no
// hypothesis has the id.
func HeadlineFor(d *dataset.Dataset, pub *Table, c *Config, id string) (Headline, bool) {
	for _, h := range hypotheses.All {
		if h.ID == id {
			return headline(h, d, publicDataset(d, pub, c)), true
		}
	}
	return Headline{}, false
}

// headline runs one hypothesis's headline on the private and the public data.
func headline(h hypotheses.Hypothesis, d, public *dataset.Dataset) Headline {
	priv, pub := h.Headline(d), h.Headline(public)
	return Headline{ID: h.ID, Comparison: priv.Comparison, Statistic: priv.Statistic, Private: priv.Estimate, Public: pub.Estimate,
		PrivateP: priv.P, PublicP: pub.P, Want: priv.Want}
}

// publicDataset reads the public table back into a dataset with the private
// dataset's columns: banded numbers become their band midpoints (open bands
// extend by the neighbouring band's width), levels and multi-select labels
// map onto the private levels, and suppressed or generalized values that
// are no private level become missing. Each distinct cell is read once.
func publicDataset(d *dataset.Dataset, pub *Table, c *Config) *dataset.Dataset {
	var cols []*dataset.Column
	var at []int
	for _, h := range pub.Header {
		if pc := d.Col(h); pc != nil && pc.Kind != dataset.Text {
			cols = append(cols, &dataset.Column{Name: h, Kind: pc.Kind, Levels: pc.Levels})
			at = append(at, pub.col[h])
		}
	}
	out := dataset.New(cols)
	out.Grow(pub.Len())
	year, hasYear := pub.col["year"]
	years := map[string]int{}
	for i := range pub.Len() {
		y := 0
		if hasYear {
			y = yearOf(years, pub.cellAt(i, year))
		}
		out.AddRow(y, "", "", i+1)
	}
	for k, col := range cols {
		values := map[string]float64{}
		for i := range pub.Len() {
			cell := pub.cellAt(i, at[k])
			v, ok := values[cell]
			if !ok {
				v = publicValue(col, cell, c)
				values[cell] = v
			}
			col.Num[i] = v
		}
	}
	return out
}

// yearOf reads a year cell as fmt.Sscan does (0 when it is no number), once
// per distinct cell.
func yearOf(seen map[string]int, cell string) int {
	y, ok := seen[cell]
	if !ok {
		fmt.Sscan(cell, &y)
		seen[cell] = y
	}
	return y
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

// Midpoint is the number a released band stands for in the headline
// computations: the band's midpoint, an open band extended by the
// neighbouring band's width; NaN for an unknown label.
func (b *Bands) Midpoint(label string) float64 { return bandMidpoint(b, label) }

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
