package anonymize

import (
	"fmt"
	"slices"
)

// SetRows replaces the released rows (for the tests' controls), keeping
// the order and the truth; the rows must keep each class's rows together.
func (x *Extract) SetRows(rows [][]string) {
	t, others, err := tableOf(rows, x.truth.strings())
	if err != nil {
		panic(err)
	}
	x.rows, x.truth = t, others[0]
}

// tableOf codes rows of labels (all of one width) over the labels they hold
// and the special labels.
func tableOf(rows ...[][]string) (*table, []*table, error) {
	width := 0
	for _, rs := range rows {
		for _, r := range rs {
			width = max(width, len(r))
		}
	}
	labels := make([][]string, width)
	for j := range labels {
		seen := map[string]bool{"": true, Suppressed: true, NotAsked: true}
		for _, rs := range rows {
			for _, r := range rs {
				seen[r[j]] = true
			}
		}
		labels[j] = sortedKeys(seen)
		if len(labels[j]) > maxLabels {
			return nil, nil, fmt.Errorf("column %d has more than %d labels", j+1, maxLabels)
		}
	}
	var out []*table
	for _, rs := range rows {
		t := &table{labels: labels, cells: make([][]uint16, width)}
		for j := range t.cells {
			t.cells[j] = make([]uint16, len(rs))
			for r, row := range rs {
				c, _ := slices.BinarySearch(labels[j], row[j])
				t.cells[j][r] = uint16(c)
			}
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, nil, nil
	}
	return out[0], out[1:], nil
}

// WithoutPartialKnowledge is c without the partial-knowledge rule (the
// tests' control).
func WithoutPartialKnowledge(c *Config) *Config {
	cp := *c
	cp.noPartial = true
	return &cp
}
