package anonymize

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// table holds an extract's rows as codes, column by column: column j's
// cells are indexes into labels[j], which is sorted and holds every label
// the column can show ("", Suppressed and NotAsked included), so that equal
// codes are equal labels and ordered codes are ordered labels. Column 0 is
// the year.
type table struct {
	labels [][]string
	cells  [][]uint16
}

// maxLabels is the most labels a column of a table may hold.
const maxLabels = math.MaxUint16

// rows is the number of rows.
func (t *table) rows() int {
	if len(t.cells) == 0 {
		return 0
	}
	return len(t.cells[0])
}

// label is the label of row r in column j.
func (t *table) label(r, j int) string { return t.labels[j][t.cells[j][r]] }

// code is the code of label s in column j, and whether the column has it.
func (t *table) code(j int, s string) (uint16, bool) {
	c, ok := slices.BinarySearch(t.labels[j], s)
	return uint16(c), ok
}

// row returns row r as labels.
func (t *table) row(r int) []string {
	out := make([]string, len(t.cells))
	for j := range t.cells {
		out[j] = t.label(r, j)
	}
	return out
}

// strings returns every row as labels.
func (t *table) strings() [][]string {
	out := make([][]string, t.rows())
	for r := range out {
		out[r] = t.row(r)
	}
	return out
}

// permute reorders the rows: row r of the result is row perm[r].
func (t *table) permute(perm []int32) {
	for j, col := range t.cells {
		out := make([]uint16, len(perm))
		for r, p := range perm {
			out[r] = col[p]
		}
		t.cells[j] = out
	}
}

// coder numbers the labels of one column as it meets them. The label of a
// row is a function of a small raw key (the band, level or option set of
// its answer), so it is computed once per key, from the first row with it.
type coder struct {
	key    func(i int) uint64
	label  func(i int) string
	small  []int32 // raw key → label index + 1 (0: not met), for keys below len(small)
	big    map[uint64]int32
	index  map[string]int32
	labels []string // by label index, in order of first appearance
}

// smallKeys is the largest raw key range a coder indexes by slice.
const smallKeys = 1 << 12

func newCoder(key func(i int) uint64, label func(i int) string) *coder {
	return &coder{key: key, label: label, small: make([]int32, smallKeys), big: map[uint64]int32{}, index: map[string]int32{}}
}

// code is the label index of dataset row i.
func (c *coder) code(i int) int32 {
	k := c.key(i)
	if k < uint64(len(c.small)) {
		if v := c.small[k]; v > 0 {
			return v - 1
		}
	} else if v, ok := c.big[k]; ok {
		return v
	}
	l := c.label(i)
	v, ok := c.index[l]
	if !ok {
		v = int32(len(c.labels))
		c.index[l] = v
		c.labels = append(c.labels, l)
	}
	if k < uint64(len(c.small)) {
		c.small[k] = v + 1
	} else {
		c.big[k] = v
	}
	return v
}

// codes returns the label index of every row of idx.
func (c *coder) codes(idx []int) []int32 {
	out := make([]int32, len(idx))
	for t, i := range idx {
		out[t] = c.code(i)
	}
	return out
}

// rawKey returns the raw key of a variable's answer in row i: 0 when
// missing, else one more than its band (bands given), level index or
// option set. Every label function of the package reads no more of the
// answer than this.
func rawKey(d *dataset.Dataset, name string, bands *Bands) func(i int) uint64 {
	col := d.Col(name)
	switch {
	case bands != nil:
		return func(i int) uint64 { return uint64(bands.index(d.Float(name, i)) + 1) }
	case col == nil || (col.Kind != dataset.Categorical && col.Kind != dataset.Multi):
		return func(int) uint64 { return 0 }
	}
	return func(i int) uint64 {
		x := col.Num[i]
		if math.IsNaN(x) {
			return 0
		}
		return uint64(x) + 1
	}
}

// yearCoder codes a row's year as its label.
func yearCoder(d *dataset.Dataset) *coder {
	return newCoder(func(i int) uint64 { return uint64(d.Year[i]) }, func(i int) string { return itoa(d.Year[i]) })
}

// finish turns the label indexes of one column into table codes: the
// column's labels with the special ones, sorted.
func finish(labels []string, idx []int32) ([]string, []uint16, error) {
	seen := map[string]bool{"": true, Suppressed: true, NotAsked: true}
	for _, l := range labels {
		seen[l] = true
	}
	dict := sortedKeys(seen)
	if len(dict) > maxLabels {
		return nil, nil, fmt.Errorf("a column has more than %d labels", maxLabels)
	}
	remap := make([]uint16, len(labels))
	for c, l := range labels {
		k := sort.SearchStrings(dict, l)
		remap[c] = uint16(k)
	}
	cells := make([]uint16, len(idx))
	for r, c := range idx {
		cells[r] = remap[c]
	}
	return dict, cells, nil
}

// stableOrder returns the permutation that sorts the rows of t by their
// codes, column 0 first, keeping equal rows in their order (an LSD radix
// sort: one counting pass per column).
func stableOrder(t *table) []int32 {
	n := t.rows()
	perm := make([]int32, n)
	for r := range perm {
		perm[r] = int32(r)
	}
	next := make([]int32, n)
	for j := len(t.cells) - 1; j >= 0; j-- {
		col := t.cells[j]
		count := make([]int32, len(t.labels[j])+1)
		for _, c := range col {
			count[c+1]++
		}
		for c := 1; c < len(count); c++ {
			count[c] += count[c-1]
		}
		for _, r := range perm {
			c := col[r]
			next[count[c]] = r
			count[c]++
		}
		perm, next = next, perm
	}
	return perm
}
