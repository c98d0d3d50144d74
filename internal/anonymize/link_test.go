package anonymize_test

import (
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
)

// TestLink: the run's linkage counter treats "*" as compatible, never
// wildcards the year, and reports singled-out targets (the control) and
// targets whose row is absent.
func TestLink(t *testing.T) {
	t.Parallel()
	rows := [][]string{
		{"2025", "A", "x"},
		{"2025", "A", "y"},
		{"2025", "B", "*"},
		{"2025", "B", "y"},
		{"2026", "B", "x"},
	}
	targets := [][]string{
		{"2025", "A", "x"}, // only row 0: singled out
		{"2025", "B", "x"}, // rows 2 (the * matches)
		{"2025", "B", "y"}, // rows 2 and 3
		{"2024", "A", "x"}, // no row
	}
	l := anonymize.Link(rows, []int{0, 1, 2}, targets)
	if l.Targets != 4 || l.Unique != 2 || l.Missing != 1 || l.MaxProb != 1 || l.MinCands != 1 || l.Pass(2) {
		t.Errorf("got %+v", l)
	}
	l = anonymize.Link(rows, []int{0, 1}, targets[1:3])
	if l.Unique != 0 || l.MinCands != 2 || l.MaxProb != 0.5 || !l.Pass(2) || l.Pass(3) {
		t.Errorf("knowing year and one column: got %+v", l)
	}
}
