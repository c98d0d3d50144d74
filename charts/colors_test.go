package charts

import (
	"fmt"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

func panelOf(n int) figure.Panel {
	var pn figure.Panel
	for i := range n {
		pn.Series = append(pn.Series, figure.Series{Name: fmt.Sprintf("s%d", i)})
	}
	return pn
}

// TestNoColourTwice: however many series, no palette colour is used twice
// in a panel; past the palette the series are grey.
func TestNoColourTwice(t *testing.T) {
	for _, n := range []int{3, 8, 9, 14} {
		cols := seriesColors(figure.Figure{}, panelOf(n))
		seen := map[[4]uint8]bool{}
		for i, c := range cols {
			k := [4]uint8{c.R, c.G, c.B, c.A}
			if c != grey && seen[k] {
				t.Errorf("%d series: colour %v used twice (series %d)", n, c, i)
			}
			seen[k] = true
			if i >= len(palette) && c != grey {
				t.Errorf("%d series: series %d is %v, want grey past the palette", n, i, c)
			}
		}
	}
}

// TestFocusKeepsItsColour: the series the title is about keeps a colour,
// the others are grey.
func TestFocusKeepsItsColour(t *testing.T) {
	pn := panelOf(9)
	cols := seriesColors(figure.Figure{Focus: []string{"s7"}}, pn)
	for i, c := range cols {
		if (i == 7) == (c == grey) {
			t.Errorf("series %d is %v; want only s7 in colour", i, c)
		}
	}
}

// TestOrderedRamp: an ordered scale is one ramp of distinct colours,
// light to dark, its muted answers grey.
func TestOrderedRamp(t *testing.T) {
	pn := panelOf(6)
	pn.Ordered = true
	pn.Series[5].Muted = true
	cols := seriesColors(figure.Figure{}, pn)
	if cols[5] != grey {
		t.Errorf("muted answer is %v, want grey", cols[5])
	}
	for i := 1; i < 5; i++ {
		if luminance(cols[i]) >= luminance(cols[i-1]) {
			t.Errorf("step %d (%v) is not darker than step %d (%v)", i, cols[i], i-1, cols[i-1])
		}
	}
}

func TestValueText(t *testing.T) {
	for _, c := range []struct {
		v    float64
		unit string
		want string
	}{{639500, "$", "$640k"}, {1234567, "$", "$1.2M"}, {28, "%", "28.0%"}, {51.2, "pts", "51.2 pts"}, {0.48, "", "0.48"}, {-2500, "$", "-$2500"}} {
		if got := valueText(c.v, c.unit); got != c.want {
			t.Errorf("valueText(%v, %q) = %q, want %q", c.v, c.unit, got, c.want)
		}
	}
	if got := tickText(600000, "$"); got != "$600k" {
		t.Errorf("tickText(600000, $) = %q", got)
	}
}
