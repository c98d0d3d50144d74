package trends

import (
	"fmt"
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// WaveWeights summarises one wave's raking weights.
type WaveWeights struct {
	Year       int     `json:"year"`
	N          int     `json:"n"`
	KishN      float64 `json:"kish_effective_n"`
	MaxWeight  float64 `json:"max_weight"` // relative to the wave's mean weight
	Trimmed    int     `json:"trimmed"`
	Iterations int     `json:"iterations"`
}

// rakeWeights returns one weight per row: within each wave, raking to the
// pooled (all waves) margins of RakeVars, "missing" being a level of its
// own, scaled to the wave's size, then trimmed at trimAt × the mean. Without
// any rake variable in the data every weight is 1.
func rakeWeights(d *dataset.Dataset, trimAt float64) ([]float64, []WaveWeights, error) {
	factors, targets := pooledMargins(d)
	w := make([]float64, d.Len())
	var out []WaveWeights
	for _, y := range d.Years() {
		rows := rowsOf(d, y)
		fs := make([][]int, len(factors))
		ts := make([][]float64, len(factors))
		for f := range factors {
			fs[f] = make([]int, len(rows))
			for k, i := range rows {
				fs[f][k] = factors[f][i]
			}
			ts[f] = scaleTo(targets[f], float64(len(rows)))
		}
		ts = dropUnreachable(fs, ts)
		rw, it := ones(len(rows)), 0
		if len(fs) > 0 {
			var err error
			if rw, it, err = stats.Rake(nil, fs, ts, 200, 1e-12); err != nil {
				return nil, nil, fmt.Errorf("trends: weights for %d: %w", y, err)
			}
		}
		tw, nt := stats.TrimWeights(rw, trimAt*stats.Mean(rw))
		for k, i := range rows {
			w[i] = tw[k]
		}
		out = append(out, WaveWeights{Year: y, N: len(rows), KishN: stats.KishN(tw), MaxWeight: maxOf(tw) / stats.Mean(tw), Trimmed: nt, Iterations: it})
	}
	return w, out, nil
}

// pooledMargins returns each rake variable's level per row (the last level
// being "missing") and its pooled share.
func pooledMargins(d *dataset.Dataset) ([][]int, [][]float64) {
	var factors [][]int
	var shares [][]float64
	for _, name := range RakeVars {
		c := d.Col(name)
		if c == nil || c.Kind != dataset.Categorical {
			continue
		}
		lv := make([]int, d.Len())
		sh := make([]float64, len(c.Levels)+1)
		for i, x := range c.Num {
			l := len(c.Levels)
			if !math.IsNaN(x) {
				l = int(x)
			}
			lv[i] = l
			sh[l]++
		}
		factors = append(factors, lv)
		shares = append(shares, sh)
	}
	return factors, shares
}

// dropUnreachable moves the target of a level that a wave lacks onto the
// other levels in proportion (a wave that did not offer "Public" cannot
// carry its pooled share).
func dropUnreachable(fs [][]int, ts [][]float64) [][]float64 {
	for f := range fs {
		seen := make([]bool, len(ts[f]))
		for _, l := range fs[f] {
			seen[l] = true
		}
		lost, kept := 0.0, 0.0
		for l, t := range ts[f] {
			if seen[l] {
				kept += t
			} else {
				lost += t
			}
		}
		if lost == 0 || kept == 0 {
			continue
		}
		for l := range ts[f] {
			if seen[l] {
				ts[f][l] *= (kept + lost) / kept
			} else {
				ts[f][l] = 0
			}
		}
	}
	return ts
}

func ones(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

func scaleTo(xs []float64, total float64) []float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x / s * total
	}
	return out
}

func rowsOf(d *dataset.Dataset, year int) []int {
	var rows []int
	for i, y := range d.Year {
		if y == year {
			rows = append(rows, i)
		}
	}
	return rows
}

func maxOf(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	return m
}
