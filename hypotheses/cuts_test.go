package hypotheses

import (
	"math"
	"slices"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/synth"
	"github.com/gtmsurvey/gtmsurvey/internal/synth/synthtest"
)

// TestCutsFindPlantedEffects: on synth's planted world each cut's "All"
// row points the way the hypothesis claims, the stage and band rows
// partition no more than the whole, and a cell below CutMinCell shows no
// number.
func TestCutsFindPlantedEffects(t *testing.T) {
	sv := synthtest.Cleaned(t, synth.Options{Seed: 11, Scale: 1, Effects: "planted"})
	cuts := Cuts(sv.Kept)
	if len(cuts) != len(All) {
		t.Fatalf("%d cuts, want one per hypothesis (%d)", len(cuts), len(All))
	}
	// want[i]: the group that should be larger, and the one it beats.
	want := map[string][2]int{"H1": {0, 2}, "H2": {1, 0}, "H3": {0, 1}, "H4": {0, 1}, "H5": {0, 1}}
	for _, c := range cuts {
		all := c.Rows[0]
		if all.By != "All" || slices.Min(all.N) < CutMinCell {
			t.Errorf("%s: first row %+v, want All with every group at least %d", c.ID, all, CutMinCell)
			continue
		}
		w := want[c.ID]
		if !(all.Values[w[0]] > all.Values[w[1]]) {
			t.Errorf("%s %s: %s %.3g not above %s %.3g", c.ID, c.Measure, c.Groups[w[0]], all.Values[w[0]], c.Groups[w[1]], all.Values[w[1]])
		}
		sum := map[string][]int{}
		for _, r := range c.Rows[1:] {
			if sum[r.By] == nil {
				sum[r.By] = make([]int, len(c.Groups))
			}
			for g, n := range r.N {
				sum[r.By][g] += n
				if n < CutMinCell && !math.IsNaN(r.Values[g]) {
					t.Errorf("%s %s %s: %d respondents but a number %.3g", c.ID, r.By, r.Level, n, r.Values[g])
				}
				if n >= CutMinCell && math.IsNaN(r.Values[g]) {
					t.Errorf("%s %s %s: %d respondents but no number", c.ID, r.By, r.Level, n)
				}
			}
		}
		if len(sum) != 2 {
			t.Errorf("%s: cut by %d variables, want stage and ARR band", c.ID, len(sum))
		}
		for by, ns := range sum {
			for g, n := range ns {
				if n > all.N[g] {
					t.Errorf("%s by %s: group %s sums to %d over its cells, more than the %d in all", c.ID, by, c.Groups[g], n, all.N[g])
				}
			}
		}
	}
}
