package stats

import (
	"fmt"
	"math"
)

// Rake adjusts weights by iterative proportional fitting (raking) so that
// the weighted total of every level of every factor equals its target, as R
// survey::rake: factor by factor in the order given, each unit's weight is
// multiplied by target/current of its level, until every level is within tol
// (relative) of its target or maxIter sweeps have run. factors[f][i] is the
// level (0-based) of unit i on factor f; targets[f][l] the target total of
// level l. base are the starting weights (nil: all 1). It returns the weights
// and the number of sweeps; a level with a positive target but no unit, or
// no convergence, is an error.
func Rake(base []float64, factors [][]int, targets [][]float64, maxIter int, tol float64) ([]float64, int, error) {
	if len(factors) != len(targets) || len(factors) == 0 {
		return nil, 0, fmt.Errorf("rake: %d factors, %d target sets", len(factors), len(targets))
	}
	n := len(factors[0])
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
		if base != nil {
			w[i] = base[i]
		}
	}
	if err := checkRake(factors, targets, n); err != nil {
		return nil, 0, err
	}
	cur := make([][]float64, len(factors))
	for f := range factors {
		cur[f] = make([]float64, len(targets[f]))
	}
	for it := 1; it <= maxIter; it++ {
		for f, lv := range factors {
			totals(cur[f], lv, w)
			for i, l := range lv {
				if cur[f][l] > 0 {
					w[i] *= targets[f][l] / cur[f][l]
				}
			}
		}
		if rakeDone(cur, factors, targets, w, tol) {
			return w, it, nil
		}
	}
	return w, maxIter, fmt.Errorf("rake: no convergence within %d sweeps", maxIter)
}

func checkRake(factors [][]int, targets [][]float64, n int) error {
	for f, lv := range factors {
		if len(lv) != n {
			return fmt.Errorf("rake: factor %d has %d units, factor 0 has %d", f, len(lv), n)
		}
		seen := make([]bool, len(targets[f]))
		for i, l := range lv {
			if l < 0 || l >= len(targets[f]) {
				return fmt.Errorf("rake: factor %d unit %d: level %d out of range", f, i, l)
			}
			seen[l] = true
		}
		for l, t := range targets[f] {
			if t > 0 && !seen[l] {
				return fmt.Errorf("rake: factor %d level %d has target %g but no unit", f, l, t)
			}
			if t < 0 || math.IsNaN(t) {
				return fmt.Errorf("rake: factor %d level %d: target %g", f, l, t)
			}
		}
	}
	return nil
}

func totals(dst []float64, lv []int, w []float64) {
	clear(dst)
	for i, l := range lv {
		dst[l] += w[i]
	}
}

func rakeDone(cur [][]float64, factors [][]int, targets [][]float64, w []float64, tol float64) bool {
	for f, lv := range factors {
		totals(cur[f], lv, w)
		for l, t := range targets[f] {
			if math.Abs(cur[f][l]-t) > tol*math.Max(t, 1e-300) && !(t == 0 && cur[f][l] == 0) {
				return false
			}
		}
	}
	return true
}

// TrimWeights caps weights at upper and shares the trimmed excess equally
// among the weights that were not above it, repeating until none exceeds
// upper (at most 1000 rounds), exactly as R survey::trimWeights(design,
// upper, strict = TRUE). The total is preserved. It returns a new slice and
// the number of weights trimmed in the first round.
func TrimWeights(w []float64, upper float64) ([]float64, int) {
	out := append([]float64(nil), w...)
	first := -1
	for round := 0; round < 1000; round++ {
		excess, inside := 0.0, 0
		for _, v := range out {
			if v > upper {
				excess += v - upper
			} else {
				inside++
			}
		}
		if first < 0 {
			first = len(out) - inside
		}
		if excess == 0 || inside == 0 {
			break
		}
		share := excess / float64(inside)
		for i, v := range out {
			if v > upper {
				out[i] = upper
			} else {
				out[i] = v + share
			}
		}
	}
	return out, first
}
