// Package trends is the exploratory year-over-year stage (issue 12): for
// every analysed canonical variable it estimates each wave's answers (shares
// with Wilson intervals, medians with order-statistic intervals), grades
// which waves are comparable from the codebook (answer sets, recodes and the
// questions' wording), tests change over the comparable waves (omnibus
// tests and each level's own test, one Benjamini–Hochberg family, separate
// from the hypotheses'), repeats every estimate and test with raking
// weights to the pooled stage and region mix, and writes a headline and a
// sentence per significant change that claim only what was tested, and a
// headline per variable (its figure's title; an untested variable says why).
// It reads the canonical dataset and the codebook only.
package trends

import (
	"fmt"
	"slices"
	"sort"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/parallel"
)

// Options are the stage's settings.
type Options struct {
	Q          float64 `json:"q"`           // BH false discovery rate of the trends family
	Level      float64 `json:"ci_level"`    // confidence level of every interval
	Seed       uint64  `json:"seed"`        // seed of the Monte Carlo chi-square p-values
	MonteCarlo int     `json:"monte_carlo"` // Monte Carlo tables per chi-square test with an expected count < 5
	TrimAt     float64 `json:"trim_at"`     // raking weights are trimmed at this multiple of their mean
}

// Defaults are the settings of issue 12.
func Defaults() Options {
	return Options{Q: 0.05, Level: 0.95, Seed: 20260512, MonteCarlo: 2000, TrimAt: 5}
}

// Validate checks the options.
func (o Options) Validate() error {
	switch {
	case !(o.Q > 0 && o.Q < 1):
		return fmt.Errorf("trends: q must be in (0, 1), got %g", o.Q)
	case !(o.Level > 0 && o.Level < 1):
		return fmt.Errorf("trends: ci level must be in (0, 1), got %g", o.Level)
	case o.MonteCarlo < 100:
		return fmt.Errorf("trends: at least 100 Monte Carlo tables, got %d", o.MonteCarlo)
	case !(o.TrimAt > 1):
		return fmt.Errorf("trends: trim multiple must exceed 1, got %g", o.TrimAt)
	}
	return nil
}

// Input is what the stage reads.
type Input struct {
	Data     *dataset.Dataset
	Codebook *codebook.Codebook
	// Missing, optional, counts each variable's cells without a value by
	// reason per wave (year → variable → reason → count), from harmonization
	// (before the quality rules).
	Missing map[int]map[string]map[string]int
}

// RakeVars are the variables whose pooled margins the weights reproduce.
var RakeVars = []string{"company_stage", "hq_region"}

// Result is the whole trends stage.
type Result struct {
	Options   Options         `json:"options"`
	Family    string          `json:"family"`
	Years     []int           `json:"years"`
	Weighting []WaveWeights   `json:"weighting"`
	Variables []*Variable     `json:"variables"`
	Figures   []figure.Figure `json:"-"`
}

// Run computes the whole stage.
func Run(in Input, o Options) (*Result, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	d, cb := in.Data, in.Codebook
	res := &Result{Options: o, Years: surveyYears(cb),
		Family: fmt.Sprintf("Benjamini-Hochberg across every trends test (exploratory; separate from the hypotheses' families), q = %g", o.Q)}
	w, ww, err := rakeWeights(d, o.TrimAt)
	if err != nil {
		return nil, err
	}
	res.Weighting = ww
	var vs []*codebook.Variable
	for _, v := range cb.Variables {
		if analysed(v) && d.Col(v.Name) != nil {
			vs = append(vs, v)
		}
	}
	// Each variable reads the (read-only) data and weights and writes only
	// its own entry: they run side by side.
	rows := map[int][]int{}
	for i, y := range d.Year {
		rows[y] = append(rows[y], i)
	}
	res.Variables = make([]*Variable, len(vs))
	_ = parallel.Each(len(vs), func(i int) error {
		tv := estimateVariable(d, cb, vs[i], w, rows, res.Years, o)
		tv.Missing = missingFor(in.Missing, vs[i].Name, tv.Years)
		testVariable(tv, o)
		tv.values, tv.weights = nil, nil // the answers feed only the estimates and tests: not kept in the result
		res.Variables[i] = tv
		return nil
	})
	// Organised by the survey's stated areas, codebook order within each.
	slices.SortStableFunc(res.Variables, func(a, b *Variable) int {
		return slices.Index(codebook.Themes, a.Theme) - slices.Index(codebook.Themes, b.Theme)
	})
	adjust(res.Variables, o.Q)
	for _, tv := range res.Variables {
		describe(tv, o)
	}
	res.Figures = figures(res, d)
	return res, nil
}

// analysed reports whether a variable is part of the trends: quasi-identifiers
// and sensitive answers, neither text nor timestamps.
func analysed(v *codebook.Variable) bool {
	if v.Role != codebook.RoleQuasi && v.Role != codebook.RoleSensitive {
		return false
	}
	return v.Type != codebook.TypeText && v.Type != codebook.TypeDatetime
}

func surveyYears(cb *codebook.Codebook) []int {
	var ys []int
	for _, w := range cb.Waves {
		ys = append(ys, w.Year)
	}
	sort.Ints(ys)
	return ys
}

func missingFor(m map[int]map[string]map[string]int, name string, years []int) map[int]map[string]int {
	out := map[int]map[string]int{}
	for _, y := range years {
		if r := m[y][name]; len(r) > 0 {
			out[y] = r
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Significant returns the significant tests of all variables, largest
// effect first (ties by variable name and scope).
func (r *Result) Significant() []*Test {
	var out []*Test
	for _, v := range r.Variables {
		for _, t := range v.Tests {
			if t.Significant {
				out = append(out, t)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *Test) int {
		switch {
		case a.Effect > b.Effect:
			return -1
		case a.Effect < b.Effect:
			return 1
		}
		return 0
	})
	return out
}

// Tests is the size of the trends family.
func (r *Result) Tests() int {
	n := 0
	for _, v := range r.Variables {
		n += len(v.Tests)
	}
	return n
}
