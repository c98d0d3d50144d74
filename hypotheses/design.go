package hypotheses

import (
	"fmt"
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// regression is an OLS design built from dataset rows: an intercept, the
// named numeric predictors (standardized when asked), indicator columns for
// categorical controls and year fixed effects, over complete cases.
type regression struct {
	names    []string
	x        [][]float64
	y        []float64
	years    []int
	warnings []string
}

type numericTerm struct {
	name        string
	value       func(i int) float64 // NaN = missing
	standardize bool
}

// sparseLevel is the smallest level count given its own indicator; rarer
// levels are merged into the reference level (HC3 is undefined when a
// category has one respondent).
const sparseLevel = 5

func buildRegression(d *dataset.Dataset, rows func(i int) bool, outcome numericTerm, terms []numericTerm, controls []string, yearFE bool) *regression {
	idx := completeCases(d, rows, outcome, terms, controls)
	r := &regression{names: []string{"(Intercept)"}}
	cols := [][]float64{ones(len(idx))}
	r.y = termColumn(idx, outcome)
	for _, t := range terms {
		r.names = append(r.names, t.name)
		cols = append(cols, termColumn(idx, t))
	}
	for _, c := range controls {
		cols = r.addIndicators(d, idx, c, cols)
	}
	seen := map[int]bool{}
	for _, i := range idx {
		if !seen[d.Year[i]] {
			seen[d.Year[i]] = true
			r.years = append(r.years, d.Year[i])
		}
	}
	sortInts(r.years)
	if yearFE {
		for _, y := range r.years[1:] {
			cols = append(cols, indicator(idx, func(i int) bool { return d.Year[i] == y }))
			r.names = append(r.names, fmt.Sprintf("year=%d", y))
		}
	}
	r.x = make([][]float64, len(idx))
	for k := range idx {
		row := make([]float64, len(cols))
		for j := range cols {
			row[j] = cols[j][k]
		}
		r.x[k] = row
	}
	return r
}

// completeCases are the rows kept by rows with the outcome, every term and every control present.
func completeCases(d *dataset.Dataset, rows func(i int) bool, outcome numericTerm, terms []numericTerm, controls []string) []int {
	var idx []int
	for i := 0; i < d.Len(); i++ {
		if !rows(i) || math.IsNaN(outcome.value(i)) {
			continue
		}
		ok := true
		for _, t := range terms {
			if math.IsNaN(t.value(i)) {
				ok = false
			}
		}
		for _, c := range controls {
			if _, has := d.Level(c, i); !has {
				ok = false
			}
		}
		if ok {
			idx = append(idx, i)
		}
	}
	return idx
}

// termColumn is a term's values over the rows idx, standardized when asked.
func termColumn(idx []int, t numericTerm) []float64 {
	v := make([]float64, len(idx))
	for k, i := range idx {
		v[k] = t.value(i)
	}
	if t.standardize {
		m, s := stats.Mean(v), stats.SD(v)
		for k := range v {
			v[k] = (v[k] - m) / s
		}
	}
	return v
}

// indicator is 1 where is(i) holds, over the rows idx.
func indicator(idx []int, is func(i int) bool) []float64 {
	v := make([]float64, len(idx))
	for k, i := range idx {
		if is(i) {
			v[k] = 1
		}
	}
	return v
}

// addIndicators appends the indicator columns of control c: the most common
// level is the reference, and levels rarer than sparseLevel merge into it
// (with a warning).
func (r *regression) addIndicators(d *dataset.Dataset, idx []int, c string, cols [][]float64) [][]float64 {
	counts := map[string]int{}
	levels := d.Col(c).Levels
	for _, i := range idx {
		lv, _ := d.Level(c, i)
		counts[lv]++
	}
	ref := ""
	for _, lv := range levels { // reference: the most common level
		if ref == "" || counts[lv] > counts[ref] {
			ref = lv
		}
	}
	var merged []string
	for _, lv := range levels {
		if lv == ref || counts[lv] == 0 {
			continue
		}
		if counts[lv] < sparseLevel {
			merged = append(merged, fmt.Sprintf("%s (%d)", lv, counts[lv]))
			continue
		}
		cols = append(cols, indicator(idx, func(i int) bool { l, _ := d.Level(c, i); return l == lv }))
		r.names = append(r.names, c+"="+lv)
	}
	if len(merged) > 0 {
		r.warnings = append(r.warnings, fmt.Sprintf("%s: levels with fewer than %d respondents merged into the reference %q: %v", c, sparseLevel, ref, merged))
	}
	return cols
}

func (r *regression) fit() (*stats.OLSFit, error) { return stats.OLS(r.names, r.x, r.y, stats.HC3) }

func (r *regression) index(name string) int {
	for j, n := range r.names {
		if n == name {
			return j
		}
	}
	panic("hypotheses: no term " + name)
}

func (r *regression) contrast(terms map[string]float64) []float64 {
	c := make([]float64, len(r.names))
	for n, w := range terms {
		c[r.index(n)] = w
	}
	return c
}

func ones(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = 1
	}
	return v
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// score maps the levels of an ordinal variable to numbers; a level absent
// from the map is missing.
func score(d *dataset.Dataset, v string, m map[string]float64) func(i int) float64 {
	return func(i int) float64 {
		l, ok := d.Level(v, i)
		if !ok {
			return math.NaN()
		}
		if s, ok := m[l]; ok {
			return s
		}
		return math.NaN()
	}
}

// count returns the number of options chosen in a multi-select, not
// counting the options skip names (the exclusive "none" option, or an item
// left out of an index); NaN when unanswered.
func count(d *dataset.Dataset, v string, skip ...string) func(i int) float64 {
	return func(i int) float64 {
		ch, ok := d.Chosen(v, i)
		if !ok {
			return math.NaN()
		}
		n := 0
		for _, c := range ch {
			if !contains(skip, c) {
				n++
			}
		}
		return float64(n)
	}
}

func numeric(d *dataset.Dataset, v string, f func(float64) float64) func(i int) float64 {
	return func(i int) float64 {
		x := d.Float(v, i)
		if math.IsNaN(x) {
			return x
		}
		return f(x)
	}
}

func yearIs(d *dataset.Dataset, years ...int) func(i int) bool {
	return func(i int) bool { return inYears(d, i, years) }
}
